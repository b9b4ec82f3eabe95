package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

func TestIdentifier(t *testing.T) {
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

func TestCollect(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData([]byte(`
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      operationId: getA
      responses:
        "404":
          description: x
          x-error-codes: [{code: 3001, message: "Meeting does not exist: {id}."}, {code: 7, message: "..."}]
  /b:
    post:
      operationId: postB
      responses:
        "400":
          description: x
          x-error-codes: [{code: 3001, message: "Another wording."}, {code: 8, message: "Meeting does not exist"}]
`))
	if err != nil {
		t.Fatal(err)
	}
	codes, err := Collect(doc)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range codes {
		names = append(names, c.Name)
	}
	// 3001 is named after getA's message (first by operation ID); 7 has no
	// words; 8 and 3001 start alike, so both carry their numbers.
	if got, want := strings.Join(names, " "), "Code7 CodeMeetingDoesNotExist8 CodeMeetingDoesNotExist3001"; got != want {
		t.Fatalf("names %q, want %q", got, want)
	}
	src, err := Render("zoom", "x.yaml", codes)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"DO NOT EDIT", `"Another wording."`, "CodeMeetingDoesNotExist3001 = 3001", "getA 404, postB 400"} {
		if !bytes.Contains(src, []byte(want)) {
			t.Errorf("output lacks %q:\n%s", want, src)
		}
	}
}

func TestCollectRefusesMalformed(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData([]byte(`
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      responses:
        "404":
          description: x
          x-error-codes: [{code: "x", message: "m"}]
`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Collect(doc); err == nil || !strings.Contains(err.Error(), "/a") {
		t.Fatalf("err = %v, want one naming the path", err)
	}
}

// The committed zoom_codes.gen.go is what the generator makes of the
// committed spec.
func TestCommittedOutputIsCurrent(t *testing.T) {
	root := filepath.Join("..", "..", "..")
	out := filepath.Join(t.TempDir(), "codes.go")
	if err := run(filepath.Join(root, "spec", "zoom.openapi.yaml"), out, "zoom"); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(out)
	want, err := os.ReadFile(filepath.Join(root, "zoom_codes.gen.go"))
	if err != nil {
		t.Fatal(err)
	}
	got = bytes.Replace(got, []byte(filepath.Join(root, "spec", "zoom.openapi.yaml")), []byte("spec/zoom.openapi.yaml"), 1)
	if !bytes.Equal(got, want) {
		t.Fatal("zoom_codes.gen.go is stale: run go generate ./...")
	}
}
