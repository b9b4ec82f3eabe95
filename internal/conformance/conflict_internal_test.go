package conformance

import (
	"testing"
)

func TestExampleConflict(t *testing.T) {
	t.Parallel()
	doc, err := LoadDoc([]byte(`{"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {},
	  "components": {"schemas": {"R": {"type": "object", "properties": {
	    "meetings": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string"}, "n": {"type": "integer"}}}}}}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	r := doc.Components.Schemas["R"]
	for _, tc := range []struct {
		path  string
		shown map[string]bool
		want  bool
	}{
		{".meetings.id", map[string]bool{"number": true}, true},                  // Zoom's example sends a number
		{".meetings.id", map[string]bool{"number": true, "string": true}, false}, // one example agrees
		{".meetings.id", nil, false},                                             // a placeholder: no type shown
		{".meetings.n", map[string]bool{"number": true}, false},                  // integer is a JSON number
		{".meetings.other", map[string]bool{"number": true}, false},              // the truth says nothing
	} {
		if got := exampleConflict(r, tc.shown, tc.path); got != tc.want {
			t.Errorf("exampleConflict(%s, %v) = %v, want %v", tc.path, tc.shown, got, tc.want)
		}
	}
}
