package main

import (
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParseTable: the name table is edited by hand, so any text must give
// either a valid table or an error naming the file; and appending a new
// code to a valid table either reads back as the table plus that code or
// is refused.
func FuzzParseTable(f *testing.F) {
	committed, err := os.ReadFile(filepath.Join("..", "..", "..", "spec", "zoom.codes.yaml"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(committed))
	f.Add("- code: 3\n  name: CodeX\n  doc: |\n    two\n    lines")
	f.Add("[]")
	f.Add("- {code: 3, name: CodeX}\n")
	f.Fuzz(func(t *testing.T, text string) {
		const path = "spec/zoom.codes.yaml"
		tb, err := ParseTable(path, []byte(text))
		if err != nil {
			if !strings.HasPrefix(err.Error(), path+":") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		codes, names := map[int]bool{}, map[string]bool{}
		for _, e := range tb.Entries {
			if e.Code <= 0 || !token.IsIdentifier(e.Name) || !strings.HasPrefix(e.Name, "Code") || codes[e.Code] || names[e.Name] || e.Line < 1 {
				t.Fatalf("accepted a bad or duplicate entry %+v", e)
			}
			codes[e.Code], names[e.Name] = true, true
		}
		// A code and name no fuzzed table can hold (codes are checked
		// positive and distinct, so pick the largest plus one).
		next := 1
		for c := range codes {
			next = max(next, c+1)
		}
		out, err := AppendChecked(tb, []byte(text), []Entry{{Code: next, Name: "CodeFuzzAppended_"}})
		if err != nil {
			return
		}
		back, err := ParseTable(path, out)
		if err != nil || len(back.Entries) != len(tb.Entries)+1 || back.Entries[len(tb.Entries)].Code != next {
			t.Fatalf("AppendChecked accepted %q: %v", out, err)
		}
	})
}
