package zoom_test

import (
	"os"
	"strings"
	"testing"
)

// Every Go block of the README's "Calling Zoom from Go" is code that
// Example_readme compiles and runs: its lines (indentation aside) appear
// there in the same order, one after the other.
func TestREADMEGoBlocksAreExamples(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("example_test.go")
	if err != nil {
		t.Fatal(err)
	}
	section := string(readme)
	start := strings.Index(section, "## Calling Zoom from Go")
	if start < 0 {
		t.Fatal(`README has no "## Calling Zoom from Go"`)
	}
	section = section[start+3:]
	if end := strings.Index(section, "\n## "); end >= 0 {
		section = section[:end]
	}
	example := trimmedLines(string(src))
	blocks := 0
	for rest := section; ; {
		i := strings.Index(rest, "```go\n")
		if i < 0 {
			break
		}
		rest = rest[i+len("```go\n"):]
		j := strings.Index(rest, "```")
		if j < 0 {
			t.Fatal("unterminated code block")
		}
		block := trimmedLines(rest[:j])
		rest = rest[j+3:]
		blocks++
		if !containsRun(example, block) {
			t.Errorf("README block %d is not in example_test.go:\n%s", blocks, strings.Join(block, "\n"))
		}
	}
	if blocks < 4 {
		t.Fatalf("found %d Go blocks in the section, want at least 4", blocks)
	}
}

func trimmedLines(s string) []string {
	var out []string
	for l := range strings.Lines(s) {
		// gofmt aligns trailing comments with runs of spaces.
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// containsRun reports whether want occurs in lines as consecutive lines.
func containsRun(lines, want []string) bool {
	for i := 0; i+len(want) <= len(lines); i++ {
		match := true
		for j := range want {
			if lines[i+j] != want[j] {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}
