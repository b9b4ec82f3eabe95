package zoomgen_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/zoomgen/zoom/zoomgen"
)

// FuzzConvert feeds arbitrary bytes to the collection parser. Whatever the
// input, Convert must return a document that validates or an error, never
// panic; seeds are the real inputs in spec/postman and testdata.
func FuzzConvert(f *testing.F) {
	for _, pattern := range []string{"../spec/postman/*.json", "testdata/*.postman.json"} {
		files, _ := filepath.Glob(pattern) // constant patterns cannot be malformed
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Add([]byte(`{"collection": {"info": {"schema": "x"}}}`))
	f.Add([]byte(`{"name": "x", "request": "https://{{host}}/a/:b?c=1"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if res := fuzzConvert(t, data); res != nil {
			if err := zoomgen.CheckYAMLPaths(res.Doc); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// fuzzConvert converts data and fails unless the outcome is located
// Problems or a document that marshals; it returns the Result, if any.
func fuzzConvert(t *testing.T, data []byte) *zoomgen.Result {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res, err := zoomgen.Convert(ctx, []zoomgen.Source{{Name: "fuzz.json", Data: data}}, zoomgen.ZoomOptions())
	if err != nil {
		// Bad input is reported as Problems; an invalid document out
		// of valid-looking input is the converter's own bug.
		var ps zoomgen.Problems
		if !errors.As(err, &ps) {
			t.Fatalf("not a located problem: %v\ninput: %s", err, data)
		}
		return nil
	}
	if res.Doc == nil {
		t.Fatal("nil document without an error")
	}
	if _, err := zoomgen.MarshalYAML(res.Doc); err != nil {
		t.Fatalf("converted document does not marshal: %v", err)
	}
	return res
}

// FuzzInferSchema checks that schema inference accepts every JSON value it
// is given and that the value validates against the inferred schema.
func FuzzInferSchema(f *testing.F) {
	for _, s := range []string{`{"a": 1, "b": [1, 2.5, null], "c": {"d": "x"}}`, `[]`, `[{"a": 1}, {"b": true}]`, `null`, `"s"`, `12345678901`,
		`["a@example.com", "2022-03-22T05:59:09Z", "https://zoom.us/j/1", " https://zoom.us/j/2"]`, `[{"e": "a@example.com"}, {"e": null}, {"e": "x"}]`, `[1, 12345678901, -1]`, `[1, "a", null, 2]`, `[[], [null], ["a"], [1]]`} {
		f.Add([]byte(s))
	}
	f.Add([]byte(`{"n": "integer", "l": ["Long", 1], "s": "<string>"}`))
	f.Add([]byte(`"boolean"`))
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := zoomgen.DecodeExample(data)
		if err != nil {
			return
		}
		// A placeholder ("integer", "<long>") names the type instead of
		// being a value of it; the converter leaves placeholders out of
		// the examples it writes, and so does this check.
		ex := zoomgen.WithoutPlaceholders(v)
		if ex == nil && v != nil {
			return
		}
		s := zoomgen.InferSchema(v)
		if err := s.VisitJSON(zoomgen.PlainJSON(zoomgen.ConformExample(ex, s))); err != nil {
			t.Fatalf("example %s does not match its own inferred schema: %v", data, err)
		}
		for _, formats := range []bool{false, true} {
			got, _ := json.Marshal(infer(v, formats))
			want, _ := json.Marshal(zoomgen.Unmark(referenceInfer(v, formats)))
			if string(got) != string(want) {
				t.Fatalf("inference of %s (formats %v) differs from the element-by-element merge:\n got %s\nwant %s", data, formats, got, want)
			}
		}
		f := zoomgen.InferSchemaWithFormats(v)
		if err := f.VisitJSON(zoomgen.PlainJSON(zoomgen.ConformExample(ex, f))); err != nil {
			t.Fatalf("example %s does not match its own inferred schema with formats: %v", data, err)
		}
		// Merging: a schema merged from two examples accepts both. The
		// second example is the first's array items, or the first itself.
		other := v
		if arr, ok := v.([]any); ok && len(arr) > 0 {
			other = arr[0]
		}
		m := zoomgen.MergeSchemas(zoomgen.InferSchemaWithFormats(v), zoomgen.InferSchemaWithFormats(other))
		for _, ex := range []any{v, other} {
			if ex = zoomgen.WithoutPlaceholders(ex); ex == nil {
				continue
			}
			if err := m.VisitJSON(zoomgen.PlainJSON(zoomgen.ConformExample(ex, m))); err != nil {
				t.Fatalf("merged schema of %s rejects %v: %v", data, ex, err)
			}
		}
	})
}

// FuzzConvertFields builds well-formed collections from fuzzed names,
// methods, URLs, values and descriptions, which reaches the converter's
// rules much faster than mutating whole files: whatever the strings, the
// result is a valid document or located problems, never a panic.
func FuzzConvertFields(f *testing.F) {
	f.Add("Perform batch registration", "POST", "{{baseUrl}}/meetings/:meetingId/batch_registrants", "[{\"email\": \"a@example.com\"}]", "(Required) The registrants. (This can only be one of a,b)", "{\"a\": [1, null]}")
	f.Add("func", "get", "https://{{tenant}}.{{region}}.example.com/v{{v}}/x?y=1&y=2", "12345678901", "**Scopes:** `a:b`", "<xml/>")
	f.Add("", "PURGE", ":a/:a", "true", "", "")
	f.Add("quoted", "GET", "{{baseUrl}}/q", "1", "", `"{\"id\": 00007, \"n\": \"1\", \"s\": \"a\\\"0\"}"`)
	f.Add("日本語", "HEAD", "http://[::1]:8080/{x}/#frag", "{", "(This can only be one of 1,2,x)", "{\"a\": }")
	f.Fuzz(func(t *testing.T, name, method, url, value, desc, body string) {
		formdata := []map[string]any{
			{"key": "f", "value": value, "description": desc, "type": "text"},
			{"key": "g", "value": value, "contentType": "application/json", "type": "text"},
		}
		col := map[string]any{
			"info":     map[string]any{"name": name, "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
			"variable": []any{map[string]any{"key": "baseUrl", "value": "https://api.example.com"}, map[string]any{"key": "tenant", "value": value}},
			"item": []any{
				map[string]any{"name": name, "description": desc, "item": []any{
					map[string]any{"name": name, "request": map[string]any{"method": method, "url": url, "description": desc,
						"header": []any{map[string]any{"key": name, "value": value, "description": desc}},
						"body":   map[string]any{"mode": "formdata", "formdata": formdata}},
						"response": []any{map[string]any{"name": desc, "code": 200, "body": body, "header": []any{map[string]any{"key": name, "value": value}}}}},
					map[string]any{"name": desc, "request": map[string]any{"method": "GET", "url": map[string]any{"host": []any{"{{baseUrl}}"}, "path": []any{name, ":" + value},
						"query": []any{map[string]any{"key": name, "value": value, "description": desc}}}}},
				}},
			},
		}
		data, err := json.Marshal(col)
		if err != nil {
			return
		}
		fuzzConvert(t, data)
	})
}

func infer(v any, formats bool) *openapi3.Schema {
	if formats {
		return zoomgen.InferSchemaWithFormats(v)
	}
	return zoomgen.InferSchema(v)
}

// referenceInfer is inference as first written: every array element
// inferred on its own and merged in order. The converter's shortcuts for
// homogeneous lists must give exactly this.
func referenceInfer(v any, formats bool) *openapi3.Schema {
	switch x := v.(type) {
	case []any:
		var items *openapi3.Schema
		for _, e := range x {
			items = zoomgen.MergeSchemas(items, referenceInfer(e, formats))
		}
		if items == nil {
			items = &openapi3.Schema{}
		}
		s := openapi3.NewArraySchema()
		s.Items = openapi3.NewSchemaRef("", items)
		return s
	case map[string]any:
		s := openapi3.NewObjectSchema()
		for k, e := range x {
			s.Properties[k] = openapi3.NewSchemaRef("", referenceInfer(e, formats))
		}
		return s
	}
	return zoomgen.InferMarked(v, formats)
}
