package bulk_test

import (
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"testing"
	"time"

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
		{"limit10", zoomtest.Options{Limits: map[zoomtest.Label]zoomtest.Limit{"Heavy": {PerSecond: 10}}}, []zoom.Option{zoom.WithRateLimit("Heavy", 10, 0)}, 900, false},
		// The same mock with the client configured 2% under the limit (and
		// pacing 2% under that): shows what a larger margin would cost
		// (ceiling 288/s).
		{"limit10_client9.8", zoomtest.Options{Limits: map[zoomtest.Label]zoomtest.Limit{"Heavy": {PerSecond: 10}}}, []zoom.Option{zoom.WithRateLimit("Heavy", 9.8, 0)}, 900, false},
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

// BenchmarkExport streams every registrant of a webinar seeded with n
// registrants (a third each approved, pending and denied) to io.Discard
// through the client and the mock over loopback. B/registrant is the
// allocation per registrant (the in-process mock's included, as in
// B/op); peak-live-MB is how far the heap the garbage collector
// found live rose above what it was before the export (the mock's
// registrants are in both, so they cancel out), sampled every
// millisecond: the same for 10k and 100k means the export holds a page
// at a time, not the list.
//
//	go test -run '^$' -bench Export -benchmem ./bulk
func BenchmarkExport(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("registrants=%d", n), func(b *testing.B) {
			srv := zoomtest.NewServer(b, zoomtest.Options{})
			c := bulkClient(b, srv, zoom.WithPlan(zoom.PlanUnlimited))
			seed := make([]zoomtest.Registrant, n)
			statuses := []string{"approved", "pending", "denied"}
			for i := range seed {
				seed[i] = zoomtest.Registrant{Email: fmt.Sprintf("export%06d@example.com", i), FirstName: "First", LastName: "Last", Status: statuses[i%3]}
			}
			srv.AddRegistrants(zoomtest.WebinarScheduled, seed)
			seed = nil
			target := bulk.Webinar(zoomtest.WebinarScheduled)
			if _, err := bulk.Export(b.Context(), c, target, io.Discard, bulk.ExportOptions{}); err != nil { // token, connections
				b.Fatal(err)
			}
			runtime.GC()
			base := heapLive()
			var peak atomic.Uint64
			done := make(chan struct{})
			go func() {
				t := time.NewTicker(time.Millisecond)
				defer t.Stop()
				for {
					select {
					case <-done:
						return
					case <-t.C:
						if h := heapLive(); h > peak.Load() {
							peak.Store(h)
						}
					}
				}
			}()
			var before runtime.MemStats
			runtime.ReadMemStats(&before)
			b.ResetTimer()
			for b.Loop() {
				got, err := bulk.Export(b.Context(), c, target, io.Discard, bulk.ExportOptions{})
				if err != nil || got != n {
					b.Fatalf("exported %d of %d: %v", got, n, err)
				}
			}
			b.StopTimer()
			close(done)
			var after runtime.MemStats
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N*n), "B/registrant")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/registrant")
			if p := peak.Load(); p > base {
				b.ReportMetric(float64(p-base)/(1<<20), "peak-live-MB")
			} else {
				b.ReportMetric(0, "peak-live-MB")
			}
		})
	}
}

// heapLive is the heap the last GC found live (garbage excluded), read
// without stopping the world.
func heapLive() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}
