package zoom

import (
	"context"
	"fmt"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/zoomgen/zoom/internal/ratelimit"
)

// Plan is a Zoom account type, which sets the rate limits of each
// rate-limit label (https://developers.zoom.us/docs/api/rest/rate-limits/).
// It is the mock's zoomtest.Plan: a name means the same limits in both.
type Plan = ratelimit.Plan

// Plan presets. Zoom shares one daily budget between Heavy and
// Resource-intensive calls, and so does the client; Zoom's answers
// (X-RateLimit-Limit/-Remaining) correct the presets as they come. A
// client without WithPlan paces for PlanPro: registration needs a
// licensed host, so Pro is the smallest plan this API is useful on.
const (
	// PlanUnlimited, the zero Plan, paces nothing on the client side;
	// daily budgets learnt from Zoom's answers still apply. For tests
	// against a mock (where it also means "no limits").
	PlanUnlimited = ratelimit.PlanUnlimited
	// PlanFree is a Free account: Light 4/s and 6,000 a day, Medium 2/s
	// and 2,000 a day, Heavy 1/s, Heavy and Resource-intensive 1,000 a
	// day together.
	PlanFree = ratelimit.PlanFree
	// PlanPro is a Pro account: Light 30/s, Medium 20/s, Heavy 10/s,
	// 30,000 a day. It is the default.
	PlanPro = ratelimit.PlanPro
	// PlanBusiness is Business and above (Business+, Enterprise,
	// Education): Light 80/s, Medium 60/s, Heavy 40/s, 60,000 a day.
	PlanBusiness = ratelimit.PlanBusiness
)

// ParsePlan reads a plan name as a command line or an environment variable
// gives it: free, pro, business, or unlimited (or empty), in any case.
func ParsePlan(s string) (Plan, bool) { return ratelimit.ParsePlan(s) }

// Label is a Zoom rate-limit label: each operation has one (its
// x-rate-limit-label in the spec), and Zoom's limits are per label. It is
// the mock's zoomtest.Label.
type Label = ratelimit.Label

// Zoom's rate-limit labels.
const (
	LabelLight             = ratelimit.LabelLight
	LabelMedium            = ratelimit.LabelMedium
	LabelHeavy             = ratelimit.LabelHeavy
	LabelResourceIntensive = ratelimit.LabelResourceIntensive
)

// Limit is the rate limit of one label: PerSecond requests a second (0 =
// unpaced) and Daily requests a day (0 = unknown or unlimited).
type Limit = ratelimit.Limit

// Pacer spaces requests per (account, rate-limit label) so that a busy
// caller stays under Zoom's per-second limits instead of collecting 429s,
// and refuses locally, without sending, once Zoom has said a daily budget
// is spent. Every operation of a Client goes through its Pacer, so any
// number of goroutines calling the client concurrently — bulk.Register's
// workers, say — share one budget without further coordination. Clients
// of the same account may share one Pacer (WithPacer).
//
// Each label is paced 2% under its configured rate with no burst, and a QPS
// 429 cuts the pace by a quarter, which then climbs back to full within a
// few seconds: one stray 429 costs little, while a lower real limit (other
// clients of the account) is found by repeated cuts.
type Pacer struct {
	now    func() time.Time // daily budgets: the client's clock (WithClock)
	limits map[Label]Limit  // the plan's, with the overrides

	// clock and sleep drive the per-second pacing. They stay on real time
	// when a client sets a fake wall clock for token expiry and daily
	// resets (a clock that stands still would never refill a bucket);
	// tests of the pacer replace both to run in virtual time.
	clock func() time.Time
	sleep func(ctx context.Context, d time.Duration) error

	mu      sync.Mutex
	buckets map[pacerKey]*bucket
	budgets map[pacerKey]*budget
}

type pacerKey struct {
	account string
	label   Label
}

type bucket struct {
	lim *rate.Limiter // nil: unpaced
	// target is the pace when Zoom has not complained: the configured
	// rate less paceMargin.
	target rate.Limit
	// After a QPS 429 the pace drops to cut (at cutAt) and climbs back to
	// target by recoveryShare of target a second (additive increase,
	// multiplicative decrease, as TCP does): one stray 429 — timing jitter
	// at a second's edge — costs a few requests' worth of time, while a
	// limit that really is lower (other clients of the same account)
	// keeps the pace down by further cuts. cutAt is zero at full pace.
	cut   rate.Limit
	cutAt time.Time
	*budget
}

// Pacing constants. Zoom counts requests per second on its own clock and
// promises no burst, so the client sends one request at a time (burst 1),
// a little under the configured rate: at exactly the limit, network jitter
// makes some second at Zoom see one request too many.
const (
	// paceMargin is the share of the configured rate left unused.
	paceMargin = 0.02
	// cutFactor multiplies the pace on a QPS 429.
	cutFactor = 0.75
	// minShare is the floor of repeated cuts, as a share of target.
	minShare = 1.0 / 8
	// recoveryShare of target is regained per second after a cut: from
	// one cut back to full pace in (1-cutFactor)/recoveryShare = 2.5 s.
	recoveryShare = 0.1
	// cutInterval: 429s within this time of a cut answer requests sent
	// before it took effect, and do not cut again.
	cutInterval = time.Second
)

// budget is a daily budget. Heavy and Resource-intensive operations draw
// on the same one at Zoom, so their buckets share it.
type budget struct {
	daily      int // last X-RateLimit-Limit seen, or the plan's
	remaining  int // last X-RateLimit-Remaining seen, -1 unknown
	spentUntil time.Time
	spentBy    *Error
}

// NewPacer returns a Pacer for plan (PlanUnlimited, the zero Plan, paces
// nothing), with per-label overrides. NewClient checks plans and labels
// before it calls this; here an unknown plan paces nothing and an unknown
// label is never asked for.
func NewPacer(plan Plan, overrides map[Label]Limit) *Pacer {
	p := &Pacer{
		now: time.Now, clock: time.Now, sleep: sleep, limits: ratelimit.Limits(plan),
		buckets: map[pacerKey]*bucket{}, budgets: map[pacerKey]*budget{},
	}
	if p.limits == nil {
		p.limits = make(map[Label]Limit, len(overrides))
	}
	for k, v := range overrides {
		p.limits[k] = v
	}
	return p
}

func (p *Pacer) limit(label Label) Limit { return p.limits[label] }

func (p *Pacer) bucket(account string, label Label) *bucket {
	k := pacerKey{account, label}
	b := p.buckets[k]
	if b == nil {
		l := p.limit(label)
		bk := pacerKey{account, label.DailyBudget()}
		bud := p.budgets[bk]
		if bud == nil {
			bud = &budget{daily: p.limit(bk.label).Daily, remaining: -1}
			p.budgets[bk] = bud
		}
		b = &bucket{budget: bud}
		if l.PerSecond > 0 {
			b.target = rate.Limit(l.PerSecond * (1 - paceMargin))
			b.lim = rate.NewLimiter(b.target, 1)
		}
		p.buckets[k] = b
	}
	return b
}

// Wait blocks until a request of label may be sent for account, or returns
// a *RateLimitError (Local) when the label's daily budget is known to be
// spent, or ctx's error.
func (p *Pacer) Wait(ctx context.Context, account string, label Label) error {
	p.mu.Lock()
	b := p.bucket(account, label)
	now := p.now()
	if now.Before(b.spentUntil) {
		err := &RateLimitError{
			Kind: RateLimitAccountDaily, Category: string(label), Limit: b.daily, Remaining: 0,
			ResetAt: b.spentUntil, Local: true, Err: b.spentBy,
		}
		p.mu.Unlock()
		return err
	}
	if b.lim != nil && !b.cutAt.IsZero() {
		b.regain(p.clock())
	}
	lim := b.lim
	p.mu.Unlock()
	if lim == nil {
		return ctx.Err()
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	now = p.clock()
	r := lim.ReserveN(now, 1) // burst 1: always OK
	d := r.DelayFrom(now)
	if d <= 0 {
		return nil
	}
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d {
		// Refuse at once rather than hold a slot the caller cannot use;
		// say so in the terms callers test for.
		r.CancelAt(now)
		return fmt.Errorf("zoom: waiting for the %s rate limit would pass the deadline: %w", label, context.DeadlineExceeded)
	}
	if err := p.sleep(ctx, d); err != nil {
		r.CancelAt(p.clock())
		return err
	}
	return nil
}

// regain raises a cut pace by recoveryShare of target per second since
// the cut, up to target. Called with p.mu held.
func (b *bucket) regain(now time.Time) {
	cur := b.cut + rate.Limit(float64(b.target)*recoveryShare*now.Sub(b.cutAt).Seconds())
	if cur >= b.target {
		cur, b.cutAt = b.target, time.Time{}
	}
	b.lim.SetLimitAt(now, cur)
}

// Remaining returns the daily budget left for account's label as Zoom last
// reported it, and the reported limit; -1 when unknown.
func (p *Pacer) Remaining(account string, label Label) (remaining, limit int) {
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
func (p *Pacer) observe(account string, label Label, h RateLimitHeaders, e *Error) {
	if l := Label(h.Category); l.Valid() {
		label = l
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
func (p *Pacer) spent(account string, label Label, rl *RateLimitError) {
	p.mu.Lock()
	defer p.mu.Unlock()
	b := p.bucket(account, label)
	b.spentUntil, b.spentBy, b.remaining = rl.ResetAt, rl.Err, 0
	if rl.Limit > 0 {
		b.daily = rl.Limit
	}
}

// slowDown answers a QPS 429: Zoom counted more in some second than the
// pace allows (jitter, other clients of the same account, clock skew). It
// cuts the pace by cutFactor, at most once per cutInterval, down to
// minShare of target; Wait lets it recover. A Retry-After on the 429 is
// honoured by the retry, not here.
func (p *Pacer) slowDown(account string, label Label) {
	p.mu.Lock()
	defer p.mu.Unlock()
	b := p.bucket(account, label)
	if b.lim == nil {
		return
	}
	now := p.clock()
	if !b.cutAt.IsZero() && now.Sub(b.cutAt) < cutInterval {
		return
	}
	if !b.cutAt.IsZero() {
		b.regain(now)
	}
	b.cut = max(b.lim.Limit()*cutFactor, b.target*minShare)
	b.cutAt = now
	b.lim.SetLimitAt(now, b.cut)
}
