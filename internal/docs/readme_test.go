package docs

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", path))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// readmes are the documents whose claims are checked.
var readmes = []string{"README.md", "examples/README.md"}

// makeTargets are the targets the Makefile defines.
func makeTargets(t *testing.T) map[string]bool {
	t.Helper()
	targets := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^([a-z][a-z0-9-]*):`).FindAllStringSubmatch(read(t, "Makefile"), -1) {
		targets[m[1]] = true
	}
	return targets
}

// TestMakeTargetsExist: every `make X` the READMEs show is a target, and
// every target the Makefile documents (## lines) is in the README.
func TestMakeTargetsExist(t *testing.T) {
	t.Parallel()
	targets := makeTargets(t)
	for _, doc := range readmes {
		for _, m := range regexp.MustCompile("`make ([a-z][a-z0-9-]*)").FindAllStringSubmatch(read(t, doc), -1) {
			if !targets[m[1]] {
				t.Errorf("%s shows `make %s`, which the Makefile does not have", doc, m[1])
			}
		}
	}
	readme := read(t, "README.md")
	for _, m := range regexp.MustCompile(`(?m)^## ([a-z][a-z0-9-]*):`).FindAllStringSubmatch(read(t, "Makefile"), -1) {
		if !targets[m[1]] {
			continue // a wrapped comment line, not a target's
		}
		if m[1] != "run" && m[1] != "help" && !strings.Contains(readme, "`make "+m[1]+"`") {
			t.Errorf("the Makefile documents target %q; README.md does not mention `make %s`", m[1], m[1])
		}
	}
}

// TestEnvVarsMatchZoomRegister: README.md names every ZOOM_* variable
// zoom-register reads (its envVars table, which its own test holds to
// what it reads), and the READMEs name no variable that no command reads.
func TestEnvVarsMatchZoomRegister(t *testing.T) {
	t.Parallel()
	src := read(t, "cmd/zoom-register/connect.go")
	i := strings.Index(src, "var envVars")
	if i < 0 {
		t.Fatal("cmd/zoom-register/connect.go has no envVars table")
	}
	var register []string
	for _, m := range regexp.MustCompile(`\{"(ZOOM_[A-Z_]+)"`).FindAllStringSubmatch(src[i:], -1) {
		register = append(register, m[1])
	}
	sort.Strings(register)
	commands, err := filepath.Glob(filepath.Join("..", "..", "cmd", "*", "*.go"))
	if err != nil || len(commands) == 0 {
		t.Fatalf("no command sources: %v", err)
	}
	var sources strings.Builder
	for _, f := range commands {
		if !strings.HasSuffix(f, "_test.go") {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			sources.Write(b)
		}
	}
	for _, doc := range readmes {
		named := map[string]bool{}
		for _, v := range regexp.MustCompile(`\bZOOM_[A-Z_]+[A-Z]\b`).FindAllString(read(t, doc), -1) {
			named[v] = true
		}
		for v := range named {
			if !strings.Contains(sources.String(), `"`+v+`"`) {
				t.Errorf("%s names %s, which no command reads", doc, v)
			}
		}
		if doc == "README.md" {
			for _, v := range register {
				if !named[v] {
					t.Errorf("%s does not name %s, which zoom-register reads", doc, v)
				}
			}
		}
	}
}

// TestNoClaimsKnownFalse: statements that were once in the README and are
// not true.
func TestNoClaimsKnownFalse(t *testing.T) {
	t.Parallel()
	for _, doc := range readmes {
		text := read(t, doc)
		for _, bad := range []struct{ re, why string }{
			{`go run \./cmd/zoom-register`, "go run reports every failing exit status as 1; show bin/zoom-register"},
			{"`go doc -all", "go doc does not show examples"},
			{`[Oo]nly Go[^\n]*make[^\n]*needed`, "make test needs a C compiler for -race"},
			{`zoom-demo`, "the command is gone (ExampleNewClient)"},
			{`Nothing else:`, "the steps end with make test"},
		} {
			if loc := regexp.MustCompile(bad.re).FindStringIndex(text); loc != nil {
				t.Errorf("%s: %q: %s", doc, text[loc[0]:loc[1]], bad.why)
			}
		}
	}
	readme := read(t, "README.md")
	for _, want := range []string{"C compiler", "## Use it against the mock", "zoom.WithBaseURL(", "zoom.WithTokenURL(", "bin/zoom-mock", "go test -run Example"} {
		if !strings.Contains(readme, want) {
			t.Errorf("README.md lacks %q", want)
		}
	}
}

// TestMakeRunsFromCommittedFiles: the default target builds the command
// and runs the binary (so exit status 2 arrives as 2), and neither
// regenerates nor uses go run.
func TestMakeRunsFromCommittedFiles(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("no make")
	}
	cmd := exec.Command("make", "-n")
	cmd.Dir = filepath.Join("..", "..")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("make -n: %v\n%s", err, out)
	}
	s := string(out)
	for _, bad := range []string{"go generate", "go run"} {
		if strings.Contains(s, bad) {
			t.Errorf("make runs %q:\n%s", bad, s)
		}
	}
	for _, want := range []string{"go build -tags demo -o bin/zoom-register ./cmd/zoom-register", "bin/zoom-register ", "echo \"make: "} {
		if !strings.Contains(s, want) {
			t.Errorf("make does not run %q:\n%s", want, s)
		}
	}
	// make test keeps the drift check and leaves the slow suites out.
	cmd = exec.Command("make", "-n", "test")
	cmd.Dir = filepath.Join("..", "..")
	out, err = cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("make -n test: %v\n%s", err, out)
	}
	for _, want := range []string{"go generate ./...", "go test -p 4 -race -short"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("make test does not run %q:\n%s", want, out)
		}
	}
}

// TestSuitesWriteNoTrackedFiles: make bench and make reliability write
// their output under bin/ (ignored), never over the committed bench/
// summaries, so running them leaves git status clean.
func TestSuitesWriteNoTrackedFiles(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("no make")
	}
	for _, target := range []string{"bench", "reliability", "large", "endpoint"} {
		cmd := exec.Command("make", "-n", target)
		cmd.Dir = filepath.Join("..", "..")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("make -n %s: %v\n%s", target, err, out)
		}
		for _, m := range regexp.MustCompile(`(?:tee |> ?|\b[A-Z_]+=)(\S+)`).FindAllStringSubmatch(string(out), -1) {
			if dest := m[1]; strings.Contains(dest, "/") && !strings.HasPrefix(dest, "bin/") {
				t.Errorf("make %s writes %s, outside bin/", target, dest)
			}
		}
	}
	if ignore := read(t, ".gitignore"); !strings.Contains(ignore, "/bin/") {
		t.Error(".gitignore does not ignore /bin/")
	}
}
