package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGoName(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"meeting.registration_created": "MeetingRegistrationCreated",
		"webinar.registration_denied":  "WebinarRegistrationDenied",
		"a-b.c_d":                      "ABCD",
		"2fa.enabled":                  "Event2faEnabled",
		"...":                          "",
	} {
		if got := GoName(in); got != want {
			t.Errorf("GoName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestParseRefuses: each bad example is refused with its file named.
func TestParseRefuses(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ file, body, want string }{
		{"x.y.json", `{"event":"x.z","payload":{}}`, `field "event" is "x.z"; the file name says "x.y"`},
		{"x.y.json", `{"event":"x.y"}`, `"payload" is missing`},
		{"x.y.json", `[1]`, "not a JSON object"},
		{"x.y.json", `{"event":"x.y","payload":{}} {}`, "unexpected data"},
		{"x.y.json", `{"event":`, "unexpected EOF"},
		{"....json", `{"event":"...","payload":{}}`, "gives no Go name"},
	} {
		_, err := Parse("spec/webhooks/"+tc.file, []byte(tc.body))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "spec/webhooks/"+tc.file) {
			t.Errorf("Parse(%s, %s) = %v, want an error naming the file and %q", tc.file, tc.body, err, tc.want)
		}
	}
}

// TestHoist: nested objects and arrays of objects become components named
// by their path, with references in their place; leaves stay inline.
func TestHoist(t *testing.T) {
	t.Parallel()
	ev, err := Parse("a.b.json", []byte(`{"event":"a.b","event_ts":1764590400123,"payload":{"object":{"id":85746065432,"tags":["x"],"items":[{"n":1}]}}}`))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Document([]Event{ev})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for n := range doc.Components.Schemas {
		names = append(names, n)
	}
	want := map[string]bool{"AB": true, "ABPayload": true, "ABPayloadObject": true, "ABPayloadObjectItemsItem": true}
	if len(names) != len(want) {
		t.Fatalf("components %v, want %v", names, want)
	}
	for _, n := range names {
		if !want[n] {
			t.Errorf("unexpected component %s", n)
		}
	}
	obj := doc.Components.Schemas["ABPayloadObject"].Value
	if ref := obj.Properties["items"].Value.Items.Ref; ref != "#/components/schemas/ABPayloadObjectItemsItem" {
		t.Errorf("items ref %q", ref)
	}
	if f := obj.Properties["id"].Value.Format; f != "int64" {
		t.Errorf("an 11-digit id inferred format %q, want int64", f)
	}
	if err := doc.Validate(t.Context()); err != nil {
		t.Errorf("the document does not validate: %v", err)
	}
}

// TestCommittedExamples: the committed examples load, give the eight
// registration events, and the generated files are what run writes
// (make test checks the same for the whole tree).
func TestCommittedExamples(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	spec, src := filepath.Join(dir, "events.yaml"), filepath.Join(dir, "index.go")
	if err := run("../../../spec/webhooks", spec, src, "webhook"); err != nil {
		t.Fatal(err)
	}
	for got, committed := range map[string]string{spec: "../../../spec/webhooks.openapi.yaml", src: "../../../webhook/events_index.gen.go"} {
		a, err := os.ReadFile(got)
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(committed)
		if err != nil {
			t.Fatal(err)
		}
		if string(a) != string(b) {
			t.Errorf("%s is stale: run go generate ./...", committed)
		}
	}
	events, err := Load("../../../spec/webhooks")
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 8 {
		t.Errorf("%d events, want 8", len(events))
	}
}
