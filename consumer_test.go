package zoom_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/modfile"
)

// toolModules are the modules of the tools the build runs (oapi-codegen,
// benchstat, staticcheck) and theirs, which must never reach a module
// that imports this one.
var toolModules = []string{
	"github.com/oapi-codegen/oapi-codegen/v2",
	"golang.org/x/perf",
	"honnef.co/go/tools",
	"golang.org/x/tools",
	"github.com/BurntSushi/toml",
}

// graphToolModules are those that must not even be in such a module's
// module graph (go list -m all), where they would raise the versions it
// selects. oapi-codegen, x/tools and BurntSushi/toml are: zoomgen's tests
// use oapi-codegen's codegen package, so this module requires them; they
// never reach the consumer's go.mod or go.sum, nor its build.
var graphToolModules = []string{"golang.org/x/perf", "honnef.co/go/tools"}

// TestConsumerModule builds a program in a module of its own, as a user
// would: a go.mod that requires github.com/zoomgen/zoom (replaced by this
// checkout), the README's batch-call snippet with only zoom and gen
// imported (testdata/consumer/main.go.txt), `go mod tidy`, `go build`
// and `go vet`. The tools this module pins must not appear in the
// consumer's go.mod or go.sum. It needs the module cache (filled by `go
// mod download`, which .ci/run does) or the module proxy.
func TestConsumerModule(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds a module of its own with the go command: not in -short")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	repo, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	program := consumerProgram(t, repo)
	dir := t.TempDir()
	gomod := fmt.Sprintf("module example.com/consumer\n\ngo 1.26\n\nrequire github.com/zoomgen/zoom v0.0.0\n\nreplace github.com/zoomgen/zoom => %s\n", strconv.Quote(repo))
	write(t, filepath.Join(dir, "go.mod"), gomod)
	write(t, filepath.Join(dir, "main.go"), program)

	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	goRun := func(args ...string) string {
		t.Helper()
		cmd := exec.CommandContext(ctx, goCmd, args...)
		cmd.Dir = dir
		// No workspace file of the surroundings, and module mode as a
		// user's own module has it.
		cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		start := time.Now()
		if err := cmd.Run(); err != nil {
			t.Fatalf("go %s: %v\n%s\nprogram:\n%s", strings.Join(args, " "), err, out.String(), program)
		}
		t.Logf("go %s: %s", strings.Join(args, " "), time.Since(start).Round(time.Millisecond))
		return out.String()
	}
	goRun("mod", "tidy")
	goRun("build", "-o", filepath.Join(dir, "consumer"), ".")
	goRun("vet", ".")

	for _, name := range []string{"go.mod", "go.sum"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range toolModules {
			if bytes.Contains(b, []byte(m+" ")) {
				t.Errorf("the consumer's %s has %s, a tool's module (its pins must stay in tools/go.mod)", name, m)
			}
		}
	}
	graph := goRun("list", "-m", "all")
	for _, line := range strings.Split(graph, "\n") {
		path, _, _ := strings.Cut(line, " ")
		if slices.Contains(graphToolModules, path) {
			t.Errorf("the consumer's module graph has %s", line)
		}
	}
	// Direct requirements: this module alone.
	f, err := modfile.Parse("go.mod", []byte(mustRead(t, filepath.Join(dir, "go.mod"))), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range f.Require {
		if !r.Indirect && r.Mod.Path != "github.com/zoomgen/zoom" {
			t.Errorf("the consumer requires %s directly", r.Mod)
		}
	}
}

// consumerProgram is testdata/consumer/main.go.txt with the README's
// batch-call snippet in it, checked to import zoom and gen only, besides
// the standard library.
func consumerProgram(t *testing.T, repo string) string {
	t.Helper()
	readme := mustRead(t, filepath.Join(repo, "README.md"))
	var snippet string
	for _, m := range regexp.MustCompile("(?s)```go\n(.*?)```").FindAllStringSubmatch(readme, -1) {
		if strings.Contains(m[1], "PerformBatchRegistration(") {
			snippet = m[1]
			break
		}
	}
	if snippet == "" {
		t.Fatal("README.md has no Go block calling PerformBatchRegistration")
	}
	program := snippet
	if !strings.HasPrefix(strings.TrimSpace(snippet), "package ") {
		var body strings.Builder
		for _, line := range strings.SplitAfter(strings.TrimRight(snippet, "\n"), "\n") {
			body.WriteString("\t\t" + line)
		}
		tmpl := mustRead(t, filepath.Join(repo, "testdata", "consumer", "main.go.txt"))
		if !strings.Contains(tmpl, "README_SNIPPET\n") {
			t.Fatal("testdata/consumer/main.go.txt has no README_SNIPPET line")
		}
		program = strings.Replace(tmpl, "README_SNIPPET\n", body.String()+"\n", 1)
	}
	file, err := parser.ParseFile(token.NewFileSet(), "main.go", program, parser.ImportsOnly)
	if err != nil {
		t.Fatalf("the consumer program: %v\n%s", err, program)
	}
	var modules []string
	for _, imp := range file.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		if first, _, _ := strings.Cut(path, "/"); strings.Contains(first, ".") {
			modules = append(modules, path)
		}
	}
	slices.Sort(modules)
	if want := []string{"github.com/zoomgen/zoom", "github.com/zoomgen/zoom/gen"}; !slices.Equal(modules, want) {
		t.Errorf("the README's snippet needs imports %v; want %v only", modules, want)
	}
	return program
}

// TestToolPinsMatchTheModule: a module that both this module and the tools
// module (tools/go.mod) require is at one version in both, so that
// oapi-codegen, run by `go generate` from the tools module, works as its
// codegen package does in zoomgen's tests (kin-openapi, which parses the
// spec for both, above all).
func TestToolPinsMatchTheModule(t *testing.T) {
	t.Parallel()
	versions := func(path string) map[string]string {
		f, err := modfile.Parse(path, []byte(mustRead(t, path)), nil)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, r := range f.Require {
			out[r.Mod.Path] = r.Mod.Version
		}
		return out
	}
	mod, tools := versions("go.mod"), versions(filepath.Join("tools", "go.mod"))
	if tools["github.com/oapi-codegen/oapi-codegen/v2"] == "" {
		t.Fatal("tools/go.mod does not pin oapi-codegen")
	}
	for path, v := range tools {
		if mv, ok := mod[path]; ok && mv != v {
			t.Errorf("%s is %s in go.mod and %s in tools/go.mod", path, mv, v)
		}
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		t.Fatalf("%s is missing", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
