package zoom

import (
	"context"
	"errors"
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
	for _, label := range []string{"Heavy", "Resource-intensive"} {
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

func TestPacerSlowsDownAfterQPS429(t *testing.T) {
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	p := NewPacer(PlanPro, nil)
	p.now = func() time.Time { return now }
	b := p.bucket("a", "Heavy")
	p.slowDown("a", "Heavy")
	if got := float64(b.lim.Limit()); got != 5 {
		t.Fatalf("limit after a 429 = %v, want 5", got)
	}
	now = now.Add(31 * time.Second)
	if err := p.Wait(context.Background(), "a", "Heavy"); err != nil {
		t.Fatal(err)
	}
	if got := float64(b.lim.Limit()); got != 10 {
		t.Fatalf("limit after the cool-down = %v, want 10", got)
	}
}
