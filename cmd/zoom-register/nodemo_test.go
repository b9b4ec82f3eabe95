//go:build !demo

package main

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuiltWithoutDemo: the command as `go build` or `go install` makes
// it does not link the mock Zoom API (nor kin-openapi's validator, its
// router, httptest or testing), and without credentials it says how to
// get demo mode instead of failing obscurely.
func TestBuiltWithoutDemo(t *testing.T) {
	var out, errb bytes.Buffer
	code := run(t.Context(), []string{"-meeting", "1", "-in", "../../examples/attendees.csv", "-out", filepath.Join(t.TempDir(), "r.csv")}, env(), &out, &errb)
	if code == exitOK || !strings.Contains(errb.String(), "-tags demo") || strings.Contains(out.String()+errb.String(), "DEMO MODE") {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out.String(), errb.String())
	}
	deps, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, pkg := range strings.Fields(string(deps)) {
		switch pkg {
		case "github.com/zoomgen/zoom/zoomtest", "github.com/getkin/kin-openapi/openapi3", "github.com/gorilla/mux", "net/http/httptest", "testing":
			t.Errorf("the production build links %s", pkg)
		}
	}
}
