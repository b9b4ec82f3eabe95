package zoom

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	jsonv1 "github.com/go-json-experiment/json/v1"
	"golang.org/x/oauth2"

	"github.com/zoomgen/zoom/gen"
	"github.com/zoomgen/zoom/internal/address"
)

// DefaultBaseURL is Zoom's global API base URL. Without WithBaseURL the
// client uses the api_url that Zoom returns with each token instead (the
// account's regional host), falling back to this.
const DefaultBaseURL = "https://api.zoom.us/v2"

// Client is a Zoom API client. API gives every generated operation; the
// methods on Client add what a call needs beyond its types (validation,
// matching results back, pagination). A Client is safe for concurrent use,
// and concurrent callers share one token, one pacer and one budget.
type Client struct {
	api       *gen.ClientWithResponses
	hc        *http.Client
	ops       operationTable
	tokens    tokenProvider
	pacer     *Pacer
	account   string
	retry     RetryPolicy
	log       *slog.Logger
	secrets   *redactor
	now       func() time.Time
	userAgent string
	insecure  bool
	multipart bool
	timeout   time.Duration // per attempt; 0 = none of the client's own

	baseURL  string
	basePath string // escaped path of the base URL, e.g. /v2
	baseSet  bool
	apiURL   atomic.Pointer[apiBase]
}

// Option configures NewClient.
type Option func(*options)

type options struct {
	err       error
	auth      string
	accountID string
	clientID  string
	secret    string
	userCfg   *oauth2.Config
	userTok   *oauth2.Token
	persist   PersistTokenFunc
	static    string
	ts        oauth2.TokenSource
	hc        *http.Client
	baseURL   string
	tokenURL  string
	plan      *Plan
	limits    map[Label]Limit
	pacer     *Pacer
	retry     *RetryPolicy
	logger    *slog.Logger
	multipart bool
	insecure  bool
	now       func() time.Time
	userAgent string
	timeout   *time.Duration
}

// fail keeps the first error an option reports; NewClient returns it.
func (o *options) fail(err error) {
	if o.err == nil {
		o.err = err
	}
}

func (o *options) setAuth(kind string) {
	if o.auth != "" && o.auth != kind {
		o.fail(fmt.Errorf("zoom: both %s and %s given; choose one way to authenticate", o.auth, kind))
	}
	o.auth = kind
}

// WithServerToServer authenticates with a Server-to-Server OAuth app:
// account_credentials grant, client id and secret in HTTP Basic, tokens
// cached and refreshed five minutes before they expire.
func WithServerToServer(accountID, clientID, clientSecret string) Option {
	return func(o *options) {
		o.setAuth("WithServerToServer")
		o.accountID, o.clientID, o.secret = accountID, clientID, clientSecret
	}
}

// WithUserOAuth authenticates as a user who authorized an OAuth app:
// cfg (see UserOAuthConfig) and the token from its code exchange. When the
// access token expires the client refreshes it; Zoom then rotates the
// refresh token, and persist is called with the new token before it is
// used (see PersistTokenFunc). persist may be nil if nothing outlives the
// process.
func WithUserOAuth(cfg *oauth2.Config, tok *oauth2.Token, persist PersistTokenFunc) Option {
	return func(o *options) {
		o.setAuth("WithUserOAuth")
		o.userCfg, o.userTok, o.persist = cfg, tok, persist
	}
}

// WithToken authenticates with a fixed access token, e.g. one a test
// server issued. It is never refreshed.
func WithToken(accessToken string) Option {
	return func(o *options) { o.setAuth("WithToken"); o.static = accessToken }
}

// WithTokenSource authenticates with any oauth2.TokenSource, which must do
// its own caching (as oauth2.ReuseTokenSource does).
func WithTokenSource(ts oauth2.TokenSource) Option {
	return func(o *options) { o.setAuth("WithTokenSource"); o.ts = ts }
}

// WithHTTPClient sends requests, token requests included, through hc
// (proxies, custom TLS, instrumentation). Its Timeout applies per attempt,
// as does the client's own (WithRequestTimeout); use the context to bound
// a whole call with its retries. hc is not modified, but the client uses
// it with its own redirect policy: redirects are never followed, since
// Zoom's API does not redirect and following one would re-send the body
// (and, on the same host, the token) wherever the answer points; a 3xx
// comes back as an *Error. Every request hc's transport is given is also
// checked for plain http as base URLs are (see WithInsecureHTTP).
func WithHTTPClient(hc *http.Client) Option { return func(o *options) { o.hc = hc } }

// DefaultRequestTimeout bounds each attempt (connect, send, answer and its
// body) unless WithRequestTimeout says otherwise. Zoom answers in well
// under a second; without a bound, a server or proxy that accepts the
// connection and never answers would hold a call forever.
const DefaultRequestTimeout = 30 * time.Second

// WithRequestTimeout bounds each attempt of a call by d (default
// DefaultRequestTimeout; 0 or less leaves only the HTTP client's Timeout
// and the context). An attempt that times out before its request was written, or
// of an idempotent request, is retried; a POST that was written may have
// taken effect, so it ends with an error matching ErrOutcomeUnknown and is
// not re-sent unless the caller opted in.
func WithRequestTimeout(d time.Duration) Option {
	return func(o *options) { o.timeout = &d }
}

// WithBaseURL sets the API base URL, e.g. a regional one
// (https://api-eu.zoom.us/v2) or a mock's. Without it the client follows
// the api_url returned with each token.
func WithBaseURL(u string) Option { return func(o *options) { o.baseURL = u } }

// WithTokenURL sets the OAuth token endpoint (default DefaultTokenURL).
func WithTokenURL(u string) Option { return func(o *options) { o.tokenURL = u } }

// WithPlan paces requests for the account's plan (default PlanPro;
// PlanUnlimited, the zero Plan, paces nothing). NewClient refuses a plan
// that is none of the Plan constants.
func WithPlan(p Plan) Option { return func(o *options) { o.plan = &p } }

// WithRateLimit overrides the plan's limit for one rate-limit label: at
// most perSecond requests a second (0 = unpaced) and daily a day (0 =
// none known). The client paces 2% under perSecond, one request at a
// time, and slows down briefly after a QPS 429 (see Pacer). NewClient
// refuses a label that is none of the Label constants, and a negative
// or NaN limit.
func WithRateLimit(label Label, perSecond float64, daily int) Option {
	return func(o *options) {
		switch {
		case !label.Valid():
			o.fail(fmt.Errorf("zoom: WithRateLimit: unknown rate-limit label %q (want LabelLight, LabelMedium, LabelHeavy or LabelResourceIntensive)", label))
			return
		case !(perSecond >= 0) || math.IsInf(perSecond, 0) || daily < 0:
			o.fail(fmt.Errorf("zoom: WithRateLimit(%q, %v, %d): limits must be finite and not negative", label, perSecond, daily))
			return
		}
		if o.limits == nil {
			o.limits = map[Label]Limit{}
		}
		o.limits[label] = Limit{PerSecond: perSecond, Daily: daily}
	}
}

// WithPacer shares p between clients of the same account, so that their
// requests together stay within the account's limits. It replaces WithPlan
// and WithRateLimit: NewClient refuses it together with either.
func WithPacer(p *Pacer) Option { return func(o *options) { o.pacer = p } }

// WithRetry sets the retry policy (default DefaultRetryPolicy). A zero
// field takes DefaultRetryPolicy's value; NewClient refuses a negative
// one, and a MaxDelay below BaseDelay.
func WithRetry(p RetryPolicy) Option { return func(o *options) { o.retry = &p } }

// WithLogger logs each attempt at debug level to l: operation, status,
// attempt, duration and Zoom's tracking id. Authorization headers, tokens,
// the client secret and the tk= of join URLs are redacted from every line.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.logger = l } }

// WithMultipart sends batch registrations as multipart/form-data instead of
// JSON. Zoom's Postman collection (and so this project's seeds) sends
// multipart, while Zoom's current API reference documents JSON, which is
// what every maintained client sends; JSON is therefore the default and
// multipart is kept for parity with the collection. Both are accepted.
func WithMultipart() Option { return func(o *options) { o.multipart = true } }

// WithInsecureHTTP allows http:// base and token URLs on hosts other than
// loopback. Without it the client refuses to send a token or a secret in
// clear text anywhere but to this machine.
func WithInsecureHTTP() Option { return func(o *options) { o.insecure = true } }

// WithClock makes the client read time from now: token expiry and daily
// resets. For tests against a server with a fake clock.
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

// WithUserAgent prepends product (e.g. "my-app/1.2") to the User-Agent.
func WithUserAgent(product string) Option { return func(o *options) { o.userAgent = product } }

// NewClient returns a client configured by opts; exactly one of
// WithServerToServer, WithUserOAuth, WithToken or WithTokenSource is
// required. It does not contact Zoom.
func NewClient(opts ...Option) (*Client, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if o.err != nil {
		return nil, o.err
	}
	plan := PlanPro
	if o.plan != nil {
		plan = *o.plan
		if !plan.Valid() {
			return nil, fmt.Errorf("zoom: WithPlan: unknown plan %q (want PlanFree, PlanPro, PlanBusiness or PlanUnlimited)", plan)
		}
	}
	if o.pacer != nil && (o.plan != nil || o.limits != nil) {
		return nil, errors.New("zoom: WithPacer replaces WithPlan and WithRateLimit; configure the shared Pacer instead")
	}
	c := &Client{
		hc:        o.hc,
		now:       o.now,
		secrets:   &redactor{},
		insecure:  o.insecure,
		multipart: o.multipart,
		userAgent: userAgent,
		retry:     DefaultRetryPolicy,
	}
	c.timeout = DefaultRequestTimeout
	if o.timeout != nil {
		c.timeout = max(*o.timeout, 0)
	}
	if c.now == nil {
		c.now = time.Now
	}
	if o.userAgent != "" {
		c.userAgent = o.userAgent + " " + userAgent
	}
	if o.retry != nil {
		r, err := o.retry.withDefaults()
		if err != nil {
			return nil, err
		}
		c.retry = r
	}

	c.baseURL, c.baseSet = DefaultBaseURL, o.baseURL != ""
	if c.baseSet {
		c.baseURL = o.baseURL
	}
	base, err := url.Parse(strings.TrimRight(c.baseURL, "/"))
	if err != nil || base.Host == "" {
		return nil, fmt.Errorf("zoom: base URL %q is not an absolute URL", c.baseURL)
	}
	if err := c.checkScheme(base); err != nil {
		return nil, err
	}
	c.basePath = base.EscapedPath()
	tokenURL := o.tokenURL
	if tokenURL == "" {
		tokenURL = DefaultTokenURL
	}
	if tu, err := url.Parse(tokenURL); err != nil || tu.Host == "" {
		return nil, fmt.Errorf("zoom: token URL %q is not an absolute URL", tokenURL)
	} else if err := c.checkScheme(tu); err != nil {
		return nil, err
	}

	c.hc = c.guardedHTTPClient(o.hc)
	fetchCtx := withHTTPClient(context.Background(), c.hc)
	switch o.auth {
	case "WithServerToServer":
		if o.accountID == "" || o.clientID == "" || o.secret == "" {
			return nil, errors.New("zoom: WithServerToServer needs an account ID, a client ID and a client secret")
		}
		c.secrets.addClientCredentials(o.clientID, o.secret)
		c.account = o.accountID
		c.tokens = &cachingSource{fetch: serverToServer(o.accountID, o.clientID, o.secret, tokenURL), now: c.now, base: fetchCtx, secrets: c.secrets}
	case "WithUserOAuth":
		if o.userCfg == nil || o.userTok == nil {
			return nil, errors.New("zoom: WithUserOAuth needs an oauth2.Config and a token")
		}
		cfg := *o.userCfg
		if o.tokenURL != "" {
			cfg.Endpoint.TokenURL = o.tokenURL
		}
		c.secrets.addClientCredentials(cfg.ClientID, cfg.ClientSecret)
		c.secrets.add(o.userTok.AccessToken)
		c.secrets.add(o.userTok.RefreshToken)
		u := &userOAuth{cfg: &cfg, persist: o.persist, last: o.userTok}
		c.tokens = &cachingSource{fetch: u.fetch, now: c.now, base: fetchCtx, secrets: c.secrets}
	case "WithToken":
		if o.static == "" {
			return nil, errors.New("zoom: WithToken needs a token")
		}
		c.secrets.add(o.static)
		c.tokens = foreignSource{oauth2.StaticTokenSource(&oauth2.Token{AccessToken: o.static, TokenType: "Bearer"}), c.secrets}
	case "WithTokenSource":
		if o.ts == nil {
			return nil, errors.New("zoom: WithTokenSource needs a token source")
		}
		c.tokens = foreignSource{o.ts, c.secrets}
	default:
		return nil, errors.New("zoom: no credentials: use WithServerToServer, WithUserOAuth, WithToken or WithTokenSource")
	}

	c.pacer = o.pacer
	if c.pacer == nil {
		c.pacer = NewPacer(plan, o.limits)
		c.pacer.now = c.now
	}
	c.log = discardLogger
	if o.logger != nil {
		c.log = slog.New(redactingHandler{o.logger.Handler(), c.secrets})
	}
	c.api, err = gen.NewClientWithResponses(base.String(), gen.WithHTTPClient(doer{c}))
	if err != nil {
		return nil, err
	}
	return c, nil
}

// API returns the generated client for every operation of the Zoom API,
// sent through this client's authentication, pacing, retries and typed
// errors: a call returns a non-nil error for any non-2xx answer (an
// *Error, *RateLimitError or an error matching ErrOutcomeUnknown), so a
// nil error means the JSON2xx field for the status is set.
func (c *Client) API() *gen.ClientWithResponses { return c.api }

// Pacer returns the client's pacer, e.g. to read the daily budget left.
func (c *Client) Pacer() *Pacer { return c.pacer }

// Account is the account the client's pacer counts against (the
// Server-to-Server account ID, or empty).
func (c *Client) Account() string { return c.account }

// MaxBatchRegistrants is the most registrants one batch registration takes.
const MaxBatchRegistrants = 30

// PerformBatchRegistration registers up to 30 registrants for a scheduled
// meeting. It validates the body first and sends nothing if a registrant
// lacks an email or first name, has an email that is not an address, or
// repeats an earlier email (*ValidationError). It is paced on the
// operation's rate-limit label; a QPS 429, a 502/503 or a connection error
// before sending are retried. An unknown outcome is not re-sent (see
// ErrOutcomeUnknown).
//
// The result lists the registrants in request order, matched by email
// case-insensitively, whatever order Zoom answered in. If Zoom answered
// for fewer registrants than were sent, the result holds those it did
// answer for and the error is an *IncompleteError naming the others.
func (c *Client) PerformBatchRegistration(ctx context.Context, meetingID int64, body gen.BatchRegistrationRequest) (*gen.BatchRegistrationResult, error) {
	if err := ValidateBatchRegistration(body); err != nil {
		return nil, err
	}
	// The raw generated call, decoded here: the transport has checked the
	// status and holds the body in memory, which the generated parser
	// would copy again; broken JSON is reported here, as an *Error.
	ctx = withOwnDecoding(ctx)
	var (
		resp *http.Response
		err  error
	)
	if c.multipart {
		ct, r, merr := MultipartBody("performBatchRegistration", body)
		if merr != nil {
			return nil, encodeError(merr)
		}
		resp, err = c.api.PerformBatchRegistrationWithBody(ctx, meetingID, ct, r)
	} else {
		b, merr := json.Marshal(body)
		if merr != nil {
			return nil, encodeError(merr)
		}
		resp, err = c.api.PerformBatchRegistrationWithBody(ctx, meetingID, "application/json", bytes.NewReader(b))
	}
	if err != nil {
		return nil, err
	}
	tracking := resp.Header.Get("X-Zm-Trackingid")
	answer, err := answerBytes(resp)
	if err != nil {
		return nil, fmt.Errorf("zoom: performBatchRegistration: reading the answer: %w", err)
	}
	res := new(gen.BatchRegistrationResult)
	if len(bytes.TrimSpace(answer)) == 0 {
		return nil, &Error{StatusCode: resp.StatusCode, Operation: "performBatchRegistration", Method: http.MethodPost,
			TrackingID: tracking, Message: "the answer has no registrants result"}
	}
	if err := decodeAnswer(answer, res); err != nil {
		msg := "the answer does not fit the documented result: " + err.Error()
		var syn *jsontext.SyntacticError
		if errors.As(err, &syn) {
			msg = "the answer's body is not valid JSON"
		}
		return nil, &Error{StatusCode: resp.StatusCode, Operation: "performBatchRegistration", Method: http.MethodPost,
			TrackingID: tracking, Message: msg}
	}
	return matchRegistrants(body, res, tracking)
}

// decodeAnswer decodes a JSON answer into v. It is the one call whose
// answer is decoded on every registration (a batch's 30 results), and
// encoding/json/v2 (from the module that mirrors the standard library's,
// which Go 1.27 makes stable) decodes it in a third of encoding/json's time,
// which is most of what the client adds to the call. The options give v1's
// reading of an answer: names matched ignoring case (as strings.EqualFold
// does, underscores included), a repeated name
// taking its last value, invalid UTF-8 replaced by U+FFFD.
func decodeAnswer(answer []byte, v any) error {
	return jsonv2.Unmarshal(answer, v,
		jsonv2.MatchCaseInsensitiveNames(true),
		jsonv1.MatchCaseSensitiveDelimiter(true),
		jsontext.AllowDuplicateNames(true),
		jsontext.AllowInvalidUTF8(true))
}

// IncompleteError reports a batch registration that Zoom answered for only
// some of the registrants sent (by index into the request). Whether the
// others were registered is unknown, so it matches ErrOutcomeUnknown:
// code that reconciles unknown outcomes (list the meeting's registrants)
// handles it without knowing this type.
type IncompleteError struct {
	Missing    []int
	Emails     []string
	TrackingID string
}

// Is makes errors.Is(err, ErrOutcomeUnknown) true: the missing
// registrants' state is unknown.
func (e *IncompleteError) Is(target error) bool { return target == ErrOutcomeUnknown }

// Error names the registrants Zoom did not answer for.
func (e *IncompleteError) Error() string {
	return fmt.Sprintf("zoom: performBatchRegistration: Zoom answered for %d fewer registrants than sent (%s); list the meeting's registrants to learn their state (tracking id %s)",
		len(e.Missing), strings.Join(e.Emails, ", "), e.TrackingID)
}

func matchRegistrants(body gen.BatchRegistrationRequest, res *gen.BatchRegistrationResult, tracking string) (*gen.BatchRegistrationResult, error) {
	got := res.Registrants
	if inOrder(body, got) {
		return res, nil // Zoom's usual answer: nothing to reorder
	}
	ordered := make([]gen.Registration, 0, len(body.Registrants))
	var inc IncompleteError
	for i, r := range body.Registrants {
		j := findEmail(got, r.Email, i)
		if j < 0 {
			inc.Missing = append(inc.Missing, i)
			inc.Emails = append(inc.Emails, r.Email)
			continue
		}
		ordered = append(ordered, got[j])
	}
	out := &gen.BatchRegistrationResult{Registrants: ordered}
	if len(inc.Missing) > 0 {
		inc.TrackingID = tracking
		return out, &inc
	}
	return out, nil
}

// inOrder reports whether got answers for every registrant of body, in
// request order.
func inOrder(body gen.BatchRegistrationRequest, got []gen.Registration) bool {
	if len(got) != len(body.Registrants) {
		return false
	}
	for i, r := range body.Registrants {
		if got[i].Email == "" || !strings.EqualFold(got[i].Email, r.Email) {
			return false
		}
	}
	return true
}

// findEmail returns the index of email in got, ignoring case, or -1. Zoom
// answers in request order, so index hint is tried first; a batch is at
// most 30, so the fallback scan costs less than building a map.
func findEmail(got []gen.Registration, email string, hint int) int {
	if hint < len(got) && got[hint].Email != "" && strings.EqualFold(got[hint].Email, email) {
		return hint
	}
	for j := range got {
		if got[j].Email != "" && strings.EqualFold(got[j].Email, email) {
			return j
		}
	}
	return -1
}

// ValidateBatchRegistration checks body as Zoom would, so that a request
// Zoom must refuse is never sent (and never costs a registration): 1 to 30
// registrants, each with an email address and a first name, no email twice.
// An email address is what the module's one definition accepts
// (internal/address): whatever passes here, the generated request type
// encodes unchanged and the API's email format takes, so a body that
// validates never fails later on an address.
func ValidateBatchRegistration(body gen.BatchRegistrationRequest) error {
	n := len(body.Registrants)
	if n == 0 {
		return &ValidationError{Index: -1, Field: "registrants", Message: "at least one registrant is required"}
	}
	if n > MaxBatchRegistrants {
		return &ValidationError{Index: -1, Field: "registrants", Message: fmt.Sprintf("%d registrants; at most %d per call", n, MaxBatchRegistrants)}
	}
	for i, r := range body.Registrants {
		email := r.Email
		if field, msg := checkRegistrant(email, r.FirstName); field != "" {
			return &ValidationError{Index: i, Field: field, Message: msg}
		}
		// At most 30: comparing pairs is cheaper than a map of lowercased keys.
		for j := range i {
			if strings.EqualFold(body.Registrants[j].Email, email) {
				return &ValidationError{Index: i, Field: "email", Message: fmt.Sprintf("%q repeats registrants[%d]", email, j)}
			}
		}
	}
	return nil
}

// checkRegistrant checks one registrant's own fields and returns the field
// at fault and why, or "" when there is none. Package bulk checks each
// attendee this way (through ValidateBatchRegistration) before batching,
// so that one bad row fails alone without costing its batch a round.
func checkRegistrant(email, firstName string) (field, msg string) {
	if strings.TrimSpace(email) == "" {
		return "email", "required"
	}
	if err := address.Check(email); err != nil {
		return "email", err.Error()
	}
	if strings.TrimSpace(firstName) == "" {
		return "first_name", "required"
	}
	return "", ""
}

// encodeError turns a failure to encode a batch body into the error of
// a request that was never sent: a *ValidationError, so that it never
// reads like a failed call and is never retried.
func encodeError(err error) error {
	return &ValidationError{Index: -1, Field: "body", Message: "cannot be encoded: " + err.Error()}
}

// Ptr returns a pointer to a copy of v, for the optional values that
// stay pointers in the generated types (query parameters, and body fields
// whose zero value means something to Zoom):
//
//	params := &gen.ListMeetingRegistrantsParams{Status: zoom.Ptr(gen.RegistrantStatusPending)}
func Ptr[T any](v T) *T { return &v }

// Pages iterates over every item of a paginated Zoom listing. fetch gets
// one page for a next_page_token ("" for the first) and returns its items
// and the token of the next page ("" on the last). An error is yielded once
// and ends the iteration. A token that repeats is an error, not a loop.
func Pages[T any](ctx context.Context, fetch func(ctx context.Context, pageToken string) (items []T, next string, err error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		seen := map[string]bool{} // per iteration: the sequence may be ranged over again
		eachPage(ctx, "", func(ctx context.Context, token string) ([]T, string, bool, error) {
			items, next, err := fetch(ctx, token)
			switch {
			case err != nil:
				return nil, "", false, err
			case next != "" && seen[next]:
				return items, "", false, fmt.Errorf("zoom: pagination returned next_page_token %q twice", next)
			}
			seen[next] = true
			return items, next, next != "", nil
		})(yield)
	}
}

// numberedPages iterates over every item of a listing paginated by
// page_number (Zoom's older endpoints): fetch gets page n (from 1) and
// returns its items and the page count. An error is yielded once and ends
// the iteration.
func numberedPages[T any](ctx context.Context, fetch func(ctx context.Context, page int) (items []T, pageCount int, err error)) iter.Seq2[T, error] {
	return eachPage(ctx, 1, func(ctx context.Context, page int) ([]T, int, bool, error) {
		items, count, err := fetch(ctx, page)
		if err != nil {
			return nil, 0, false, err
		}
		return items, page + 1, page < count && len(items) > 0, nil
	})
}

// eachPage is the loop of both kinds of pagination: fetch gets the page at
// a cursor (first, then each next one) and returns its items, the next cursor and whether there is a
// next page. The items are yielded, then an error if fetch returned one,
// which ends the iteration; so does a cancelled ctx.
func eachPage[T, C any](ctx context.Context, first C, fetch func(ctx context.Context, cursor C) (items []T, next C, more bool, err error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		cursor := first // per iteration: the sequence may be ranged over again
		for {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			items, next, more, err := fetch(ctx, cursor)
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			if err != nil {
				yield(zero, err)
				return
			}
			if !more {
				return
			}
			cursor = next
		}
	}
}

// noResult is the error of a 2xx answer that carries no result for a
// generated iterator. The transport refuses such answers before they get
// here (see checkSuccessBody); this keeps the iterator from a nil
// dereference should that ever change.
func noResult(operationID string, resp *http.Response) error {
	e := &Error{Operation: operationID, Message: "the answer has no result to list"}
	if resp != nil {
		e.StatusCode, e.TrackingID = resp.StatusCode, resp.Header.Get("x-zm-trackingid")
		if resp.Request != nil {
			e.Method = resp.Request.Method
		}
	}
	return e
}

// MeetingRegistrants iterates over all registrants of a meeting with the
// given status ("" leaves it to Zoom, which lists approved ones), 300 a
// page, fetching each page only when the loop gets there. It is
// ListMeetingRegistrantsAll with the largest page Zoom allows:
//
//	for r, err := range c.MeetingRegistrants(ctx, id, gen.RegistrantStatusApproved) {
//		if err != nil { ... }
//	}
func (c *Client) MeetingRegistrants(ctx context.Context, meetingID int64, status gen.RegistrantStatus) iter.Seq2[gen.MeetingRegistrant, error] {
	params := &gen.ListMeetingRegistrantsParams{PageSize: Ptr(300)}
	if status != "" {
		params.Status = &status
	}
	return c.ListMeetingRegistrantsAll(ctx, meetingID, params)
}
