package zoom_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zoomgen/zoom"
	"github.com/zoomgen/zoom/gen"
)

func ptr[T any](v T) *T { return &v }

// fakeClock is a settable clock shared by a mock and a client.
type fakeClock struct{ ns atomic.Int64 }

func newFakeClock() *fakeClock {
	c := &fakeClock{}
	c.ns.Store(time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC).UnixNano())
	return c
}
func (c *fakeClock) Now() time.Time          { return time.Unix(0, c.ns.Load()).UTC() }
func (c *fakeClock) Advance(d time.Duration) { c.ns.Add(int64(d)) }

// recorder is an http.RoundTripper that records what went over the wire,
// so tests can count requests and look at statuses without trusting the
// client's own account of it.
type recorder struct {
	rt   http.RoundTripper
	mu   sync.Mutex
	reqs []recorded
}

type recorded struct {
	Method, Path, Query, Auth, ContentType string
	Status                                 int // 0: no answer
}

func newRecorder() *recorder { return &recorder{rt: http.DefaultTransport.(*http.Transport).Clone()} }

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.rt.RoundTrip(req)
	rec := recorded{Method: req.Method, Path: req.URL.EscapedPath(), Query: req.URL.RawQuery,
		Auth: req.Header.Get("Authorization"), ContentType: req.Header.Get("Content-Type")}
	if resp != nil {
		rec.Status = resp.StatusCode
	}
	r.mu.Lock()
	r.reqs = append(r.reqs, rec)
	r.mu.Unlock()
	return resp, err
}

func (r *recorder) client() *http.Client { return &http.Client{Transport: r} }

// api returns the recorded requests to the API (not the token endpoint).
func (r *recorder) api() []recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []recorded
	for _, q := range r.reqs {
		if strings.HasPrefix(q.Path, "/v2/") {
			out = append(out, q)
		}
	}
	return out
}

func (r *recorder) statuses() []int {
	var s []int
	for _, q := range r.api() {
		s = append(s, q.Status)
	}
	return s
}

func registrants(n int, prefix string) []gen.PerformBatchRegistrationRequestRegistrantsItem {
	out := make([]gen.PerformBatchRegistrationRequestRegistrantsItem, n)
	for i := range out {
		out[i] = gen.PerformBatchRegistrationRequestRegistrantsItem{
			Email:     fmt.Sprintf("%s%d@example.com", prefix, i),
			FirstName: fmt.Sprintf("First%d", i),
			LastName:  fmt.Sprintf("Last%d", i),
		}
	}
	return out
}

func body(regs []gen.PerformBatchRegistrationRequestRegistrantsItem) gen.PerformBatchRegistrationRequest {
	return gen.PerformBatchRegistrationRequest{Registrants: regs, AutoApprove: true}
}

// fastRetry keeps retry tests quick.
func fastRetry(attempts int) zoom.RetryPolicy {
	return zoom.RetryPolicy{MaxAttempts: attempts, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
