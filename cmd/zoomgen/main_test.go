package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCommandReproducesCommittedSpec runs the command as generate.go does
// and compares with the committed document.
func TestCommandReproducesCommittedSpec(t *testing.T) {
	out := filepath.Join(t.TempDir(), "zoom.openapi.yaml")
	var stderr bytes.Buffer
	err := run(context.Background(), []string{"-overlay", "../../spec/zoom.overlay.yaml", "-o", out, "../../spec/postman"}, &bytes.Buffer{}, &stderr)
	if err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	got, _ := os.ReadFile(out)
	want, err := os.ReadFile("../../spec/zoom.openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("the command's output differs from the committed spec/zoom.openapi.yaml; run go generate ./...")
	}
	if !strings.Contains(stderr.String(), "request(s) read") {
		t.Errorf("no summary line on stderr: %q", stderr.String())
	}
}

func TestCommandReportsProblems(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"name": "No URL", "request": {"method": "GET"}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	err := run(context.Background(), []string{bad}, &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), `"No URL": request.url: request has no URL`) {
		t.Errorf("err = %v, want the item and field named", err)
	}
	if err := run(context.Background(), []string{"-var", "novalue", bad}, &bytes.Buffer{}, &bytes.Buffer{}); err == nil {
		t.Error("a -var without = was accepted")
	}
}
