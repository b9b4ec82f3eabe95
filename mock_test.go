package zoom_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/zoomgen/zoom"
	"github.com/zoomgen/zoom/gen"
	"github.com/zoomgen/zoom/zoomtest"
)

// mockClient returns a Server-to-Server client for srv whose traffic rec
// records.
func mockClient(t *testing.T, srv *zoomtest.Server, rec *recorder, opts ...zoom.Option) *zoom.Client {
	t.Helper()
	creds := zoomtest.DemoCredentials
	base := []zoom.Option{
		zoom.WithServerToServer(creds.AccountID, creds.ClientID, creds.ClientSecret),
		zoom.WithBaseURL(srv.BaseURL()),
		zoom.WithTokenURL(srv.TokenURL()),
		zoom.WithHTTPClient(rec.client()),
		zoom.WithPlan(zoom.PlanUnlimited),
		zoom.WithRetry(fastRetry(5)),
	}
	c, err := zoom.NewClient(append(base, opts...)...)
	must(t, err)
	return c
}

func TestServerToServerTokenFetchedOnceAndReused(t *testing.T) {
	srv := zoomtest.NewServer(t, zoomtest.Options{})
	rec := newRecorder()
	c := mockClient(t, srv, rec)
	ctx := t.Context()
	for i := range 5 {
		if _, err := c.PerformBatchRegistration(ctx, zoomtest.MeetingScheduled, body(registrants(2, fmt.Sprintf("reuse%d-", i)))); err != nil {
			t.Fatal(err)
		}
	}
	if n := srv.TokenRequests(); n != 1 {
		t.Fatalf("token requests = %d, want 1", n)
	}
	auths := map[string]bool{}
	for _, r := range rec.api() {
		auths[r.Auth] = true
	}
	if len(auths) != 1 || len(rec.api()) != 5 {
		t.Fatalf("%d API requests with %d distinct tokens, want 5 with 1", len(rec.api()), len(auths))
	}
}

// The client learns the API host from the token's api_url when no base
// URL is given (Zoom's regional hosts), appending /v2.
func TestBaseURLFromTokenAPIURL(t *testing.T) {
	srv := zoomtest.NewServer(t, zoomtest.Options{})
	rec := newRecorder()
	creds := zoomtest.DemoCredentials
	c, err := zoom.NewClient(zoom.WithServerToServer(creds.AccountID, creds.ClientID, creds.ClientSecret),
		zoom.WithTokenURL(srv.TokenURL()), zoom.WithHTTPClient(rec.client()), zoom.WithPlan(zoom.PlanUnlimited))
	must(t, err)
	res, err := c.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, body(registrants(1, "apiurl")))
	must(t, err)
	if len(res.Registrants) != 1 {
		t.Fatalf("got %d registrants", len(res.Registrants))
	}
	if got := rec.api(); len(got) != 1 || got[0].Path != fmt.Sprintf("/v2/meetings/%d/batch_registrants", zoomtest.MeetingScheduled) {
		t.Fatalf("requests %+v", got)
	}
}

func TestTokenRefreshedBeforeExpiryMidRun(t *testing.T) {
	clock := newFakeClock()
	srv := zoomtest.NewServer(t, zoomtest.Options{Clock: clock.Now, TokenTTL: time.Hour})
	rec := newRecorder()
	c := mockClient(t, srv, rec, zoom.WithClock(clock.Now))
	ctx := t.Context()
	call := func(tag string) {
		t.Helper()
		if _, err := c.PerformBatchRegistration(ctx, zoomtest.MeetingScheduled, body(registrants(1, tag))); err != nil {
			t.Fatal(err)
		}
	}
	call("a")
	clock.Advance(50 * time.Minute) // still more than 5 minutes left: reuse
	call("b")
	if n := srv.TokenRequests(); n != 1 {
		t.Fatalf("after 50 min: token requests = %d, want 1", n)
	}
	clock.Advance(6 * time.Minute) // 4 minutes left: refreshed before use
	call("c")
	if n := srv.TokenRequests(); n != 2 {
		t.Fatalf("after 56 min: token requests = %d, want 2", n)
	}
	for _, s := range rec.statuses() {
		if s != http.StatusCreated {
			t.Fatalf("statuses %v: a refresh ahead of expiry should never meet a 401", rec.statuses())
		}
	}
}

// A client whose clock disagrees with Zoom's meets "Access token is
// expired": it drops the token and replays the request exactly once.
func TestExpiredTokenReplayedOnce(t *testing.T) {
	clock := newFakeClock()
	srv := zoomtest.NewServer(t, zoomtest.Options{Clock: clock.Now, TokenTTL: time.Hour})
	rec := newRecorder()
	c := mockClient(t, srv, rec) // real clock: believes the token is fresh
	ctx := t.Context()
	_, err := c.PerformBatchRegistration(ctx, zoomtest.MeetingScheduled, body(registrants(1, "x")))
	must(t, err)
	clock.Advance(2 * time.Hour)
	res, err := c.PerformBatchRegistration(ctx, zoomtest.MeetingScheduled, body(registrants(3, "y")))
	must(t, err)
	if len(res.Registrants) != 3 {
		t.Fatalf("registrants = %d", len(res.Registrants))
	}
	if got, want := fmt.Sprint(rec.statuses()), "[201 401 201]"; got != want {
		t.Fatalf("statuses %s, want %s", got, want)
	}
	if n := srv.TokenRequests(); n != 2 {
		t.Fatalf("token requests = %d, want 2", n)
	}
	for _, email := range []string{"y0@example.com", "y1@example.com", "y2@example.com"} {
		if n := srv.Registrations(zoomtest.MeetingScheduled, email); n != 1 {
			t.Fatalf("%s registered %d times, want 1", email, n)
		}
	}
}

// countingSource hands out a new token each time, none of which the mock
// knows: the replay happens once, then the 401 is the answer.
type countingSource struct {
	mu sync.Mutex
	n  int
}

func (s *countingSource) Token() (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	return &oauth2.Token{AccessToken: fmt.Sprintf("not-a-mock-token-%d", s.n), TokenType: "Bearer"}, nil
}

func TestReplayAfter401AtMostOnce(t *testing.T) {
	srv := zoomtest.NewServer(t, zoomtest.Options{})
	for _, tc := range []struct {
		name     string
		opt      zoom.Option
		requests int
	}{
		{"source that moves on", zoom.WithTokenSource(&countingSource{}), 2},
		{"static token", zoom.WithToken("not-a-mock-token"), 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := newRecorder()
			c, err := zoom.NewClient(tc.opt, zoom.WithBaseURL(srv.BaseURL()), zoom.WithHTTPClient(rec.client()), zoom.WithPlan(zoom.PlanUnlimited))
			must(t, err)
			_, err = c.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, body(registrants(1, "r")))
			var ze *zoom.Error
			if !errors.As(err, &ze) || ze.StatusCode != 401 || ze.Code != 124 {
				t.Fatalf("err = %v, want a 401 *zoom.Error with code 124", err)
			}
			if ze.TrackingID == "" {
				t.Error("no tracking id")
			}
			if n := len(rec.api()); n != tc.requests {
				t.Fatalf("%d API requests, want %d", n, tc.requests)
			}
		})
	}
}

func TestOneTokenRequestUnder50ConcurrentCallers(t *testing.T) {
	srv := zoomtest.NewServer(t, zoomtest.Options{Faults: zoomtest.Faults{Latency: 5 * time.Millisecond}})
	rec := newRecorder()
	c := mockClient(t, srv, rec)
	var wg sync.WaitGroup
	errs := make(chan error, 50)
	for i := range 50 {
		wg.Go(func() {
			_, err := c.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, body(registrants(1, fmt.Sprintf("c%d-", i))))
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := srv.TokenRequests(); n != 1 {
		t.Fatalf("token requests = %d, want 1", n)
	}
	if n := len(srv.Registrants(zoomtest.MeetingScheduled)); n < 50 {
		t.Fatalf("%d registrants, want at least 50", n)
	}
}

// A caller that gives up does not cancel the token fetch the others wait on.
func TestTokenFetchSurvivesFirstCallerCancel(t *testing.T) {
	srv := zoomtest.NewServer(t, zoomtest.Options{})
	slow := &slowTokenTransport{rt: http.DefaultTransport, delay: 100 * time.Millisecond}
	c, err := zoom.NewClient(zoom.WithServerToServer(zoomtest.DemoCredentials.AccountID, zoomtest.DemoCredentials.ClientID, zoomtest.DemoCredentials.ClientSecret),
		zoom.WithBaseURL(srv.BaseURL()), zoom.WithTokenURL(srv.TokenURL()), zoom.WithHTTPClient(&http.Client{Transport: slow}), zoom.WithPlan(zoom.PlanUnlimited))
	must(t, err)
	ctx1, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := c.PerformBatchRegistration(ctx1, zoomtest.MeetingScheduled, body(registrants(1, "first")))
		done <- err
	}()
	time.Sleep(5 * time.Millisecond)
	_, err = c.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, body(registrants(1, "second")))
	must(t, err)
	if err := <-done; !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("first caller: %v, want its deadline", err)
	}
	if n := srv.TokenRequests(); n != 1 {
		t.Fatalf("token requests = %d, want 1 (the first caller's cancel must not abort the shared fetch)", n)
	}
}

type slowTokenTransport struct {
	rt    http.RoundTripper
	delay time.Duration
}

func (s *slowTokenTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasSuffix(r.URL.Path, "/oauth/token") {
		time.Sleep(s.delay)
	}
	return s.rt.RoundTrip(r)
}

func TestTokenEndpointErrorKeepsZoomReason(t *testing.T) {
	srv := zoomtest.NewServer(t, zoomtest.Options{})
	const secret = "wrong-secret-d41d8cd98f"
	c, err := zoom.NewClient(zoom.WithServerToServer(zoomtest.DemoCredentials.AccountID, zoomtest.DemoCredentials.ClientID, secret),
		zoom.WithBaseURL(srv.BaseURL()), zoom.WithTokenURL(srv.TokenURL()))
	must(t, err)
	_, err = c.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, body(registrants(1, "a")))
	var ae *zoom.AuthError
	if !errors.As(err, &ae) {
		t.Fatalf("err = %v, want *zoom.AuthError", err)
	}
	if ae.StatusCode != 401 || ae.ErrorCode != "invalid_client" || ae.Reason != "Invalid client_id or client_secret" {
		t.Fatalf("AuthError = %+v", ae)
	}
	if !strings.Contains(err.Error(), "Invalid client_id or client_secret") || strings.Contains(err.Error(), secret) {
		t.Fatalf("error text %q: want Zoom's reason and never the secret", err)
	}
}

func TestQPS429RetriedToSuccess(t *testing.T) {
	srv := zoomtest.NewServer(t, zoomtest.Options{Seed: 7, Faults: zoomtest.Faults{QPSErrorRate: 0.5}})
	rec := newRecorder()
	c := mockClient(t, srv, rec, zoom.WithRetry(fastRetry(20)))
	for i := range 10 {
		if _, err := c.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, body(registrants(2, fmt.Sprintf("q%d-", i)))); err != nil {
			t.Fatal(err)
		}
	}
	var n429, n201 int
	for _, s := range rec.statuses() {
		switch s {
		case 429:
			n429++
		case 201:
			n201++
		}
	}
	if n429 == 0 || n201 != 10 {
		t.Fatalf("statuses %v: want some 429s and exactly 10 successes", rec.statuses())
	}
}

func TestDailyLimitsSurfacedWithoutRetry(t *testing.T) {
	clock := newFakeClock()
	midnight := time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC)

	t.Run("account daily", func(t *testing.T) {
		srv := zoomtest.NewServer(t, zoomtest.Options{Clock: clock.Now, Limits: map[zoomtest.Label]zoomtest.Limit{"Heavy": {Daily: 2}}})
		rec := newRecorder()
		c := mockClient(t, srv, rec, zoom.WithClock(clock.Now))
		for i := range 2 {
			_, err := c.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, body(registrants(1, fmt.Sprintf("d%d-", i))))
			if i < 2 && err != nil {
				// The second may already be refused locally if the first's
				// headers said Remaining 0; with Daily 2 they do not.
				t.Fatal(err)
			}
		}
		before := len(rec.api())
		_, err := c.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, body(registrants(1, "d-over")))
		var rl *zoom.RateLimitError
		if !errors.As(err, &rl) {
			t.Fatalf("err = %v, want *zoom.RateLimitError", err)
		}
		if rl.Kind != zoom.RateLimitAccountDaily || !rl.ResetAt.Equal(midnight) || rl.Category != "Heavy" {
			t.Fatalf("got %+v, want account daily, Heavy, reset %v", rl, midnight)
		}
		sent := len(rec.api()) - before
		if !rl.Local && sent != 1 {
			t.Fatalf("%d requests for the refused call, want 1 (no retry)", sent)
		}
		if rl.Local && sent != 0 {
			t.Fatalf("refused locally but %d requests sent", sent)
		}
		// Known spent now: refused without sending, until the reset.
		before = len(rec.api())
		_, err = c.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, body(registrants(1, "d-again")))
		if !errors.As(err, &rl) || !rl.Local || rl.Kind != zoom.RateLimitAccountDaily {
			t.Fatalf("err = %v, want a local account-daily refusal", err)
		}
		if n := len(rec.api()) - before; n != 0 {
			t.Fatalf("%d requests sent after the budget was known spent", n)
		}
		// A client that has not seen the headers (its own pacer) asks, gets
		// Zoom's Daily-limit 429 once, does not retry, and then knows too.
		rec2 := newRecorder()
		c2 := mockClient(t, srv, rec2, zoom.WithClock(clock.Now))
		_, err = c2.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, body(registrants(1, "d-fresh")))
		if !errors.As(err, &rl) || rl.Local || rl.Kind != zoom.RateLimitAccountDaily || !rl.ResetAt.Equal(midnight) || rl.Limit != 2 || rl.Remaining != 0 {
			t.Fatalf("err = %v (%+v), want Zoom's account-daily 429", err, rl)
		}
		if got := rec2.statuses(); len(got) != 1 || got[0] != 429 {
			t.Fatalf("statuses %v, want one 429", got)
		}
		_, err = c2.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, body(registrants(1, "d-fresh2")))
		if !errors.As(err, &rl) || !rl.Local || len(rec2.api()) != 1 {
			t.Fatalf("err = %v after %d requests, want a local refusal", err, len(rec2.api()))
		}
		clock.Advance(midnight.Sub(clock.Now()) + time.Second)
		if _, err := c.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, body(registrants(1, "d-tomorrow"))); err != nil {
			t.Fatalf("after the reset: %v", err)
		}
	})

	t.Run("per registrant", func(t *testing.T) {
		clock := newFakeClock()
		srv := zoomtest.NewServer(t, zoomtest.Options{Clock: clock.Now})
		rec := newRecorder()
		c := mockClient(t, srv, rec, zoom.WithClock(clock.Now))
		b := body(registrants(2, "thrice"))
		for range 3 {
			_, err := c.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, b)
			must(t, err)
		}
		before := len(rec.api())
		_, err := c.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, b)
		var rl *zoom.RateLimitError
		if !errors.As(err, &rl) {
			t.Fatalf("err = %v, want *zoom.RateLimitError", err)
		}
		want := time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC)
		if rl.Kind != zoom.RateLimitRegistrantDaily || rl.Registrant != "thrice0@example.com" || !rl.ResetAt.Equal(want) {
			t.Fatalf("got kind %v registrant %q reset %v", rl.Kind, rl.Registrant, rl.ResetAt)
		}
		if n := len(rec.api()) - before; n != 1 {
			t.Fatalf("%d requests, want 1 (never retried)", n)
		}
		var ze *zoom.Error
		if !errors.As(err, &ze) || ze.StatusCode != 429 {
			t.Fatalf("errors.As *Error: %v", err)
		}
		// A per-registrant limit says nothing about the account's budget.
		if _, err := c.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, body(registrants(1, "other"))); err != nil {
			t.Fatalf("another registrant after a per-registrant 429: %v", err)
		}
	})
}

func TestServerErrorsRetried(t *testing.T) {
	srv := zoomtest.NewServer(t, zoomtest.Options{Seed: 3, Faults: zoomtest.Faults{ServerErrorRate: 0.5}})
	rec := newRecorder()
	c := mockClient(t, srv, rec, zoom.WithRetry(fastRetry(20)))
	for i := range 8 {
		_, err := c.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, body(registrants(1, fmt.Sprintf("s%d-", i))))
		must(t, err)
	}
	seen := map[int]int{}
	for _, s := range rec.statuses() {
		seen[s]++
	}
	if seen[502]+seen[503] == 0 || seen[201] != 8 {
		t.Fatalf("statuses %v", rec.statuses())
	}
}

func TestServerErrorsExhausted(t *testing.T) {
	srv := zoomtest.NewServer(t, zoomtest.Options{Faults: zoomtest.Faults{ServerErrorRate: 1}})
	rec := newRecorder()
	c := mockClient(t, srv, rec, zoom.WithRetry(fastRetry(3)))
	_, err := c.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, body(registrants(1, "x")))
	if !errors.Is(err, zoom.ErrOutcomeUnknown) {
		t.Fatalf("POST after 5xx retries: %v, want ErrOutcomeUnknown", err)
	}
	var ze *zoom.Error
	if !errors.As(err, &ze) || (ze.StatusCode != 502 && ze.StatusCode != 503) {
		t.Fatalf("want the last *zoom.Error inside, got %v", err)
	}
	if n := len(rec.api()); n != 3 {
		t.Fatalf("%d requests, want 3", n)
	}
	// A GET is retried just the same and ends in the plain *Error.
	var gotErr error
	for _, gerr := range c.MeetingRegistrants(t.Context(), zoomtest.MeetingScheduled, gen.RegistrantStatusApproved) {
		gotErr = gerr
		break
	}
	if errors.Is(gotErr, zoom.ErrOutcomeUnknown) || !errors.As(gotErr, &ze) {
		t.Fatalf("GET: %v", gotErr)
	}
}

func TestContextCancelStopsRetries(t *testing.T) {
	srv := zoomtest.NewServer(t, zoomtest.Options{Faults: zoomtest.Faults{ServerErrorRate: 1}})
	rec := newRecorder()
	c := mockClient(t, srv, rec, zoom.WithRetry(zoom.RetryPolicy{MaxAttempts: 1000, BaseDelay: 20 * time.Millisecond, MaxDelay: 40 * time.Millisecond}))
	ctx, cancel := context.WithTimeout(t.Context(), 250*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.PerformBatchRegistration(ctx, zoomtest.MeetingScheduled, body(registrants(1, "x")))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the deadline", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("took %v after a 250ms deadline", d)
	}
	if n := len(rec.api()); n < 2 || n > 60 {
		t.Fatalf("%d requests in 250ms with 20-40ms backoff", n)
	}
}

func TestConnectionLostAfterCommitIsOutcomeUnknown(t *testing.T) {
	srv := zoomtest.NewServer(t, zoomtest.Options{Faults: zoomtest.Faults{DropAfterCommitRate: 1}})
	rec := newRecorder()
	c := mockClient(t, srv, rec)
	b := body(registrants(2, "drop"))
	_, err := c.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, b)
	if !errors.Is(err, zoom.ErrOutcomeUnknown) {
		t.Fatalf("err = %v, want ErrOutcomeUnknown", err)
	}
	if n := srv.Registrations(zoomtest.MeetingScheduled, "drop0@example.com"); n != 1 {
		t.Fatalf("registered %d times, want 1: an unknown outcome must not be re-sent", n)
	}
	// Reconcile: the registrant is there.
	found := false
	for r, err := range c.MeetingRegistrants(t.Context(), zoomtest.MeetingScheduled, gen.RegistrantStatusApproved) {
		must(t, err)
		found = found || (r.Email != "" && r.Email == "drop1@example.com")
	}
	if !found {
		t.Fatal("reconciliation did not find the committed registrant")
	}
	// Opting in re-sends, and shows why it is not the default: each
	// re-send costs the registrant one of its three registrations a day,
	// and the fourth attempt is refused for the day.
	_, err = c.PerformBatchRegistration(zoom.WithResendOnUnknownOutcome(t.Context()), zoomtest.MeetingScheduled, body(registrants(1, "optin")))
	var rl *zoom.RateLimitError
	if !errors.As(err, &rl) || rl.Kind != zoom.RateLimitRegistrantDaily {
		t.Fatalf("err = %v, want the per-registrant limit after three re-sends", err)
	}
	if n := srv.Registrations(zoomtest.MeetingScheduled, "optin0@example.com"); n != 3 {
		t.Fatalf("opted in, registered %d times, want 3", n)
	}
}

func TestValidationSendsNothing(t *testing.T) {
	srv := zoomtest.NewServer(t, zoomtest.Options{})
	good := registrants(3, "v")
	with := func(i int, f func(*gen.PerformBatchRegistrationRequestRegistrantsItem)) []gen.PerformBatchRegistrationRequestRegistrantsItem {
		regs := append([]gen.PerformBatchRegistrationRequestRegistrantsItem(nil), good...)
		f(&regs[i])
		return regs
	}
	tests := []struct {
		name  string
		regs  []gen.PerformBatchRegistrationRequestRegistrantsItem
		index int
		field string
	}{
		{"none", nil, -1, "registrants"},
		{"31", registrants(31, "many"), -1, "registrants"},
		{"missing email", with(1, func(r *gen.PerformBatchRegistrationRequestRegistrantsItem) { r.Email = "" }), 1, "email"},
		{"not an address", with(2, func(r *gen.PerformBatchRegistrationRequestRegistrantsItem) { r.Email = "ada at example.com" }), 2, "email"},
		{"no domain dot", with(0, func(r *gen.PerformBatchRegistrationRequestRegistrantsItem) { r.Email = "ada@localhost" }), 0, "email"},
		{"two @", with(0, func(r *gen.PerformBatchRegistrationRequestRegistrantsItem) { r.Email = "a@b@example.com" }), 0, "email"},
		{"missing first name", with(2, func(r *gen.PerformBatchRegistrationRequestRegistrantsItem) { r.FirstName = "  " }), 2, "first_name"},
		{"duplicate email", with(2, func(r *gen.PerformBatchRegistrationRequestRegistrantsItem) { r.Email = "V0@Example.com" }), 2, "email"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := newRecorder()
			c := mockClient(t, srv, rec)
			_, err := c.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, body(tt.regs))
			var ve *zoom.ValidationError
			if !errors.As(err, &ve) || ve.Index != tt.index || ve.Field != tt.field {
				t.Fatalf("err = %v, want a ValidationError at %d %s", err, tt.index, tt.field)
			}
			if len(rec.reqs) != 0 {
				t.Fatalf("%d requests sent", len(rec.reqs))
			}
		})
	}
}

// Both wire formats pass the mock's OpenAPI validation and register the
// same people; results come back in request order.
func TestJSONAndMultipartAccepted(t *testing.T) {
	srv := zoomtest.NewServer(t, zoomtest.Options{})
	for _, tc := range []struct {
		name string
		opts []zoom.Option
		ct   string
	}{
		{"json", nil, "application/json"},
		{"multipart", []zoom.Option{zoom.WithMultipart()}, "multipart/form-data"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := newRecorder()
			c := mockClient(t, srv, rec, tc.opts...)
			regs := registrants(30, tc.name)
			res, err := c.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, body(regs))
			must(t, err)
			if len(res.Registrants) != 30 {
				t.Fatalf("%d results", len(res.Registrants))
			}
			for i, r := range res.Registrants {
				if !strings.EqualFold(r.Email, string(regs[i].Email)) || r.RegistrantID == "" || r.JoinURL == "" {
					t.Fatalf("result %d = %+v for %s", i, r, regs[i].Email)
				}
			}
			if got := rec.api()[0].ContentType; !strings.HasPrefix(got, tc.ct) {
				t.Fatalf("Content-Type %q, want %s", got, tc.ct)
			}
			if n := srv.Registrations(zoomtest.MeetingScheduled, string(regs[29].Email)); n != 1 {
				t.Fatalf("mock registered the last one %d times", n)
			}
		})
	}
}

func TestMeetingErrorsTyped(t *testing.T) {
	srv := zoomtest.NewServer(t, zoomtest.Options{})
	rec := newRecorder()
	c := mockClient(t, srv, rec)
	tests := []struct {
		meeting int64
		is      func(error) bool
		status  int
		code    int
	}{
		{zoomtest.MeetingMissing, zoom.IsMeetingNotFound, 404, zoom.CodeMeetingDoesNotExist},
		{zoomtest.MeetingInstant, zoom.IsNotScheduledMeeting, 400, zoom.CodeThisAPICanOnlyBeUsedForScheduledMeeting},
		{zoomtest.MeetingRecurring, zoom.IsNotScheduledMeeting, 400, zoom.CodeThisAPICanOnlyBeUsedForScheduledMeeting},
		{zoomtest.MeetingOver, zoom.IsMeetingOver, 400, zoom.CodeMeetingIsOver},
		{zoomtest.MeetingFull, zoom.IsMeetingFull, 0, zoom.CodeMeetingHasReachedMaximumAttendeeCapacity},
		{zoomtest.MeetingNoRegistration, zoom.IsRegistrationDisabled, 404, zoom.CodeRegistrationHasNotBeenEnabledForThisMeeting},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.meeting), func(t *testing.T) {
			before := len(rec.api())
			_, err := c.PerformBatchRegistration(t.Context(), tt.meeting, body(registrants(1, "e")))
			var ze *zoom.Error
			if !errors.As(err, &ze) || !tt.is(err) || ze.Code != tt.code {
				t.Fatalf("err = %v, want code %d", err, tt.code)
			}
			if tt.status != 0 && ze.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", ze.StatusCode, tt.status)
			}
			if ze.TrackingID == "" || ze.Message == "" || ze.Operation != "performBatchRegistration" {
				t.Fatalf("incomplete error %+v", ze)
			}
			if n := len(rec.api()) - before; n != 1 {
				t.Fatalf("%d requests: a 4xx must not be retried", n)
			}
		})
	}
}

func TestMeetingRegistrantsAllPages(t *testing.T) {
	srv := zoomtest.NewServer(t, zoomtest.Options{})
	rec := newRecorder()
	c := mockClient(t, srv, rec)
	const n = 650
	for i := 0; i < n; i += 30 {
		k := min(30, n-i)
		_, err := c.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, body(registrants(k, fmt.Sprintf("p%d-", i))))
		must(t, err)
	}
	before := len(rec.api())
	seen := map[string]bool{}
	for r, err := range c.MeetingRegistrants(t.Context(), zoomtest.MeetingScheduled, gen.RegistrantStatusApproved) {
		must(t, err)
		seen[strings.ToLower(r.Email)] = true
	}
	if len(seen) != n {
		t.Fatalf("%d distinct registrants, want %d", len(seen), n)
	}
	if pages := len(rec.api()) - before; pages != 3 {
		t.Fatalf("%d page requests, want 3 (page size 300)", pages)
	}
	// Breaking out early stops fetching.
	before = len(rec.api())
	for range c.MeetingRegistrants(t.Context(), zoomtest.MeetingScheduled, gen.RegistrantStatusApproved) {
		break
	}
	if pages := len(rec.api()) - before; pages != 1 {
		t.Fatalf("%d page requests after an early break, want 1", pages)
	}
}

func TestUserOAuthWithPKCEAndRotatingRefresh(t *testing.T) {
	clock := newFakeClock()
	srv := zoomtest.NewServer(t, zoomtest.Options{Clock: clock.Now, TokenTTL: time.Hour})
	creds := zoomtest.DemoCredentials
	const redirect = "http://127.0.0.1/callback"
	cfg := zoom.UserOAuthConfig(creds.ClientID, creds.ClientSecret, redirect, "meeting:write")
	cfg.Endpoint.AuthURL, cfg.Endpoint.TokenURL = srv.AuthURL(), srv.TokenURL()

	verifier := oauth2.GenerateVerifier()
	if u := cfg.AuthCodeURL("state", oauth2.S256ChallengeOption(verifier)); !strings.Contains(u, "code_challenge_method=S256") {
		t.Fatalf("auth URL without PKCE: %s", u)
	}
	sum := sha256.Sum256([]byte(verifier))
	code := srv.AuthorizationCode(redirect, base64.RawURLEncoding.EncodeToString(sum[:]))
	tok, err := cfg.Exchange(t.Context(), code, oauth2.VerifierOption(verifier))
	must(t, err)
	if tok.RefreshToken == "" {
		t.Fatal("no refresh token")
	}

	var persisted []*oauth2.Token
	persist := func(_ context.Context, nt *oauth2.Token) error {
		persisted = append(persisted, nt)
		return nil
	}
	rec := newRecorder()
	c, err := zoom.NewClient(zoom.WithUserOAuth(cfg, tok, persist), zoom.WithBaseURL(srv.BaseURL()),
		zoom.WithHTTPClient(rec.client()), zoom.WithClock(clock.Now), zoom.WithPlan(zoom.PlanUnlimited))
	must(t, err)
	_, err = c.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, body(registrants(1, "u1")))
	must(t, err)
	if len(persisted) != 0 {
		t.Fatalf("persisted %d tokens before any refresh", len(persisted))
	}
	clock.Advance(58 * time.Minute)
	_, err = c.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, body(registrants(1, "u2")))
	must(t, err)
	if len(persisted) != 1 || persisted[0].RefreshToken == "" || persisted[0].RefreshToken == tok.RefreshToken {
		t.Fatalf("persisted %d tokens; want one with a new refresh token", len(persisted))
	}
	// The old refresh token is dead now; x/oauth2's error keeps Zoom's reason.
	_, err = cfg.TokenSource(t.Context(), &oauth2.Token{RefreshToken: tok.RefreshToken}).Token()
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || !bytes.Contains(re.Body, []byte("Invalid Token!")) {
		t.Fatalf("old refresh token: %v", err)
	}
	// A persist failure keeps the new token from being used.
	clock.Advance(2 * time.Hour)
	var diskFull atomic.Bool
	diskFull.Store(true)
	var saved *oauth2.Token
	failing := zoom.PersistTokenFunc(func(_ context.Context, nt *oauth2.Token) error {
		if diskFull.Load() {
			return errors.New("disk full")
		}
		saved = nt
		return nil
	})
	rec2 := newRecorder()
	c2, err := zoom.NewClient(zoom.WithUserOAuth(cfg, persisted[0], failing), zoom.WithBaseURL(srv.BaseURL()),
		zoom.WithHTTPClient(rec2.client()), zoom.WithClock(clock.Now))
	must(t, err)
	_, err = c2.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, body(registrants(1, "u3")))
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err = %v, want the persist failure", err)
	}
	for _, r := range rec2.api() {
		if r.Auth != "Bearer "+persisted[0].AccessToken {
			t.Fatal("an API request was sent with a token that was not persisted")
		}
	}
	// Once saving works again, the rotated token is saved and used: no
	// new authorization, no further refresh.
	diskFull.Store(false)
	tokenRequests := srv.TokenRequests()
	_, err = c2.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, body(registrants(1, "u4")))
	must(t, err)
	if saved == nil || srv.TokenRequests() != tokenRequests {
		t.Fatalf("saved %v, %d more token requests; want the kept token saved and used", saved != nil, srv.TokenRequests()-tokenRequests)
	}
	if last := rec2.api()[len(rec2.api())-1]; last.Auth != "Bearer "+saved.AccessToken || last.Status != 201 {
		t.Fatalf("last request status %d, not with the saved token", last.Status)
	}
}

// No secret — client secret, access or refresh token, or a join URL's
// tk= — appears in debug logs or error strings, across success, 401
// replay, validation, Zoom errors and a token failure.
func TestSecretsNeverInLogsOrErrors(t *testing.T) {
	clock := newFakeClock()
	srv := zoomtest.NewServer(t, zoomtest.Options{Clock: clock.Now})
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	rec := newRecorder()
	c := mockClient(t, srv, rec, zoom.WithLogger(logger))
	var errs []string
	var joinURLs []string
	res, err := c.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, body(registrants(3, "secret")))
	must(t, err)
	for _, r := range res.Registrants {
		joinURLs = append(joinURLs, r.JoinURL)
	}
	clock.Advance(2 * time.Hour) // forces a 401 and a replay with a new token
	_, err = c.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, body(registrants(1, "secret-b")))
	must(t, err)
	for _, m := range []int64{zoomtest.MeetingMissing, zoomtest.MeetingOver} {
		_, err := c.PerformBatchRegistration(t.Context(), m, body(registrants(1, "secret-c")))
		errs = append(errs, err.Error())
	}
	bad, err := zoom.NewClient(zoom.WithServerToServer("acct", "id", "the-bad-secret-123"), zoom.WithTokenURL(srv.TokenURL()),
		zoom.WithBaseURL(srv.BaseURL()), zoom.WithLogger(logger))
	must(t, err)
	_, err = bad.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, body(registrants(1, "z")))
	errs = append(errs, err.Error())

	secrets := []string{zoomtest.DemoCredentials.ClientSecret, "the-bad-secret-123"}
	for _, r := range rec.reqs {
		if tok, ok := strings.CutPrefix(r.Auth, "Bearer "); ok {
			secrets = append(secrets, tok)
		}
	}
	for _, u := range joinURLs {
		_, tk, ok := strings.Cut(u, "tk=")
		if !ok {
			t.Fatalf("join URL without tk: %s", u)
		}
		secrets = append(secrets, tk)
	}
	if len(secrets) < 6 || logs.Len() == 0 {
		t.Fatalf("test saw too little: %d secrets, %d bytes of logs", len(secrets), logs.Len())
	}
	all := logs.String() + strings.Join(errs, "\n")
	for _, s := range secrets {
		if strings.Contains(all, s) {
			t.Errorf("secret %.4s… appears in logs or errors", s)
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		if !strings.Contains(line, "tracking_id=") {
			t.Errorf("log line without tracking_id: %s", line)
		}
	}
}

// Pacing on the operation's rate-limit label keeps a busy caller under
// Zoom's per-second limit; without it the same load meets 429s.
func TestPacingKeepsBusyCallersUnderTheLimit(t *testing.T) {
	for _, tc := range []struct {
		plan     zoom.Plan
		want429s bool
	}{
		{zoom.PlanPro, false},      // Heavy paced at 10/s
		{zoom.PlanUnlimited, true}, // not paced
	} {
		t.Run(string(tc.plan), func(t *testing.T) {
			// The mock allows a little more than the preset, so that
			// network jitter cannot make the test flaky.
			srv := zoomtest.NewServer(t, zoomtest.Options{Limits: map[zoomtest.Label]zoomtest.Limit{"Heavy": {PerSecond: 12}}})
			rec := newRecorder()
			c := mockClient(t, srv, rec, zoom.WithPlan(tc.plan), zoom.WithRetry(fastRetry(50)))
			start := time.Now()
			var wg sync.WaitGroup
			for w := range 5 {
				wg.Go(func() {
					for i := range 5 {
						_, err := c.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, body(registrants(1, fmt.Sprintf("pace%d-%d-", w, i))))
						if err != nil && !tc.want429s { // unpaced, retries may run out
							t.Error(err)
						}
					}
				})
			}
			wg.Wait()
			n429 := 0
			for _, s := range rec.statuses() {
				if s == 429 {
					n429++
				}
			}
			if got := n429 > 0; got != tc.want429s {
				t.Fatalf("%d 429s in %v (statuses %v)", n429, time.Since(start), rec.statuses())
			}
			if !tc.want429s && time.Since(start) < time.Second {
				t.Fatalf("25 Heavy calls in %v: not paced at 10/s", time.Since(start))
			}
		})
	}
}

// A client configured for exactly the limit the server enforces (the same
// 10/s, no headroom) must neither collect QPS 429s nor fall below the
// rate: with a burst of 10 at exactly 10/s the 11th request reached the
// mock a hair before its bucket refilled, and the 429 halved the pace for
// 30 s (bulk.Register at 150 instead of 300 registrants/s).
func TestPacingAtTheServersExactLimit(t *testing.T) {
	srv := zoomtest.NewServer(t, zoomtest.Options{Limits: map[zoomtest.Label]zoomtest.Limit{"Heavy": {PerSecond: 10}}})
	rec := newRecorder()
	c := mockClient(t, srv, rec, zoom.WithRateLimit("Heavy", 10, 0), zoom.WithRetry(fastRetry(5)))
	const calls = 40
	start := time.Now()
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range calls / 4 {
				_, err := c.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, body(registrants(1, fmt.Sprintf("exact%d-%d-", w, i))))
				if err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	n429 := 0
	for _, s := range rec.statuses() {
		if s == 429 {
			n429++
		}
	}
	if n429 > 0 {
		t.Fatalf("%d QPS 429s at the server's own limit (statuses %v)", n429, rec.statuses())
	}
	// Paced 2% under 10/s with no burst: 39 gaps of 1/9.8 s ≈ 3.98 s.
	if lo, hi := 39*time.Second/10, 39*time.Second*10/98+time.Second/2; elapsed < lo || elapsed > hi {
		t.Fatalf("%d calls in %v, want between %v and %v", calls, elapsed, lo, hi)
	}
}

// A token that lives less than the refresh margin is still reused for
// half its life, not fetched anew for every call.
func TestShortLivedTokenReused(t *testing.T) {
	clock := newFakeClock()
	srv := zoomtest.NewServer(t, zoomtest.Options{Clock: clock.Now, TokenTTL: 2 * time.Minute})
	rec := newRecorder()
	c := mockClient(t, srv, rec, zoom.WithClock(clock.Now))
	for i := range 4 {
		_, err := c.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, body(registrants(1, fmt.Sprintf("short%d-", i))))
		must(t, err)
		clock.Advance(14 * time.Second)
	}
	if n := srv.TokenRequests(); n != 1 {
		t.Fatalf("token requests = %d in the first minute of a 2-minute token, want 1", n)
	}
	clock.Advance(10 * time.Second) // past half its life
	_, err := c.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, body(registrants(1, "short-late")))
	must(t, err)
	if n := srv.TokenRequests(); n != 2 {
		t.Fatalf("token requests = %d after half the lifetime, want 2", n)
	}
}
