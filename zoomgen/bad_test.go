package zoomgen_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zoomgen/zoom/zoomgen"
)

// badGenerated are bad inputs too big to commit, built by the test: each
// name has a testdata/bad/<name>.want like the files.
var badGenerated = map[string]func() []byte{
	// A 10 MB description must neither slow the converter down nor be cut
	// (1 MB under -short; make large runs the 10).
	"huge_description": func() []byte {
		size := 10 << 20
		if testing.Short() {
			size = 1 << 20
		}
		desc := strings.Repeat("Zoom's API reference text, repeated. ", size/37)
		return []byte(`{"info": {"name": "Huge", "schema": "` + v21 + `"}, "item": [{"name": "Big", "request": {"method": "GET", "url": "https://api.example.com/big", "description": "` + desc + `"}}]}`)
	},
	// Deeper than encoding/json goes (10,000 levels of folders is 20,000
	// levels of JSON): refused at once, not recursed into.
	"deep_folders_10000": func() []byte { return deepFolders(10000) },
	// Deep enough to be absurd, shallow enough for the JSON decoder: the
	// converter's own limit refuses it.
	"deep_folders_100": func() []byte { return deepFolders(100) },
}

func deepFolders(depth int) []byte {
	var b strings.Builder
	b.WriteString(`{"info": {"name": "Deep", "schema": "` + v21 + `"}, "item": [`)
	for i := 0; i < depth; i++ {
		fmt.Fprintf(&b, `{"name": "F%d", "item": [`, i)
	}
	b.WriteString(`{"name": "Leaf", "request": "https://api.example.com/leaf"}`)
	for i := 0; i < depth; i++ {
		b.WriteString(`]}`)
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

// TestBadInputs converts every file in testdata/bad (and the generated
// cases) and compares the outcome with its .want file: the exact error, or
// the exact warnings of a conversion that succeeds. None may panic or take
// more than a few seconds. Refresh with -update and review the diff.
func TestBadInputs(t *testing.T) {
	t.Parallel()
	inputs := map[string][]byte{}
	files, _ := filepath.Glob("testdata/bad/*.postman.json") // a constant pattern cannot be malformed
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inputs[strings.TrimSuffix(filepath.Base(f), ".postman.json")] = data
	}
	for name, gen := range badGenerated {
		inputs[name] = gen()
	}
	if len(inputs) < 10 {
		t.Fatalf("only %d bad inputs", len(inputs))
	}
	for name, data := range inputs {
		t.Run(name, func(t *testing.T) {
			got := runBad(t, name+".postman.json", data)
			want := filepath.Join("testdata", "bad", name+".want")
			if *update {
				if err := os.WriteFile(want, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			w, err := os.ReadFile(want)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(w) {
				t.Errorf("outcome differs from %s:\ngot:\n%s\nwant:\n%s", want, got, w)
			}
		})
	}
}

// runBad converts data with a deadline and renders the outcome: "error:"
// and the error's lines, or "warnings:" and one line per warning. A
// panic fails the test; so does running past the deadline.
func runBad(t *testing.T, name string, data []byte) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	type outcome struct {
		res   *zoomgen.Result
		err   error
		panic any
	}
	done := make(chan outcome, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- outcome{panic: p}
			}
		}()
		res, err := zoomgen.Convert(ctx, []zoomgen.Source{{Name: name, Data: data}}, zoomgen.ZoomOptions())
		if err == nil {
			_, err = zoomgen.MarshalYAML(res.Doc)
		}
		done <- outcome{res: res, err: err}
	}()
	var o outcome
	select {
	case o = <-done:
	case <-ctx.Done():
		t.Fatalf("Convert did not return within 20 s")
	}
	if o.panic != nil {
		t.Fatalf("Convert panicked: %v", o.panic)
	}
	if o.err != nil {
		var ps zoomgen.Problems
		if !errors.As(o.err, &ps) {
			t.Errorf("error is not a list of located problems: %v", o.err)
		}
		return "error:\n" + o.err.Error() + "\n"
	}
	var b strings.Builder
	b.WriteString("warnings:\n")
	for _, w := range o.res.Warnings {
		b.WriteString(w.Error())
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "requests %d, operations %d\n", o.res.Requests, o.res.Operations)
	// The operationIds are part of the outcome: for hostile names they
	// are what is being tested.
	var ops []string
	for path, item := range o.res.Doc.Paths.Map() {
		for method, op := range item.Operations() {
			ops = append(ops, fmt.Sprintf("%s %s %s", path, method, op.OperationID))
		}
	}
	slices.Sort(ops)
	b.WriteString("operations:\n")
	for _, op := range ops {
		b.WriteString(op)
		b.WriteString("\n")
	}
	return b.String()
}
