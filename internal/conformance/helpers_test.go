package conformance_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/zoomgen/zoom/internal/conformance"
)

// testDoc is a small truth in the shapes Zoom's document has: a path-level
// parameter, an enum, allOf, oneOf, an array of objects, formats, a
// recursive schema, an int32 bound and a 204.
const testDoc = `{
 "openapi": "3.0.0", "info": {"title": "t", "version": "1"},
 "paths": {
  "/meetings/{meetingId}": {
   "parameters": [{"name": "meetingId", "in": "path", "required": true, "schema": {"type": "integer", "format": "int64"}}],
   "get": {
    "parameters": [{"name": "status", "in": "query", "schema": {"type": "string", "enum": ["a", "b"]}}],
    "responses": {
     "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Meeting"}}}},
     "204": {"description": "none", "content": {"application/json": {"schema": {"type": "object"}}}}
    }
   },
   "patch": {
    "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {"topic": {"type": "string"}}}}}},
    "responses": {"204": {"description": "done"}}
   }
  }
 },
 "components": {"schemas": {
  "Meeting": {"allOf": [
   {"type": "object", "properties": {"id": {"type": "integer", "format": "int64"}, "when": {"type": "string", "format": "date-time"}}},
   {"type": "object", "properties": {
     "price": {"type": "number", "minimum": 0, "maximum": 1000},
     "small": {"type": "integer", "format": "int32", "maximum": 50},
     "kind": {"type": "string", "enum": [1, 2]},
     "mail": {"type": "string", "format": "email"},
     "tags": {"type": "array", "items": {"type": "string"}, "minItems": 2, "maxItems": 2},
     "occurrences": {"type": "array", "items": {"type": "object", "properties": {"occurrence_id": {"type": "string"}}}},
     "settings": {"oneOf": [{"type": "object", "properties": {"audio": {"type": "string"}}}, {"type": "object", "properties": {"video": {"type": "boolean"}}}]},
     "tree": {"$ref": "#/components/schemas/Node"}
   }}
  ]},
  "Node": {"type": "object", "properties": {"name": {"type": "string"}, "child": {"$ref": "#/components/schemas/Node"}}}
 }}
}`

func loadTestDoc(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := conformance.LoadDoc([]byte(testDoc))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func meetingSchema(t *testing.T) *openapi3.SchemaRef {
	t.Helper()
	return loadTestDoc(t).Components.Schemas["Meeting"]
}

func TestSample(t *testing.T) {
	t.Parallel()
	ref := meetingSchema(t)
	for round := 1; round <= 3; round++ {
		v := conformance.Sample(ref, 42, round)
		if !reflect.DeepEqual(v, conformance.Sample(ref, 42, round)) {
			t.Errorf("round %d: two samples with one seed differ", round)
		}
		m, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("round %d: sample %T, want an object", round, v)
		}
		// Every property, optional or not, of both allOf branches.
		for _, k := range []string{"id", "when", "price", "small", "kind", "mail", "tags", "occurrences", "settings", "tree"} {
			if _, ok := m[k]; !ok {
				t.Errorf("round %d: no %q in %v", round, k, m)
			}
		}
		if err := ref.Value.VisitJSON(v); err != nil {
			// kind (enum of numbers on a string) admits no value; nothing else may fail.
			if !conformance.Unsatisfiable(err) {
				t.Errorf("round %d: sample %v invalid: %v", round, v, err)
			}
		}
		if tags := m["tags"].([]any); len(tags) != 2 {
			t.Errorf("round %d: tags %v, want minItems=maxItems=2", round, tags)
		}
		if occ := m["occurrences"].([]any); len(occ) != round {
			t.Errorf("round %d: %d occurrences, want %d", round, len(occ), round)
		}
		if s := m["settings"].(map[string]any); s["audio"] == nil || s["video"] != nil {
			t.Errorf("round %d: settings %v, want oneOf's first branch", round, s)
		}
		if tree := m["tree"].(map[string]any); tree["child"] != nil {
			t.Errorf("round %d: recursion not cut: %v", round, tree)
		}
		if kind := m["kind"]; kind != "1" && kind != "2" {
			t.Errorf("round %d: kind %v, want a string of an enum value", round, kind)
		}
		id, price, small := m["id"].(float64), m["price"].(float64), m["small"].(float64)
		if small > 50 {
			t.Errorf("round %d: small = %v beyond its maximum", round, small)
		}
		switch round {
		case 1:
			if price != float64(int64(price)) {
				t.Errorf("round 1: price %v, want a whole number", price)
			}
		case 3:
			if id < 1<<32 {
				t.Errorf("round 3: id %v, want beyond 32 bits", id)
			}
			if price == float64(int64(price)) || price > 1000 || price < 0 {
				t.Errorf("round 3: price %v, want a fraction within [0, 1000]", price)
			}
		}
	}
}

func TestFacts(t *testing.T) {
	t.Parallel()
	fs := conformance.Facts(loadTestDoc(t))
	op := "GET /meetings/{}"
	for _, f := range []conformance.Fact{
		{Kind: "op", Op: op},
		{Kind: "op", Op: "PATCH /meetings/{}"},
		{Kind: "status", Op: op, Subject: "204"},
		{Kind: "param", Op: op, Subject: "path meetingId"},
		{Kind: "param-required", Op: op, Subject: "path meetingId"},
		{Kind: "param-type", Op: op, Subject: "path meetingId", Value: "integer"},
		{Kind: "param-enum", Op: op, Subject: "query status", Value: "b"},
		{Kind: "resp-prop-type", Op: op, Subject: "200 .id", Value: "integer"},
		{Kind: "resp-prop-type", Op: op, Subject: "200 .occurrences[].occurrence_id", Value: "string"},
		{Kind: "resp-prop-type", Op: op, Subject: "200 .tags[]", Value: "string"},
		{Kind: "resp-prop-type", Op: op, Subject: "200 .settings.video", Value: "boolean"},
		{Kind: "resp-prop", Op: op, Subject: "200 .tree.child"},
		{Kind: "req-prop-type", Op: "PATCH /meetings/{}", Subject: ".topic", Value: "string"},
	} {
		if !fs[f] {
			t.Errorf("no fact %s", f)
		}
	}
	for _, f := range []conformance.Fact{
		{Kind: "param-required", Op: op, Subject: "query status"},
		{Kind: "resp-prop", Op: op, Subject: "200 .tree.child.name"}, // recursion stops at the repeat
	} {
		if fs[f] {
			t.Errorf("unexpected fact %s", f)
		}
	}
}

func TestCarriedAndCompare(t *testing.T) {
	t.Parallel()
	collection := `{"item": [{"name": "folder", "item": [{"name": "Get", "request": {"method": "GET",
	  "url": {"path": ["meetings", ":meetingId"], "variable": [{"key": "meetingId", "value": "1"}],
	    "query": [{"key": "status", "value": "a", "description": {"content": "(This can only be one of a)"}}]}},
	  "response": [{"code": 200, "body": "{\"id\": 1, \"tags\": [\"x\"], \"occurrences\": [{\"occurrence_id\": \"integer\"}]}"}, {"code": 404, "body": "not json"}]}]}]}`
	carried, notJSON, err := conformance.CarriedSubjects([]byte(collection))
	if err != nil {
		t.Fatal(err)
	}
	if got := carried.ExampleTypes("GET /meetings/{}", 200, ".occurrences.occurrence_id"); !got["number"] || len(got) != 1 {
		t.Errorf("the placeholder \"integer\" shows types %v, want number", got)
	}
	if got := carried.ExampleTypes("GET /meetings/{}", 200, ".tags"); !got["array"] || !got["[]string"] || len(got) != 2 {
		t.Errorf("ExampleTypes(.tags) = %v, want array and []string", got)
	}
	for f, want := range map[conformance.Fact]bool{
		{Kind: "resp-prop-type", Op: "GET /meetings/{}", Subject: "200 .id", Value: "string"}:                          true,  // the example shows a number
		{Kind: "resp-prop-type", Op: "GET /meetings/{}", Subject: "200 .id", Value: "integer"}:                         false, // it does show one
		{Kind: "resp-prop-type", Op: "GET /meetings/{}", Subject: "200 .tags[]", Value: "string"}:                      false,
		{Kind: "resp-prop-type", Op: "GET /meetings/{}", Subject: "200 .tags[]", Value: "integer"}:                     true,
		{Kind: "resp-prop-type", Op: "GET /meetings/{}", Subject: "200 .occurrences[].occurrence_id", Value: "string"}: true,  // the placeholder says integer
		{Kind: "resp-prop-type", Op: "GET /meetings/{}", Subject: "200 .nothing", Value: "string"}:                     false, // no example there
		{Kind: "param-type", Op: "GET /meetings/{}", Subject: "query status", Value: "integer"}:                        false,
	} {
		if got := carried.Contradicts(f); got != want {
			t.Errorf("Contradicts(%s) = %v, want %v", f, got, want)
		}
	}
	if got := carried.ExampleTypes("GET /meetings/{}", 200, ".id"); !got["number"] || len(got) != 1 {
		t.Errorf("ExampleTypes(.id) = %v, want number", got)
	}
	if notJSON != 1 {
		t.Errorf("notJSON = %d, want 1", notJSON)
	}
	op := "GET /meetings/{}"
	for f, want := range map[conformance.Fact]bool{
		{Kind: "op", Op: op}: true,
		{Kind: "param-type", Op: op, Subject: "path meetingId", Value: "integer"}:                      true,
		{Kind: "param-enum", Op: op, Subject: "query status", Value: "a"}:                              true,
		{Kind: "param-enum", Op: op, Subject: "query status", Value: "b"}:                              false,
		{Kind: "resp-prop-type", Op: op, Subject: "200 .occurrences[].occurrence_id", Value: "string"}: true,
		{Kind: "resp-prop", Op: op, Subject: "200 .when"}:                                              false,
		{Kind: "status", Op: op, Subject: "404"}:                                                       true,
		{Kind: "op", Op: "PATCH /meetings/{}"}:                                                         false,
	} {
		if got := carried.Has(f); got != want {
			t.Errorf("Has(%s) = %v, want %v", f, got, want)
		}
	}
	truth := conformance.FactSet{
		{Kind: "op", Op: op}: true,
		{Kind: "resp-prop-type", Op: op, Subject: "200 .occurrences[].occurrence_id", Value: "string"}: true,
		{Kind: "resp-prop", Op: op, Subject: "200 .when"}:                                              true, // not carried
	}
	converted := conformance.FactSet{
		{Kind: "op", Op: op}: true,
		{Kind: "resp-prop-type", Op: op, Subject: "200 .occurrences[].occurrence_id", Value: "integer"}: true, // a placeholder read as a type
	}
	// A property Zoom's examples show and its schema does not declare.
	converted[conformance.Fact{Kind: "resp-prop-type", Op: op, Subject: "200 .extra", Value: "string"}] = true
	converted[conformance.Fact{Kind: "resp-prop", Op: op, Subject: "200 .extra"}] = true
	examples := conformance.FactSet{{Kind: "resp-prop", Op: op, Subject: "200 .extra"}: true}
	s := conformance.Compare(converted, truth, carried.Has, examples)
	if s.ExampleOnly != 2 {
		t.Errorf("ExampleOnly = %d, want 2", s.ExampleOnly)
	}
	if s.Converted != 2 || s.CorrectConverted != 1 || s.Carried != 2 || s.RecalledCarried != 1 {
		t.Errorf("score %+v, want 1 of 2 converted correct, 1 of 2 carried recalled", s)
	}
	if s.Precision() != 0.5 || s.Recall() != 0.5 {
		t.Errorf("precision %v, recall %v, want 0.5, 0.5", s.Precision(), s.Recall())
	}
}

func TestCommitted(t *testing.T) {
	t.Parallel()
	truth := loadTestDoc(t)
	thin, err := conformance.LoadDoc([]byte(`{"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {
	  "/meetings/{id}": {"get": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
	    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object", "properties": {"id": {"type": "string"}}}}}}}}},
	  "/other": {"get": {"responses": {"204": {"description": "none"}}}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	ops := conformance.Committed(thin, truth)
	if len(ops) != 2 || ops[0].Op != "GET /meetings/{}" || !ops[0].InTruth || ops[1].InTruth {
		t.Fatalf("ops %+v", ops)
	}
	missing := ops[0].Missing
	// id has the wrong type; everything else but the path parameter is missing.
	if !slices.Contains(missing, conformance.Fact{Kind: "resp-prop-type", Op: "GET /meetings/{}", Subject: "200 .id", Value: "integer"}) ||
		!slices.Contains(missing, conformance.Fact{Kind: "param", Op: "GET /meetings/{}", Subject: "path meetingId"}) ||
		slices.Contains(missing, conformance.Fact{Kind: "resp-prop", Op: "GET /meetings/{}", Subject: "200 .id"}) {
		t.Errorf("missing %v", missing)
	}
	if ops[0].Declared <= len(missing) {
		t.Errorf("declared %d, missing %d: something must be present", ops[0].Declared, len(missing))
	}
}

func TestDiffAPI(t *testing.T) {
	t.Parallel()
	before := `package gen
type Meeting struct { Id *int64; Topic *string; unexported int }
type Kind string
const KindA Kind = "a"
type API interface { Get(id int64) error; Put() }
func ParseGetMeetingResponse(r int) (*Meeting, error) { return nil, nil }
func (m *Meeting) Close() error { return nil }
func helper() {}`
	after := `package gen
type Meeting struct { Id *string; Topic *string; Extra *bool }
type Kind string
type API interface { Get(id string) error; Put(); Post() }
func ParseGetMeetingResponse(r int) (*Meeting, error) { return nil, nil }
func (m *Meeting) Close() error { return nil }
func NewThing() {}`
	b, err := conformance.ExportedAPI("before.go", []byte(before))
	if err != nil {
		t.Fatal(err)
	}
	a, err := conformance.ExportedAPI("after.go", []byte(after))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range conformance.DiffAPI(b, a) {
		got = append(got, c.String())
	}
	want := []string{"const KindA removed (was Kind)", "field Meeting.Id: *int64 → *string", "method API.Get: func(id int64) error → func(id string) error"}
	if !slices.Equal(got, want) {
		t.Errorf("DiffAPI = %q, want %q", got, want)
	}
}

// A collection is outside input: whatever its bytes, reading it returns an
// error or a result, never a panic, and reads the same twice.
func FuzzCarriedSubjects(f *testing.F) {
	f.Add([]byte(`{"item": [{"name": "a", "request": {"method": "GET", "url": {"path": ["x", ":id"], "query": [{"key": "q", "value": "1"}]}}, "response": [{"code": 200, "body": "{\"a\": [1]}"}]}]}`))
	f.Add([]byte(`{"item": [{"item": [{"request": {"method": "POST", "url": {"path": []}, "body": {"mode": "formdata", "formdata": [{"key": "r", "value": "[{\"e\": 1}]"}]}}}]}]}`))
	f.Add([]byte(`{"item": [{"request": {"method": "BREW"}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c1, n1, err1 := conformance.CarriedSubjects(data)
		c2, n2, err2 := conformance.CarriedSubjects(data)
		if (err1 == nil) != (err2 == nil) || n1 != n2 {
			t.Fatalf("two reads differ: %v/%v, %d/%d", err1, err2, n1, n2)
		}
		if err1 == nil && c1.Len() != c2.Len() {
			t.Fatalf("two reads differ: %d/%d subjects", c1.Len(), c2.Len())
		}
		if err1 == nil {
			c1.Has(conformance.Fact{Kind: "param-enum", Op: "GET /x/{}", Subject: "query q", Value: "1"})
		}
	})
}

func TestGenerateArgs(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		line string
		want string // "" when skipped
		err  bool
	}{
		{line: "go run ./cmd/zoomgen -names spec/zoom.names.yaml -overlay spec/zoom.overlay.yaml -o spec/zoom.openapi.yaml spec/postman",
			want: "run ./cmd/zoomgen -names /d/spec/zoom.names.yaml -overlay /d/spec/zoom.overlay.yaml -o /d/spec/zoom.openapi.yaml /d/spec/postman"},
		{line: "go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config spec/oapi-codegen.yaml spec/zoom.openapi.yaml",
			want: "run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config /d/spec/oapi-codegen.yaml /d/spec/zoom.openapi.yaml"},
		{line: "go run ./internal/cmd/zoomcodes -spec spec/zoom.openapi.yaml -codes spec/zoom.codes.yaml -o zoom_codes.gen.go",
			want: "run ./internal/cmd/zoomcodes -spec /d/spec/zoom.openapi.yaml -codes /d/spec/zoom.codes.yaml -o /d/zoom_codes.gen.go"},
		{line: "go tool -modfile=tools/go.mod oapi-codegen -config spec/oapi-codegen.yaml spec/zoom.openapi.yaml",
			want: "tool -modfile=tools/go.mod oapi-codegen -config /d/spec/oapi-codegen.yaml /d/spec/zoom.openapi.yaml"},
		{line: "go run ./internal/cmd/apicheck -dir api"},
		{line: "go tool -modfile=x spec/only-flags", want: "tool -modfile=x spec/only-flags"},
		{line: "sh -c spec/x", err: true},
	} {
		args, ok, err := conformance.GenerateArgs(strings.Fields(tc.line), "/d")
		if (err != nil) != tc.err || ok != (tc.want != "") || strings.Join(args, " ") != tc.want {
			t.Errorf("GenerateArgs(%q) = %q, %v, %v; want %q", tc.line, args, ok, err, tc.want)
		}
	}
}

func TestWithoutOperations(t *testing.T) {
	t.Parallel()
	col := `{"info": {"name": "c"}, "item": [{"name": "f", "item": [
	  {"name": "keep", "request": {"method": "GET", "url": {"path": ["meetings"]}}},
	  {"name": "drop", "request": {"method": "get", "url": {"path": ["meetings", ":meetingId"]}}}]},
	  {"name": "drop too", "request": {"method": "DELETE", "url": {"path": ["meetings", "{{id}}"]}}},
	  {"name": "empty folder", "item": []}]}`
	ops := conformance.FactSet{{Kind: "op", Op: "GET /meetings/{}"}: true, {Kind: "op", Op: "DELETE /meetings/{}"}: true}
	out, n, err := conformance.WithoutOperations([]byte(col), ops)
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	if n != 2 || strings.Contains(s, "drop") || !strings.Contains(s, `"keep"`) || !strings.Contains(s, `"info"`) || strings.Contains(s, "null") {
		t.Errorf("WithoutOperations = %s, %d", s, n)
	}
}
