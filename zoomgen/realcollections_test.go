package zoomgen_test

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"testing"

	"github.com/zoomgen/zoom/zoomgen"
)

// TestPlaceholderTypes: an example string that names a type, in Zoom's
// spellings or Postman's, gives that type (and the format it names; a
// string format only where formats are inferred, as for any string);
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
		{"date", "string", ""},  // a sort key as likely as a placeholder
		{"float", "string", ""}, // a unit as likely as a placeholder
		{"int [int64]", "string", ""},
		{"true", "string", ""}, // a JSON string, not a JSON boolean
	} {
		s := zoomgen.InferSchemaWithFormats(tc.example)
		if got := s.Type.Slice(); len(got) != 1 || got[0] != tc.typ || s.Format != tc.format {
			t.Errorf("InferSchemaWithFormats(%q) = %v %q, want %s %q", tc.example, got, s.Format, tc.typ, tc.format)
		}
		plain := zoomgen.InferSchema(tc.example)
		wantPlain := tc.format
		if tc.typ == "string" {
			wantPlain = ""
		}
		if plain.Format != wantPlain || !plain.Type.Is(tc.typ) {
			t.Errorf("InferSchema(%q) = %v %q, want %s %q", tc.example, plain.Type.Slice(), plain.Format, tc.typ, wantPlain)
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

// TestDuplicateRequestsMerge: requests on one method and path become one
// operation named after the first; a parameter is required only where
// every request requires it; the body is required only if every request
// has one; each merged item is a located warning.
func TestDuplicateRequestsMerge(t *testing.T) {
	t.Parallel()
	query := func(params ...string) string { return `"query": [` + strings.Join(params, ", ") + `]` }
	req := func(name string) string {
		return `{"key": "` + name + `", "value": "1", "description": "(Required) x"}`
	}
	opt := func(name string) string { return `{"key": "` + name + `", "value": "1"}` }
	item := func(name, method, q, body string) string {
		return `{"name": "` + name + `", "request": {"method": "` + method + `", "url": {"host": ["{{baseUrl}}"], "path": ["x"], ` + q + `}` + body + `},
			"response": [{"name": "OK", "code": 200, "body": "{\"` + name + `\": 1}"}]}`
	}
	for _, tc := range []struct {
		name     string
		a, b     string
		required map[string]bool // parameter → required
		bodyReq  *bool           // nil: no body
	}{
		{"required in both", item("A", "GET", query(req("p")), ""), item("B", "GET", query(req("p")), ""), map[string]bool{"p": true}, nil},
		{"required in one", item("A", "GET", query(req("p")), ""), item("B", "GET", query(opt("p")), ""), map[string]bool{"p": false}, nil},
		{"only in one", item("A", "GET", query(req("p")), ""), item("B", "GET", query(req("q")), ""), map[string]bool{"p": false, "q": false}, nil},
		{"body in both", item("A", "POST", query(), `, "body": {"mode": "raw", "raw": "{\"a\": 1}"}`), item("B", "POST", query(), `, "body": {"mode": "raw", "raw": "{\"b\": true}"}`), map[string]bool{}, ptrTo(true)},
		{"body in one", item("A", "POST", query(), `, "body": {"mode": "raw", "raw": "{\"a\": 1}"}`), item("B", "POST", query(), ""), map[string]bool{}, ptrTo(false)},
	} {
		res := convert(t, zoomgen.ZoomOptions(), collection("", tc.a+", "+tc.b))
		if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0].Error(), `item[1] "B": request: `) || !strings.Contains(res.Warnings[0].Error(), `item[0] "A"`) {
			t.Errorf("%s: warnings %v, want one naming item[1] \"B\" and item[0] \"A\"", tc.name, res.Warnings)
		}
		if res.Operations != 1 || res.Requests != 2 {
			t.Errorf("%s: %d operations from %d requests, want 1 from 2", tc.name, res.Operations, res.Requests)
		}
		method := "GET"
		if tc.bodyReq != nil {
			method = "POST"
		}
		o := op(t, res.Doc, method, "/x")
		if o.OperationID != "a" {
			t.Errorf("%s: operationId %q, want the first item's", tc.name, o.OperationID)
		}
		for name, want := range tc.required {
			p := o.Parameters.GetByInAndName("query", name)
			if p == nil || p.Required != want {
				t.Errorf("%s: parameter %s = %+v, want required %v", tc.name, name, p, want)
			}
		}
		if tc.bodyReq != nil {
			if o.RequestBody == nil || o.RequestBody.Value.Required != *tc.bodyReq {
				t.Errorf("%s: request body %+v, want required %v", tc.name, o.RequestBody, *tc.bodyReq)
			}
		}
		result := res.Doc.Components.Schemas[upper(o.OperationID)+"Result"]
		if result == nil || result.Value.Properties["A"] == nil || result.Value.Properties["B"] == nil {
			t.Errorf("%s: the 200 schemas are not merged: %+v", tc.name, result)
		}
	}
}

func ptrTo[T any](v T) *T { return &v }

func upper(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// TestOddItemsDoNotSinkTheCollection: each odd item is one located
// warning (item path and field), the good item next to it converts, the
// skipped count says whether the odd one was dropped, and strict mode
// makes the warning an error.
func TestOddItemsDoNotSinkTheCollection(t *testing.T) {
	t.Parallel()
	good := `{"name": "Good", "request": {"method": "GET", "url": "{{baseUrl}}/good"}}`
	for _, tc := range []struct {
		name, item, want string
		skipped          int
	}{
		{"no URL", `{"name": "Odd", "request": {"method": "GET"}}`, `item[1] "Odd": request.url: request has no URL`, 1},
		{"URL not a URL", `{"name": "Odd", "request": {"method": "GET", "url": true}}`, `item[1] "Odd": request.url: must be a string or a URL object`, 1},
		{"query without key", `{"name": "Odd", "request": {"method": "GET", "url": {"host": ["{{baseUrl}}"], "path": ["odd"], "query": [{"value": "1"}]}}}`, `item[1] "Odd": request.url.query[0]: query parameter has no key`, 0},
		{"description a number", `{"name": "Odd", "request": {"method": "GET", "url": "{{baseUrl}}/odd", "description": 12}}`, `item[1] "Odd": request.description: description must be`, 0},
		{"description without content", `{"name": "Odd", "request": {"method": "GET", "url": "{{baseUrl}}/odd", "description": {"type": "text/plain"}}}`, `item[1] "Odd": request.description: description must be`, 0},
		{"query description an object", `{"name": "Odd", "request": {"method": "GET", "url": {"host": ["{{baseUrl}}"], "path": ["odd"], "query": [{"key": "q", "value": "1", "description": {"x": 1}}]}}}`, `item[1] "Odd": request.url.query[0].description: description must be`, 0},
		{"name a number", `{"name": 3, "request": {"method": "GET", "url": "{{baseUrl}}/odd"}}`, `item[1]: not a Postman item (name must be a string`, 1},
		{"request a number", `{"name": "Odd", "request": 3}`, `item[1] "Odd": request: not a Postman request`, 1},
		{"neither request nor item", `{"name": "Odd"}`, `item[1] "Odd": item has neither request nor item`, 1},
		{"form field without key", `{"name": "Odd", "request": {"method": "POST", "url": "{{baseUrl}}/odd", "body": {"mode": "formdata", "formdata": [{"value": "1"}]}}}`, `item[1] "Odd": request.body.formdata[0]: form field has no key`, 0},
		{"unknown body mode", `{"name": "Odd", "request": {"method": "POST", "url": "{{baseUrl}}/odd", "body": {"mode": "binary"}}}`, `item[1] "Odd": request.body.mode: body mode "binary"`, 0},
		{"header list a number", `{"name": "Odd", "request": {"method": "GET", "url": "{{baseUrl}}/odd", "header": 5}}`, `item[1] "Odd": request.header: must be a list of headers`, 0},
	} {
		input := collection("", good+", "+tc.item)
		res := convert(t, zoomgen.ZoomOptions(), input)
		if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0].Error(), "t.json: "+tc.want) {
			t.Errorf("%s: warnings %v, want one containing %q", tc.name, res.Warnings, tc.want)
		}
		if res.Skipped != tc.skipped {
			t.Errorf("%s: skipped %d, want %d", tc.name, res.Skipped, tc.skipped)
		}
		if res.Doc.Paths.Value("/good") == nil {
			t.Errorf("%s: the good item was not converted", tc.name)
		}
		strict := zoomgen.ZoomOptions()
		strict.Strict = true
		if _, err := zoomgen.Convert(context.Background(), []zoomgen.Source{{Name: "t.json", Data: []byte(input)}}, strict); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: strict: err = %v, want it to contain %q", tc.name, err, tc.want)
		}
	}
}
