package zoom

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// Error is any answer from the Zoom API that is not a 2xx, or a 2xx whose
// body is a Zoom error. The generated client (gen.ClientWithResponses)
// would hand such answers back with a nil error; through Client.API they
// come back as this error instead, so a forgotten status check cannot turn
// a failure into a zero value.
type Error struct {
	// StatusCode is the HTTP status, e.g. 404.
	StatusCode int
	// Code is Zoom's application error code from the body (see the Code...
	// constants), or 0 when the body was not a Zoom error (an HTML 502 page).
	Code int
	// Message is Zoom's message text, with credentials redacted (a proxy
	// or gateway may echo the request, Authorization header included).
	Message string
	// Fields lists the fields Zoom's validation refused, if any, redacted
	// as Message is.
	Fields []FieldError
	// TrackingID is the x-zm-trackingid header, which Zoom support asks for.
	TrackingID string
	// RateLimit holds the rate-limit headers of the answer.
	RateLimit RateLimitHeaders
	// Operation is the OpenAPI operation ID the request was matched to,
	// e.g. "performBatchRegistration".
	Operation string
	// Method and Path are the request's method and URL path.
	Method, Path string
}

// FieldError is one field Zoom's validation refused, e.g.
// {Field: "registrants[3].email", Message: "Invalid field."}.
type FieldError struct {
	Field, Message string
}

// RateLimitHeaders are Zoom's rate-limit response headers. Limit and
// Remaining are -1 when the header was absent.
type RateLimitHeaders struct {
	// Category is X-RateLimit-Category: the rate-limit label, e.g. "Heavy".
	Category string
	// Type is X-RateLimit-Type: "QPS", "Daily-limit", or empty.
	Type string
	// Limit is X-RateLimit-Limit; Remaining is X-RateLimit-Remaining.
	Limit, Remaining int
	// RetryAfter is Retry-After as an absolute time (zero when absent).
	RetryAfter time.Time
}

// Error gives operation, status, code (with its generated name), message,
// field errors and tracking id: everything Zoom support asks for. The
// server's text is redacted again here (bearer and Basic credentials,
// tk=, token fields), because an Error may have been built or changed
// outside the client, which redacts its known secrets when it builds one.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("zoom: ")
	if e.Operation != "" {
		b.WriteString(e.Operation)
	} else {
		b.WriteString(e.Method + " " + e.Path)
	}
	fmt.Fprintf(&b, ": HTTP %d", e.StatusCode)
	if e.Code != 0 {
		fmt.Fprintf(&b, ", code %d", e.Code)
		if name, ok := codeNames[e.Code]; ok {
			b.WriteString(" (" + name + ")")
		}
	}
	if e.Message != "" {
		b.WriteString(": " + redactPatterns(e.Message))
	}
	for i, f := range e.Fields {
		if i == 0 {
			b.WriteString(" [")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(redactPatterns(f.Field + ": " + f.Message))
		if i == len(e.Fields)-1 {
			b.WriteString("]")
		}
	}
	if e.TrackingID != "" {
		b.WriteString(" (tracking id " + e.TrackingID + ")")
	}
	return b.String()
}

// HasCode reports whether err is, or wraps, an *Error with Zoom code code.
func HasCode(err error, code int) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == code
}

// IsMeetingNotFound reports whether err is Zoom's "Meeting does not exist".
func IsMeetingNotFound(err error) bool { return HasCode(err, CodeMeetingDoesNotExist) }

// IsMeetingOver reports whether err is Zoom's "Meeting is over, you can not
// register now".
func IsMeetingOver(err error) bool { return HasCode(err, CodeMeetingIsOver) }

// IsMeetingFull reports whether err is Zoom's "Meeting has reached maximum
// attendee capacity".
func IsMeetingFull(err error) bool { return HasCode(err, CodeMeetingHasReachedMaximumAttendeeCapacity) }

// IsRegistrationDisabled reports whether err is Zoom's "Registration has
// not been enabled for this meeting".
func IsRegistrationDisabled(err error) bool {
	return HasCode(err, CodeRegistrationHasNotBeenEnabledForThisMeeting)
}

// IsNotScheduledMeeting reports whether err is Zoom's "This API can only be
// used for scheduled meeting" (instant and recurring meetings).
func IsNotScheduledMeeting(err error) bool {
	return HasCode(err, CodeThisAPICanOnlyBeUsedForScheduledMeeting)
}

// RateLimitKind says which of Zoom's rate limits a 429 was about.
type RateLimitKind int

const (
	// RateLimitQPS is the per-second limit of the operation's rate-limit
	// label. Waiting a moment and retrying is right; the client does so.
	RateLimitQPS RateLimitKind = iota + 1
	// RateLimitAccountDaily is the account's daily budget for the label
	// (Heavy and Resource-intensive share it). Nothing succeeds before
	// ResetAt; the client never retries it.
	RateLimitAccountDaily
	// RateLimitUserDaily is a per-user daily limit of one API.
	RateLimitUserDaily
	// RateLimitRegistrantDaily is the limit of three registrations a day
	// per registrant and meeting; Registrant names who. Zoom refuses the
	// whole batch, so the others can be sent without that registrant.
	RateLimitRegistrantDaily
)

// String names the kind as Zoom's documentation does.
func (k RateLimitKind) String() string {
	switch k {
	case RateLimitQPS:
		return "per-second"
	case RateLimitAccountDaily:
		return "account daily"
	case RateLimitUserDaily:
		return "per-user daily"
	case RateLimitRegistrantDaily:
		return "per-registrant daily"
	}
	return "RateLimitKind(" + strconv.Itoa(int(k)) + ")"
}

// Daily reports whether the limit lasts until the next 00:00 UTC, so that
// retrying within the day is pointless.
func (k RateLimitKind) Daily() bool { return k != RateLimitQPS }

// RateLimitError is a 429 from Zoom, classified, or a request the client
// refused locally because the daily budget it would spend is known to be
// used up (Local; then nothing was sent).
type RateLimitError struct {
	Kind     RateLimitKind
	Category string // the rate-limit label, e.g. "Heavy"
	// Limit and Remaining are from X-RateLimit-Limit/-Remaining, -1 if unknown.
	Limit, Remaining int
	// ResetAt is when requests may resume: Retry-After, or for daily limits
	// without it the next 00:00 UTC that Zoom's message names.
	ResetAt time.Time
	// Registrant is the email a per-registrant limit names.
	Registrant string
	// Local is true when the client refused without sending anything.
	Local bool
	// Err is Zoom's answer (for Local, the answer that spent the budget).
	Err *Error
}

// Error says which limit, for whom, and when it resets.
func (e *RateLimitError) Error() string {
	var b strings.Builder
	b.WriteString("zoom: ")
	if e.Err != nil && e.Err.Operation != "" {
		b.WriteString(e.Err.Operation + ": ")
	}
	b.WriteString(e.Kind.String() + " rate limit")
	if e.Category != "" {
		b.WriteString(" (" + e.Category + ")")
	}
	if e.Registrant != "" {
		b.WriteString(" for registrant " + e.Registrant)
	}
	if e.Local {
		b.WriteString(" used up; refused without sending")
	} else {
		b.WriteString(" reached")
	}
	if !e.ResetAt.IsZero() {
		b.WriteString("; resets at " + e.ResetAt.UTC().Format(time.RFC3339))
	}
	if e.Err != nil && e.Err.TrackingID != "" {
		b.WriteString(" (tracking id " + e.Err.TrackingID + ")")
	}
	return b.String()
}

// Unwrap gives errors.As access to the *Error Zoom answered.
func (e *RateLimitError) Unwrap() error {
	if e.Err == nil {
		return nil
	}
	return e.Err
}

// ValidationError is a request the client refused to send because Zoom
// would refuse it: it names the registrant (Index, or -1 for the body as a
// whole) and the field.
type ValidationError struct {
	Index          int
	Field, Message string
}

// Error names the registrant index and field.
func (e *ValidationError) Error() string {
	if e.Index < 0 {
		return "zoom: invalid request: " + e.Field + ": " + e.Message
	}
	return fmt.Sprintf("zoom: invalid request: registrants[%d].%s: %s", e.Index, e.Field, e.Message)
}

// ErrOutcomeUnknown is matched (errors.Is) by the error of a request that
// may or may not have taken effect: the connection was lost after the
// request was written, or Zoom kept answering 5xx. A batch registration in
// that state is not re-sent automatically: Zoom treats re-registering as
// idempotent but counts it against each registrant's three registrations a
// day, so the safe path is to list the meeting's registrants
// (Client.MeetingRegistrants) and send only those missing — or to opt in
// with WithResendOnUnknownOutcome.
var ErrOutcomeUnknown = errors.New("zoom: outcome unknown: the request may have taken effect")

// OutcomeUnknownError is the error matching ErrOutcomeUnknown; Err is what
// happened (a network error or an *Error).
type OutcomeUnknownError struct {
	Operation string
	Err       error
}

// Error says that the request may have taken effect, and why.
func (e *OutcomeUnknownError) Error() string {
	return fmt.Sprintf("zoom: %s: outcome unknown, the request may have taken effect (reconcile before re-sending): %v", e.Operation, e.Err)
}

// Is makes errors.Is(err, ErrOutcomeUnknown) true.
func (e *OutcomeUnknownError) Is(target error) bool { return target == ErrOutcomeUnknown }

// Unwrap returns the underlying failure.
func (e *OutcomeUnknownError) Unwrap() error { return e.Err }

// AuthError is a failure of the OAuth token endpoint. Reason keeps Zoom's
// own explanation ({"reason":"Invalid client_id or client_secret"}), which
// x/oauth2's RetrieveError only has in its raw body.
//
// A token endpoint (or a proxy before it) may echo the request, HTTP Basic
// credentials included, so every text from the server is redacted: Reason
// and ErrorCode, and the *oauth2.RetrieveError in Err is a copy whose
// Body, ErrorDescription and ErrorURI are redacted.
type AuthError struct {
	StatusCode int
	ErrorCode  string // RFC 6749 "error", e.g. "invalid_client"
	Reason     string // Zoom's "reason"
	Err        error  // usually *oauth2.RetrieveError
}

// Error keeps Zoom's reason, never the raw body; credentials the server
// echoed are redacted (see AuthError).
func (e *AuthError) Error() string {
	s := "zoom: fetching an access token"
	if e.StatusCode != 0 {
		s += fmt.Sprintf(": HTTP %d", e.StatusCode)
	}
	if e.ErrorCode != "" {
		s += ": " + redactPatterns(e.ErrorCode)
	}
	if e.Reason != "" {
		s += ": " + redactPatterns(e.Reason)
	}
	// With a status, the body's reason says it all; without one the
	// failure was on the way (DNS, TLS, timeout) and Err says which.
	if e.StatusCode == 0 && e.Err != nil {
		s += ": " + redactPatterns(e.Err.Error())
	}
	return s
}

// Unwrap returns the x/oauth2 error.
func (e *AuthError) Unwrap() error { return e.Err }

// authError wraps a token-source failure, lifting Zoom's reason out of an
// *oauth2.RetrieveError body. Everything the server said is redacted with
// r (nil: patterns only) before it is stored, since fields are printed
// too (%#v) and the wrapped error is reachable with errors.Unwrap.
func authError(err error, r *redactor) error {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		return &AuthError{Err: err}
	}
	// A copy, so that errors.As still finds a *oauth2.RetrieveError, but
	// one whose Error() (which prints the body when there is no error
	// code) cannot show what the server echoed.
	safe := *re
	safe.Body = []byte(r.redact(string(re.Body)))
	safe.ErrorCode = r.redact(re.ErrorCode)
	safe.ErrorDescription = r.redact(re.ErrorDescription)
	safe.ErrorURI = r.redact(re.ErrorURI)
	ae := &AuthError{ErrorCode: safe.ErrorCode, Err: &safe}
	if re.Response != nil {
		ae.StatusCode = re.Response.StatusCode
	}
	var body struct {
		Reason string `json:"reason"`
		Error  string `json:"error"`
	}
	if jsonUnmarshal(re.Body, &body) == nil {
		ae.Reason = r.redact(body.Reason)
		if ae.ErrorCode == "" {
			ae.ErrorCode = r.redact(body.Error)
		}
	}
	return ae
}

// parseRateLimitHeaders reads Zoom's rate-limit headers; now resolves a
// Retry-After given in seconds.
func parseRateLimitHeaders(h http.Header, now time.Time) RateLimitHeaders {
	// Canonical keys (as net/http stores them), so that Get has no key
	// to canonicalize on every answer.
	rl := RateLimitHeaders{
		Category:  h.Get("X-Ratelimit-Category"),
		Type:      h.Get("X-Ratelimit-Type"),
		Limit:     headerInt(h, "X-Ratelimit-Limit"),
		Remaining: headerInt(h, "X-Ratelimit-Remaining"),
	}
	rl.RetryAfter, _ = ParseRetryAfter(h.Get("Retry-After"), now)
	return rl
}

func headerInt(h http.Header, name string) int {
	v := strings.TrimSpace(h.Get(name))
	if v == "" {
		return -1 // absent, which is most answers: no Atoi error to allocate
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return -1
	}
	return n
}

// ParseRetryAfter reads a Retry-After value as an absolute time. Zoom sends
// an absolute time; RFC 9110 allows an HTTP-date or a number of seconds,
// and some Zoom answers use RFC 3339, so all three are accepted.
func ParseRetryAfter(v string, now time.Time) (time.Time, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 || secs > 366*24*3600 {
			return time.Time{}, false
		}
		return now.Add(time.Duration(secs) * time.Second), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return t, true
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// registrantInMessage finds the email in Zoom's per-registrant message in
// each wording Zoom is known to use (the table in TestClassify429):
//
//   - the live API: `... for the registrant (a@b.c). You can resume ...`
//   - the API reference: `... for the registrant "a@b.c". You can resume ...`
//   - an older form: `... permitted for (a@b.c) this particular registrant.`
//
// Without the email the bulk engine cannot tell who in a batch of 30 is at
// the limit and has to find them by splitting the batch.
var registrantInMessage = regexp.MustCompile(`(?i)for the registrant\s*(?:\(([^()"\s]+)\)|"([^"]+)")|for \(([^()"\s]+)\) this particular registrant`)

// registrantIn returns the email that a per-registrant 429 message names,
// or "" when it names none in a known wording.
func registrantIn(msg string) string {
	m := registrantInMessage.FindStringSubmatch(msg)
	if m == nil {
		return ""
	}
	return m[1] + m[2] + m[3]
}

// classify429 turns a 429 into a RateLimitError. Zoom's live answers do not
// always carry X-RateLimit-Type, so the message text decides first for the
// per-user and per-registrant limits (whose headers look like the account
// limit's), then the header, then the message again.
func classify429(e *Error, now time.Time) *RateLimitError {
	rl := &RateLimitError{
		Category:  e.RateLimit.Category,
		Limit:     e.RateLimit.Limit,
		Remaining: e.RateLimit.Remaining,
		ResetAt:   e.RateLimit.RetryAfter,
		Err:       e,
	}
	msg := strings.ToLower(e.Message)
	typ := strings.ToLower(e.RateLimit.Type)
	switch {
	case strings.Contains(msg, "particular registrant") || strings.Contains(msg, "for the registrant"):
		rl.Kind = RateLimitRegistrantDaily
		rl.Registrant = registrantIn(e.Message)
	case strings.Contains(msg, "particular user") || strings.Contains(msg, "for this user"):
		rl.Kind = RateLimitUserDaily
	case typ == "daily-limit" || strings.Contains(msg, "daily rate limit"):
		rl.Kind = RateLimitAccountDaily
	case typ == "qps" || strings.Contains(msg, "per-second") || strings.Contains(msg, "per second"):
		rl.Kind = RateLimitQPS
	case !rl.ResetAt.IsZero() && rl.ResetAt.Sub(now) > time.Minute:
		// Unlabelled, but Zoom says come back much later: a daily limit.
		rl.Kind = RateLimitAccountDaily
	default:
		rl.Kind = RateLimitQPS
	}
	if rl.ResetAt.IsZero() {
		if rl.Kind.Daily() {
			rl.ResetAt = nextUTCMidnight(now)
		} else {
			rl.ResetAt = now.Add(time.Second)
		}
	}
	return rl
}

func nextUTCMidnight(now time.Time) time.Time {
	y, m, d := now.UTC().Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, time.UTC)
}

// IsInvalidAccessToken reports whether err is Zoom's 401 for a missing,
// unknown or expired access token — after the client's one replay with a
// fresh token, so the credentials themselves are at fault.
func IsInvalidAccessToken(err error) bool { return HasCode(err, CodeInvalidAccessToken) }
