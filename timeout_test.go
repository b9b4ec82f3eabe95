package zoom_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/zoomgen/zoom"
	"github.com/zoomgen/zoom/gen"
	"github.com/zoomgen/zoom/zoomtest"
)

// TestRequestTimeout: a server that takes the request and holds the answer
// (the mock's latency spike, 5s) costs one per-attempt timeout, not the
// call. A batch registration that was written and then timed out may have
// been committed (the mock commits before the spike), so it ends "outcome
// unknown" and is not re-sent; an idempotent GET is retried; answers
// within the timeout are unaffected. Each runs with the client's default
// *http.Client and with a caller's that has no Timeout of its own.
func TestRequestTimeout(t *testing.T) {
	t.Parallel()
	const timeout = 250 * time.Millisecond
	spike := zoomtest.Faults{SpikeRate: 1, Spike: 5 * time.Second}
	for _, hc := range []struct {
		name string
		opts []zoom.Option
	}{
		{"default client", nil},
		{"caller's client without Timeout", []zoom.Option{zoom.WithHTTPClient(&http.Client{})}},
	} {
		for _, tt := range []struct {
			name   string
			faults zoomtest.Faults
			call   func(t *testing.T, c *zoom.Client) error
			// attempts is how many requests the mock should have held
			// (spikes); unknown whether the error matches ErrOutcomeUnknown.
			attempts int
			timedOut bool
			unknown  bool
		}{
			{"POST written then held", spike, func(t *testing.T, c *zoom.Client) error {
				_, err := c.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, body(registrants(1, "timeout-")))
				return err
			}, 1, true, true},
			{"GET held", spike, func(t *testing.T, c *zoom.Client) error {
				_, err := c.API().GetMeetingWithResponse(t.Context(), zoomtest.MeetingScheduled, nil)
				return err
			}, 3, true, false},
			{"answers within the timeout", zoomtest.Faults{Latency: 20 * time.Millisecond}, func(t *testing.T, c *zoom.Client) error {
				_, err := c.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, body(registrants(2, "fast-")))
				return err
			}, 0, false, false},
		} {
			t.Run(hc.name+"/"+tt.name, func(t *testing.T) {
				srv := zoomtest.NewServer(t, zoomtest.Options{Faults: tt.faults})
				opts := append([]zoom.Option{zoom.WithToken(srv.IssueToken()), zoom.WithBaseURL(srv.BaseURL()),
					zoom.WithRetry(fastRetry(3)), zoom.WithPlan(zoom.PlanUnlimited), zoom.WithRequestTimeout(timeout)}, hc.opts...)
				c, err := zoom.NewClient(opts...)
				must(t, err)
				start := time.Now()
				err = tt.call(t, c)
				elapsed := time.Since(start)
				if !tt.timedOut {
					if err != nil {
						t.Fatalf("err = %v; want success", err)
					}
					return
				}
				if err == nil || !strings.Contains(err.Error(), "per-attempt timeout") {
					t.Errorf("err = %v; want one naming the per-attempt timeout", err)
				}
				if got := errors.Is(err, zoom.ErrOutcomeUnknown); got != tt.unknown {
					t.Errorf("errors.Is(err, ErrOutcomeUnknown) = %v, want %v (err %v)", got, tt.unknown, err)
				}
				if got := srv.InjectedFaults().Spikes; got != tt.attempts {
					t.Errorf("the mock held %d requests; want %d attempts", got, tt.attempts)
				}
				// Each attempt ends at the timeout, far from the 5s spike.
				if limit := time.Duration(tt.attempts)*timeout + 2*time.Second; elapsed > limit {
					t.Errorf("the call took %v; want under %v", elapsed, limit)
				}
				if tt.unknown {
					// Committed once by the first try; never sent again.
					if n := srv.Registrations(zoomtest.MeetingScheduled, "timeout-0@example.com"); n != 1 {
						t.Errorf("registered %d times; want 1 (committed, not re-sent)", n)
					}
				}
			})
		}
	}
}

// TestRequestTimeoutSilentServer: a server that accepts the connection and
// never says a word (no HTTP at all) fails each attempt at the timeout.
// WithRequestTimeout(0) leaves the bound to the context.
func TestRequestTimeoutSilentServer(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	t.Cleanup(func() { ln.Close() })
	go func() {
		var held []net.Conn // kept open, unread, until the listener closes
		defer func() {
			for _, c := range held {
				c.Close()
			}
		}()
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			held = append(held, conn)
		}
	}()
	base := "http://" + ln.Addr().String() + "/v2"
	for _, tt := range []struct {
		name    string
		timeout time.Duration
		ctx     time.Duration // the caller's bound on the whole call
		want    string
	}{
		{"per-attempt timeout", 200 * time.Millisecond, 10 * time.Second, "per-attempt timeout"},
		{"no timeout: the context decides", 0, 500 * time.Millisecond, "context deadline exceeded"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, err := zoom.NewClient(zoom.WithToken("silent-token"), zoom.WithBaseURL(base), zoom.WithRetry(fastRetry(2)),
				zoom.WithPlan(zoom.PlanUnlimited), zoom.WithRequestTimeout(tt.timeout))
			must(t, err)
			ctx, cancel := context.WithTimeout(t.Context(), tt.ctx)
			defer cancel()
			start := time.Now()
			_, err = c.API().ListMeetingRegistrantsWithResponse(ctx, zoomtest.MeetingScheduled, &gen.ListMeetingRegistrantsParams{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v; want one saying %q", err, tt.want)
			}
			if elapsed := time.Since(start); elapsed > 3*time.Second {
				t.Errorf("the call took %v", elapsed)
			}
		})
	}
}
