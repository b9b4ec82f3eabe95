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
	// One odd item is a located warning, counted as skipped; -strict
	// makes it fatal.
	var stderr bytes.Buffer
	if err := run(context.Background(), []string{bad}, &bytes.Buffer{}, &stderr); err != nil {
		t.Errorf("err = %v, want a warning", err)
	}
	for _, want := range []string{`warning: ` + filepath.ToSlash(bad) + `: "No URL": request.url: request has no URL; the item is skipped`, `1 item(s) skipped, 1 warning(s)`} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
	err := run(context.Background(), []string{"-strict", bad}, &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), `"No URL": request.url: request has no URL`) {
		t.Errorf("-strict: err = %v, want the item and field named", err)
	}
	if err := run(context.Background(), []string{"-var", "novalue", bad}, &bytes.Buffer{}, &bytes.Buffer{}); err == nil {
		t.Error("a -var without = was accepted")
	}
}

// TestCommandSummaryAndStrict: warnings are printed with their place, the
// summary line counts what was read and what was written, and -strict
// turns the same warnings into a failure.
func TestCommandSummaryAndStrict(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "c.json")
	col := `{"info": {"name": "c", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}, "item": [
		{"name": "Get", "request": {"method": "GET", "url": "https://api.example.com/a"}},
		{"name": "Purge", "request": {"method": "PURGE", "url": "https://api.example.com/a"}},
		{"name": "Hawk", "request": {"method": "POST", "url": "https://api.example.com/a", "auth": {"type": "hawk"}}}]}`
	if err := os.WriteFile(in, []byte(col), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args    []string
		wantErr bool
		stderr  []string
	}{
		{[]string{in}, false, []string{
			`warning: ` + filepath.ToSlash(in) + `: item[1] "Purge": request.method: method "PURGE" has no OpenAPI 3.0 equivalent; the request is not converted`,
			`warning: ` + filepath.ToSlash(in) + `: item[2] "Hawk": request.auth: auth type "hawk" has no OpenAPI equivalent`,
			`zoomgen: 1 file(s), 3 request(s) read, 2 operation(s) written, 1 item(s) skipped, 2 warning(s)`,
		}},
		{[]string{"-strict", in}, true, nil},
	} {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), tc.args, &stdout, &stderr)
		if (err != nil) != tc.wantErr {
			t.Fatalf("%v: err = %v, want error %v", tc.args, err, tc.wantErr)
		}
		if tc.wantErr {
			if !strings.Contains(err.Error(), `"Purge": request.method`) || !strings.Contains(err.Error(), `"Hawk": request.auth`) {
				t.Errorf("-strict error does not name both warnings: %v", err)
			}
			if stdout.Len() != 0 {
				t.Error("-strict wrote a document despite the errors")
			}
			continue
		}
		for _, want := range tc.stderr {
			if !strings.Contains(stderr.String(), want) {
				t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
			}
		}
		if !strings.Contains(stdout.String(), "openapi: 3.0.3") {
			t.Error("no document on stdout")
		}
	}
}
