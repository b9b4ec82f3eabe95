package zoomtest

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"golang.org/x/time/rate"

	"github.com/zoomgen/zoom/internal/ratelimit"
)

// Plan is a Zoom account plan; it decides the account's rate limits. It
// is the client's zoom.Plan: the same names mean the same limits in both.
type Plan = ratelimit.Plan

// Plans with Zoom's published rate limits (see PlanLimits). The zero
// value, PlanUnlimited, limits nothing, in the mock as in the client.
const (
	PlanUnlimited = ratelimit.PlanUnlimited // no rate limits (default)
	PlanFree      = ratelimit.PlanFree      // Heavy 1/s, Heavy+Resource-intensive 1,000/day
	PlanPro       = ratelimit.PlanPro       // Heavy 10/s, 30,000/day
	PlanBusiness  = ratelimit.PlanBusiness  // Heavy 40/s, 60,000/day
)

// Label is a Zoom rate-limit label, as the spec's x-rate-limit-label names
// it; the client's zoom.Label.
type Label = ratelimit.Label

// Rate-limit labels.
const (
	LabelLight             = ratelimit.LabelLight
	LabelMedium            = ratelimit.LabelMedium
	LabelHeavy             = ratelimit.LabelHeavy
	LabelResourceIntensive = ratelimit.LabelResourceIntensive
)

// Limit is the rate limit of one rate-limit label: requests per second
// and per UTC day, 0 meaning unlimited; the client's zoom.Limit.
type Limit = ratelimit.Limit

// PlanLimits returns Zoom's published limits for a plan, by rate-limit
// label; nil for PlanUnlimited or a plan the mock does not know. Heavy and
// Resource-intensive operations draw on one daily budget, as at Zoom.
func PlanLimits(p Plan) map[Label]Limit { return ratelimit.Limits(p) }

// ParsePlan reads a plan name as the command line gives it: free, pro,
// business, or unlimited (or empty).
func ParsePlan(s string) (Plan, bool) { return ratelimit.ParsePlan(s) }

// checkLimits refuses a plan or a label the mock would not apply, so that
// a typo in a test's options fails the test instead of limiting nothing.
func checkLimits(p Plan, overrides map[Label]Limit) error {
	if !p.Valid() {
		return fmt.Errorf("zoomtest: unknown plan %q", p)
	}
	for label := range overrides {
		if !label.Valid() {
			return fmt.Errorf("zoomtest: unknown rate-limit label %q in Options.Limits", label)
		}
	}
	return nil
}

func effectiveLimits(p Plan, overrides map[Label]Limit) map[Label]Limit {
	limits := PlanLimits(p)
	if limits == nil {
		limits = map[Label]Limit{}
	}
	for label, l := range overrides {
		limits[label] = l
	}
	return limits
}

// rateLimitLabel reads the operation's rate-limit label from the spec, so
// that a new endpoint is limited as Zoom limits it without code here.
func rateLimitLabel(op *openapi3.Operation) Label {
	label, _ := op.Extensions["x-rate-limit-label"].(string)
	return Label(label)
}

type dayCount struct{ day, used int }

// dayNumber identifies the UTC day of t; daily counters reset when it
// changes.
func dayNumber(t time.Time) int {
	y, m, d := t.UTC().Date()
	return y*10000 + int(m)*100 + d
}

// nextMidnight is the next 00:00:00 UTC after t, when Zoom's daily limits
// reset.
func nextMidnight(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, time.UTC)
}

// rateHeaders are the X-RateLimit-* headers a successful answer carries.
type rateHeaders struct {
	category         Label
	limit, remaining int
	daily            bool
}

// rateLimitLocked counts the request against its account's limits for its
// label, or refuses it with Zoom's 429. The per-second limit is a token
// bucket on the mock's clock, whose burst is one second's worth: with a
// fake clock that stands still the budget is fixed, so tests are exact.
func (h *Handler) rateLimitLocked(c *call) (rateHeaders, *answer) {
	rh := rateHeaders{category: c.label}
	if c.label == "" {
		return rh, nil
	}
	if h.drawLocked(h.faults.QPSErrorRate) {
		h.injected.QPSErrors++
		return rh, qpsRefusal(c.label)
	}
	l, ok := h.limits[c.label]
	if !ok {
		return rh, nil
	}
	if l.PerSecond > 0 {
		key := c.account + "\x00" + string(c.label)
		lim := h.qps[key]
		if lim == nil {
			lim = rate.NewLimiter(rate.Limit(l.PerSecond), max(1, int(math.Ceil(l.PerSecond))))
			h.qps[key] = lim
		}
		if !lim.AllowN(c.now, 1) {
			return rh, qpsRefusal(c.label)
		}
	}
	if l.Daily > 0 {
		key := c.account + "\x00" + string(c.label.DailyBudget())
		dc := h.daily[key]
		if dc == nil {
			dc = &dayCount{}
			h.daily[key] = dc
		}
		if today := dayNumber(c.now); dc.day != today {
			dc.day, dc.used = today, 0
		}
		if dc.used >= l.Daily {
			a := zoomError(http.StatusTooManyRequests, 429,
				"You have reached the maximum daily rate limit for this API. Refer to the response header for details on when you can make another request.")
			a.setHeader("X-RateLimit-Category", string(c.label))
			a.setHeader("X-RateLimit-Type", "Daily-limit")
			a.setHeader("X-RateLimit-Limit", strconv.Itoa(l.Daily))
			a.setHeader("X-RateLimit-Remaining", "0")
			a.setHeader("Retry-After", nextMidnight(c.now).Format(http.TimeFormat))
			return rh, a
		}
		dc.used++
		rh.daily, rh.limit, rh.remaining = true, l.Daily, l.Daily-dc.used
	}
	return rh, nil
}

func qpsRefusal(label Label) *answer {
	a := zoomError(http.StatusTooManyRequests, 429, "You have reached the maximum per-second rate limit for this API. Try again later.")
	a.setHeader("X-RateLimit-Category", string(label))
	a.setHeader("X-RateLimit-Type", "QPS")
	return a
}

// withRateHeaders adds the daily counter to a successful answer, as Zoom
// does, so a client can see its budget shrink.
func (h *Handler) withRateHeaders(a *answer, rh rateHeaders) *answer {
	if a.status < 200 || a.status > 299 || rh.category == "" {
		return a
	}
	a.setHeader("X-RateLimit-Category", string(rh.category))
	if rh.daily {
		a.setHeader("X-RateLimit-Limit", strconv.Itoa(rh.limit))
		a.setHeader("X-RateLimit-Remaining", strconv.Itoa(rh.remaining))
	}
	return a
}
