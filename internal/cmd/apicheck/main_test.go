package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLineKey(t *testing.T) {
	t.Parallel()
	for line, want := range map[string]string{
		"pkg p, func F(int) error":                         "pkg p, func F",
		"pkg p, func Pages[T any](context.Context) int":    "pkg p, func Pages",
		"pkg p, method (*Client) API() *gen.Client":        "pkg p, method (*Client) API",
		"pkg p, method (T[K]) Get(K) bool":                 "pkg p, method (T[K]) Get",
		"pkg p, const C = 3":                               "pkg p, const C =",
		"pkg p, const C untyped int":                       "pkg p, const C",
		"pkg p, var V error":                               "pkg p, var V",
		"pkg p, type T struct":                             "pkg p, type T",
		"pkg p, type T[K comparable] struct":               "pkg p, type T",
		"pkg p, type T struct, Field map[string]int":       "pkg p, type T struct, Field",
		"pkg p, type T struct, embedded Base":              "pkg p, type T struct, embedded Base",
		"pkg p, type I interface":                          "pkg p, type I",
		"pkg p, type I interface, M(context.Context) bool": "pkg p, type I interface, M",
		"pkg p, type A = B":                                "pkg p, type A",
	} {
		if got := lineKey(line); got != want {
			t.Errorf("lineKey(%q) = %q, want %q", line, got, want)
		}
	}
}

func TestCheck(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name             string
		listed, current  []string
		merged, problems string
	}{
		{"unchanged", []string{"pkg p, func A()", "pkg p, func B()"}, []string{"pkg p, func B()", "pkg p, func A()"}, "pkg p, func A()|pkg p, func B()", ""},
		{"added", []string{"pkg p, func A()"}, []string{"pkg p, func A()", "pkg p, func B()"}, "pkg p, func A()|pkg p, func B()", ""},
		{"new file", nil, []string{"pkg p, var V int"}, "pkg p, var V int", ""},
		{"removed", []string{"pkg p, func A()", "pkg p, func B()"}, []string{"pkg p, func A()"}, "", "removed: pkg p, func B()"},
		{"changed", []string{"pkg p, func A(int)"}, []string{"pkg p, func A(string)"}, "", "changed: pkg p, func A(int)\n      now: pkg p, func A(string)"},
		{"field retyped", []string{"pkg p, type T struct, F int"}, []string{"pkg p, type T struct, F int64"}, "", "changed: pkg p, type T struct, F int\n      now: pkg p, type T struct, F int64"},
	} {
		merged, problems := Check(tc.listed, tc.current)
		if tc.problems == "" && strings.Join(merged, "|") != tc.merged {
			t.Errorf("%s: merged %q, want %q", tc.name, merged, tc.merged)
		}
		if got := strings.Join(problems, "|"); got != tc.problems {
			t.Errorf("%s: problems %q, want %q", tc.name, got, tc.problems)
		}
	}
}

// module writes a module example.com/m with the given files (path →
// source) into dir, replacing what was there.
func module(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	old, _ := os.ReadDir(dir)
	for _, e := range old {
		if e.Name() != "api" {
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				t.Fatal(err)
			}
		}
	}
	files["go.mod"] = "module example.com/m\n\ngo 1.22\n"
	for p, src := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// The whole cycle on a small module: the first run lists the API, an
// addition is appended, a removal or a change fails naming it and
// changes nothing, and a hand edit of the API file accepts the break.
func TestRunOnModule(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	base := map[string]string{
		"m.go": `package m

import "context"

// Client is exported.
type Client struct {
	Name  string
	inner int
}

// Get is a method.
func (c *Client) Get(ctx context.Context, id int64) (string, error) { return "", nil }

// Max is a constant.
const Max = 30

// Option configures.
type Option func(c *Client)
`,
		"sub/sub.go":       "package sub\n\n// Hello says hello.\nfunc Hello(name string) string { return name }\n",
		"internal/x/x.go":  "package x\n\n// Hidden is internal.\nfunc Hidden() {}\n",
		"cmd/tool/main.go": "package main\n\nfunc main() {}\n",
		"sub/sub_test.go":  "package sub\n\n// TestOnly is in a test file.\nfunc TestOnly() {}\n",
	}
	clone := func(extra map[string]string) map[string]string {
		out := map[string]string{}
		for k, v := range base {
			out[k] = v
		}
		for k, v := range extra {
			if v == "" {
				delete(out, k)
			} else {
				out[k] = v
			}
		}
		return out
	}
	module(t, dir, clone(nil))
	if err := run(dir, "api"); err != nil {
		t.Fatal(err)
	}
	m := readFile(t, filepath.Join(dir, "api", "m.txt"))
	for _, want := range []string{
		"pkg example.com/m, type Client struct\n",
		"pkg example.com/m, type Client struct, Name string\n",
		"pkg example.com/m, method (*Client) Get(context.Context, int64) (string, error)\n",
		"pkg example.com/m, const Max = 30\n",
		"pkg example.com/m, const Max untyped int\n",
		"pkg example.com/m, type Option func(*Client)\n",
	} {
		if !strings.Contains(m, want) {
			t.Errorf("api/m.txt lacks %q:\n%s", want, m)
		}
	}
	if strings.Contains(m, "inner") {
		t.Error("an unexported field is listed")
	}
	sub := readFile(t, filepath.Join(dir, "api", "sub.txt"))
	if !strings.Contains(sub, "pkg example.com/m/sub, func Hello(string) string\n") || strings.Contains(sub, "TestOnly") {
		t.Errorf("api/sub.txt:\n%s", sub)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "api"))
	if len(entries) != 2 {
		t.Errorf("api/ has %d files, want m.txt and sub.txt only (no internal, no command)", len(entries))
	}

	// Unchanged: nothing changes.
	if err := run(dir, "api"); err != nil {
		t.Fatal(err)
	}
	if again := readFile(t, filepath.Join(dir, "api", "m.txt")); again != m {
		t.Error("a second run changed api/m.txt")
	}

	// Added: appended, the rest kept.
	module(t, dir, clone(map[string]string{"more.go": "package m\n\n// Min is new.\nfunc Min() int { return 1 }\n"}))
	if err := run(dir, "api"); err != nil {
		t.Fatal(err)
	}
	grown := readFile(t, filepath.Join(dir, "api", "m.txt"))
	if !strings.Contains(grown, "pkg example.com/m, func Min() int\n") || len(grown) != len(m)+len("pkg example.com/m, func Min() int\n") {
		t.Errorf("addition not appended exactly:\n%s", grown)
	}

	// Removed and changed: fails naming each, writes nothing.
	module(t, dir, clone(map[string]string{
		"m.go": strings.Replace(strings.Replace(base["m.go"], "id int64", "id string", 1), "const Max = 30\n", "", 1),
	}))
	err := run(dir, "api")
	if err == nil {
		t.Fatal("a removal and a change passed")
	}
	for _, want := range []string{
		"api/m.txt: removed: pkg example.com/m, func Min() int",
		"api/m.txt: removed: pkg example.com/m, const Max = 30",
		"api/m.txt: changed: pkg example.com/m, method (*Client) Get(context.Context, int64) (string, error)\n      now: pkg example.com/m, method (*Client) Get(context.Context, string) (string, error)",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if after := readFile(t, filepath.Join(dir, "api", "m.txt")); after != grown {
		t.Error("api/m.txt written despite the break")
	}

	// The break, made explicit by editing the file, passes.
	edited := grown
	for _, l := range []string{"pkg example.com/m, func Min() int\n", "pkg example.com/m, const Max = 30\n", "pkg example.com/m, const Max untyped int\n"} {
		edited = strings.Replace(edited, l, "", 1)
	}
	edited = strings.Replace(edited, "Get(context.Context, int64)", "Get(context.Context, string)", 1)
	if err := os.WriteFile(filepath.Join(dir, "api", "m.txt"), []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run(dir, "api"); err != nil {
		t.Fatalf("the edited API file still fails: %v", err)
	}
	if after := readFile(t, filepath.Join(dir, "api", "m.txt")); after != edited {
		t.Errorf("the edited file was rewritten:\n%s", after)
	}

	// A package that is gone fails until its file is deleted.
	module(t, dir, clone(map[string]string{"sub/sub.go": "", "sub/sub_test.go": "", "m.go": strings.Replace(strings.Replace(base["m.go"], "id int64", "id string", 1), "const Max = 30\n", "", 1)}))
	err = run(dir, "api")
	if err == nil || !strings.Contains(err.Error(), "api/sub.txt: its package is no longer in the module") {
		t.Errorf("err = %v, want the gone package named", err)
	}
}
