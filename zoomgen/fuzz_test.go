package zoomgen_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

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
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		res, err := zoomgen.Convert(ctx, []zoomgen.Source{{Name: "fuzz.json", Data: data}}, zoomgen.ZoomOptions())
		if err != nil {
			// Bad input is reported as Problems; an invalid document out
			// of valid-looking input is the converter's own bug.
			var ps zoomgen.Problems
			if !errors.As(err, &ps) {
				t.Fatalf("not a located problem: %v", err)
			}
			return
		}
		if res.Doc == nil {
			t.Fatal("nil document without an error")
		}
		if _, err := zoomgen.MarshalYAML(res.Doc); err != nil {
			t.Fatalf("converted document does not marshal: %v", err)
		}
		if err := zoomgen.CheckYAMLPaths(res.Doc); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzInferSchema checks that schema inference accepts every JSON value it
// is given and that the value validates against the inferred schema.
func FuzzInferSchema(f *testing.F) {
	for _, s := range []string{`{"a": 1, "b": [1, 2.5, null], "c": {"d": "x"}}`, `[]`, `[{"a": 1}, {"b": true}]`, `null`, `"s"`, `12345678901`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := zoomgen.DecodeExample(data)
		if err != nil {
			return
		}
		s := zoomgen.InferSchema(v)
		if err := s.VisitJSON(zoomgen.PlainJSON(v)); err != nil {
			t.Fatalf("example %s does not match its own inferred schema: %v", data, err)
		}
	})
}
