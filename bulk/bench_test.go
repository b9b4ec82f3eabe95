package bulk_test

import (
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/zoomgen/zoom"
	"github.com/zoomgen/zoom/bulk"
	"github.com/zoomgen/zoom/zoomtest"
)

// BenchmarkRegister measures registrants per second through the whole
// stack (engine, client pacing, HTTP on loopback, the mock):
//
//   - limit10: the mock allows 10 batch registrations a second (Zoom's
//     Heavy label on a Pro account) and the client paces for that; the
//     ceiling is 10 × 30 = 300 registrants/s.
//   - limit10_client9.8: the same, with the client configured for 9.8/s
//     (it paces 2% under that).
//   - unlimited: no limits anywhere; what the machine can do.
//   - unlimited_journal: the same with a journal (fsynced per batch).
//
// Each iteration registers a fresh list for a fresh meeting, so the
// registrant list the engine reconciles against starts empty each time
// (its two listing requests are part of the cost). The 429s metric counts
// the QPS refusals the mock answered during the whole sub-benchmark.
//
//	go test -run '^$' -bench Register -count 6 ./bulk | go tool -modfile=tools/go.mod benchstat -
func BenchmarkRegister(b *testing.B) {
	var meeting atomic.Int64
	meeting.Store(82000000000)
	for _, bc := range []struct {
		name   string
		server zoomtest.Options
		client []zoom.Option
		n      int
		jnl    bool
	}{
		{"limit10", zoomtest.Options{Limits: map[string]zoomtest.Limit{"Heavy": {PerSecond: 10}}}, []zoom.Option{zoom.WithRateLimit("Heavy", 10, 0)}, 900, false},
		// The same mock with the client configured 2% under the limit (and
		// pacing 2% under that): shows what a larger margin would cost
		// (ceiling 288/s).
		{"limit10_client9.8", zoomtest.Options{Limits: map[string]zoomtest.Limit{"Heavy": {PerSecond: 10}}}, []zoom.Option{zoom.WithRateLimit("Heavy", 9.8, 0)}, 900, false},
		{"unlimited", zoomtest.Options{}, []zoom.Option{zoom.WithPlan(zoom.PlanUnlimited)}, 10000, false},
		// With a journal: two fsyncs per batch are the price of resuming
		// after kill -9.
		{"unlimited_journal", zoomtest.Options{}, []zoom.Option{zoom.WithPlan(zoom.PlanUnlimited)}, 10000, true},
	} {
		b.Run(bc.name, func(b *testing.B) {
			srv := zoomtest.NewServer(b, bc.server)
			c := bulkClient(b, srv, bc.client...)
			in := bulkPeople("bench", bc.n)
			// Warm up untimed: the token fetch and connection set-up, which
			// a long job pays once.
			warm := meeting.Add(1)
			srv.AddMeeting(zoomtest.Meeting{ID: warm, Topic: "warm-up", Type: 2})
			if _, err := bulk.Register(b.Context(), c, warm, in[:min(len(in), 300)], bulk.Options{Concurrency: 8}); err != nil {
				b.Fatal(err)
			}
			total := 0
			for b.Loop() {
				id := meeting.Add(1)
				srv.AddMeeting(zoomtest.Meeting{ID: id, Topic: "bench", Type: 2})
				opts := bulk.Options{Concurrency: 8}
				if bc.jnl {
					opts.Journal = filepath.Join(b.TempDir(), "run.jsonl")
				}
				rep, err := bulk.Register(b.Context(), c, id, in, opts)
				if err != nil || rep.Registered != bc.n {
					b.Fatalf("registered %d of %d: %v", rep.Registered, bc.n, err)
				}
				total += bc.n
			}
			b.ReportMetric(float64(total)/b.Elapsed().Seconds(), "registrants/s")
			// QPS 429s mean the client's pacing and the mock's count of a
			// second disagree; each costs a backoff.
			n429 := 0
			for _, r := range srv.Requests() {
				if r.Status == 429 {
					n429++
				}
			}
			b.ReportMetric(float64(n429), "429s")
		})
	}
}
