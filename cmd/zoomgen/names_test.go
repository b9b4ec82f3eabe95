package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// -names as generate.go runs it: the committed table reproduces the
// committed spec and stays as it is; a table that is missing is created
// with every name; a new item is appended to it, and a later run is
// stable.
func TestCommandNamesTable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	committed, err := os.ReadFile("../../spec/zoom.names.yaml")
	if err != nil {
		t.Fatal(err)
	}
	table := filepath.Join(dir, "names.yaml")
	if err := os.WriteFile(table, committed, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "zoom.openapi.yaml")
	gen := func(args ...string) string {
		t.Helper()
		var stderr bytes.Buffer
		args = append([]string{"-names", table, "-overlay", "../../spec/zoom.overlay.yaml", "-o", out}, args...)
		if err := run(context.Background(), args, &bytes.Buffer{}, &stderr); err != nil {
			t.Fatalf("run: %v\n%s", err, stderr.String())
		}
		return stderr.String()
	}
	gen("../../spec/postman")
	got, _ := os.ReadFile(out)
	want, _ := os.ReadFile("../../spec/zoom.openapi.yaml")
	if !bytes.Equal(got, want) {
		t.Error("with the committed table the output differs from spec/zoom.openapi.yaml; run go generate ./...")
	}
	if after, _ := os.ReadFile(table); !bytes.Equal(after, committed) {
		t.Errorf("the committed table changed; run go generate ./... and review spec/zoom.names.yaml:\n%s", after)
	}

	// A second "Update registrant's status", on a path sorting first.
	items := filepath.Join(dir, "items")
	if err := os.Mkdir(items, 0o755); err != nil {
		t.Fatal(err)
	}
	srcs, _ := filepath.Glob("../../spec/postman/*.json")
	for _, f := range srcs {
		data, _ := os.ReadFile(f)
		if err := os.WriteFile(filepath.Join(items, filepath.Base(f)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	item := `{"name": "Update registrant's status", "request": {"method": "PUT",
		"url": {"raw": "{{baseUrl}}/meetings/:meetingId/recordings/registrants/status", "host": ["{{baseUrl}}"], "path": ["meetings", ":meetingId", "recordings", "registrants", "status"],
		"variable": [{"key": "meetingId", "value": "1"}]}}, "response": [{"name": "No Content", "code": 204, "body": ""}]}`
	if err := os.WriteFile(filepath.Join(items, "recording_registrants_status.postman.json"), []byte(item), 0o644); err != nil {
		t.Fatal(err)
	}
	stderr := gen(items)
	if !strings.Contains(stderr, "updateRegistrantsStatus would take the name of PUT /meetings/{meetingId}/registrants/status; named updateRegistrantsStatusForRecordings") ||
		!strings.Contains(stderr, "1 new name(s) appended") {
		t.Errorf("stderr does not report the qualified newcomer:\n%s", stderr)
	}
	grown, _ := os.ReadFile(table)
	if !strings.Contains(string(grown), "  PUT /meetings/{meetingId}/recordings/registrants/status: updateRegistrantsStatusForRecordings\n") ||
		!strings.Contains(string(grown), "  PUT /meetings/{meetingId}/registrants/status: updateRegistrantsStatus\n") {
		t.Errorf("table after the newcomer:\n%s", grown)
	}
	spec, _ := os.ReadFile(out)
	if !strings.Contains(string(spec), "operationId: updateRegistrantsStatusForRecordings") || !strings.Contains(string(spec), "operationId: updateRegistrantsStatus\n") {
		t.Error("spec does not carry the locked and the qualified names")
	}
	// The newcomer has no label: it is paced as the default, visibly.
	if !strings.Contains(stderr, "PUT /meetings/{meetingId}/recordings/registrants/status: no rate-limit label; assumed Heavy") ||
		!strings.Contains(string(spec), "x-rate-limit-label-assumed: true") {
		t.Errorf("the unlabeled newcomer is not paced by the default:\n%s", stderr)
	}
	if again := gen(items); strings.Contains(again, "appended") {
		t.Errorf("second run appended again:\n%s", again)
	}
	if after, _ := os.ReadFile(table); !bytes.Equal(after, grown) {
		t.Error("second run changed the table")
	}
}
