package zoomgen

import (
	"slices"
	"strings"
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

// FuzzListedValues: whatever the description, listedValues returns
// nothing or two or more different values, each of which the description
// shows in backticks.
func FuzzListedValues(f *testing.F) {
	for _, s := range []string{"`a` - A.<br>`b` - B.", "* `x` — X\n* `y` — Y", "`true` - T.<br>`false` - F.", "`a`:<br>`b`:", "<br><br>``"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, desc string) {
		got := listedValues(desc)
		if got == nil {
			return
		}
		if len(got) < 2 {
			t.Fatalf("listedValues(%q) = %q: a list of one", desc, got)
		}
		seen := map[string]bool{}
		for _, v := range got {
			if seen[v] || !strings.Contains(desc, "`"+v+"`") {
				t.Fatalf("listedValues(%q) = %q: %q repeated or not in the text", desc, got, v)
			}
			seen[v] = true
		}
	})
}
