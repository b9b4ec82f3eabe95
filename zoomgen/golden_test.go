package zoomgen_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/zoomgen/zoom/zoomgen"
)

// update rewrites the golden files: go test ./zoomgen -run Golden -update,
// then review the diff before committing it.
var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// goldenCases are Postman inputs and the golden OpenAPI YAML each must
// produce with ZoomOptions. Inputs named *.postman.json in testdata are
// picked up automatically; the seed item is read from spec/postman so that
// the test covers the exact bytes Zoom published.
func goldenCases(t *testing.T) map[string][]string {
	t.Helper()
	cases := map[string][]string{
		"perform_batch_registration": {"../spec/postman/perform_batch_registration.postman.json"},
		"spec_postman_all":           mustGlob(t, "../spec/postman/*.json"),
	}
	extra, _ := filepath.Glob("testdata/*.postman.json") // a malformed pattern is impossible here
	for _, f := range extra {
		cases[strings.TrimSuffix(filepath.Base(f), ".postman.json")] = []string{f}
	}
	return cases
}

func mustGlob(t *testing.T, pattern string) []string {
	t.Helper()
	m, err := filepath.Glob(pattern)
	if err != nil || len(m) == 0 {
		t.Fatalf("glob %s: %v (%d files)", pattern, err, len(m))
	}
	return m
}

// readSources reads files as Sources named name(file).
func readSources(t *testing.T, name func(string) string, files ...string) []zoomgen.Source {
	t.Helper()
	srcs := make([]zoomgen.Source, 0, len(files))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, zoomgen.Source{Name: name(f), Data: data})
	}
	return srcs
}

func convertFiles(t *testing.T, opts zoomgen.Options, files ...string) []byte {
	t.Helper()
	out, _ := convertFilesWarnings(t, opts, files...)
	return out
}

// convertFilesWarnings converts files and returns the YAML and the
// warnings, one per line.
func convertFilesWarnings(t *testing.T, opts zoomgen.Options, files ...string) ([]byte, string) {
	t.Helper()
	res, out := convertYAML(t, readSources(t, filepath.Base, files...), opts)
	var warns strings.Builder
	for _, w := range res.Warnings {
		warns.WriteString(w.Error())
		warns.WriteString("\n")
	}
	return out, warns.String()
}

func TestGolden(t *testing.T) {
	for name, files := range goldenCases(t) {
		t.Run(name, func(t *testing.T) {
			opts := zoomgen.ZoomOptions()
			// Inputs named *_formats.postman.json also show format
			// inference, which Zoom's own pipeline leaves off.
			opts.InferFormats = strings.HasSuffix(name, "_formats")
			got, warns := convertFilesWarnings(t, opts, files...)
			if warns != "" {
				// Warnings are part of the expected output: a warning that
				// disappears or appears is a change to review.
				got = append(got, "# warnings:\n# "+strings.ReplaceAll(strings.TrimSuffix(warns, "\n"), "\n", "\n# ")+"\n"...)
			}
			golden := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("output differs from %s (run go test ./zoomgen -run Golden -update and review the diff):\n%s", golden, firstDiff(string(want), string(got)))
			}
		})
	}
}

// firstDiff shows the first differing line with a little context, which is
// enough to see what changed without dumping two whole documents.
func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + ":\n- " + w + "\n+ " + g
		}
	}
	return "(no line differs; trailing bytes differ)"
}

// TestDeterministic converts the same inputs twice and in reverse order:
// the bytes must not change, because operationIds and schema names become
// Go identifiers and spec/ diffs must be reviewable.
func TestDeterministic(t *testing.T) {
	files := mustGlob(t, "../spec/postman/*.json")
	a := convertFiles(t, zoomgen.ZoomOptions(), files...)
	b := convertFiles(t, zoomgen.ZoomOptions(), files...)
	rev := append([]string(nil), files...)
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	c := convertFiles(t, zoomgen.ZoomOptions(), rev...)
	if !bytes.Equal(a, b) {
		t.Error("two conversions of the same input differ")
	}
	if !bytes.Equal(a, c) {
		t.Errorf("reordering the inputs changed the output:\n%s", firstDiff(string(a), string(c)))
	}
}
