package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

func TestIdentifier(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"Meeting does not exist: {meetingId}.":                             "MeetingDoesNotExist",
		"Meeting is over, you can not register now. If you have any...":    "MeetingIsOver",
		"This API can only be used for scheduled meeting.":                 "ThisAPICanOnlyBeUsedForScheduledMeeting",
		"Registration has not been enabled for this meeting: {meetingId}.": "RegistrationHasNotBeenEnabledForThisMeeting",
		"{webinarId} not found":                                            "NotFound",
		"3 registrants max":                                                "N3RegistrantsMax",
		"Invalid user id":                                                  "InvalidUserID",
		"":                                                                 "",
		"...":                                                              "",
	} {
		if got := Identifier(in); got != want {
			t.Errorf("Identifier(%q) = %q, want %q", in, got, want)
		}
	}
}

// specWith is an OpenAPI document whose operations document the given
// error codes: operation ID → x-error-codes of its 400 answer.
func specWith(ops map[string]string) string {
	var b strings.Builder
	b.WriteString("openapi: 3.0.3\ninfo: {title: t, version: \"1\"}\npaths:\n")
	for id, codes := range ops {
		fmt.Fprintf(&b, "  /%s:\n    get:\n      operationId: %s\n      responses:\n        \"400\":\n          description: x\n          x-error-codes: %s\n", id, id, codes)
	}
	return b.String()
}

// generate runs the generator on spec with the table at dir/codes.yaml
// (created when missing) and returns the Go output and the table's text.
func generate(t *testing.T, dir, spec string) (src, table string) {
	t.Helper()
	specPath := filepath.Join(dir, "spec.yaml")
	if err := os.WriteFile(specPath, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "codes.go")
	if err := run(specPath, filepath.Join(dir, "codes.yaml"), out, "zoom", false, io.Discard); err != nil {
		t.Fatal(err)
	}
	g, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	tb, err := os.ReadFile(filepath.Join(dir, "codes.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return string(g), string(tb)
}

// names returns "code=Name" for every constant in generated source.
func names(t *testing.T, src string) string {
	t.Helper()
	var out []string
	for _, line := range strings.Split(src, "\n") {
		f := strings.Fields(line)
		if len(f) == 3 && f[1] == "=" && strings.HasPrefix(f[0], "Code") {
			out = append(out, f[2]+"="+f[0])
		}
	}
	return strings.Join(out, " ")
}

func TestNamesAreStable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	first := specWith(map[string]string{
		"getMeeting":  `[{code: 3001, message: "Meeting does not exist: {id}."}, {code: 7, message: "..."}]`,
		"listThings":  `[{code: 300, message: "The next page token is invalid or expired."}]`,
		"postMeeting": `[{code: 3001, message: "Another wording."}]`,
	})
	src, table := generate(t, dir, first)
	// 7 has no words to name it by; the others are named after their
	// first message by operation ID.
	want := "7=Code7 300=CodeTheNextPageTokenIsInvalidOrExpired 3001=CodeMeetingDoesNotExist"
	if got := names(t, src); got != want {
		t.Fatalf("first run: %s, want %s", got, want)
	}
	for _, w := range []string{"DO NOT EDIT", `"Another wording."`, "getMeeting 400, postMeeting 400"} {
		if !strings.Contains(src, w) {
			t.Errorf("output lacks %q:\n%s", w, src)
		}
	}
	// The reviewer renames 300 before committing.
	table = strings.Replace(table, "CodeTheNextPageTokenIsInvalidOrExpired", "CodeInvalidRequest\n  doc: Zoom's generic invalid-request code.", 1)
	if err := os.WriteFile(filepath.Join(dir, "codes.yaml"), []byte(table), 0o644); err != nil {
		t.Fatal(err)
	}

	// An endpoint that sorts first documents 3001 and 300 with other
	// messages, and a new code 8 whose message derives 3001's name.
	second := specWith(map[string]string{
		"aaaWebinar":  `[{code: 3001, message: "Webinar does not exist: {id}."}, {code: 300, message: "Validation Failed."}, {code: 8, message: "Meeting does not exist"}]`,
		"getMeeting":  `[{code: 3001, message: "Meeting does not exist: {id}."}, {code: 7, message: "..."}]`,
		"listThings":  `[{code: 300, message: "The next page token is invalid or expired."}]`,
		"postMeeting": `[{code: 3001, message: "Another wording."}]`,
	})
	src2, table2 := generate(t, dir, second)
	want = "7=Code7 8=CodeMeetingDoesNotExist8 300=CodeInvalidRequest 3001=CodeMeetingDoesNotExist"
	if got := names(t, src2); got != want {
		t.Fatalf("after adding an endpoint: %s, want %s\n%s", got, want, src2)
	}
	if !strings.Contains(src2, "Zoom's generic invalid-request code.") {
		t.Errorf("the table's doc is not in the output:\n%s", src2)
	}
	// The table only grew, at the end, by the new code.
	if !strings.HasPrefix(table2, table) || table2[len(table):] != "- code: 8\n  name: CodeMeetingDoesNotExist8\n" {
		t.Fatalf("table changed from\n%s\nto\n%s", table, table2)
	}
	// Regenerating changes nothing.
	src3, table3 := generate(t, dir, second)
	if src3 != src2 || table3 != table2 {
		t.Fatal("a second run with the same inputs changed the output or the table")
	}

	// An endpoint removed: its code keeps its constant.
	src4, _ := generate(t, dir, first)
	if !strings.Contains(src4, "CodeMeetingDoesNotExist8 = 8") || !strings.Contains(src4, "No operation of the current document lists it") {
		t.Fatalf("a code no longer documented lost its constant:\n%s", src4)
	}
}

// Two new codes deriving the same name both carry their numbers, whatever
// order they are found in; one deriving a name the table has carries its
// number.
func TestNewNamesDisambiguated(t *testing.T) {
	t.Parallel()
	spec := specWith(map[string]string{
		"a": `[{code: 12, message: "Invalid field."}, {code: 3, message: "Meeting does not exist."}]`,
		"b": `[{code: 11, message: "Invalid field: x."}]`,
	})
	var results []string
	for range 3 {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "codes.yaml"), []byte("- code: 3001\n  name: CodeMeetingDoesNotExist\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		src, table := generate(t, dir, spec)
		results = append(results, names(t, src)+"\n"+table)
	}
	want := "3=CodeMeetingDoesNotExist3 11=CodeInvalidField11 12=CodeInvalidField12 3001=CodeMeetingDoesNotExist"
	if got := strings.SplitN(results[0], "\n", 2)[0]; got != want {
		t.Fatalf("names %s, want %s", got, want)
	}
	if !strings.HasSuffix(results[0], "- code: 3\n  name: CodeMeetingDoesNotExist3\n- code: 11\n  name: CodeInvalidField11\n- code: 12\n  name: CodeInvalidField12\n") {
		t.Fatalf("table:\n%s", results[0])
	}
	if results[1] != results[0] || results[2] != results[0] {
		t.Fatalf("runs differ:\n%s\n---\n%s", results[0], results[1])
	}
}

func TestParseTableRefusesMalformed(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, table, want string }{
		{"not a list", "code: 3\nname: CodeX\n", "codes.yaml:1: the table must be a list"},
		{"syntax", "- code: 3\n  name: [CodeX\n", "codes.yaml: yaml: line "},
		{"entry not a mapping", "- code: 3\n  name: CodeX\n- CodeY\n", "codes.yaml:3: an entry must be a mapping"},
		{"code not a number", "# c\n- code: three\n  name: CodeX\n", `codes.yaml:2: code "three" is not a positive integer`},
		{"code quoted", "- code: \"3\"\n  name: CodeX\n", `codes.yaml:1: code "3" is not a positive integer`},
		{"name not Go", "- code: 3\n  name: Code X\n", `codes.yaml:2: name "Code X" is not a Go identifier`},
		{"name without Code", "- code: 3\n  name: MeetingGone\n", `codes.yaml:2: name "MeetingGone"`},
		{"unknown key", "- code: 3\n  nmae: CodeX\n", `codes.yaml:2: unknown key "nmae"`},
		{"missing name", "- code: 3\n  doc: d\n", "codes.yaml:1: an entry needs both code and name"},
		{"duplicate code", "- code: 3\n  name: CodeX\n- code: 3\n  name: CodeY\n", "codes.yaml:3: code 3 is already named at line 1"},
		{"duplicate name", "- code: 3\n  name: CodeX\n- code: 4\n  name: CodeX\n", "codes.yaml:3: name CodeX is already used at line 1"},
		{"doc not text", "- code: 3\n  name: CodeX\n  doc: [a]\n", "codes.yaml:3: doc must be a single value"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseTable("spec/codes.yaml", []byte(tc.table))
			if err == nil || !strings.Contains(err.Error(), "spec/"+tc.want) {
				t.Fatalf("err = %v, want one containing %q", err, "spec/"+tc.want)
			}
		})
	}
	for _, ok := range []string{"", "# only comments\n", "[]\n"} {
		if tb, err := ParseTable("x.yaml", []byte(ok)); err != nil || len(tb.Entries) != 0 {
			t.Errorf("ParseTable(%q) = %v, %v; want an empty table", ok, tb, err)
		}
	}
}

// A malformed table stops generation with its location, and nothing is
// written.
func TestRunReportsBadTable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	codes := filepath.Join(dir, "codes.yaml")
	if err := os.WriteFile(codes, []byte("- code: 3\n  name: CodeX\n- code: 3\n  name: CodeY\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	spec := filepath.Join(dir, "spec.yaml")
	if err := os.WriteFile(spec, []byte(specWith(map[string]string{"a": `[{code: 9, message: "Nine."}]`})), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "codes.go")
	err := run(spec, codes, out, "zoom", false, io.Discard)
	if err == nil || !strings.Contains(err.Error(), codes+":3:") {
		t.Fatalf("err = %v, want one naming %s:3", err, codes)
	}
	if _, err := os.Stat(out); err == nil {
		t.Fatal("output written despite the bad table")
	}
}

// A malformed x-error-codes entry is a warning that names the operation,
// the response and the index; the rest of the document still gives its
// constants, and -strict makes the warning fatal.
func TestMalformedEntryIsLocatedWarning(t *testing.T) {
	t.Parallel()
	const spec = `
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      operationId: getA
      responses:
        "404":
          description: x
          x-error-codes: [{code: 7, message: "Seven."}, {code: "x", message: "m"}, {message: "no code"}, {code: 8}]
        "400":
          description: x
          x-error-codes: "not a list"
  /b:
    get:
      operationId: getB
      responses:
        "400":
          description: x
          x-error-codes: [{code: 9, message: "Nine."}, 3]
`
	doc, err := openapi3.NewLoader().LoadFromData([]byte(spec))
	if err != nil {
		t.Fatal(err)
	}
	codes, problems := Collect(doc)
	var got []int
	for _, c := range codes {
		got = append(got, c.Code)
	}
	if fmt.Sprint(got) != "[7 9]" {
		t.Errorf("codes = %v, want the well-formed 7 and 9", got)
	}
	want := []string{
		`GET /a (getA) response 400: x-error-codes is not a list`,
		`GET /a (getA) response 404: x-error-codes[1] needs an integer code and a message, has code "x" and message "m"`,
		`GET /a (getA) response 404: x-error-codes[2] needs an integer code and a message, has code missing and message "no code"`,
		`GET /a (getA) response 404: x-error-codes[3] needs an integer code and a message, has code 8 and message ""`,
		`GET /b (getB) response 400: x-error-codes[1] is not an object`,
	}
	if len(problems) != len(want) {
		t.Fatalf("problems = %q, want %d", problems, len(want))
	}
	for i, p := range problems {
		if p.Error() != want[i] {
			t.Errorf("problem %d = %q, want %q", i, p, want[i])
		}
	}

	dir := t.TempDir()
	specPath := filepath.Join(dir, "spec.yaml")
	if err := os.WriteFile(specPath, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "codes.go")
	var warnings bytes.Buffer
	if err := run(specPath, filepath.Join(dir, "codes.yaml"), out, "zoom", false, &warnings); err != nil {
		t.Fatalf("a malformed entry stopped the generator: %v", err)
	}
	if n := strings.Count(warnings.String(), "warning: "+specPath+": GET /"); n != len(want) {
		t.Errorf("%d located warnings, want %d:\n%s", n, len(want), warnings.String())
	}
	src, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), "= 7\n") || !strings.Contains(string(src), "= 9\n") {
		t.Errorf("well-formed codes missing from the output:\n%s", src)
	}

	strictOut := filepath.Join(dir, "strict.go")
	err = run(specPath, filepath.Join(dir, "codes.yaml"), strictOut, "zoom", true, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "GET /a (getA) response 404: x-error-codes[1]") {
		t.Fatalf("strict: err = %v, want the located problem", err)
	}
	if _, err := os.Stat(strictOut); err == nil {
		t.Error("strict: output written despite the error")
	}
}

// The committed zoom_codes.gen.go is what the generator makes of the
// committed spec and name table, and the table names every code.
func TestCommittedOutputIsCurrent(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..", "..", "..")
	committed, err := os.ReadFile(filepath.Join(root, "spec", "zoom.codes.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	table := filepath.Join(dir, "zoom.codes.yaml")
	if err := os.WriteFile(table, committed, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "codes.go")
	specPath := filepath.Join(root, "spec", "zoom.openapi.yaml")
	if err := run(specPath, table, out, "zoom", false, io.Discard); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(table)
	if !bytes.Equal(after, committed) {
		t.Fatalf("spec/zoom.codes.yaml lacks codes: run go generate ./..., review and commit it:\n%s", after[len(committed):])
	}
	got, _ := os.ReadFile(out)
	want, err := os.ReadFile(filepath.Join(root, "zoom_codes.gen.go"))
	if err != nil {
		t.Fatal(err)
	}
	got = bytes.Replace(got, []byte(specPath+" and "+table), []byte("spec/zoom.openapi.yaml and spec/zoom.codes.yaml"), 1)
	got = bytes.Replace(got, []byte("named in "+table+".\n"), []byte("named in spec/zoom.codes.yaml.\n"), 1)
	if !bytes.Equal(got, want) {
		t.Fatal("zoom_codes.gen.go is stale: run go generate ./...")
	}
}
