package docs

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// invitationItem is a Postman item for an endpoint the repository does
// not have, written for this test in the shape of Zoom's items.
const invitationItem = `{
  "name": "Get a meeting's invitation text",
  "request": {
    "auth": {"type": "oauth2"},
    "method": "GET",
    "header": [],
    "url": {
      "raw": "{{baseUrl}}/meetings/:meetingId/invitation",
      "host": ["{{baseUrl}}"],
      "path": ["meetings", ":meetingId", "invitation"],
      "variable": [{"key": "meetingId", "value": "85746065432", "description": "(Required) Which meeting."}]
    },
    "description": "Gives the text people receive when invited to the meeting.\n\n**Scopes:** ` + "`meeting:read:admin`" + `\n\n**Rate Limit Label:** ` + "`Light`" + `\n"
  },
  "response": [
    {
      "name": "**HTTP Status Code:** ` + "`200`" + ` **OK**",
      "originalRequest": {"method": "GET", "header": [], "url": {"raw": "{{baseUrl}}/meetings/:meetingId/invitation", "host": ["{{baseUrl}}"], "path": ["meetings", ":meetingId", "invitation"]}},
      "status": "OK",
      "code": 200,
      "header": [{"key": "Content-Type", "value": "application/json"}],
      "body": "{\n  \"invitation\": \"You are invited to a scheduled meeting.\"\n}"
    }
  ]
}
`

// TestAddingAnEndpoint follows README's "Adding a Zoom endpoint" on a copy
// of the working tree: add an item, make generate, make test's drift check
// and the suites that read the spec. Nothing else may be needed: no golden
// file to update, no test that pins the list of operations.
func TestAddingAnEndpoint(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("copies the repository and regenerates it: make endpoint")
	}
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("no make")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	copyTree(t, root, dir)
	if err := os.WriteFile(filepath.Join(dir, "spec", "postman", "get_meeting_invitation.postman.json"), []byte(invitationItem), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(name string, args ...string) string {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		start := time.Now()
		if err := cmd.Run(); err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out.String())
		}
		t.Logf("%s %s: %s", name, strings.Join(args, " "), time.Since(start).Round(time.Second))
		return out.String()
	}
	run("make", "generate")
	gen, err := os.ReadFile(filepath.Join(dir, "gen", "zoom.gen.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(gen, []byte("GetAMeetingsInvitationText")) && !bytes.Contains(gen, []byte("Invitation")) {
		t.Fatal("the new operation is not in gen/zoom.gen.go")
	}
	// Step 4: make test. Its drift check passes on the uncommitted work;
	// the suites that read the spec and serve it run here (the whole
	// of make test would repeat the other suites on the same code).
	run("make", "check-generated")
	// And it fails when a generated file is not what the inputs produce,
	// leaving the regenerated file in its place.
	specPath := filepath.Join(dir, "spec", "zoom.openapi.yaml")
	good, err := os.ReadFile(specPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(specPath, append(append([]byte(nil), good...), "# edited by hand\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	stale := exec.Command("make", "check-generated")
	stale.Dir = dir
	if out, err := stale.CombinedOutput(); err == nil || !strings.Contains(string(out), "generated files were stale") || !strings.Contains(string(out), "spec/zoom.openapi.yaml") {
		t.Errorf("drift check on a hand-edited spec/zoom.openapi.yaml: %v\n%s", err, out)
	}
	if now, _ := os.ReadFile(specPath); !bytes.Equal(now, good) {
		t.Error("the drift check did not regenerate spec/zoom.openapi.yaml")
	}
	run("go", "vet", "./...")
	run("go", "test", "-short", "-count=1", "./zoomgen/...", "./cmd/zoomgen", "./zoomtest", "./gen", "./internal/cmd/...", "./internal/docs")
	run("go", "test", "-short", "-count=1", "-run", "Operation|Example|Mock|Wire", ".")
}

// copyTree copies the working tree (without .git and bin) from src to dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() && (rel == ".git" || rel == "bin" || strings.HasPrefix(d.Name(), ".") && rel != "." && rel != ".ci") {
			return filepath.SkipDir
		}
		if d.Name() == ".git" {
			return nil
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, info.Mode().Perm())
	})
	if err != nil {
		t.Fatal(err)
	}
}
