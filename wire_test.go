package zoom_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/zoomgen/zoom"
	"github.com/zoomgen/zoom/gen"
	"github.com/zoomgen/zoom/internal/oasmultipart"
	"github.com/zoomgen/zoom/spec"
	"github.com/zoomgen/zoom/zoomtest"
)

// scripted is a loopback server that answers API requests from a script,
// for wire details the mock does not produce (per-user 429s, Retry-After
// spellings, a 200 carrying a Zoom error, a broken 2xx body).
type scripted struct {
	*httptest.Server
	n       atomic.Int32
	answers []func(w http.ResponseWriter, r *http.Request)
	last    atomic.Pointer[http.Request]
	bodies  chan []byte
}

func newScripted(t *testing.T, answers ...func(w http.ResponseWriter, r *http.Request)) *scripted {
	s := &scripted{answers: answers, bodies: make(chan []byte, 100)}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(s.n.Add(1)) - 1
		b, _ := io.ReadAll(r.Body)
		s.bodies <- b
		s.last.Store(r)
		w.Header().Set("x-zm-trackingid", fmt.Sprintf("track-%d", i))
		s.answers[min(i, len(s.answers)-1)](w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *scripted) client(t *testing.T, opts ...zoom.Option) *zoom.Client {
	t.Helper()
	c, err := zoom.NewClient(append([]zoom.Option{zoom.WithToken("static-token-xyz"), zoom.WithBaseURL(s.URL + "/v2"),
		zoom.WithPlan(zoom.PlanUnlimited), zoom.WithRetry(fastRetry(4))}, opts...)...)
	must(t, err)
	return c
}

func jsonAnswer(status int, body string, headers ...string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

const okBody = `{"registrants":[{"registrant_id":"r1","email":"Ada@Example.com","join_url":"https://zoom.us/w/1?tk=abc","participant_pin_code":123}]}`

var one = body([]gen.PerformBatchRegistrationRequestRegistrantsItem{{Email: "ada@example.com", FirstName: "Ada"}})

func TestClassify429(t *testing.T) {
	t.Parallel()
	now := time.Now()
	midnight := time.Date(now.UTC().Year(), now.UTC().Month(), now.UTC().Day()+1, 0, 0, 0, 0, time.UTC)
	httpDate := midnight.Format(http.TimeFormat)
	tests := []struct {
		name       string
		headers    []string
		message    string
		kind       zoom.RateLimitKind
		registrant string
		reset      time.Time // zero: only check it is in the future
		requests   int32
	}{
		{"qps by header", []string{"X-RateLimit-Type", "QPS", "X-RateLimit-Category", "Heavy"}, "You have reached the maximum per-second rate limit for this API. Try again later.", zoom.RateLimitQPS, "", time.Time{}, 4},
		{"qps by message only", nil, "You have reached the maximum per-second rate limit for this API. Try again later.", zoom.RateLimitQPS, "", time.Time{}, 4},
		{"account daily, HTTP-date", []string{"X-RateLimit-Type", "Daily-limit", "X-RateLimit-Limit", "30000", "X-RateLimit-Remaining", "0", "Retry-After", httpDate},
			"You have reached the maximum daily rate limit for this API. Refer to the response header for details on when you can make another request.", zoom.RateLimitAccountDaily, "", midnight, 1},
		{"account daily, RFC 3339", []string{"X-RateLimit-Type", "Daily-limit", "Retry-After", midnight.Format(time.RFC3339)}, "daily", zoom.RateLimitAccountDaily, "", midnight, 1},
		{"account daily by message, no headers", nil, "You have reached the maximum daily rate limit for this API.", zoom.RateLimitAccountDaily, "", midnight, 1},
		{"per registrant, older wording", []string{"Retry-After", httpDate},
			"You have exceeded the daily rate limit (3) of Perform batch registration API requests permitted for (Ada@Example.com) this particular registrant. You may resume these requests at GMT 00:00:00.",
			zoom.RateLimitRegistrantDaily, "Ada@Example.com", midnight, 1},
		{"per registrant, spec wording", nil,
			`You have exceeded the daily rate limit of "3" for meeting Perform batch registration API requests for the registrant "ada@example.com". You can resume these API requests at GMT 00:00:00.`,
			zoom.RateLimitRegistrantDaily, "ada@example.com", midnight, 1},
		{"per registrant, live wording, webinar", []string{"Retry-After", httpDate},
			"You have exceeded the daily rate limit of (3) for Add a webinar registrant API requests for the registrant (user@example.com). You can resume these API requests at GMT 00:00:00.",
			zoom.RateLimitRegistrantDaily, "user@example.com", midnight, 1},
		{"per registrant, live wording, meeting, no headers", nil,
			"You have exceeded the daily rate limit of (3) for Add a meeting registrant API requests for the registrant (Ada.Lovelace+zoom@Example.co.uk). You can resume these API requests at GMT 00:00:00.",
			zoom.RateLimitRegistrantDaily, "Ada.Lovelace+zoom@Example.co.uk", midnight, 1},
		{"per registrant, live wording, batch", []string{"X-RateLimit-Type", "Daily-limit", "X-RateLimit-Category", "Heavy"},
			"You have exceeded the daily rate limit of (3) for Perform batch registration API requests for the registrant (ada@example.com). You can resume these API requests at GMT 00:00:00.",
			zoom.RateLimitRegistrantDaily, "ada@example.com", midnight, 1},
		{"per registrant, spec wording, webinar", nil,
			`You have exceeded the daily rate limit of "3" for webinar Perform batch registration API requests for the registrant "ada@example.com". You can resume these API requests at GMT 00:00:00.`,
			zoom.RateLimitRegistrantDaily, "ada@example.com", midnight, 1},
		{"per registrant, no email in the message", nil,
			"You have exceeded the daily rate limit of (3) for Add a meeting registrant API requests for the registrant. You can resume these API requests at GMT 00:00:00.",
			zoom.RateLimitRegistrantDaily, "", midnight, 1},
		{"per user", []string{"X-RateLimit-Type", "Daily-limit"},
			"You have exceeded the daily rate limit (100) of Add meeting registrant API requests permitted for this particular user. You may resume these requests at GMT 00:00:00.",
			zoom.RateLimitUserDaily, "", midnight, 1},
		{"unlabelled, far Retry-After in seconds", []string{"Retry-After", "7200"}, "Too many requests", zoom.RateLimitAccountDaily, "", time.Time{}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := fmt.Sprintf(`{"code":429,"message":%q}`, tt.message)
			s := newScripted(t, jsonAnswer(429, body, tt.headers...))
			_, err := s.client(t).PerformBatchRegistration(t.Context(), 1, one)
			var rl *zoom.RateLimitError
			if !errors.As(err, &rl) {
				t.Fatalf("err = %v, want *zoom.RateLimitError", err)
			}
			if rl.Kind != tt.kind || rl.Registrant != tt.registrant {
				t.Fatalf("kind %v registrant %q, want %v %q", rl.Kind, rl.Registrant, tt.kind, tt.registrant)
			}
			if !tt.reset.IsZero() && !rl.ResetAt.Equal(tt.reset) {
				t.Fatalf("reset %v, want %v", rl.ResetAt, tt.reset)
			}
			if !rl.ResetAt.After(now) {
				t.Fatalf("reset %v is not in the future", rl.ResetAt)
			}
			if n := s.n.Load(); n != tt.requests {
				t.Fatalf("%d requests, want %d", n, tt.requests)
			}
			if rl.Err == nil || rl.Err.TrackingID == "" {
				t.Fatal("no *Error with a tracking id inside")
			}
		})
	}
}

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	want := time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"Wed, 11 Mar 2026 00:00:00 GMT", want, true},
		{"2026-03-11T00:00:00Z", want, true},
		{"2026-03-11T01:00:00+01:00", want, true},
		{"2026-03-11T00:00:00", want, true},
		{"54000", want, true},
		{" 54000 ", want, true},
		{"", time.Time{}, false},
		{"-5", time.Time{}, false},
		{"soon", time.Time{}, false},
		{"99999999999999999999", time.Time{}, false},
	} {
		got, ok := zoom.ParseRetryAfter(tt.in, now)
		if ok != tt.ok || !got.Equal(tt.want) {
			t.Errorf("ParseRetryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestSuccessAnswers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		answer  func(http.ResponseWriter, *http.Request)
		wantErr string // "" = success
		code    int
	}{
		{"201", jsonAnswer(201, okBody), "", 0},
		{"200, as the published example", jsonAnswer(200, okBody), "", 0},
		{"200 with a Zoom error body", jsonAnswer(200, `{"code":3001,"message":"Meeting does not exist: 1."}`), "Meeting does not exist", 3001},
		{"201 with HTML", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(201)
			io.WriteString(w, "<html>hi</html>")
		}, "documents a JSON result", 0},
		{"201 with broken JSON", jsonAnswer(201, `{"registrants":[`), "not valid JSON", 0},
		{"201 with the wrong JSON types", jsonAnswer(201, `{"registrants":"nope"}`), "does not fit the documented result", 0},
		{"201 with no body", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(201) }, "no body", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newScripted(t, tt.answer)
			res, err := s.client(t).PerformBatchRegistration(t.Context(), 1, one)
			if tt.wantErr == "" {
				must(t, err)
				r := res.Registrants[0]
				if r.RegistrantID != "r1" || r.ParticipantPinCode != 123 {
					t.Fatalf("result %+v", r)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want one saying %q", err, tt.wantErr)
			}
			if tt.code != 0 && !zoom.HasCode(err, tt.code) {
				t.Fatalf("err = %v, want code %d", err, tt.code)
			}
			if res != nil {
				t.Fatal("a result came with the error")
			}
		})
	}
}

func TestFewerEntriesReported(t *testing.T) {
	t.Parallel()
	two := body([]gen.PerformBatchRegistrationRequestRegistrantsItem{{Email: "b@example.com", FirstName: "B"}, {Email: "ada@example.com", FirstName: "Ada"}})
	s := newScripted(t, jsonAnswer(201, okBody))
	res, err := s.client(t).PerformBatchRegistration(t.Context(), 1, two)
	var inc *zoom.IncompleteError
	if !errors.As(err, &inc) || len(inc.Missing) != 1 || inc.Missing[0] != 0 || inc.Emails[0] != "b@example.com" {
		t.Fatalf("err = %v, want registrants[0] reported missing", err)
	}
	if !errors.Is(err, zoom.ErrOutcomeUnknown) {
		t.Fatal("IncompleteError does not match ErrOutcomeUnknown")
	}
	if res == nil || len(res.Registrants) != 1 || res.Registrants[0].RegistrantID != "r1" {
		t.Fatalf("the entries that did come back are lost: %+v", res)
	}
}

func TestErrorBodyIsCapped(t *testing.T) {
	t.Parallel()
	huge := `{"code":300,"message":"` + strings.Repeat("x", 1<<20) + `"}`
	s := newScripted(t, jsonAnswer(400, huge))
	_, err := s.client(t).PerformBatchRegistration(t.Context(), 1, one)
	var ze *zoom.Error
	if !errors.As(err, &ze) || ze.StatusCode != 400 {
		t.Fatalf("err = %v", err)
	}
	if len(err.Error()) > 70<<10 {
		t.Fatalf("error of %d bytes: the body was not capped", len(err.Error()))
	}
}

func TestValidationFieldsAndTrackingID(t *testing.T) {
	t.Parallel()
	s := newScripted(t, jsonAnswer(400, `{"code":300,"message":"Validation Failed.","errors":[{"field":"registrants[3].email","message":"Invalid field."}]}`))
	_, err := s.client(t).PerformBatchRegistration(t.Context(), 1, one)
	var ze *zoom.Error
	if !errors.As(err, &ze) || len(ze.Fields) != 1 || ze.Fields[0] != (zoom.FieldError{Field: "registrants[3].email", Message: "Invalid field."}) || ze.TrackingID != "track-0" {
		t.Fatalf("err = %#v", err)
	}
	if !strings.Contains(err.Error(), "registrants[3].email") {
		t.Fatalf("error text %q does not name the field", err)
	}
}

// Path parameters cannot change the request target: the generated code
// escapes "/", "?" and "#"; a bare "." or ".." (which URL resolution would
// collapse) is refused by the client before anything is sent.
func TestPathParametersNeverChangeTheTarget(t *testing.T) {
	t.Parallel()
	s := newScripted(t, func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(204) })
	c := s.client(t)
	for _, tt := range []struct {
		id, wantPath string
	}{
		{"../../users/me", "/v2/meetings/1/registrants/..%2F..%2Fusers%2Fme"},
		{"a?b=c", "/v2/meetings/1/registrants/a%3Fb=c"},
		{"a#frag", "/v2/meetings/1/registrants/a%23frag"},
		{"%2e%2e", "/v2/meetings/1/registrants/%252e%252e"},
		{"..", ""},
		{".", ""},
	} {
		before := s.n.Load()
		_, err := c.API().DeleteMeetingRegistrantWithResponse(t.Context(), 1, tt.id, nil)
		if tt.wantPath == "" {
			if err == nil || s.n.Load() != before {
				t.Errorf("id %q: err = %v and %d requests; want a refusal with nothing sent", tt.id, err, s.n.Load()-before)
			}
			continue
		}
		must(t, err)
		r := s.last.Load()
		if got := r.URL.EscapedPath(); got != tt.wantPath || r.URL.RawQuery != "" {
			t.Errorf("id %q: server saw path %q query %q, want %q", tt.id, got, r.URL.RawQuery, tt.wantPath)
		}
	}
}

func TestPlainHTTPRefusedExceptLoopback(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		opts []zoom.Option
		ok   bool
	}{
		{[]zoom.Option{zoom.WithBaseURL("http://api.example.com/v2")}, false},
		{[]zoom.Option{zoom.WithBaseURL("http://api.example.com/v2"), zoom.WithInsecureHTTP()}, true},
		{[]zoom.Option{zoom.WithBaseURL("http://127.0.0.1:9/v2")}, true},
		{[]zoom.Option{zoom.WithBaseURL("http://[::1]:9/v2")}, true},
		{[]zoom.Option{zoom.WithBaseURL("http://localhost:9/v2")}, true},
		{[]zoom.Option{zoom.WithTokenURL("http://zoom.example.com/oauth/token")}, false},
		{[]zoom.Option{zoom.WithBaseURL("ftp://x/v2")}, false},
		{[]zoom.Option{zoom.WithBaseURL("/v2")}, false},
	} {
		_, err := zoom.NewClient(append([]zoom.Option{zoom.WithToken("t0ken")}, tt.opts...)...)
		if (err == nil) != tt.ok {
			t.Errorf("options %d: err = %v, want ok=%v", len(tt.opts), err, tt.ok)
		}
	}
}

func TestNewClientNeedsOneCredential(t *testing.T) {
	t.Parallel()
	if _, err := zoom.NewClient(); err == nil {
		t.Error("no credentials accepted")
	}
	if _, err := zoom.NewClient(zoom.WithToken("a"), zoom.WithServerToServer("a", "b", "c")); err == nil {
		t.Error("two kinds of credentials accepted")
	}
	if _, err := zoom.NewClient(zoom.WithServerToServer("a", "", "c")); err == nil {
		t.Error("empty client id accepted")
	}
}

func TestUserAgentAndAuthorization(t *testing.T) {
	t.Parallel()
	s := newScripted(t, jsonAnswer(201, okBody))
	_, err := s.client(t, zoom.WithUserAgent("my-app/1.0")).PerformBatchRegistration(t.Context(), 1, one)
	must(t, err)
	r := s.last.Load()
	if ua := r.Header.Get("User-Agent"); !strings.HasPrefix(ua, "my-app/1.0 zoomgen-go/"+zoom.Version) {
		t.Errorf("User-Agent %q", ua)
	}
	if a := r.Header.Get("Authorization"); a != "Bearer static-token-xyz" {
		t.Errorf("Authorization %q", a)
	}
}

// Every request body the client encodes, JSON or multipart, passes
// kin-openapi's request validation against the document the client was
// generated from (with the project's multipart decoder registered, as the
// mock does).
func TestEncodedRequestsPassOpenAPIValidation(t *testing.T) {
	t.Parallel()
	oasmultipart.Register()
	doc, err := spec.Load(t.Context())
	must(t, err)
	doc.Servers = openapi3.Servers{{URL: "/v2"}}
	router, err := gorillamux.NewRouter(doc)
	must(t, err)
	bodies := []gen.PerformBatchRegistrationRequest{
		one,
		body(registrants(30, "v")),
		{Registrants: registrants(2, "w"), AutoApprove: false, RegistrantsConfirmationEmail: ptr(true)},
		{Registrants: []gen.PerformBatchRegistrationRequestRegistrantsItem{{Email: "o'neil+tag@sub.example.co.uk", FirstName: `Zoë "Z"`, LastName: "Ünïcode"}}},
	}
	for _, mp := range []bool{false, true} {
		for i, b := range bodies {
			t.Run(fmt.Sprintf("multipart=%v/%d", mp, i), func(t *testing.T) {
				s := newScripted(t, jsonAnswer(201, `{"registrants":[]}`))
				var opts []zoom.Option
				if mp {
					opts = append(opts, zoom.WithMultipart())
				}
				_, _ = s.client(t, opts...).PerformBatchRegistration(t.Context(), 85746065432, b)
				sent := s.last.Load()
				raw := <-s.bodies
				req, err := http.NewRequest(sent.Method, "http://mock"+sent.URL.RequestURI(), bytes.NewReader(raw))
				must(t, err)
				req.Header = sent.Header.Clone()
				route, params, err := router.FindRoute(req)
				must(t, err)
				err = openapi3filter.ValidateRequest(context.Background(), &openapi3filter.RequestValidationInput{
					Request: req, PathParams: params, Route: route,
					Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, SchemaValidationOptions: zoomtest.SchemaValidationOptions()},
				})
				if err != nil {
					t.Fatalf("Content-Type %s: %v", req.Header.Get("Content-Type"), err)
				}
				if ct := req.Header.Get("Content-Type"); mp != strings.HasPrefix(ct, "multipart/form-data") {
					t.Fatalf("Content-Type %s", ct)
				}
			})
		}
	}
}

func TestPagesStopsOnRepeatedToken(t *testing.T) {
	t.Parallel()
	calls := 0
	seq := zoom.Pages(t.Context(), func(_ context.Context, tok string) ([]int, string, error) {
		calls++
		return []int{calls}, "same", nil
	})
	var got []int
	var gotErr error
	for v, err := range seq {
		if err != nil {
			gotErr = err
			break
		}
		got = append(got, v)
	}
	if gotErr == nil || len(got) != 2 || calls != 2 {
		t.Fatalf("got %v, err %v after %d calls", got, gotErr, calls)
	}
}

func TestAPIGivesTypedErrorsForEveryOperation(t *testing.T) {
	t.Parallel()
	s := newScripted(t, jsonAnswer(404, `{"code":3001,"message":"Meeting does not exist: 5."}`))
	c := s.client(t)
	_, err := c.API().GetMeetingWithResponse(t.Context(), 5, nil)
	if !zoom.IsMeetingNotFound(err) {
		t.Fatalf("GetMeeting: %v", err)
	}
	var ze *zoom.Error
	if !errors.As(err, &ze) || ze.Operation != "getMeeting" {
		t.Fatalf("operation not named: %v", err)
	}
	_, err = c.API().UpdateRegistrantsStatusWithResponse(t.Context(), 5, nil, gen.UpdateRegistrantsStatusRequest{Action: "approve"})
	if !zoom.IsMeetingNotFound(err) {
		t.Fatalf("UpdateRegistrantsStatus: %v", err)
	}
}

// A token endpoint that fails on the way (5xx) is tried again — nothing
// was sent to the API yet — while refused credentials are not.
func TestTokenEndpointTransientFailureRetried(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		first  func(http.ResponseWriter, *http.Request)
		ok     bool
		tokens int32
	}{
		{jsonAnswer(503, `{"reason":"busy"}`), true, 2},
		{jsonAnswer(401, `{"reason":"Invalid client_id or client_secret","error":"invalid_client"}`), false, 1},
	} {
		tokenSrv := newScripted(t, tc.first, jsonAnswer(200, `{"access_token":"tok-1","token_type":"bearer","expires_in":3600}`))
		api := newScripted(t, jsonAnswer(201, okBody))
		c, err := zoom.NewClient(zoom.WithServerToServer("acct", "id", "secret"), zoom.WithTokenURL(tokenSrv.URL+"/oauth/token"),
			zoom.WithBaseURL(api.URL+"/v2"), zoom.WithRetry(fastRetry(3)))
		must(t, err)
		_, err = c.PerformBatchRegistration(t.Context(), 1, one)
		if (err == nil) != tc.ok || tokenSrv.n.Load() != tc.tokens {
			t.Fatalf("err = %v after %d token requests; want ok=%v after %d", err, tokenSrv.n.Load(), tc.ok, tc.tokens)
		}
		if !tc.ok && api.n.Load() != 0 {
			t.Fatal("API called without a token")
		}
	}
}

// A deadline the pacer cannot meet surfaces as context.DeadlineExceeded,
// before anything is sent.
func TestPacingRespectsDeadline(t *testing.T) {
	t.Parallel()
	s := newScripted(t, jsonAnswer(201, okBody))
	c := s.client(t, zoom.WithRateLimit("Heavy", 1, 0))
	_, err := c.PerformBatchRegistration(t.Context(), 1, one) // uses the burst
	must(t, err)
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	_, err = c.PerformBatchRegistration(ctx, 1, one)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
	if n := s.n.Load(); n != 1 {
		t.Fatalf("%d requests, want 1", n)
	}
}

// A connection that fails before the request is written (nothing listens)
// is retried, even for POST, and ends as a plain error, not an unknown
// outcome: Zoom never saw the request.
func TestConnectionErrorBeforeWritingRetried(t *testing.T) {
	t.Parallel()
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close() // its port now refuses connections
	rec := newRecorder()
	c, err := zoom.NewClient(zoom.WithToken("static-token-xyz"), zoom.WithBaseURL(dead.URL+"/v2"),
		zoom.WithHTTPClient(rec.client()), zoom.WithRetry(fastRetry(3)))
	must(t, err)
	_, err = c.PerformBatchRegistration(t.Context(), 1, one)
	if err == nil || errors.Is(err, zoom.ErrOutcomeUnknown) {
		t.Fatalf("err = %v, want a connection error that is not an unknown outcome", err)
	}
	if n := len(rec.api()); n != 3 {
		t.Fatalf("%d attempts, want 3", n)
	}
}
