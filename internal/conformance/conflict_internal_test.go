package conformance

import (
	"testing"
)

func TestExampleConflict(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		shown         map[string]bool
		value, goType string
		want          bool
	}{
		{map[string]bool{"number": true}, "string", "int", true},                  // Zoom's example sends a number, the API a string
		{map[string]bool{"number": true, "string": true}, "string", "int", false}, // one example shows a string
		{map[string]bool{"number": true}, "number 83.5", "int", false},            // a whole-number example: the converter's choice
		{nil, "string", "int", false},                                             // no example there
		{map[string]bool{"boolean": true}, "bool", "string", false},               // encoding/json says "bool"
		{map[string]bool{"array": true, "[]string": true}, "object", "string", true},
		{map[string]bool{"array": true, "[]object": true}, "object", "[]gen.Item", true}, // an object where the example shows a list
		{map[string]bool{"array": true, "[]object": true}, "object", "gen.Item", false},  // an element of the list
	} {
		if got := exampleConflict(tc.shown, tc.value, tc.goType); got != tc.want {
			t.Errorf("exampleConflict(%v, %q, %q) = %v, want %v", tc.shown, tc.value, tc.goType, got, tc.want)
		}
	}
}
