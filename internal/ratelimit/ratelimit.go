// Package ratelimit holds Zoom's rate-limit vocabulary — plans, labels and
// their published limits — in one place, so that the client (package zoom)
// and the mock (package zoomtest) mean the same thing by the same name.
// Both re-export these names; users never import this package.
package ratelimit

import "strings"

// Plan is a Zoom account plan, which sets the limits of each label
// (https://developers.zoom.us/docs/api/rest/rate-limits/). The empty Plan
// is PlanUnlimited.
type Plan string

// Plans. PlanUnlimited is the zero value: nothing is limited, in the client
// (no pacing) and in the mock (no 429s) alike.
const (
	PlanUnlimited Plan = ""
	PlanFree      Plan = "free"
	PlanPro       Plan = "pro"
	PlanBusiness  Plan = "business"
)

// Valid reports whether p is one of the plans above.
func (p Plan) Valid() bool {
	switch p {
	case PlanUnlimited, PlanFree, PlanPro, PlanBusiness:
		return true
	}
	return false
}

// ParsePlan reads a plan name as a command line or an environment
// variable gives it: free, pro, business, or unlimited (or empty), in any
// case.
func ParsePlan(s string) (Plan, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "unlimited" {
		return PlanUnlimited, true
	}
	p := Plan(s)
	return p, p.Valid()
}

// Label is a Zoom rate-limit label, as an operation's x-rate-limit-label
// names it.
type Label string

// Zoom's rate-limit labels.
const (
	LabelLight             Label = "Light"
	LabelMedium            Label = "Medium"
	LabelHeavy             Label = "Heavy"
	LabelResourceIntensive Label = "Resource-intensive"
)

// Valid reports whether l is one of Zoom's labels.
func (l Label) Valid() bool {
	switch l {
	case LabelLight, LabelMedium, LabelHeavy, LabelResourceIntensive:
		return true
	}
	return false
}

// DailyBudget names the daily budget a label draws on: Zoom counts Heavy
// and Resource-intensive requests against one.
func (l Label) DailyBudget() Label {
	if l == LabelResourceIntensive {
		return LabelHeavy
	}
	return l
}

// Limit is the limit of one label: PerSecond requests a second and Daily
// requests a UTC day, 0 meaning none.
type Limit struct {
	PerSecond float64
	Daily     int
}

// Limits returns a new map of Zoom's published limits for plan by label;
// nil for PlanUnlimited or an invalid plan.
func Limits(p Plan) map[Label]Limit {
	switch p {
	case PlanFree:
		return map[Label]Limit{
			LabelLight: {4, 6000}, LabelMedium: {2, 2000},
			LabelHeavy: {1, 1000}, LabelResourceIntensive: {10.0 / 60, 1000},
		}
	case PlanPro:
		return map[Label]Limit{
			LabelLight: {30, 0}, LabelMedium: {20, 0},
			LabelHeavy: {10, 30000}, LabelResourceIntensive: {10.0 / 60, 30000},
		}
	case PlanBusiness:
		return map[Label]Limit{
			LabelLight: {80, 0}, LabelMedium: {60, 0},
			LabelHeavy: {40, 60000}, LabelResourceIntensive: {20.0 / 60, 60000},
		}
	}
	return nil
}
