package zoomgen

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// TestSharedLeavesUnchanged converts every test collection, with and
// without formats, and checks that no shared leaf schema was modified on
// the way: one that was would change every schema in every later document.
func TestSharedLeavesUnchanged(t *testing.T) {
	t.Parallel()
	snapshot := func() map[*openapi3.Schema]string {
		m := map[*openapi3.Schema]string{}
		for s, r := range leaves.refs {
			js, err := json.Marshal(s)
			if err != nil {
				t.Fatal(err)
			}
			if r.Value != s || r.Ref != "" {
				t.Fatalf("the shared reference to %s no longer points at it", js)
			}
			m[s] = string(js)
		}
		return m
	}
	before := snapshot()
	if len(before) != 10 {
		t.Fatalf("%d shared leaves, want 10 (null, boolean, integer, int64, number, empty, 4 strings)", len(before))
	}
	files, err := filepath.Glob("testdata/*.postman.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test collections: %v", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, formats := range []bool{false, true} {
			opts := ZoomOptions()
			opts.InferFormats = formats
			res, err := Convert(context.Background(), []Source{{Name: f, Data: data}}, opts)
			if err != nil {
				continue // the goldens cover what each gives; only the leaves matter here
			}
			if _, err := MarshalYAML(res.Doc); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
		}
	}
	for s, was := range snapshot() {
		if before[s] != was {
			t.Errorf("shared leaf changed from %s to %s", before[s], was)
		}
	}
}

// TestInferSchemaFresh checks that the exported InferSchema never hands
// out a shared leaf: its callers may modify what it returns.
func TestInferSchemaFresh(t *testing.T) {
	t.Parallel()
	for _, v := range []any{nil, true, json.Number("1"), json.Number("1e3"), json.Number("99999999999"), "a", "a@b.co",
		[]any{"x"}, []any{}, map[string]any{"a": "b", "n": []any{json.Number("1")}}} {
		var walk func(s *openapi3.Schema)
		walk = func(s *openapi3.Schema) {
			if leaves.has(s) {
				t.Errorf("InferSchema(%v) holds a shared leaf", v)
			}
			if s.Items != nil {
				walk(s.Items.Value)
			}
			for _, p := range s.Properties {
				walk(p.Value)
			}
		}
		walk(InferSchema(v))
		walk(InferSchemaWithFormats(v))
		if leaves.has(inferShared(v, true)) {
			t.Errorf("inferShared(%v) returned a shared leaf at the top", v)
		}
	}
}

// TestParameterFields pins the fields of openapi3.Parameter that
// plainParameter knows: a kin-openapi upgrade that adds one fails here
// rather than dropping the field from every written spec.
func TestParameterFields(t *testing.T) {
	t.Parallel()
	want := []string{"Extensions", "Origin", "Name", "In", "Description", "Style", "Explode", "AllowEmptyValue",
		"AllowReserved", "Deprecated", "Required", "Schema", "Example", "Examples", "Content"}
	typ := reflect.TypeFor[openapi3.Parameter]()
	var got []string
	for i := range typ.NumField() {
		got = append(got, typ.Field(i).Name)
	}
	if !slices.Equal(got, want) {
		t.Errorf("openapi3.Parameter has fields %v, plainParameter knows %v: update plainParameter", got, want)
	}
}
