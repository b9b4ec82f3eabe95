// Package webhook receives Zoom's webhook notifications: an http.Handler
// that verifies each request's signature against the app's secret tokens,
// refuses stale timestamps and replays, answers Zoom's endpoint
// validation challenge, and hands each verified event to a callback,
// decoded into a generated Go type when it is a registration event.
//
// Zoom signs a notification with HMAC-SHA256 under the app's secret token:
// the x-zm-signature header is "v0=" and the hex MAC of
// "v0:{x-zm-request-timestamp}:{raw body}". The handler checks it over the
// raw bytes, in constant time, against every configured token (so that a
// token can be rotated without losing events), and only then parses the
// body.
//
// Answers, which Zoom (or whoever sent the request) sees:
//
//	200  event delivered, or the url_validation challenge answered
//	400  the verified body is not a JSON object with an "event" name
//	401  signature or timestamp missing or malformed, signature matching
//	     no secret token, or timestamp outside Options.Tolerance
//	405  not a POST
//	409  a replay: this signature was accepted before, within the window
//	413  body larger than Options.MaxBodyBytes
//	500  Options.OnEvent returned an error (Zoom retries later)
//
// No event reaches OnEvent unless the answer is 200.
//
// The event types (MeetingRegistrationCreated and the rest, see
// KnownEvents) are generated: internal/cmd/zoomevents infers their schemas
// from the example payloads in spec/webhooks with the converter's own
// inference, and oapi-codegen writes the Go types. Events without a type
// of their own are delivered with Event.Data nil and the raw body in
// Event.Body.
package webhook

import (
	"container/heap"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Headers Zoom sets on every notification.
const (
	HeaderSignature = "x-zm-signature"
	HeaderTimestamp = "x-zm-request-timestamp"
)

// EventURLValidation is the challenge Zoom sends when an endpoint is
// configured and every 72 hours after; the handler answers it itself.
const EventURLValidation = "endpoint.url_validation"

// Defaults of Options.
const (
	DefaultTolerance       = 5 * time.Minute
	DefaultMaxBodyBytes    = 1 << 20 // registration events are a few kilobytes
	DefaultReplayCacheSize = 100_000
)

// Event is one verified notification.
type Event struct {
	// Name is the event's "event" field, e.g. meeting.registration_created.
	Name string
	// Time is when Zoom says the event happened (event_ts); zero when the
	// body has none.
	Time time.Time
	// Body is the raw, verified request body.
	Body json.RawMessage
	// Data is the body decoded into the event's generated type, a pointer
	// such as *MeetingRegistrationCreated; nil for an event without a type
	// of its own, and for a known event whose body does not fit its type
	// (then DecodeErr says why).
	Data any
	// DecodeErr is why a known event's body did not decode into its type.
	// The event is delivered anyway, so that a change in Zoom's payloads
	// does not turn every notification into a refusal Zoom retries.
	DecodeErr error
	// Secret is the index in Options.SecretTokens of the token that
	// verified the request, so that a rotation can tell when the old token
	// is no longer used.
	Secret int
}

// Options configures a Handler.
type Options struct {
	// SecretTokens are the app's webhook secret tokens. A request signed
	// with any of them is accepted; during a rotation, list the new token
	// and the old one. At least one is required.
	SecretTokens []string
	// OnEvent receives every verified event other than the url_validation
	// challenge. It may be called concurrently. An error answers 500, so
	// that Zoom sends the event again; after an error or a panic the
	// handler forgets the request's signature, so that the retry is not
	// refused as a replay.
	OnEvent func(ctx context.Context, ev Event) error
	// Tolerance is how far the request timestamp may be from now, either
	// way; 0 means DefaultTolerance.
	Tolerance time.Duration
	// MaxBodyBytes caps the body read; 0 means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// ReplayCacheSize bounds how many signatures are remembered to refuse
	// replays; 0 means DefaultReplayCacheSize. When more requests than
	// that arrive within Tolerance, the oldest are forgotten and requests
	// no newer than them are refused (401): the handler can no longer tell
	// them from replays.
	ReplayCacheSize int
	// Clock is the handler's notion of now; nil means time.Now.
	Clock func() time.Time
	// Logf, when set, receives one line per refused request and per
	// failed callback. Secret tokens and signatures are never logged.
	Logf func(format string, args ...any)
}

// Handler is the webhook endpoint. It is safe for concurrent use.
type Handler struct {
	secrets   [][]byte
	onEvent   func(context.Context, Event) error
	tolerance time.Duration
	maxBody   int64
	now       func() time.Time
	logf      func(string, ...any)
	replays   *replayCache
}

// New checks opts and returns the handler.
func New(opts Options) (*Handler, error) {
	if len(opts.SecretTokens) == 0 {
		return nil, errors.New("webhook: no secret token: set Options.SecretTokens to the app's webhook secret token")
	}
	h := &Handler{
		onEvent:   opts.OnEvent,
		tolerance: opts.Tolerance,
		maxBody:   opts.MaxBodyBytes,
		now:       opts.Clock,
		logf:      opts.Logf,
	}
	for i, s := range opts.SecretTokens {
		if s == "" {
			return nil, fmt.Errorf("webhook: secret token %d is empty", i)
		}
		h.secrets = append(h.secrets, []byte(s))
	}
	if h.tolerance <= 0 {
		h.tolerance = DefaultTolerance
	}
	if h.maxBody <= 0 {
		h.maxBody = DefaultMaxBodyBytes
	}
	if h.now == nil {
		h.now = time.Now
	}
	size := opts.ReplayCacheSize
	if size <= 0 {
		size = DefaultReplayCacheSize
	}
	h.replays = newReplayCache(size)
	return h, nil
}

// refusal is an answer other than 200, with the reason given to the
// sender and the log. It never quotes a header or a secret.
type refusal struct {
	status int
	reason string
}

func (r *refusal) Error() string { return r.reason }

func refuse(status int, format string, args ...any) *refusal {
	return &refusal{status: status, reason: fmt.Sprintf(format, args...)}
}

// ServeHTTP verifies the request and delivers its event; see the package
// documentation for the answers.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		h.answerRefusal(w, r, refuse(http.StatusMethodNotAllowed, "method %s not allowed; Zoom sends POST", r.Method))
		return
	}
	body, v, ref := h.verify(r)
	if ref != nil {
		h.answerRefusal(w, r, ref)
		return
	}
	ev, err := Decode(body)
	if err != nil {
		h.answerRefusal(w, r, refuse(http.StatusBadRequest, "%s", strings.TrimPrefix(err.Error(), "webhook: ")))
		return
	}
	if ev.Name == EventURLValidation {
		h.answerChallenge(w, r, body, v.secret)
		return
	}
	ev.Secret = v.secret
	if ev.DecodeErr != nil {
		h.log("webhook: %v; delivered with Data nil", ev.DecodeErr)
	}
	if h.onEvent != nil {
		// Zoom retries a failed delivery; the retry must not meet the
		// replay check, whether OnEvent returned an error or panicked.
		done := false
		defer func() {
			if !done {
				h.replays.forget(v.mac)
			}
		}()
		err := h.onEvent(r.Context(), ev)
		done = err == nil
		if err != nil {
			h.log("webhook: OnEvent failed for %s (answered 500): %v", ev.Name, err)
			http.Error(w, "the event could not be processed", http.StatusInternalServerError)
			return
		}
	}
	w.WriteHeader(http.StatusOK)
}

// verified is what verify learnt about a request it accepted.
type verified struct {
	mac    [sha256.Size]byte
	secret int
}

// verify reads the body within the cap and checks the timestamp, the
// signature and the replay cache, cheapest first.
func (h *Handler) verify(r *http.Request) ([]byte, verified, *refusal) {
	var v verified
	sigHex, ok := strings.CutPrefix(r.Header.Get(HeaderSignature), "v0=")
	if !ok {
		return nil, v, refuse(http.StatusUnauthorized, "missing or malformed %s header (want v0=<hex>)", HeaderSignature)
	}
	var sig [sha256.Size]byte
	if len(sigHex) != hex.EncodedLen(len(sig)) {
		return nil, v, refuse(http.StatusUnauthorized, "malformed %s header (want v0= and 64 hex digits)", HeaderSignature)
	}
	if _, err := hex.Decode(sig[:], []byte(sigHex)); err != nil {
		return nil, v, refuse(http.StatusUnauthorized, "malformed %s header (want v0= and 64 hex digits)", HeaderSignature)
	}
	tsText := r.Header.Get(HeaderTimestamp)
	ts, err := strconv.ParseInt(tsText, 10, 64)
	if err != nil {
		return nil, v, refuse(http.StatusUnauthorized, "missing or malformed %s header (want Unix seconds)", HeaderTimestamp)
	}
	now := h.now()
	if d := now.Sub(time.Unix(ts, 0)); d > h.tolerance || d < -h.tolerance {
		return nil, v, refuse(http.StatusUnauthorized, "timestamp is %s away from now, more than the %s allowed", d.Round(time.Second).Abs(), h.tolerance)
	}
	if r.ContentLength > h.maxBody {
		return nil, v, refuse(http.StatusRequestEntityTooLarge, "body of %d bytes is over the %d allowed", r.ContentLength, h.maxBody)
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, h.maxBody+1))
	if err != nil {
		return nil, v, refuse(http.StatusBadRequest, "reading the body: %v", err)
	}
	if int64(len(body)) > h.maxBody {
		return nil, v, refuse(http.StatusRequestEntityTooLarge, "body is over the %d bytes allowed", h.maxBody)
	}
	secret, ok := h.match(tsText, body, sig)
	if !ok {
		return nil, v, refuse(http.StatusUnauthorized, "signature matches none of the %d secret tokens", len(h.secrets))
	}
	v = verified{mac: sig, secret: secret}
	oldest := now.Add(-h.tolerance).Unix()
	switch h.replays.add(sig, ts, oldest) {
	case replaySeen:
		return nil, v, refuse(http.StatusConflict, "replay: this signature was already accepted")
	case replayTooOld:
		return nil, v, refuse(http.StatusUnauthorized, "timestamp is older than every request the replay cache still remembers; it cannot be told from a replay")
	}
	return body, v, nil
}

// match reports which secret signs "v0:{ts}:{body}" as sig, comparing in
// constant time. Every token is tried, so that the time taken does not
// say which one matched.
func (h *Handler) match(ts string, body []byte, sig [sha256.Size]byte) (int, bool) {
	found := -1
	var sum [sha256.Size]byte
	for i, s := range h.secrets {
		m := hmac.New(sha256.New, s)
		writeMessage(m, ts, body)
		if hmac.Equal(m.Sum(sum[:0]), sig[:]) && found < 0 {
			found = i
		}
	}
	return found, found >= 0
}

func writeMessage(w io.Writer, ts string, body []byte) {
	_, _ = io.WriteString(w, "v0:") // a hash.Hash never fails to write
	_, _ = io.WriteString(w, ts)
	_, _ = io.WriteString(w, ":")
	_, _ = w.Write(body)
}

// Sign returns the x-zm-signature value Zoom sends with body at timestamp
// (Unix seconds, as sent in x-zm-request-timestamp), for tests and tools
// that send notifications to a Handler.
func Sign(secretToken, timestamp string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secretToken))
	writeMessage(m, timestamp, body)
	return "v0=" + hex.EncodeToString(m.Sum(nil))
}

// envelope is the part of every notification read before its type is
// known.
type envelope struct {
	Event   string `json:"event"`
	EventTs int64  `json:"event_ts"`
}

// Decode reads a notification body that was already verified (the Handler
// calls it after the signature check; a queue consumer may call it
// later): the event's name and time, and, for a known event, its
// generated type. It fails only when the body is not a JSON object with
// an "event" name; a known event whose body does not fit its type is
// returned with Data nil and DecodeErr set.
func Decode(body []byte) (Event, error) {
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) && typeErr.Field == "" {
			return Event{}, fmt.Errorf("webhook: the body is a JSON %s, not an object", typeErr.Value)
		}
		if errors.As(err, &typeErr) {
			return Event{}, fmt.Errorf("webhook: field %q is a JSON %s, not what Zoom sends", typeErr.Field, typeErr.Value)
		}
		return Event{}, fmt.Errorf("webhook: the body is not a JSON object: %w", err)
	}
	if env.Event == "" {
		return Event{}, errors.New("webhook: the body has no \"event\" name")
	}
	ev := Event{Name: env.Event, Body: body}
	if env.EventTs != 0 {
		ev.Time = time.UnixMilli(env.EventTs)
	}
	data, known, err := decodeKnown(env.Event, body)
	switch {
	case known && err != nil:
		ev.DecodeErr = fmt.Errorf("webhook: %s does not fit its generated type: %w", env.Event, err)
	case known:
		ev.Data = data
	}
	return ev, nil
}

// challengeAnswer is the url_validation response body Zoom checks.
type challengeAnswer struct {
	PlainToken     string `json:"plainToken"`
	EncryptedToken string `json:"encryptedToken"`
}

// answerChallenge answers url_validation with the plain token and its hex
// HMAC-SHA256 under the secret token that signed the request, which is
// the one Zoom holds for this endpoint.
func (h *Handler) answerChallenge(w http.ResponseWriter, r *http.Request, body []byte, secret int) {
	var p struct {
		Payload struct {
			PlainToken string `json:"plainToken"`
		} `json:"payload"`
	}
	if err := json.Unmarshal(body, &p); err != nil || p.Payload.PlainToken == "" {
		h.answerRefusal(w, r, refuse(http.StatusBadRequest, "%s without a payload.plainToken string", EventURLValidation))
		return
	}
	m := hmac.New(sha256.New, h.secrets[secret])
	_, _ = io.WriteString(m, p.Payload.PlainToken)
	out, err := json.Marshal(challengeAnswer{PlainToken: p.Payload.PlainToken, EncryptedToken: hex.EncodeToString(m.Sum(nil))})
	if err != nil {
		http.Error(w, "encoding the answer failed", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(out)
}

func (h *Handler) answerRefusal(w http.ResponseWriter, r *http.Request, ref *refusal) {
	h.log("webhook: refused a request from %s (%d): %s", r.RemoteAddr, ref.status, ref.reason)
	http.Error(w, ref.reason, ref.status)
}

func (h *Handler) log(format string, args ...any) {
	if h.logf != nil {
		h.logf(format, args...)
	}
}

// replayCache remembers the signatures accepted within the tolerance
// window. A signature covers the timestamp and the body, so a request seen
// twice is the same request sent twice. Memory is bounded: entries whose
// timestamp left the window (and would be refused as stale anyway) are
// dropped first; when the cache is still full the oldest entry goes, and
// its timestamp becomes a floor below which nothing is accepted.
type replayCache struct {
	mu    sync.Mutex
	size  int
	seen  map[[sha256.Size]byte]int64 // signature → its timestamp
	order tsHeap                      // the same entries, oldest first
	floor int64                       // timestamps at or below it are refused
	full  bool                        // floor is set
	// horizon is the latest "oldest" seen: requests handled concurrently
	// may read the clock in any order, and an entry dropped for one must
	// not be accepted again by another whose clock read was earlier.
	horizon int64
}

type replayVerdict int

const (
	replayFresh replayVerdict = iota
	replaySeen
	replayTooOld
)

func newReplayCache(size int) *replayCache {
	return &replayCache{size: size, seen: map[[sha256.Size]byte]int64{}}
}

// add records sig (timestamp ts) unless it was seen; oldest is the
// earliest timestamp still within the window.
func (c *replayCache) add(sig [sha256.Size]byte, ts, oldest int64) replayVerdict {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.horizon = max(c.horizon, oldest)
	oldest = c.horizon
	for len(c.order) > 0 && c.order[0].ts < oldest {
		c.drop(heap.Pop(&c.order).(tsEntry))
	}
	if _, ok := c.seen[sig]; ok {
		return replaySeen
	}
	if ts < oldest || (c.full && ts <= c.floor) {
		return replayTooOld
	}
	for len(c.order) >= c.size {
		e := heap.Pop(&c.order).(tsEntry)
		c.drop(e)
		c.floor, c.full = max(c.floor, e.ts), true
		if ts <= c.floor {
			return replayTooOld
		}
	}
	c.seen[sig] = ts
	heap.Push(&c.order, tsEntry{sig: sig, ts: ts})
	return replayFresh
}

// drop removes a popped heap entry from the map, unless the signature was
// forgotten and seen again since (the map then holds the newer entry).
func (c *replayCache) drop(e tsEntry) {
	if ts, ok := c.seen[e.sig]; ok && ts == e.ts {
		delete(c.seen, e.sig)
	}
}

// forget removes sig, so that a retry of a request that failed downstream
// is accepted. Its heap entry stays until it expires or is evicted.
func (c *replayCache) forget(sig [sha256.Size]byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.seen, sig)
}

type tsEntry struct {
	sig [sha256.Size]byte
	ts  int64
}

// tsHeap orders entries by timestamp, for container/heap.
type tsHeap []tsEntry

func (h tsHeap) Len() int           { return len(h) }
func (h tsHeap) Less(i, j int) bool { return h[i].ts < h[j].ts }
func (h tsHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *tsHeap) Push(x any)        { *h = append(*h, x.(tsEntry)) }
func (h *tsHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}
