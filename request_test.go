package zoom_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/zoomgen/zoom"
	"github.com/zoomgen/zoom/gen"
	"github.com/zoomgen/zoom/zoomtest"
)

// NewRequest/Do reach a documented endpoint with the client's auth and
// decode into the caller's own type, retrying proxy failures as a
// generated call would.
func TestNewRequestDoAgainstMock(t *testing.T) {
	t.Parallel()
	srv := zoomtest.NewServer(t, zoomtest.Options{Seed: 7, Faults: zoomtest.Faults{ServerErrorRate: 0.5}})
	rec := newRecorder()
	c := mockClient(t, srv, rec, zoom.WithRetry(fastRetry(20)))
	ctx := t.Context()

	var m struct {
		ID    int64  `json:"id"`
		Topic string `json:"topic"`
	}
	for range 4 {
		req, err := c.NewRequest(ctx, http.MethodGet, fmt.Sprintf("/meetings/%d", zoomtest.MeetingScheduled), nil)
		must(t, err)
		resp, err := c.Do(req, &m)
		must(t, err)
		if resp.StatusCode != http.StatusOK || m.ID != zoomtest.MeetingScheduled || m.Topic == "" {
			t.Fatalf("status %d, decoded %+v", resp.StatusCode, m)
		}
		if b, _ := io.ReadAll(resp.Body); !strings.Contains(string(b), `"topic"`) {
			t.Fatalf("the returned body cannot be read again: %q", b)
		}
	}
	seen := map[int]int{}
	for _, r := range rec.api() {
		seen[r.Status]++
		if !strings.HasPrefix(r.Auth, "Bearer ") || len(r.Auth) < len("Bearer ")+8 {
			t.Fatalf("request sent without the client's token: %+v", r)
		}
	}
	if seen[200] != 4 || seen[502]+seen[503] == 0 {
		t.Fatalf("statuses %v: want 4 successes after retried 502/503s", seen)
	}

	// A body goes out as JSON; the answer decodes like the generated one.
	req, err := c.NewRequest(ctx, http.MethodPost, fmt.Sprintf("/meetings/%d/batch_registrants", zoomtest.MeetingScheduled),
		gen.BatchRegistrationRequest{Registrants: []gen.Registrant{{Email: "hatch@example.com", FirstName: "Hatch"}}})
	must(t, err)
	var res gen.BatchRegistrationResult
	resp, err := c.Do(req, &res)
	must(t, err)
	if resp.StatusCode != http.StatusCreated || len(res.Registrants) != 1 || res.Registrants[0].RegistrantID == "" {
		t.Fatalf("status %d, result %+v", resp.StatusCode, res)
	}
}

// Zoom's errors come back typed from the escape hatch too: a meeting that
// does not exist, and an endpoint the mock (like Zoom) does not have.
func TestNewRequestDoTypedErrors(t *testing.T) {
	t.Parallel()
	srv := zoomtest.NewServer(t, zoomtest.Options{})
	c := mockClient(t, srv, newRecorder())
	ctx := t.Context()

	req, err := c.NewRequest(ctx, http.MethodGet, fmt.Sprintf("/meetings/%d", zoomtest.MeetingMissing), nil)
	must(t, err)
	resp, err := c.Do(req, nil)
	if !zoom.IsMeetingNotFound(err) || resp != nil {
		t.Fatalf("missing meeting: resp %v, err %v", resp, err)
	}
	var ze *zoom.Error
	if !errors.As(err, &ze) || ze.Operation != "getMeeting" || ze.StatusCode != 404 {
		t.Fatalf("want the *Error of getMeeting, got %#v", err)
	}

	req, err = c.NewRequest(zoom.ContextWithLabel(ctx, zoom.LabelLight), http.MethodGet, "/users/me/meetings?type=upcoming", nil)
	must(t, err)
	_, err = c.Do(req, nil)
	if !errors.As(err, &ze) || ze.StatusCode != 404 || ze.Operation != "GET /users/me/meetings" || ze.Code != 404 {
		t.Fatalf("an endpoint the mock lacks: want its typed 404, got %#v", err)
	}
}

// A path that is not in the document goes out with the client's token,
// paced by its label, and any 2xx is its success; against a canned server
// standing in for an endpoint Zoom has and spec/ does not.
func TestNewRequestUndocumentedEndpoint(t *testing.T) {
	t.Parallel()
	var auth []string
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth = append(auth, r.Header.Get("Authorization"))
		if r.URL.Path != "/v2/users/me" || r.URL.Query().Get("login_type") != "100" {
			http.Error(w, "wrong path", http.StatusTeapot)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusAccepted)
		_, _ = io.WriteString(w, `{"id":"u1","email":"me@example.com"}`)
	}))
	defer api.Close()
	// Light at 2/s: the third request waits for the pacer.
	c, err := zoom.NewClient(zoom.WithToken("tok-123"), zoom.WithBaseURL(api.URL+"/v2"), zoom.WithRateLimit(zoom.LabelLight, 2, 0))
	must(t, err)
	ctx := zoom.ContextWithLabel(t.Context(), zoom.LabelLight)
	start := time.Now()
	for range 3 {
		req, err := c.NewRequest(ctx, http.MethodGet, "/users/me?login_type=100", nil)
		must(t, err)
		var me struct{ ID, Email string }
		resp, err := c.Do(req, &me)
		must(t, err)
		if resp.StatusCode != http.StatusAccepted || me.ID != "u1" {
			t.Fatalf("status %d, decoded %+v", resp.StatusCode, me)
		}
	}
	if d := time.Since(start); d < 900*time.Millisecond {
		t.Fatalf("3 Light requests at 2/s took %v: not paced", d)
	}
	for _, a := range auth {
		if a != "Bearer tok-123" {
			t.Fatalf("Authorization %q", a)
		}
	}
}

func TestNewRequestRefusesBadPaths(t *testing.T) {
	t.Parallel()
	c, err := zoom.NewClient(zoom.WithToken("t"))
	must(t, err)
	for _, p := range []string{"users/me", "https://evil.example/v2/users", "//evil.example/x", "/users/../admin", "/users/./me", "/users//me", "/users/me#frag"} {
		if _, err := c.NewRequest(t.Context(), http.MethodGet, p, nil); err == nil {
			t.Errorf("NewRequest(%q) = nil error", p)
		}
	}
	if _, err := c.NewRequest(zoom.ContextWithLabel(t.Context(), "Huge"), http.MethodGet, "/users/me", nil); err == nil {
		t.Error("an unknown label was accepted")
	}
	if _, err := c.NewRequest(context.Background(), http.MethodPost, "/users", func() {}); err == nil {
		t.Error("a body that cannot be JSON was accepted")
	}
}
