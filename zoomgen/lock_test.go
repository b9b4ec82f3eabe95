package zoomgen_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/zoomgen/zoom/zoomgen"
)

// recordingRegistrantsStatus is a request Zoom's collection has under
// Cloud Recording, with the same name as the committed meeting
// registrant item: on a path that sorts before it, so that the converter
// alone gives it the plain name updateRegistrantsStatus.
const recordingRegistrantsStatus = `{
  "name": "Update registrant's status",
  "request": {
    "method": "PUT",
    "header": [{"key": "Content-Type", "value": "application/json"}],
    "body": {"mode": "raw", "raw": "{\"action\": \"deny\", \"registrants\": [{\"id\": \"abcDEF123\"}]}", "options": {"raw": {"language": "json"}}},
    "url": {
      "raw": "{{baseUrl}}/meetings/:meetingId/recordings/registrants/status",
      "host": ["{{baseUrl}}"],
      "path": ["meetings", ":meetingId", "recordings", "registrants", "status"],
      "variable": [{"key": "meetingId", "value": "85746065432", "description": "(Required) The meeting whose recording registrants change."}]
    },
    "description": "Approve or deny people registered for a meeting's cloud recording.\n\n**[Rate Limit Label](https://example.invalid):** ` + "`Medium`" + `"
  },
  "response": [{"name": "No Content", "code": 204, "status": "No Content", "header": [], "body": ""}]
}`

func specSources(t *testing.T) []zoomgen.Source {
	t.Helper()
	var srcs []zoomgen.Source
	for _, f := range mustGlob(t, "../spec/postman/*.json") {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, zoomgen.Source{Name: f, Data: data})
	}
	return srcs
}

func convertDoc(t *testing.T, srcs []zoomgen.Source) *openapi3.T {
	t.Helper()
	res, err := zoomgen.Convert(context.Background(), srcs, zoomgen.ZoomOptions())
	if err != nil {
		t.Fatalf("convert: %v", err)
	}
	return res.Doc
}

func zoomFixed() []string {
	var fixed []string
	for name := range zoomgen.ZoomOptions().Schemas {
		fixed = append(fixed, name)
	}
	return fixed
}

// opIDs maps "METHOD /path" to operationId.
func opIDs(doc *openapi3.T) map[string]string {
	ids := map[string]string{}
	for p, item := range doc.Paths.Map() {
		for m, op := range item.Operations() {
			ids[m+" "+p] = op.OperationID
		}
	}
	return ids
}

// refsResolve fails t when any $ref of doc names no component: the
// rewriting after a rename missed one.
func refsResolve(t *testing.T, doc *openapi3.T) {
	t.Helper()
	js, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range regexp.MustCompile(`"\$ref":"#/components/schemas/([^"]+)"`).FindAllStringSubmatch(string(js), -1) {
		n++
		if _, ok := doc.Components.Schemas[m[1]]; !ok {
			t.Errorf("$ref to %s, which is not a component", m[1])
		}
	}
	if n == 0 {
		t.Error("no $ref at all: the check checked nothing")
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Errorf("locked document is invalid: %v", err)
	}
}

// The scenario: a second "Update registrant's status" on a path
// that sorts first. Without the table the converter moves the committed
// name to the newcomer; with it, every committed name stays and the
// newcomer is qualified by its own path.
func TestLockNewcomerSortingFirstTakesNoName(t *testing.T) {
	t.Parallel()
	base := convertDoc(t, specSources(t))
	table, _ := zoomgen.LockNames(base, &zoomgen.Names{}, zoomFixed())
	const existing = "PUT /meetings/{meetingId}/registrants/status"
	const newcomer = "PUT /meetings/{meetingId}/recordings/registrants/status"
	if got := table.Operations[existing]; got != "updateRegistrantsStatus" {
		t.Fatalf("committed operationId of %s = %q, want updateRegistrantsStatus (spec/zoom.openapi.yaml)", existing, got)
	}
	committedOps := opIDs(base)
	committedSchemas := map[string]bool{}
	for name := range base.Components.Schemas {
		committedSchemas[name] = true
	}

	grown := append(specSources(t), zoomgen.Source{Name: "recording.json", Data: []byte(recordingRegistrantsStatus)})
	// The problem being solved: the converter alone renames.
	unlocked := opIDs(convertDoc(t, grown))
	if unlocked[newcomer] != "updateRegistrantsStatus" || unlocked[existing] == "updateRegistrantsStatus" {
		t.Fatalf("the converter alone gives %s %q and %s %q; the scenario no longer shows the problem", newcomer, unlocked[newcomer], existing, unlocked[existing])
	}

	doc := convertDoc(t, grown)
	after, notes := zoomgen.LockNames(doc, table, zoomFixed())
	ids := opIDs(doc)
	for k, id := range committedOps {
		if ids[k] != id {
			t.Errorf("%s: operationId %q, want the committed %q", k, ids[k], id)
		}
	}
	if got := ids[newcomer]; got != "updateRegistrantsStatusForRecordings" {
		t.Errorf("newcomer named %q, want updateRegistrantsStatusForRecordings", got)
	}
	for name := range committedSchemas {
		if _, ok := doc.Components.Schemas[name]; !ok {
			t.Errorf("committed schema %s is gone", name)
		}
	}
	// The committed request type is still the meeting registrants' one.
	req := doc.Paths.Value("/meetings/{meetingId}/registrants/status").Put.RequestBody.Value.Content["application/json"].Schema
	if req.Ref != "#/components/schemas/UpdateRegistrantsStatusRequest" {
		t.Errorf("existing operation's body is %s", req.Ref)
	}
	if _, ok := req.Value.Properties["registrants"].Value.Items.Value.Properties["email"]; !ok {
		t.Error("UpdateRegistrantsStatusRequest lost the meeting registrants' email: it names the newcomer's shape")
	}
	nreq := doc.Paths.Value("/meetings/{meetingId}/recordings/registrants/status").Put.RequestBody.Value.Content["application/json"].Schema
	if nreq.Ref != "#/components/schemas/UpdateRegistrantsStatusForRecordingsRequest" {
		t.Errorf("newcomer's body is %s, want its types qualified with it", nreq.Ref)
	}
	refsResolve(t, doc)

	// The table grew by the newcomer only, and says so.
	if len(after.Operations) != len(table.Operations)+1 || after.Operations[newcomer] != "updateRegistrantsStatusForRecordings" {
		t.Errorf("table operations: %v", after.Operations)
	}
	for name, origin := range table.Schemas {
		if after.Schemas[name] != origin {
			t.Errorf("table entry %s changed: %q → %q", name, origin, after.Schemas[name])
		}
	}
	if len(table.Operations) != len(committedOps) || len(table.Schemas) != len(committedSchemas) {
		t.Errorf("input table changed: %d operations, %d schemas", len(table.Operations), len(table.Schemas))
	}
	joined := strings.Join(notes, "\n")
	if !strings.Contains(joined, newcomer+": updateRegistrantsStatus would take the name of "+existing+"; named updateRegistrantsStatusForRecordings") {
		t.Errorf("notes do not explain the qualification:\n%s", joined)
	}

	// Locking again with the grown table changes nothing and adds nothing.
	again := convertDoc(t, grown)
	after2, notes2 := zoomgen.LockNames(again, after, zoomFixed())
	if !reflect.DeepEqual(after2, after) || len(notes2) != 0 {
		t.Errorf("second run changed the table or noted %q", notes2)
	}
	a, _ := zoomgen.MarshalYAML(doc)
	b, _ := zoomgen.MarshalYAML(again)
	if string(a) != string(b) {
		t.Error("the same input and table gave two documents")
	}
}

// TestLockTable: names in a table win over derived ones, swaps included,
// and every $ref follows.
func TestLockTable(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		table     zoomgen.Names
		wantOps   map[string]string // subset
		wantTypes []string          // subset of component names
		noTypes   []string
	}{{
		name: "rename an operation and its types by hand",
		table: zoomgen.Names{
			Operations: map[string]string{"GET /meetings/{meetingId}": "fetchMeeting"},
			Schemas: map[string]string{
				"Meeting":         "GET /meetings/{meetingId} response 200 application/json",
				"MeetingSettings": "GET /meetings/{meetingId} response 200 application/json .settings",
			},
		},
		wantOps:   map[string]string{"GET /meetings/{meetingId}": "fetchMeeting", "POST /meetings/{meetingId}/registrants": "addMeetingRegistrant"},
		wantTypes: []string{"Meeting", "MeetingSettings", "AddMeetingRegistrantRequest"},
		noTypes:   []string{"GetMeetingResult", "GetMeetingResultSettings"},
	}, {
		name: "two components swap names",
		table: zoomgen.Names{Schemas: map[string]string{
			"ListMeetingRegistrantsResult":                "GET /meetings/{meetingId}/registrants response 200 application/json .registrants[]",
			"ListMeetingRegistrantsResultRegistrantsItem": "GET /meetings/{meetingId}/registrants response 200 application/json",
		}},
		wantTypes: []string{"ListMeetingRegistrantsResult", "ListMeetingRegistrantsResultRegistrantsItem"},
	}, {
		name: "a new operation whose derived name a gone operation holds",
		table: zoomgen.Names{Operations: map[string]string{
			"GET /meetings/{meetingId}/old": "getMeeting",
		}},
		wantOps: map[string]string{"GET /meetings/{meetingId}": "getMeetingForGetMeetings", "GET /meetings/{meetingId}/old": ""},
		// The types follow the operation's new name.
		wantTypes: []string{"GetMeetingForGetMeetingsResult", "GetMeetingForGetMeetingsResultSettings"},
		noTypes:   []string{"GetMeetingResult"},
	}, {
		name: "a new operation whose generated type a committed schema is",
		table: zoomgen.Names{Schemas: map[string]string{
			"GetMeetingResponse": "GET /nowhere response 200 application/json",
		}},
		wantOps: map[string]string{"GET /meetings/{meetingId}": "getMeetingForMeetings"},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			doc := convertDoc(t, specSources(t))
			zoomgen.LockNames(doc, &tc.table, zoomFixed())
			ids := opIDs(doc)
			for k, want := range tc.wantOps {
				if ids[k] != want {
					t.Errorf("%s = %q, want %q", k, ids[k], want)
				}
			}
			for _, n := range tc.wantTypes {
				if _, ok := doc.Components.Schemas[n]; !ok {
					t.Errorf("no component %s", n)
				}
			}
			for _, n := range tc.noTypes {
				if _, ok := doc.Components.Schemas[n]; ok {
					t.Errorf("component %s still there", n)
				}
			}
			refsResolve(t, doc)
		})
	}
	// The swap really swapped: the list answer's type holds the page.
	doc := convertDoc(t, specSources(t))
	zoomgen.LockNames(doc, &zoomgen.Names{Schemas: map[string]string{
		"ListMeetingRegistrantsResult":                "GET /meetings/{meetingId}/registrants response 200 application/json .registrants[]",
		"ListMeetingRegistrantsResultRegistrantsItem": "GET /meetings/{meetingId}/registrants response 200 application/json",
	}}, zoomFixed())
	page := doc.Components.Schemas["ListMeetingRegistrantsResultRegistrantsItem"].Value
	if items := page.Properties["registrants"].Value.Items; items.Ref != "#/components/schemas/ListMeetingRegistrantsResult" {
		t.Errorf("after the swap the page's items are %q", items.Ref)
	}
}

// Two committed types whose shapes become one: the first keeps the
// component and the other stays as an alias, so neither name goes.
func TestLockMergedShapesKeepBothNames(t *testing.T) {
	t.Parallel()
	doc := convertDoc(t, specSources(t))
	// The webinar batch registrants already share the meeting ones' type;
	// pretend they had their own committed one.
	table := &zoomgen.Names{Schemas: map[string]string{
		"PerformBatchRegistrationRequestRegistrantsItem": "POST /meetings/{meetingId}/batch_registrants request application/json .registrants[]",
		"WebinarRegistrant": "POST /webinars/{webinarId}/batch_registrants request application/json .registrants[]",
	}}
	_, notes := zoomgen.LockNames(doc, table, zoomFixed())
	alias, ok := doc.Components.Schemas["WebinarRegistrant"]
	if !ok || alias.Ref != "#/components/schemas/PerformBatchRegistrationRequestRegistrantsItem" {
		t.Fatalf("WebinarRegistrant = %+v, want an alias of the shared type", alias)
	}
	if _, ok := doc.Components.Schemas["PerformBatchRegistrationRequestRegistrantsItem"]; !ok {
		t.Error("the first name is gone")
	}
	if !strings.Contains(strings.Join(notes, "\n"), "WebinarRegistrant is now the same shape as PerformBatchRegistrationRequestRegistrantsItem") {
		t.Errorf("notes: %q", notes)
	}
	refsResolve(t, doc)
}

func TestLockParseNames(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ text, err string }{
		{"", ""},
		{"# only comments\n", ""},
		{"operations:\nschemas:\n", ""},
		{"operations:\n  GET /a: getA\nschemas:\n  A: GET /a response 200 application/json\n", ""},
		{"- a\n", "names.yaml:1: want a mapping"},
		{"operations:\n  get /a: getA\n", `names.yaml:2: operation key "get /a" is not "METHOD /path"`},
		{"operations:\n  GET a: getA\n", `names.yaml:2: operation key "GET a"`},
		{"operations:\n  GET /a: get-a\n", `names.yaml:2: operationId "get-a" is not an identifier`},
		{"operations:\n  GET /a: getA\n  GET /b: GetA\n", "names.yaml:3: operationId GetA gives the Go name of line 2"},
		{"operations:\n  GET /a: getA\n  GET /a: getB\n", "names.yaml"},
		{"schemas:\n  a: GET /a response 200 application/json\n", `names.yaml:2: schema name "a" is not an exported Go identifier`},
		{"schemas:\n  A: x\n  B: x\n", `names.yaml:3: origin "x" is already named at line 2`},
		{"schemas:\n  A: [x]\n", "names.yaml:2: an entry must be one key and one value"},
		{"types:\n  A: x\n", `names.yaml:1: unknown section "types"`},
		{"operations: [1]\n", "names.yaml:1: operations must be a mapping"},
		{"operations: {\n", "names.yaml: yaml:"},
	} {
		_, err := zoomgen.ParseNames("names.yaml", []byte(tc.text))
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("%q: %v", tc.text, err)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%q: err = %v, want %q", tc.text, err, tc.err)
		}
	}
}

// The table's text is sorted and reads back as the same table.
func TestLockNamesMarshalRoundTrip(t *testing.T) {
	t.Parallel()
	in := &zoomgen.Names{
		Operations: map[string]string{"PUT /b": "putB", "GET /b": "getB", "GET /a": "getA"},
		Schemas:    map[string]string{"Z": "GET /a response 200 application/json", "A": `GET /b response 200 application/json ."odd: key"[]`, "ZoomError": "#/components/schemas/ZoomError"},
	}
	text, err := in.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	back, err := zoomgen.ParseNames("t.yaml", text)
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	if !reflect.DeepEqual(back, in) {
		t.Errorf("read back %+v, want %+v", back, in)
	}
	s := string(text)
	if !(strings.Index(s, "GET /a") < strings.Index(s, "GET /b") && strings.Index(s, "GET /b") < strings.Index(s, "PUT /b") && strings.Index(s, "  A:") < strings.Index(s, "  Z:")) {
		t.Errorf("not sorted:\n%s", s)
	}
	again, _ := back.Marshal()
	if string(again) != s {
		t.Error("marshal is not deterministic")
	}
}

// The committed table names exactly what the committed spec has: every
// operation and component of spec/zoom.openapi.yaml is in it under the
// same name.
func TestLockCommittedTableMatchesSpec(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../spec/zoom.names.yaml")
	if err != nil {
		t.Fatal(err)
	}
	table, err := zoomgen.ParseNames("spec/zoom.names.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := openapi3.NewLoader().LoadFromFile("../spec/zoom.openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for k, id := range opIDs(doc) {
		if table.Operations[k] != id {
			t.Errorf("%s is %s in the spec, %q in the table", k, id, table.Operations[k])
		}
	}
	for name := range doc.Components.Schemas {
		if _, ok := table.Schemas[name]; !ok {
			t.Errorf("component %s is not in the table", name)
		}
	}
}

// postmanPathKey is "METHOD /a/{}/b" for a Postman item's request, for
// finding the corpus items that repeat committed ones.
func postmanPathKey(req map[string]any) string {
	method, _ := req["method"].(string)
	u, _ := req["url"].(map[string]any)
	segs, _ := u["path"].([]any)
	var b strings.Builder
	for _, s := range segs {
		seg, _ := s.(string)
		if strings.HasPrefix(seg, ":") || strings.HasPrefix(seg, "{") {
			seg = "{}"
		}
		b.WriteString("/" + seg)
	}
	return strings.ToUpper(method) + " " + b.String()
}

var lockTemplateVar = regexp.MustCompile(`\{[^}]*\}`)

// dropItems removes, from a Postman item tree, the requests whose key is
// in drop, and counts them.
func dropItems(items []any, drop map[string]bool) ([]any, int) {
	out := []any{}
	n := 0
	for _, it := range items {
		m, _ := it.(map[string]any)
		if sub, ok := m["item"].([]any); ok {
			var k int
			m["item"], k = dropItems(sub, drop)
			n += k
		}
		if req, ok := m["request"].(map[string]any); ok && drop[postmanPathKey(req)] {
			n++
			continue
		}
		out = append(out, it)
	}
	return out, n
}

// The corpus scenario: Zoom's whole collection added beside the committed
// items renames, removes or retypes no committed name. The collection
// repeats some committed requests; while conversion refuses repeats, the
// collection is checked without them, and as a whole once it converts.
func TestLockCorpusAddsNoRename(t *testing.T) {
	t.Parallel()
	data := corpusFile(t, "collection.postman.json")
	base := convertDoc(t, specSources(t))
	table, _ := zoomgen.LockNames(base, &zoomgen.Names{}, zoomFixed())
	committed := opIDs(base)
	drop := map[string]bool{}
	for k := range committed {
		m, p, _ := strings.Cut(k, " ")
		drop[m+" "+lockTemplateVar.ReplaceAllString(p, "{}")] = true
	}
	var col map[string]any
	if err := json.Unmarshal(data, &col); err != nil {
		t.Fatal(err)
	}
	items, dropped := dropItems(col["item"].([]any), drop)
	col["item"] = items
	trimmed, err := json.Marshal(col)
	if err != nil {
		t.Fatal(err)
	}
	scenarios := map[string][]byte{fmt.Sprintf("without its %d repeats", dropped): trimmed}
	whole := append(specSources(t), zoomgen.Source{Name: "collection.postman.json", Data: data})
	if _, err := zoomgen.Convert(context.Background(), whole, zoomgen.ZoomOptions()); err == nil {
		scenarios["whole"] = data
	} else {
		t.Logf("the whole collection beside the committed items is refused, so not checked: %.300v", err)
	}
	for name, collection := range scenarios {
		t.Run(name, func(t *testing.T) {
			grown := append(specSources(t), zoomgen.Source{Name: "collection.postman.json", Data: collection})
			lockGrown(t, base, table, grown)
		})
	}
}

// lockGrown converts grown with and without table (made from base) and
// checks that the table keeps every committed name where it was.
func lockGrown(t *testing.T, base *openapi3.T, table *zoomgen.Names, grown []zoomgen.Source) {
	t.Helper()
	committed := opIDs(base)
	unlocked := convertDoc(t, grown)
	moved := 0
	uids := opIDs(unlocked)
	for k, id := range committed {
		if uids[k] != id {
			moved++
		}
	}
	var lostTypes []string
	for name := range base.Components.Schemas {
		if _, ok := unlocked.Components.Schemas[name]; !ok {
			lostTypes = append(lostTypes, name)
		}
	}
	sort.Strings(lostTypes)
	t.Logf("without the table: %d committed operationIds move; committed schemas gone or renamed: %v", moved, lostTypes)

	doc := convertDoc(t, grown)
	after, notes := zoomgen.LockNames(doc, table, zoomFixed())
	ids := opIDs(doc)
	for k, id := range committed {
		if ids[k] != id {
			t.Errorf("%s: %q, want the committed %q", k, ids[k], id)
		}
	}
	for name, origin := range table.Schemas {
		if _, ok := doc.Components.Schemas[name]; !ok {
			t.Errorf("committed schema %s (%s) is gone", name, origin)
		}
		if after.Schemas[name] != origin {
			t.Errorf("table entry %s changed", name)
		}
	}
	// Each committed component still describes the committed operation's
	// body or answer it was named for.
	for name, origin := range table.Schemas {
		if strings.HasPrefix(origin, "#") {
			continue
		}
		if got := schemaAt(doc, origin); got != "#/components/schemas/"+name {
			t.Errorf("%s: the schema at %s is %q", name, origin, got)
		}
	}
	refsResolve(t, doc)
	t.Logf("with the table: %d operations, %d schemas, %d notes", len(after.Operations), len(after.Schemas), len(notes))
}

// schemaAt follows an origin to the $ref there ("" when the origin leads
// nowhere).
func schemaAt(doc *openapi3.T, origin string) string {
	f := strings.SplitN(origin, " ", 6)
	if len(f) < 4 {
		return ""
	}
	item := doc.Paths.Value(f[1])
	if item == nil || item.GetOperation(f[0]) == nil {
		return ""
	}
	op := item.GetOperation(f[0])
	var c openapi3.Content
	rest := f[3:]
	switch f[2] {
	case "request":
		if op.RequestBody == nil {
			return ""
		}
		c = op.RequestBody.Value.Content
	case "response":
		r := op.Responses.Value(f[3])
		if r == nil || len(f) < 5 {
			return ""
		}
		c = r.Value.Content
		rest = f[4:]
	default:
		return ""
	}
	mt := c[rest[0]]
	if mt == nil {
		return ""
	}
	r := mt.Schema
	where := strings.Join(rest[1:], " ")
	for where != "" && r != nil && r.Value != nil {
		switch {
		case strings.HasPrefix(where, "[]"):
			r, where = r.Value.Items, where[2:]
		case strings.HasPrefix(where, "{}"):
			r, where = r.Value.AdditionalProperties.Schema, where[2:]
		case strings.HasPrefix(where, `."`):
			q, err := strconv.QuotedPrefix(where[1:])
			if err != nil {
				return ""
			}
			name, _ := strconv.Unquote(q)
			r, where = r.Value.Properties[name], where[1+len(q):]
		case strings.HasPrefix(where, "."):
			end := strings.IndexAny(where[1:], ".[{")
			if end < 0 {
				end = len(where) - 1
			}
			r, where = r.Value.Properties[where[1:1+end]], where[1+end:]
		default:
			return ""
		}
	}
	if r == nil || where != "" {
		return ""
	}
	return r.Ref
}
