package zoomtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"golang.org/x/time/rate"

	"github.com/zoomgen/zoom/internal/oasmultipart"
	"github.com/zoomgen/zoom/spec"
)

// APIPrefix is where the mock serves the API, as Zoom serves it under /v2.
const APIPrefix = "/v2"

// maxBodyBytes bounds what the mock reads of a request body: 30
// registrants take a few kilobytes, and a runaway client must not take the
// test process's memory.
const maxBodyBytes = 1 << 20

// Paths of the OAuth endpoints, which Zoom serves outside the API prefix.
const (
	tokenPath     = "/oauth/token"
	authorizePath = "/oauth/authorize"
)

func init() {
	// kin-openapi checks string formats only when told how.
	openapi3.DefineStringFormatValidator("email", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForEmail))
	oasmultipart.Register()
}

// Options configures a mock server. The zero value is a mock without rate
// limits or faults that accepts DemoCredentials.
type Options struct {
	// Logf, when set, receives one line per request, with the
	// Authorization header redacted.
	Logf func(format string, args ...any)
	// Clock is the mock's notion of now; nil means time.Now. Token expiry,
	// daily counters and their 00:00 UTC reset follow it. Latency faults
	// and the per-second limits' real waiting do not need it: the
	// per-second limits are computed on this clock too, so a test that
	// never advances it sees a fixed budget.
	Clock func() time.Time
	// Plan picks Zoom's rate limits for an account on that plan.
	Plan Plan
	// Limits overrides the plan's limit for each label it names
	// ("Heavy", "Medium", "Light", "Resource-intensive").
	Limits map[Label]Limit
	// TokenTTL is how long an access token stays valid; 0 means one hour,
	// as Zoom's.
	TokenTTL time.Duration
	// Credentials are the only client the token endpoint accepts; the zero
	// value means DemoCredentials.
	Credentials Credentials
	// Faults are injected from the start; SetFaults changes them later.
	Faults Faults
	// Seed makes fault injection repeatable: the same seed and the same
	// sequence of requests give the same faults.
	Seed int64

	// ValidateResponses checks every answer of an API operation against
	// the OpenAPI document before it is sent. An answer that does not
	// match is replaced by a 500 naming the mismatch and, for a server
	// made by NewServer, fails the test: the mock must never teach a
	// client something the spec does not say.
	ValidateResponses bool
	// RegistrantDailyLimit is how often a registrant may be registered
	// for one meeting per UTC day; 0 means Zoom's 3.
	RegistrantDailyLimit int
	// Webhooks, when its URL is set, makes the mock send Zoom's signed
	// registration notifications there (SetWebhooks changes it later).
	Webhooks Webhooks
}

// Server is a running mock Zoom API. Its Handler methods (IssueToken,
// AddMeeting, Registrants, ...) inspect and change the mock's state.
type Server struct {
	*httptest.Server
	*Handler
}

// BaseURL is the API base URL to give a client, e.g. http://127.0.0.1:1234/v2.
func (s *Server) BaseURL() string { return s.URL + APIPrefix }

// TokenURL is the OAuth token endpoint, as https://zoom.us/oauth/token.
func (s *Server) TokenURL() string { return s.URL + tokenPath }

// AuthURL is the OAuth authorization endpoint, as
// https://zoom.us/oauth/authorize; it approves every request at once.
func (s *Server) AuthURL() string { return s.URL + authorizePath }

// NewServer starts a mock on loopback and closes it when the test ends.
// With Options.ValidateResponses, an answer that drifted from the spec
// fails t.
func NewServer(t testing.TB, opts Options) *Server {
	t.Helper()
	srv, err := start(context.Background(), opts, t.Errorf)
	if err != nil {
		t.Fatalf("zoomtest: %v", err)
	}
	t.Cleanup(srv.Close)
	t.Cleanup(func() {
		// Runs before srv.Close: no notification outlives the test.
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		_ = srv.WaitWebhooks(ctx)
	})
	return srv
}

// Start starts a mock on a free loopback port; the caller closes it.
func Start(ctx context.Context, opts Options) (*Server, error) {
	return start(ctx, opts, nil)
}

// start sets report before the server runs, so no request can see it
// change.
func start(ctx context.Context, opts Options, report func(string, ...any)) (*Server, error) {
	h, err := NewHandler(ctx, opts)
	if err != nil {
		return nil, err
	}
	h.report = report
	ts := httptest.NewServer(h)
	h.setBaseURL(ts.URL)
	return &Server{Server: ts, Handler: h}, nil
}

// StartListener serves a mock on l (for a fixed address such as
// 127.0.0.1:8089); the caller closes the server, which closes l.
func StartListener(ctx context.Context, l net.Listener, opts Options) (*Server, error) {
	h, err := NewHandler(ctx, opts)
	if err != nil {
		return nil, err
	}
	ts := httptest.NewUnstartedServer(h)
	_ = ts.Listener.Close() // the ephemeral port httptest picked is not wanted
	ts.Listener = l
	ts.Start()
	h.setBaseURL(ts.URL)
	return &Server{Server: ts, Handler: h}, nil
}

// Handler is the mock's http.Handler and holds all of its state. It is
// safe for concurrent use.
type Handler struct {
	opts    Options
	router  routers.Router
	now     func() time.Time
	ttl     time.Duration
	creds   Credentials
	regCap  int
	base    atomic.Pointer[string]
	report  func(format string, args ...any) // fails the test on drift
	ridBase string
	ridSeq  atomic.Uint64

	// Options every request validation shares; building them once keeps
	// the per-request work to kin-openapi's decoding and schema walk.
	validation *openapi3filter.Options

	mu          sync.Mutex
	faults      Faults
	burstLeft   int // API requests still to fail in a ServerErrorBurst
	injected    FaultCounts
	rng         *rand.Rand
	tokens      map[string]accessToken
	codes       map[string]authCode
	refresh     map[string]refreshGrant
	tokenCalls  int
	meetings    map[int64]*meetingState
	registrants map[registrantKey]*registrantCount
	received    map[registrantKey]int // see Received
	// statusReceived and statusChanges: see StatusReceived and StatusChanges.
	statusReceived map[registrantKey]int
	statusChanges  map[registrantKey]int
	pages          map[string]pageCursor
	limits         map[Label]Limit
	qps            map[string]*rate.Limiter
	daily          map[string]*dayCount
	log            requestLog

	hooks webhookSender // its own lock: sending never holds mu
}

// sharedRouter is built once per process: loading and validating the
// document takes milliseconds, and tests start many servers.
var sharedRouter = sync.OnceValues(func() (routers.Router, error) {
	doc, err := spec.Load(context.Background())
	if err != nil {
		return nil, err
	}
	return newRouter(doc)
})

func newRouter(doc *openapi3.T) (routers.Router, error) {
	// Route on the path alone: the mock answers on whatever host it runs.
	doc.Servers = openapi3.Servers{{URL: APIPrefix}}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("zoomtest: routing the OpenAPI document: %w", err)
	}
	return router, nil
}

// NewHandler builds the handler from the embedded OpenAPI document. Serve
// it under its own http.Server when Start and StartListener do not fit;
// the token endpoint then reports the request's host as api_url.
func NewHandler(ctx context.Context, opts Options) (*Handler, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := checkLimits(opts.Plan, opts.Limits); err != nil {
		return nil, err
	}
	router, err := sharedRouter()
	if err != nil {
		return nil, err
	}
	return newHandler(router, opts), nil
}

func newHandler(router routers.Router, opts Options) *Handler {
	h := &Handler{
		opts:           opts,
		router:         router,
		now:            opts.Clock,
		ttl:            opts.TokenTTL,
		creds:          opts.Credentials,
		regCap:         opts.RegistrantDailyLimit,
		faults:         opts.Faults,
		rng:            rand.New(rand.NewPCG(uint64(opts.Seed), 0x5a6f6f6d)),
		tokens:         map[string]accessToken{},
		codes:          map[string]authCode{},
		refresh:        map[string]refreshGrant{},
		meetings:       map[int64]*meetingState{},
		registrants:    map[registrantKey]*registrantCount{},
		received:       map[registrantKey]int{},
		statusReceived: map[registrantKey]int{},
		statusChanges:  map[registrantKey]int{},
		pages:          map[string]pageCursor{},
		limits:         effectiveLimits(opts.Plan, opts.Limits),
		qps:            map[string]*rate.Limiter{},
		daily:          map[string]*dayCount{},
		ridBase:        randomToken(6),
	}
	h.hooks.cfg = opts.Webhooks
	if h.now == nil {
		h.now = time.Now
	}
	if h.ttl <= 0 {
		h.ttl = time.Hour
	}
	if h.creds == (Credentials{}) {
		h.creds = DemoCredentials
	}
	if h.regCap <= 0 {
		h.regCap = 3
	}
	h.validation = &openapi3filter.Options{
		MultiError:          true,
		AuthenticationFunc:  openapi3filter.NoopAuthenticationFunc, // checked before validation, with Zoom's 401s
		SkipSettingDefaults: true,
		KeepValidatedValue:  true,
	}
	for _, m := range seedMeetings() {
		h.addMeetingLocked(m)
	}
	return h
}

func (h *Handler) setBaseURL(u string) { h.base.Store(&u) }

// baseURL is the server's root URL, the api_url Zoom's token endpoint
// reports.
func (h *Handler) baseURL(r *http.Request) string {
	if u := h.base.Load(); u != nil {
		return *u
	}
	return "http://" + r.Host
}

// answer is a response before it is sent: held back so that it can be
// validated, delayed or dropped as a whole.
type answer struct {
	status      int
	header      http.Header
	contentType string
	body        []byte
	// drop closes the connection instead of sending the answer, after
	// the work was done (the outcome-unknown case).
	drop bool
	// truncate sends the status, headers and half the body, then closes
	// the connection (Faults.TruncateRate).
	truncate bool
}

func (a *answer) setHeader(key, value string) {
	if a.header == nil {
		a.header = http.Header{}
	}
	a.header.Set(key, value)
}

func jsonAnswer(status int, v any) *answer {
	body, err := json.Marshal(v)
	if err != nil {
		// Only the mock's own values are marshalled; failing here is a
		// bug in the mock, reported as such rather than as Zoom's error.
		return &answer{status: http.StatusInternalServerError, contentType: "text/plain; charset=utf-8",
			body: []byte("zoomtest: encoding the answer: " + err.Error())}
	}
	return &answer{status: status, contentType: "application/json;charset=UTF-8", body: body}
}

// zoomError is Zoom's API error body, {"code":…,"message":…}.
func zoomError(status, code int, msg string) *answer {
	return jsonAnswer(status, apiError{Code: code, Message: msg})
}

type apiError struct {
	Code    int          `json:"code"`
	Message string       `json:"message"`
	Errors  []fieldError `json:"errors,omitempty"`
}

type fieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// call is one API request on its way through the mock.
type call struct {
	r       *http.Request
	route   *routers.Route
	params  map[string]string
	input   *openapi3filter.RequestValidationInput
	label   Label
	account string
	now     time.Time
	body    any // the request body as validated
}

// ServeHTTP serves the OAuth endpoints and the API. Every answer, whatever
// it is, carries an x-zm-trackingid header and is logged.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	started := time.Now()
	rid := h.trackingID()
	var (
		a  *answer
		op string
	)
	switch r.URL.Path {
	case tokenPath:
		op, a = "oauth.token", h.token(r)
	case authorizePath:
		op, a = "oauth.authorize", h.authorize(r)
	default:
		op, a = h.api(r)
	}
	hdr := w.Header()
	hdr.Set("x-zm-trackingid", rid)
	for k, v := range a.header {
		hdr[k] = v
	}
	if a.contentType != "" {
		hdr.Set("Content-Type", a.contentType)
	}
	// Logged before the answer leaves, so that the log's order is the
	// order in which clients could have seen the answers.
	if a.drop {
		h.logRequest(r, op, rid, 0, time.Since(started)) // 0: nothing was sent
		dropConnection(w)
		return
	}
	h.logRequest(r, op, rid, a.status, time.Since(started))
	if a.truncate {
		truncateAnswer(w, a)
		return
	}
	hdr.Set("Content-Length", strconv.Itoa(len(a.body)))
	w.WriteHeader(a.status)
	_, _ = w.Write(a.body) // the client went away; nothing to tell it
}

// trackingID imitates Zoom's x-zm-trackingid, unique per answer so that a
// client's logs can name the exchange.
func (h *Handler) trackingID() string {
	return "v=2.0;clid=us05;rid=WEB_" + h.ridBase + strconv.FormatUint(h.ridSeq.Add(1), 36)
}

// api serves a request under APIPrefix and names the operation it was.
func (h *Handler) api(r *http.Request) (string, *answer) {
	route, params, err := h.router.FindRoute(r)
	if err != nil {
		if errors.Is(err, routers.ErrMethodNotAllowed) {
			return "", zoomError(http.StatusMethodNotAllowed, 405, "Method not allowed: "+r.Method+" "+r.URL.Path)
		}
		return "", zoomError(http.StatusNotFound, 404, "No such API: "+r.Method+" "+r.URL.Path)
	}
	op := route.Operation.OperationID
	// The router matches on the escaped path (so that %2F inside a
	// parameter does not split it) and hands the parameters over still
	// escaped; the operation wants the value the client meant.
	for k, v := range params {
		if u, err := url.PathUnescape(v); err == nil {
			params[k] = u
		}
	}
	c := &call{r: r, route: route, params: params, label: rateLimitLabel(route.Operation)}
	c.input = &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route, Options: h.validation}
	a := h.serveAPI(c)
	if h.opts.ValidateResponses && !a.drop {
		a = h.validateResponse(c, a)
	}
	if !a.drop {
		var spike time.Duration
		a.truncate, spike = h.drawAnswerFaults(a)
		if spike > 0 {
			sleep(r.Context(), spike)
		}
	}
	if d := h.currentFaults().Latency; d > 0 {
		sleep(r.Context(), d)
	}
	return op, a
}

func (h *Handler) serveAPI(c *call) *answer {
	// A proxy in front of Zoom fails before Zoom sees the request.
	if a := h.injectServerError(); a != nil {
		return a
	}
	h.mu.Lock()
	c.now = h.now()
	account, refused := h.authenticateLocked(c.r, c.now)
	if refused != nil {
		h.mu.Unlock()
		return refused
	}
	c.account = account
	limitHeaders, refused := h.rateLimitLocked(c)
	h.mu.Unlock()
	if refused != nil {
		return refused
	}

	if c.r.Body != nil {
		c.r.Body = http.MaxBytesReader(nil, c.r.Body, maxBodyBytes)
	}
	if err := openapi3filter.ValidateRequest(c.r.Context(), c.input); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return zoomError(http.StatusRequestEntityTooLarge, 300, fmt.Sprintf("Request Body is too large: the mock reads at most %d bytes.", maxBodyBytes))
		}
		return h.withRateHeaders(requestErrorAnswer(err), limitHeaders)
	}
	if v, ok := c.r.Body.(interface{ ValidatedValue() any }); ok {
		c.body = v.ValidatedValue()
	}
	var a *answer
	switch c.route.Operation.OperationID {
	case "performBatchRegistration":
		a = h.batchRegistration(c)
	case "listMeetingRegistrants":
		a = h.listRegistrants(c)
	case "getMeeting":
		a = h.getMeeting(c)
	case "addMeetingRegistrant":
		a = h.addRegistrant(c)
	case "deleteMeetingRegistrant":
		a = h.deleteRegistrant(c)
	case "updateRegistrantsStatus", "updateWebinarRegistrantsStatus":
		a = h.updateRegistrantsStatus(c)
	case "performBatchRegistrationForWebinars":
		a = h.batchRegistration(c)
	case "listWebinarRegistrants":
		a = h.listRegistrants(c)
	default:
		a = exampleAnswer(c.route.Operation)
	}
	return h.withRateHeaders(a, limitHeaders)
}

// meetingID reads the validated meetingId (or webinarId) path parameter.
func (c *call) meetingID() (int64, bool) {
	v, ok := c.params["meetingId"]
	if !ok {
		v = c.params["webinarId"]
	}
	id, err := strconv.ParseInt(v, 10, 64)
	return id, err == nil
}

// webinar reports whether the call is for a webinar (/webinars/...).
func (c *call) webinar() bool { return strings.HasPrefix(c.route.Path, "/webinars/") }

// exampleAnswer answers an operation that has no behaviour of its own
// with the example of its first success response, so an endpoint added to
// the spec is served at once.
func exampleAnswer(op *openapi3.Operation) *answer {
	for _, code := range []int{200, 201, 204} {
		resp := op.Responses.Status(code)
		if resp == nil || resp.Value == nil {
			continue
		}
		if mt := resp.Value.Content.Get("application/json"); mt != nil && mt.Example != nil {
			return jsonAnswer(code, mt.Example)
		}
		return &answer{status: code}
	}
	return zoomError(http.StatusNotImplemented, 501, "The mock has no example response for operation "+op.OperationID)
}

// validateResponse checks a against the operation's responses in the
// document. Statuses the document does not list (401, 502, ...) pass, as
// kin-openapi lets them: Zoom sends them for every operation and the
// document describes only each operation's own.
func (h *Handler) validateResponse(c *call, a *answer) *answer {
	hdr := http.Header{}
	for k, v := range a.header {
		hdr[k] = v
	}
	if a.contentType != "" {
		hdr.Set("Content-Type", a.contentType)
	}
	err := openapi3filter.ValidateResponse(c.r.Context(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: c.input,
		Status:                 a.status,
		Header:                 hdr,
		Body:                   io.NopCloser(bytes.NewReader(a.body)),
		Options:                responseValidation,
	})
	if err == nil {
		return a
	}
	msg := fmt.Sprintf("zoomtest: the mock's %d answer to %s does not match the OpenAPI document: %s",
		a.status, c.route.Operation.OperationID, describeDrift(err))
	if h.opts.Logf != nil {
		h.opts.Logf("%s", msg)
	}
	if h.report != nil {
		h.report("%s", msg)
	}
	return zoomError(http.StatusInternalServerError, 500, msg)
}

// responseValidation is shared by every response check; kin-openapi only
// reads it.
var responseValidation = &openapi3filter.Options{MultiError: true}

// sleep waits d or until the client gives up, whichever is first.
func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// eachFinding calls visit for each error inside err's openapi3.MultiErrors,
// at any depth, so that a validation verdict is handled one finding at a
// time.
func eachFinding(err error, visit func(error)) {
	var multi openapi3.MultiError
	if errors.As(err, &multi) {
		for _, e := range multi {
			eachFinding(e, visit)
		}
		return
	}
	visit(err)
}

// describeDrift names where an answer departs from the document without
// quoting the answer: kin-openapi's own message includes the whole value,
// join URLs' tk= secrets with it.
func describeDrift(err error) string {
	var parts []string
	var describe func(error)
	describe = func(err error) {
		var schemaErr *openapi3.SchemaError
		if errors.As(err, &schemaErr) {
			parts = append(parts, fmt.Sprintf("at %q: %s", "/"+strings.Join(schemaErr.JSONPointer(), "/"), schemaErr.Reason))
			return
		}
		var respErr *openapi3filter.ResponseError
		if errors.As(err, &respErr) && respErr.Err != nil {
			eachFinding(respErr.Err, describe)
			return
		}
		parts = append(parts, err.Error())
	}
	eachFinding(err, describe)
	return strings.Join(parts, "; ")
}
