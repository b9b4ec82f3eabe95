package zoom

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"
)

func TestPacerDailyBudgets(t *testing.T) {
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	p := NewPacer(PlanPro, nil)
	p.now = func() time.Time { return now }
	ctx := context.Background()

	// A success that reports the Heavy budget spent: Heavy and
	// Resource-intensive (same budget at Zoom) are refused locally until
	// 00:00 UTC; Light is not.
	p.observe("acct", "Heavy", RateLimitHeaders{Category: "Heavy", Limit: 30000, Remaining: 0}, nil)
	for _, label := range []Label{LabelHeavy, LabelResourceIntensive} {
		var rl *RateLimitError
		if err := p.Wait(ctx, "acct", label); !errors.As(err, &rl) || !rl.Local || rl.Limit != 30000 ||
			!rl.ResetAt.Equal(time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC)) {
			t.Fatalf("%s: %v", label, err)
		}
	}
	if err := p.Wait(ctx, "acct", "Light"); err != nil {
		t.Fatalf("Light: %v", err)
	}
	if err := p.Wait(ctx, "other-account", "Heavy"); err != nil {
		t.Fatalf("another account: %v", err)
	}
	if rem, lim := p.Remaining("acct", "Heavy"); rem != 0 || lim != 30000 {
		t.Fatalf("Remaining = %d of %d", rem, lim)
	}
	now = time.Date(2026, 3, 11, 0, 0, 1, 0, time.UTC)
	if err := p.Wait(ctx, "acct", "Heavy"); err != nil {
		t.Fatalf("after the reset: %v", err)
	}
	// Counters adapt to what Zoom reports.
	p.observe("acct", "Medium", RateLimitHeaders{Category: "Medium", Limit: 500, Remaining: 499}, nil)
	if rem, lim := p.Remaining("acct", "Medium"); rem != 499 || lim != 500 {
		t.Fatalf("Medium Remaining = %d of %d", rem, lim)
	}
}

// virtualPacer returns a pacer whose per-second pacing runs on a virtual
// clock that Wait's sleeps advance, so that minutes of pacing take no time.
func virtualPacer(t *testing.T, perSecond float64) (*Pacer, *time.Time) {
	t.Helper()
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	p := NewPacer(PlanPro, map[Label]Limit{"Heavy": {PerSecond: perSecond}})
	p.now = func() time.Time { return now }
	p.clock = p.now
	p.sleep = func(_ context.Context, d time.Duration) error { now = now.Add(d); return nil }
	return p, &now
}

// sendUntil calls Wait back to back until the virtual clock reaches end,
// and returns how many requests it let through.
func sendUntil(t *testing.T, p *Pacer, now *time.Time, end time.Time) int {
	t.Helper()
	n := 0
	for {
		if err := p.Wait(context.Background(), "a", "Heavy"); err != nil {
			t.Fatal(err)
		}
		if now.After(end) {
			return n
		}
		n++
	}
}

func TestPacerStaysUnderTheConfiguredRate(t *testing.T) {
	p, now := virtualPacer(t, 10)
	start := *now
	// No burst: Zoom promises none, so the second request waits.
	for range 2 {
		if err := p.Wait(context.Background(), "a", "Heavy"); err != nil {
			t.Fatal(err)
		}
	}
	if gap, want := now.Sub(start), time.Second*10/98; gap < want-time.Millisecond || gap > want+time.Millisecond {
		t.Fatalf("second request after %v, want %v (no burst, 2%% under 10/s)", gap, want)
	}
	n := sendUntil(t, p, now, start.Add(60*time.Second))
	if want := 60*9.8 - 2; n < int(want)-1 || n > int(want)+1 {
		t.Fatalf("%d requests in 60 s at 10/s, want about %v (98%%)", n+2, want+2)
	}
}

// One QPS 429 (and the others answered to requests already in flight)
// must not cut the sustained rate for long: that halved throughput for 30 s.
func TestPacerOneQPS429CostsLittle(t *testing.T) {
	p, now := virtualPacer(t, 10)
	start := *now
	sendUntil(t, p, now, start.Add(5*time.Second))
	b := p.bucket("a", "Heavy")
	for range 3 {
		p.slowDown("a", "Heavy")
	}
	if got, want := float64(b.lim.Limit()), 9.8*cutFactor; math.Abs(got-want) > 1e-9 {
		t.Fatalf("pace after three 429s at once = %v, want one cut to %v", got, want)
	}
	cut := *now
	n := sendUntil(t, p, now, cut.Add(30*time.Second))
	// At full pace 294; the cut and the 2.5 s climb back cost about 3.
	if n < 288 {
		t.Fatalf("%d requests in the 30 s after one 429, want at least 288 of 294", n)
	}
	if !b.cutAt.IsZero() || float64(b.lim.Limit()) != 9.8 {
		t.Fatalf("pace %v (cut at %v) 30 s after the 429, want back at 9.8", b.lim.Limit(), b.cutAt)
	}
	// Recovered means full pace: the next 10 s carry 98 requests.
	end := *now
	if n := sendUntil(t, p, now, end.Add(10*time.Second)); n < 97 {
		t.Fatalf("%d requests in 10 s after recovering, want 98", n)
	}
}

// A limit that really is lower than configured (other clients of the same
// account) answers a 429 every second: the pace falls until the cuts and the
// recovery balance (x = cutFactor·(x + recoveryShare·target), about 2.9/s
// here), never below the floor.
func TestPacerRepeated429sKeepCutting(t *testing.T) {
	p, now := virtualPacer(t, 10)
	b := p.bucket("a", "Heavy")
	prev := b.lim.Limit()
	for i := range 20 {
		sendUntil(t, p, now, now.Add(time.Second))
		p.slowDown("a", "Heavy")
		got := b.lim.Limit()
		if got < b.target*minShare-1e-9 {
			t.Fatalf("after %d cuts pace %v, below the floor %v", i+1, got, b.target*minShare)
		}
		if i < 5 && got >= prev {
			t.Fatalf("cut %d: pace %v, was %v", i+1, got, prev)
		}
		prev = got
	}
	if prev > 4 {
		t.Fatalf("pace %v after a 429 every second for 20 s, want under 4", prev)
	}
}
