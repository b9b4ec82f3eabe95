package zoomgen

import (
	"math/rand/v2"
	"testing"
)

// TestPlainTextScanners holds the hand-written scanners plainText uses to
// the regular expressions they replace, on chosen cases and on random
// strings over the bytes that matter to them.
func TestPlainTextScanners(t *testing.T) {
	t.Parallel()
	cases := []string{"", "a", "<", ">", "<>", "<<>", "<br>", "<BR/>", "<bR />", "<br\t\n/>", "<br/ >", "<br", "<brx>", "a<br>b<br/>c",
		"<b>bold</b>", "x < y > z", "<<br>>", "a  b\t\tc \t d", " ", "\t", "  lead", "trail  ", "<br\f\r>", "<p\n>text</p>", "é<br>ü", "\xff<br>\xfe"}
	alphabet := []string{"<", ">", "b", "B", "r", "R", "/", " ", "\t", "\n", "\f", "\r", "x", "é", "\xff"}
	rng := rand.New(rand.NewPCG(1, 2))
	n := 20000
	if testing.Short() {
		n = 2000 // the 20,000 run in make large
	}
	for range n {
		var s string
		for range rng.IntN(12) {
			s += alphabet[rng.IntN(len(alphabet))]
		}
		cases = append(cases, s)
	}
	for _, s := range cases {
		if got, want := replaceHTMLBreaks(s), htmlBreak.ReplaceAllString(s, "\n"); got != want {
			t.Fatalf("replaceHTMLBreaks(%q) = %q, the expression gives %q", s, got, want)
		}
		if got, want := removeHTMLTags(s), htmlTag.ReplaceAllString(s, ""); got != want {
			t.Fatalf("removeHTMLTags(%q) = %q, the expression gives %q", s, got, want)
		}
		if got, want := collapseSpaces(s), spaces.ReplaceAllString(s, " "); got != want {
			t.Fatalf("collapseSpaces(%q) = %q, the expression gives %q", s, got, want)
		}
	}
}
