package zoomgen_test

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/zoomgen/zoom/zoomgen"
)

// TestResultsDoNotAlias converts each test collection, changes every
// schema reachable from the returned document (every description, the
// first property's type), converts again with the same Options and
// compares: no schema of a Result may be shared with another conversion,
// neither through the package nor through the caller's Options.
func TestResultsDoNotAlias(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("testdata/*.postman.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test collections: %v", err)
	}
	files = append(files, seedPath)
	opts := zoomgen.ZoomOptions()
	for _, f := range files {
		src := readSources(t, filepath.Base, f)
		first, want := convertYAML(t, src, opts)
		if n := mutateSchemas(first.Doc); n == 0 {
			t.Fatalf("%s: the document has no schema to change", f)
		}
		_, got := convertYAML(t, src, opts)
		if !bytes.Equal(got, want) {
			t.Errorf("%s: changing the first Result changed the second conversion:\n%s", f, firstDiff(string(want), string(got)))
		}
	}
}

// convertYAML converts src and writes the document.
func convertYAML(t *testing.T, src []zoomgen.Source, opts zoomgen.Options) (*zoomgen.Result, []byte) {
	t.Helper()
	res, err := zoomgen.Convert(context.Background(), src, opts)
	if err != nil {
		t.Fatalf("%s: %v", src[0].Name, err)
	}
	y, err := zoomgen.MarshalYAML(res.Doc)
	if err != nil {
		t.Fatal(err)
	}
	return res, y
}

// mutateSchemas sets the description of every schema reachable from
// doc's components and operations and returns how many it changed.
func mutateSchemas(doc *openapi3.T) int {
	seen := map[*openapi3.Schema]bool{}
	var walk func(r *openapi3.SchemaRef)
	walk = func(r *openapi3.SchemaRef) {
		if r == nil || r.Value == nil || seen[r.Value] {
			return
		}
		s := r.Value
		seen[s] = true
		s.Description = "changed by the caller"
		walk(s.Items)
		for _, p := range s.Properties {
			walk(p)
		}
	}
	for _, s := range doc.Components.Schemas {
		walk(s)
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			for _, p := range op.Parameters {
				walk(p.Value.Schema)
			}
			if op.RequestBody != nil {
				for _, mt := range op.RequestBody.Value.Content {
					walk(mt.Schema)
				}
			}
			for _, resp := range op.Responses.Map() {
				for _, mt := range resp.Value.Content {
					walk(mt.Schema)
				}
				for _, h := range resp.Value.Headers {
					walk(h.Value.Schema)
				}
			}
		}
	}
	return len(seen)
}
