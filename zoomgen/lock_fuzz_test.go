package zoomgen_test

import (
	"go/token"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/zoomgen/zoom/zoomgen"
)

// FuzzParseNames: the names table is edited by hand, so any text must
// give either a table of valid entries or an error naming the file; and
// a table that was read writes back as text that reads as the same table.
func FuzzParseNames(f *testing.F) {
	committed, err := os.ReadFile("../spec/zoom.names.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(committed))
	f.Add("operations:\n  GET /a: getA\nschemas:\n  A: 'GET /a response 200 application/json .\"x: y\"[]'\n")
	f.Add("operations: {GET /a: getA, GET /b: getA}\n")
	f.Add("schemas:\n  A: x\n  B: x\n")
	f.Fuzz(func(t *testing.T, text string) {
		const path = "spec/zoom.names.yaml"
		tb, err := zoomgen.ParseNames(path, []byte(text))
		if err != nil {
			if !strings.HasPrefix(err.Error(), path+":") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		goNames := map[string]bool{}
		for k, id := range tb.Operations {
			m, p, ok := strings.Cut(k, " ")
			if !ok || m == "" || !strings.HasPrefix(p, "/") || !token.IsIdentifier(id) {
				t.Fatalf("accepted operation %q: %q", k, id)
			}
			g := strings.ToUpper(id[:1]) + id[1:]
			if goNames[g] {
				t.Fatalf("accepted two operations named %s", g)
			}
			goNames[g] = true
		}
		origins := map[string]bool{}
		for name, origin := range tb.Schemas {
			if !token.IsIdentifier(name) || !token.IsExported(name) || origins[origin] {
				t.Fatalf("accepted schema %q: %q", name, origin)
			}
			origins[origin] = true
		}
		out, err := tb.Marshal()
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		back, err := zoomgen.ParseNames(path, out)
		if err != nil || !reflect.DeepEqual(back, tb) {
			t.Fatalf("written table reads back as %+v, %v; want %+v\n%s", back, err, tb, out)
		}
	})
}
