package zoomgen

import (
	"encoding/json"
	"reflect"
	"testing"
)

// TestJSONString holds jsonString and jsonStringList to json.Unmarshal:
// where they decode, they give what it gives; where they decline, the
// caller's json.Unmarshal decides.
func TestJSONString(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		raw      string
		declines bool
	}{
		{raw: `"plain"`},
		{raw: `""`},
		{raw: `"line\nbreak\ttab \"quoted\" back\\slash \/ \b\f\r"`},
		{raw: `"naïve café 名前"`},
		{raw: `"a\\"`},
		{raw: `"\u00e9"`, declines: true},
		{raw: `"bad \x escape"`, declines: true},
		{raw: `"ends in backslash\"`, declines: true},
		{raw: "\"bad utf8 \xff\"", declines: true},
		{raw: "\"control \x01\"", declines: true},
		{raw: `"two" "strings"`, declines: true},
		{raw: `"a"b"`, declines: true},
		{raw: `12`, declines: true},
		{raw: `null`, declines: true},
		{raw: `"`, declines: true},
	} {
		got, ok := jsonString([]byte(tc.raw))
		if ok == tc.declines {
			t.Errorf("jsonString(%s) ok = %v, want %v", tc.raw, ok, !tc.declines)
			continue
		}
		if !ok {
			continue
		}
		var want string
		if err := json.Unmarshal([]byte(tc.raw), &want); err != nil || got != want {
			t.Errorf("jsonString(%s) = %q; json.Unmarshal = %q, %v", tc.raw, got, want, err)
		}
	}
	for _, tc := range []struct {
		raw      string
		declines bool
	}{
		{raw: `[]`},
		{raw: ` [ "v2" , "users", "{{userId}}" ] `},
		{raw: `["a,b", "c\"]", "d\\"]`},
		{raw: `["a",]`, declines: true},
		{raw: `["a" "b"]`, declines: true},
		{raw: `["a", {"value": "b"}]`, declines: true},
		{raw: `["a", 1]`, declines: true},
		{raw: `["\u0041"]`, declines: true},
		{raw: `["a"`, declines: true},
		{raw: `[,]`, declines: true},
		{raw: `"a"`, declines: true},
	} {
		got, ok := jsonStringList([]byte(tc.raw))
		if ok == tc.declines {
			t.Errorf("jsonStringList(%s) ok = %v, want %v", tc.raw, ok, !tc.declines)
			continue
		}
		if !ok {
			continue
		}
		var want []string
		if err := json.Unmarshal([]byte(tc.raw), &want); err != nil || !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("jsonStringList(%s) = %q; json.Unmarshal = %q, %v", tc.raw, got, want, err)
		}
	}
}

// FuzzJSONString holds jsonString and jsonStringList to json.Unmarshal on
// any input: whatever they decode, json.Unmarshal decodes the same way.
func FuzzJSONString(f *testing.F) {
	for _, s := range []string{`"a\nb"`, `["v2", "users"]`, `"\u00e9"`, `["a",]`, `"a\\"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		if got, ok := jsonString(raw); ok {
			var want string
			if err := json.Unmarshal(raw, &want); err != nil || got != want {
				t.Fatalf("jsonString(%q) = %q; json.Unmarshal = %q, %v", raw, got, want, err)
			}
		}
		if got, ok := jsonStringList(raw); ok {
			var want []string
			if err := json.Unmarshal(raw, &want); err != nil || len(got) != len(want) || len(got) > 0 && !reflect.DeepEqual(got, want) {
				t.Fatalf("jsonStringList(%q) = %q; json.Unmarshal = %q, %v", raw, got, want, err)
			}
		}
	})
}
