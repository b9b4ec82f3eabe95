package zoomgen

import (
	"slices"
	"testing"
)

// TestListedValues: a description's list of values becomes an enum only
// when the list is values and nothing else.
func TestListedValues(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, desc string
		want       []string
	}{
		{"br list with dashes", "The meeting types:<br>`past` - Past meetings.<br>`live` - Live meetings.", []string{"past", "live"}},
		{"bullets with em dashes", "Which meetings to list:\n* `scheduled` — Meetings to come.\n* `live` — Meetings in progress.\n* `upcoming` — The next ones.", []string{"scheduled", "live", "upcoming"}},
		{"bare values", "One of:<br> `all`<br>`user`<br>`account`", []string{"all", "user", "account"}},
		{"numbers", "`0` - Facebook.<br>`1` - Google.<br>`99` - API.", []string{"0", "1", "99"}},
		{"prose after the list", "Types:<br>`a` - A.<br>`b` - B.<br><br>\n\nIf you leave it out, the default is `a`.", []string{"a", "b"}},
		{"blank lines inside the list", "Types:<br>\n`a` - A.<br>\n\n`b` - B.", []string{"a", "b"}},
		{"one value", "Only `a` - A.", nil},
		{"a single listed line", "Types:<br>`a` - A.", nil},
		{"colon lines", "Kinds:\n`company`: Contacts of the company.\n`external`: Other contacts.", nil},
		{"booleans", "`true` - Notify.<br>`false` - Do not notify.", nil},
		{"repeated value", "`a` - A.<br>`a` - Again.", nil},
		{"two lists", "`a` - A.<br>`b` - B.<br>Or else:<br>`c` - C.<br>`d` - D.", nil},
		{"prose line inside", "`a` - A.<br>Some prose in between.<br>`b` - B.", nil},
		{"value with a space", "`a b` - A.<br>`c` - C.", nil},
		{"no backticks", "Past or live.", nil},
	} {
		if got := listedValues(tc.desc); !slices.Equal(got, tc.want) {
			t.Errorf("%s: listedValues(%q) = %q, want %q", tc.name, tc.desc, got, tc.want)
		}
	}
}
