package zoom

import (
	"context"
	"fmt"
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Plan is a Zoom account type, which sets the rate limits of each
// rate-limit label (https://developers.zoom.us/docs/api/rest/rate-limits/).
type Plan string

// Plan presets. Zoom shares one daily budget between Heavy and
// Resource-intensive calls, and so does the client; Zoom's answers
// (X-RateLimit-Limit/-Remaining) correct the presets as they come.
const (
	// PlanUnlimited paces nothing on the client side; daily budgets learnt
	// from Zoom's answers still apply. For tests against a mock.
	PlanUnlimited Plan = "unlimited"
	// PlanFree is a Free account: Light 4/s and 6,000 a day, Medium 2/s
	// and 2,000 a day, Heavy 1/s, Heavy and Resource-intensive 1,000 a
	// day together.
	PlanFree Plan = "free"
	// PlanPro is a Pro account: Light 30/s, Medium 20/s, Heavy 10/s,
	// 30,000 a day. It is the default: registration needs a licensed host,
	// so Pro is the smallest plan this API is useful on.
	PlanPro Plan = "pro"
	// PlanBusiness is Business and above (Business+, Enterprise,
	// Education): Light 80/s, Medium 60/s, Heavy 40/s, 60,000 a day.
	PlanBusiness Plan = "business"
)

// Limit is the rate limit of one label: PerSecond requests a second (0 =
// unpaced) and Daily requests a day (0 = unknown or unlimited).
type Limit struct {
	PerSecond float64
	Daily     int
}

var planLimits = map[Plan]map[string]Limit{
	PlanFree: {
		"Light": {PerSecond: 4, Daily: 6000}, "Medium": {PerSecond: 2, Daily: 2000},
		"Heavy": {PerSecond: 1, Daily: 1000}, "Resource-intensive": {PerSecond: 10.0 / 60, Daily: 1000},
	},
	PlanPro: {
		"Light": {PerSecond: 30}, "Medium": {PerSecond: 20},
		"Heavy": {PerSecond: 10, Daily: 30000}, "Resource-intensive": {PerSecond: 10.0 / 60, Daily: 30000},
	},
	PlanBusiness: {
		"Light": {PerSecond: 80}, "Medium": {PerSecond: 60},
		"Heavy": {PerSecond: 40, Daily: 60000}, "Resource-intensive": {PerSecond: 20.0 / 60, Daily: 60000},
	},
}

// Pacer spaces requests per (account, rate-limit label) so that a busy
// caller stays under Zoom's per-second limits instead of collecting 429s,
// and refuses locally, without sending, once Zoom has said a daily budget
// is spent. Every operation of a Client goes through its Pacer, so any
// number of goroutines calling the client concurrently — BulkRegister's
// workers, say — share one budget without further coordination. Clients
// of the same account may share one Pacer (WithPacer).
type Pacer struct {
	now    func() time.Time
	plan   Plan
	custom map[string]Limit

	mu      sync.Mutex
	buckets map[pacerKey]*bucket
	budgets map[pacerKey]*budget
}

type pacerKey struct{ account, label string }

type bucket struct {
	lim        *rate.Limiter // nil: unpaced
	configured rate.Limit
	burst      int
	// slowedUntil is set by a QPS 429: until then the limiter runs at half
	// speed, because Zoom's count and ours disagree (other clients of the
	// same account, clock skew).
	slowedUntil time.Time
	*budget
}

// budget is a daily budget. Heavy and Resource-intensive operations draw
// on the same one at Zoom, so their buckets share it.
type budget struct {
	daily      int // last X-RateLimit-Limit seen, or the plan's
	remaining  int // last X-RateLimit-Remaining seen, -1 unknown
	spentUntil time.Time
	spentBy    *Error
}

// budgetLabel names the daily budget a label draws on.
func budgetLabel(label string) string {
	if label == "Resource-intensive" {
		return "Heavy"
	}
	return label
}

// NewPacer returns a Pacer for plan, with per-label overrides.
func NewPacer(plan Plan, overrides map[string]Limit) *Pacer {
	if plan == "" {
		plan = PlanPro
	}
	p := &Pacer{now: time.Now, plan: plan, custom: map[string]Limit{}, buckets: map[pacerKey]*bucket{}, budgets: map[pacerKey]*budget{}}
	for k, v := range overrides {
		p.custom[k] = v
	}
	return p
}

func (p *Pacer) limit(label string) Limit {
	if l, ok := p.custom[label]; ok {
		return l
	}
	return planLimits[p.plan][label]
}

func (p *Pacer) bucket(account, label string) *bucket {
	k := pacerKey{account, label}
	b := p.buckets[k]
	if b == nil {
		l := p.limit(label)
		bk := pacerKey{account, budgetLabel(label)}
		bud := p.budgets[bk]
		if bud == nil {
			bud = &budget{daily: p.limit(bk.label).Daily, remaining: -1}
			p.budgets[bk] = bud
		}
		b = &bucket{budget: bud}
		if l.PerSecond > 0 {
			b.configured = rate.Limit(l.PerSecond)
			// A burst of one per second's worth (at least 1) lets a quiet
			// client start promptly without ever exceeding the rate Zoom
			// counts over a second.
			b.burst = max(1, int(math.Floor(l.PerSecond)))
			b.lim = rate.NewLimiter(b.configured, b.burst)
		}
		p.buckets[k] = b
	}
	return b
}

// Wait blocks until a request of label may be sent for account, or returns
// a *RateLimitError (Local) when the label's daily budget is known to be
// spent, or ctx's error.
func (p *Pacer) Wait(ctx context.Context, account, label string) error {
	p.mu.Lock()
	b := p.bucket(account, label)
	now := p.now()
	if now.Before(b.spentUntil) {
		err := &RateLimitError{
			Kind: RateLimitAccountDaily, Category: label, Limit: b.daily, Remaining: 0,
			ResetAt: b.spentUntil, Local: true, Err: b.spentBy,
		}
		p.mu.Unlock()
		return err
	}
	if !b.slowedUntil.IsZero() && !now.Before(b.slowedUntil) && b.lim != nil {
		b.lim.SetLimit(b.configured)
		b.slowedUntil = time.Time{}
	}
	lim := b.lim
	p.mu.Unlock()
	if lim == nil {
		return ctx.Err()
	}
	if err := lim.Wait(ctx); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		// x/time/rate refuses at once when the wait would outlast the
		// deadline; say so in the terms callers test for.
		return fmt.Errorf("zoom: waiting for the %s rate limit would pass the deadline: %w", label, context.DeadlineExceeded)
	}
	return nil
}

// Remaining returns the daily budget left for account's label as Zoom last
// reported it, and the reported limit; -1 when unknown.
func (p *Pacer) Remaining(account, label string) (remaining, limit int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	b := p.bucket(account, label)
	if p.now().Before(b.spentUntil) {
		return 0, b.daily
	}
	lim := b.daily
	if lim == 0 {
		lim = -1
	}
	return b.remaining, lim
}

// observe adapts to an answer's rate-limit headers: the daily counters,
// and a spent budget when Remaining reaches 0 on a label with a daily limit.
func (p *Pacer) observe(account, label string, h RateLimitHeaders, e *Error) {
	if h.Category != "" {
		label = h.Category
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	b := p.bucket(account, label)
	if h.Limit >= 0 {
		b.daily = h.Limit
	}
	if h.Remaining >= 0 {
		b.remaining = h.Remaining
		if h.Remaining == 0 && h.Limit > 0 {
			reset := h.RetryAfter
			if reset.IsZero() {
				reset = nextUTCMidnight(p.now())
			}
			b.spentUntil, b.spentBy = reset, e
		}
	}
}

// spent records an account-daily 429: nothing of label will succeed
// before reset.
func (p *Pacer) spent(account, label string, rl *RateLimitError) {
	p.mu.Lock()
	defer p.mu.Unlock()
	b := p.bucket(account, label)
	b.spentUntil, b.spentBy, b.remaining = rl.ResetAt, rl.Err, 0
	if rl.Limit > 0 {
		b.daily = rl.Limit
	}
}

// slowDown halves the label's pace for a while after a QPS 429.
func (p *Pacer) slowDown(account, label string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	b := p.bucket(account, label)
	if b.lim == nil {
		return
	}
	b.lim.SetLimit(max(b.lim.Limit()/2, b.configured/8))
	b.slowedUntil = p.now().Add(30 * time.Second)
}
