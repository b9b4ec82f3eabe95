package zoomgen_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zoomgen/zoom/zoomgen"
)

// An operation without a label gets the default, marked as assumed; a
// label from the item or from the overlay is kept and not marked.
func TestDefaultRateLimitLabels(t *testing.T) {
	t.Parallel()
	col := `{"info": {"name": "c", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}, "item": [
		{"name": "Labeled", "request": {"method": "GET", "url": "{{baseUrl}}/a", "description": "**[Rate Limit Label](https://example.invalid):** ` + "`Light`" + `"}},
		{"name": "Unlabeled", "request": {"method": "GET", "url": "{{baseUrl}}/b"}},
		{"name": "Labeled by the overlay", "request": {"method": "DELETE", "url": "{{baseUrl}}/b"}}]}`
	res, err := zoomgen.Convert(context.Background(), []zoomgen.Source{{Name: "c.json", Data: []byte(col)}}, zoomgen.ZoomOptions())
	if err != nil {
		t.Fatal(err)
	}
	overlay := `overlay: 1.0.0
info: {title: t, version: "1"}
actions:
  - target: $.paths['/b'].delete
    update:
      x-rate-limit-label: Medium
`
	doc, err := zoomgen.ApplyOverlay(context.Background(), res.Doc, []byte(overlay), "o.yaml")
	if err != nil {
		t.Fatal(err)
	}
	labeled := zoomgen.DefaultRateLimitLabels(doc, zoomgen.DefaultRateLimitLabel)
	if len(labeled) != 1 || labeled[0] != "GET /b" {
		t.Errorf("labeled %q, want [GET /b]", labeled)
	}
	for _, tc := range []struct {
		path, method, label string
		assumed             bool
	}{
		{"/a", "GET", "Light", false},
		{"/b", "GET", "Heavy", true},
		{"/b", "DELETE", "Medium", false},
	} {
		ext := doc.Paths.Value(tc.path).GetOperation(tc.method).Extensions
		if ext[zoomgen.ExtRateLimitLabel] != tc.label {
			t.Errorf("%s %s: label %v, want %s", tc.method, tc.path, ext[zoomgen.ExtRateLimitLabel], tc.label)
		}
		if got, _ := ext[zoomgen.ExtRateLimitLabelAssumed].(bool); got != tc.assumed {
			t.Errorf("%s %s: assumed %v, want %v", tc.method, tc.path, got, tc.assumed)
		}
	}
	y, err := zoomgen.MarshalYAML(doc)
	if err != nil {
		t.Fatal(err)
	}
	if !containsLine(string(y), "      x-rate-limit-label-assumed: true") {
		t.Errorf("the assumption is not visible in the spec:\n%s", y)
	}
	if again := zoomgen.DefaultRateLimitLabels(doc, zoomgen.DefaultRateLimitLabel); len(again) != 0 {
		t.Errorf("second pass labeled %q", again)
	}
}

// On Zoom's collection: how many operations have no label, and that all
// of them are paced afterwards.
func TestDefaultRateLimitLabelsCorpus(t *testing.T) {
	t.Parallel()
	data := corpusFile(t, "collection.postman.json")
	res, err := zoomgen.Convert(context.Background(), []zoomgen.Source{{Name: "collection.postman.json", Data: data}}, zoomgen.ZoomOptions())
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, item := range res.Doc.Paths.Map() {
		total += len(item.Operations())
	}
	labeled := zoomgen.DefaultRateLimitLabels(res.Doc, zoomgen.DefaultRateLimitLabel)
	t.Logf("%d of %d operations had no rate-limit label and are now %s (assumed): %q", len(labeled), total, zoomgen.DefaultRateLimitLabel, labeled)
	if len(labeled) == 0 || len(labeled) == total {
		t.Errorf("%d of %d unlabeled: Zoom's collection labels most operations, not all", len(labeled), total)
	}
	for p, item := range res.Doc.Paths.Map() {
		for m, op := range item.Operations() {
			if l, _ := op.Extensions[zoomgen.ExtRateLimitLabel].(string); l == "" {
				t.Errorf("%s %s is still unpaced", m, p)
			}
		}
	}
}

// corpusFile reads a file of the corpus at ../shared/corpus/zoom-api-2.0.0
// from the repository root (or from the directory above it, where a git
// worktree's checkout sits one level deeper), or skips t.
func corpusFile(t *testing.T, name string) []byte {
	t.Helper()
	if testing.Short() {
		t.Skip("converts Zoom's whole collection: make large")
	}
	for _, dir := range []string{"../../shared", "../../../shared"} {
		data, err := os.ReadFile(filepath.Join(dir, "corpus", "zoom-api-2.0.0", name))
		if err == nil {
			return data
		}
	}
	t.Skipf("corpus file %s absent from ../shared/corpus/zoom-api-2.0.0: not checked", name)
	return nil
}

func containsLine(text, line string) bool {
	for _, l := range strings.Split(text, "\n") {
		if l == line {
			return true
		}
	}
	return false
}
