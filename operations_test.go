package zoom

import (
	"maps"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/zoomgen/zoom/spec"
)

func TestOperationMatch(t *testing.T) {
	var ops operationTable
	for _, tt := range []struct {
		method, path, want string
	}{
		{"POST", "/meetings/1/batch_registrants", "performBatchRegistration"},
		{"GET", "/meetings/1/registrants", "listMeetingRegistrants"},
		{"PUT", "/meetings/1/registrants/status", "updateRegistrantsStatus"},
		{"DELETE", "/meetings/1/registrants/abc", "deleteMeetingRegistrant"},
		{"DELETE", "/meetings/1/registrants/..%2Fx", "deleteMeetingRegistrant"},
		{"GET", "/meetings/1", "getMeeting"},
		{"GET", "/meetings/1/", ""},
		{"GET", "/meetings//registrants", ""},
		{"GET", "/meetings/1/registrants/extra", ""},
		{"DELETE", "/meetings/1/registrants", ""},
		{"PATCH", "/meetings/1", ""},
		{"GET", "/", ""},
		{"GET", "", ""},
	} {
		got := ""
		if op := ops.match(tt.method, tt.path); op != nil {
			got = op.ID
		}
		if got != tt.want {
			t.Errorf("match(%s %s) = %q, want %q", tt.method, tt.path, got, tt.want)
		}
	}
	if op := ops.byID("performBatchRegistration"); op.Label != LabelHeavy || op.Multipart["registrants"] != "application/json" || !op.jsonResult(201) || !op.jsonResult(200) || !op.documents(201) || op.documents(202) {
		t.Errorf("performBatchRegistration read from the spec as %+v", op)
	}
}

// Every operation of the document is known to the transport by its own
// path with its rate-limit label, so an endpoint added to the spec is
// paced and checked with no code here.
func TestEveryOperationMatchedByItsTemplate(t *testing.T) {
	var ops operationTable
	if len(operations) < 7 {
		t.Fatalf("only %d operations", len(operations))
	}
	for i := range operations {
		op, id := &operations[i], operations[i].ID
		path := ""
		for _, seg := range op.segments {
			if seg[0] == '{' {
				seg = "123"
			}
			path += "/" + seg
		}
		if got := ops.match(op.Method, path); got != op {
			t.Errorf("%s: %s %s matched %v", id, op.Method, path, got)
		}
		if op.Label == "" {
			t.Errorf("%s has no x-rate-limit-label", id)
		}
	}
}

// The generated table says what the document says: every operation, with
// its method, template, label, multipart encodings and 2xx statuses. The
// generator is the only writer of the table, so this checks it against
// kin-openapi's own reading of the embedded document.
func TestOperationTableMatchesDocument(t *testing.T) {
	doc, err := spec.Load(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for path, item := range doc.Paths.Map() {
		for method, o := range item.Operations() {
			n++
			op := operationTable{}.byID(o.OperationID)
			if op == nil {
				t.Errorf("%s %s (%s) is not in the table", method, path, o.OperationID)
				continue
			}
			label, _ := o.Extensions["x-rate-limit-label"].(string)
			if op.Method != method || op.Template != path || string(op.Label) != label {
				t.Errorf("%s: table has %s %s %q, document %s %s %q", o.OperationID, op.Method, op.Template, op.Label, method, path, label)
			}
			var success, jsonOK []int
			for status, r := range o.Responses.Map() {
				if code, err := strconv.Atoi(status); err == nil && code >= 200 && code <= 299 {
					success = append(success, code)
					if r.Value.Content.Get("application/json") != nil {
						jsonOK = append(jsonOK, code)
					}
				}
			}
			slices.Sort(success)
			slices.Sort(jsonOK)
			if !slices.Equal(op.Success, success) || !slices.Equal(op.JSON, jsonOK) {
				t.Errorf("%s: table has 2xx %v (JSON %v), document %v (JSON %v)", o.OperationID, op.Success, op.JSON, success, jsonOK)
			}
			var mp map[string]string
			if o.RequestBody != nil {
				if mt := o.RequestBody.Value.Content.Get("multipart/form-data"); mt != nil {
					mp = map[string]string{}
					for name, enc := range mt.Encoding {
						mp[name] = enc.ContentType
					}
				}
			}
			if (mp == nil) != (op.Multipart == nil) || !maps.Equal(mp, map[string]string(op.Multipart)) {
				t.Errorf("%s: table has multipart %v, document %v", o.OperationID, op.Multipart, mp)
			}
		}
	}
	if n != len(operations) {
		t.Errorf("document has %d operations, table %d", n, len(operations))
	}
}

// The client parses nothing at run time: a program importing it links no
// OpenAPI library, YAML parser or mock.
func TestClientLinksNoSpecParser(t *testing.T) {
	t.Parallel()
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command:", err)
	}
	out, err := exec.Command(goCmd, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if strings.Contains(pkg, "kin-openapi") || strings.Contains(pkg, "yaml") || strings.HasSuffix(pkg, "/zoomtest") || strings.HasSuffix(pkg, "/spec") {
			t.Errorf("package zoom links %s", pkg)
		}
	}
}
