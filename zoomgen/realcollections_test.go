package zoomgen_test

import (
	"encoding/json"
	"strconv"

	"testing"

	"github.com/zoomgen/zoom/zoomgen"
)

// TestPlaceholderTypes: an example string that names a type, in Zoom's
// spellings or Postman's, gives that type (and the format it names);
// anything else stays a string.
func TestPlaceholderTypes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		example, typ, format string
	}{
		{"integer", "integer", ""},
		{"integer [int64]", "integer", "int64"},
		{"Long", "integer", "int64"},
		{"boolean", "boolean", ""},
		{"number", "number", ""},
		{"string", "string", ""},
		{"string [date-time]", "string", "date-time"},
		{"string [date]", "string", "date"},
		{"string [uuid]", "string", "uuid"},
		{"date-time", "string", "date-time"},
		{"<integer>", "integer", ""},
		{"<long>", "integer", "int64"},
		{"<number>", "number", ""},
		{"<double>", "number", ""},
		{"<boolean>", "boolean", ""},
		{"<string>", "string", ""},
		{"<dateTime>", "string", "date-time"},
		{"<date>", "string", "date"},
		// Not placeholders: ordinary text keeps being a string example.
		{"Blue widget", "string", ""},
		{"integer value", "string", ""},
		{"string [not a format]", "string", ""},
		{"<widget>", "string", ""},
		{"true", "string", ""}, // a JSON string, not a JSON boolean
	} {
		s := zoomgen.InferSchema(tc.example)
		if got := s.Type.Slice(); len(got) != 1 || got[0] != tc.typ || s.Format != tc.format {
			t.Errorf("InferSchema(%q) = %v %q, want %s %q", tc.example, got, s.Format, tc.typ, tc.format)
		}
	}
}

// TestPlaceholdersLeaveExamples: the converted examples keep real values
// only, so that no example contradicts the type its placeholder named.
func TestPlaceholdersLeaveExamples(t *testing.T) {
	t.Parallel()
	res := convert(t, zoomgen.ZoomOptions(), collection("", `{"name": "Get", "request": {"method": "GET", "url": "{{baseUrl}}/w"},
		"response": [{"name": "OK", "code": 200, "body": "{\"id\": \"Long\", \"name\": \"w\", \"flags\": [\"boolean\", true], \"inner\": {\"at\": \"<dateTime>\"}}"}]}`))
	mt := op(t, res.Doc, "GET", "/w").Responses.Value("200").Value.Content.Get("application/json")
	want := map[string]any{"name": "w", "flags": []any{true}, "inner": map[string]any{}}
	if !equalJSON(mt.Example, want) {
		t.Errorf("example = %v, want %v", mt.Example, want)
	}
	if got := res.Doc.Components.Schemas["GetResult"].Value.Properties["flags"].Value.Items.Value.Type.Slice(); len(got) != 1 || got[0] != "boolean" {
		t.Errorf("flags items = %v, want boolean", got)
	}
}

// equalJSON compares two example values as JSON.
func equalJSON(a, b any) bool {
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	return errA == nil && errB == nil && string(ja) == string(jb)
}

// TestNoContentResponses: 204, 205 and 304 answers, and any answer to
// HEAD, have no content whatever their example shows; others keep it.
func TestNoContentResponses(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		method  string
		code    int
		content bool
	}{
		{"DELETE", 204, false},
		{"POST", 205, false},
		{"GET", 304, false},
		{"HEAD", 200, false},
		{"HEAD", 404, false},
		{"GET", 200, true},
		{"POST", 201, true},
		{"DELETE", 202, true},
		{"GET", 404, true},
	} {
		input := collection("", `{"name": "Do", "request": {"method": "`+tc.method+`", "url": "{{baseUrl}}/x"},
			"response": [{"name": "R", "code": `+strconv.Itoa(tc.code)+`, "header": [{"key": "Content-Type", "value": "application/json"}], "body": "{\"id\": 1}"}]}`)
		res := convert(t, zoomgen.ZoomOptions(), input)
		resp := op(t, res.Doc, tc.method, "/x").Responses.Value(strconv.Itoa(tc.code))
		if resp == nil {
			t.Fatalf("%s %d: no response", tc.method, tc.code)
		}
		if got := resp.Value.Content.Get("application/json") != nil; got != tc.content {
			t.Errorf("%s %d: JSON content = %v, want %v", tc.method, tc.code, got, tc.content)
		}
	}
}
