package zoomtest

import (
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"golang.org/x/time/rate"
)

// Plan is a Zoom account plan; it decides the account's rate limits.
type Plan string

// Plans with Zoom's published rate limits (see PlanLimits).
const (
	PlanUnlimited Plan = ""         // no rate limits (default)
	PlanFree      Plan = "free"     // Heavy 1/s, Heavy+Resource-intensive 1,000/day
	PlanPro       Plan = "pro"      // Heavy 10/s, 30,000/day
	PlanBusiness  Plan = "business" // Heavy 40/s, 60,000/day
)

// Limit is the rate limit of one rate-limit label: requests per second
// and per UTC day, 0 meaning unlimited.
type Limit struct {
	PerSecond float64
	Daily     int
}

// Rate-limit labels, as the spec's x-rate-limit-label names them.
const (
	labelLight    = "Light"
	labelMedium   = "Medium"
	labelHeavy    = "Heavy"
	labelResource = "Resource-intensive"
)

// PlanLimits returns Zoom's published limits for a plan, by rate-limit
// label; nil for PlanUnlimited or a plan the mock does not know. Heavy and
// Resource-intensive operations draw on one daily budget, as at Zoom.
func PlanLimits(p Plan) map[string]Limit {
	switch p {
	case PlanFree:
		return map[string]Limit{
			labelLight: {4, 6000}, labelMedium: {2, 2000},
			labelHeavy: {1, 1000}, labelResource: {10.0 / 60, 1000},
		}
	case PlanPro:
		return map[string]Limit{
			labelLight: {30, 0}, labelMedium: {20, 0},
			labelHeavy: {10, 30000}, labelResource: {10.0 / 60, 30000},
		}
	case PlanBusiness:
		return map[string]Limit{
			labelLight: {80, 0}, labelMedium: {60, 0},
			labelHeavy: {40, 60000}, labelResource: {20.0 / 60, 60000},
		}
	}
	return nil
}

// ParsePlan reads a plan name as the command line gives it.
func ParsePlan(s string) (Plan, bool) {
	switch p := Plan(s); p {
	case PlanUnlimited, PlanFree, PlanPro, PlanBusiness:
		return p, true
	}
	if s == "unlimited" {
		return PlanUnlimited, true
	}
	return "", false
}

func effectiveLimits(p Plan, overrides map[string]Limit) map[string]Limit {
	limits := PlanLimits(p)
	if limits == nil {
		limits = map[string]Limit{}
	}
	for label, l := range overrides {
		limits[label] = l
	}
	return limits
}

// rateLimitLabel reads the operation's rate-limit label from the spec, so
// that a new endpoint is limited as Zoom limits it without code here.
func rateLimitLabel(op *openapi3.Operation) string {
	label, _ := op.Extensions["x-rate-limit-label"].(string)
	return label
}

// dailyBudget names the counter a label draws on.
func dailyBudget(label string) string {
	if label == labelResource {
		return labelHeavy
	}
	return label
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
	category         string
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
		return rh, qpsRefusal(c.label)
	}
	l, ok := h.limits[c.label]
	if !ok {
		return rh, nil
	}
	if l.PerSecond > 0 {
		key := c.account + "\x00" + c.label
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
		key := c.account + "\x00" + dailyBudget(c.label)
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
			a.setHeader("X-RateLimit-Category", c.label)
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

func qpsRefusal(label string) *answer {
	a := zoomError(http.StatusTooManyRequests, 429, "You have reached the maximum per-second rate limit for this API. Try again later.")
	a.setHeader("X-RateLimit-Category", label)
	a.setHeader("X-RateLimit-Type", "QPS")
	return a
}

// withRateHeaders adds the daily counter to a successful answer, as Zoom
// does, so a client can see its budget shrink.
func (h *Handler) withRateHeaders(a *answer, rh rateHeaders) *answer {
	if a.status < 200 || a.status > 299 || rh.category == "" {
		return a
	}
	a.setHeader("X-RateLimit-Category", rh.category)
	if rh.daily {
		a.setHeader("X-RateLimit-Limit", strconv.Itoa(rh.limit))
		a.setHeader("X-RateLimit-Remaining", strconv.Itoa(rh.remaining))
	}
	return a
}
