package zoomgen

import (
	"sort"

	"github.com/getkin/kin-openapi/openapi3"
)

// ExtRateLimitLabelAssumed marks an x-rate-limit-label that no item
// documented: the label was assumed by DefaultRateLimitLabel, and a
// reviewer (or the overlay) may know better.
const ExtRateLimitLabelAssumed = "x-rate-limit-label-assumed"

// DefaultRateLimitLabel is the label for Zoom operations whose item has
// none. Zoom's rate-limit documentation says every endpoint's reference
// names its label and says nothing of endpoints without one (19 of the
// 373 operations of Zoom's 2.0.0 description have none). Resource-intensive
// is the strictest label, but Zoom defines it as a list of named dashboard
// endpoints, which an unlabeled one is not; of the labels Zoom assigns by
// kind of endpoint, Heavy is the strictest (fewest requests a second, and
// a daily budget), so an unlabeled operation is paced as Heavy: slower
// than it may need, never faster.
const DefaultRateLimitLabel = "Heavy"

// DefaultRateLimitLabels gives every operation of doc that has no
// x-rate-limit-label the label, marked with x-rate-limit-label-assumed:
// true, and returns the operations so labeled ("METHOD /path", sorted).
// Run it after the overlay, so that a label the overlay gives an
// operation is kept and never marked assumed.
func DefaultRateLimitLabels(doc *openapi3.T, label string) []string {
	var labeled []string
	if doc.Paths == nil || label == "" {
		return nil
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if l, ok := op.Extensions[ExtRateLimitLabel].(string); ok && l != "" {
				continue
			}
			if op.Extensions == nil {
				op.Extensions = map[string]any{}
			}
			op.Extensions[ExtRateLimitLabel] = label
			op.Extensions[ExtRateLimitLabelAssumed] = true
			labeled = append(labeled, method+" "+path)
		}
	}
	sort.Strings(labeled)
	return labeled
}
