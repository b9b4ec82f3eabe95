package zoomgen

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// words splits a name into ASCII alphanumeric words. Anything else
// separates words, so the result is always safe to join into a Go
// identifier; letters outside ASCII are folded to their ASCII base where
// Unicode has one and dropped otherwise.
func words(s string) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	prevLower := false
	// An apostrophe joins ("registrant's" is one word), it does not split.
	if strings.ContainsAny(s, "'’") {
		s = apostrophes.Replace(s)
	}
	for _, r := range s {
		r = asciiFold(r)
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			// camelCase input: an upper-case letter after a lower-case one
			// starts a new word.
			if unicode.IsUpper(r) && prevLower {
				flush()
			}
			cur.WriteRune(r)
			prevLower = unicode.IsLower(r) || unicode.IsDigit(r)
		default:
			flush()
			prevLower = false
		}
	}
	flush()
	return out
}

var apostrophes = strings.NewReplacer("'", "", "’", "")

// folded maps common accented Latin letters to their ASCII base.
var folded = func() map[rune]rune {
	const from = "ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝýÿ"
	const to = "AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOOooooooUUUUuuuuYyy"
	m := map[rune]rune{}
	toR := []rune(to)
	for i, f := range []rune(from) {
		m[f] = toR[i]
	}
	return m
}()

// asciiFold maps common accented Latin letters to ASCII so that "Café"
// becomes "Cafe" rather than "Caf".
func asciiFold(r rune) rune {
	if r < unicode.MaxASCII {
		return r
	}
	if f, ok := folded[r]; ok {
		return f
	}
	return r
}

// articles are dropped from operation names: "Get a meeting" is getMeeting,
// as a Go programmer would name it.
var articles = map[string]bool{"a": true, "an": true, "the": true}

// nameWords are the words of an item name that make its operationId.
func nameWords(name string) []string {
	ws := words(name)
	var out []string
	for _, w := range ws {
		if !articles[strings.ToLower(w)] {
			out = append(out, w)
		}
	}
	if len(out) == 0 {
		return ws
	}
	return out
}

// pascal joins words as PascalCase: "perform batch registration" →
// "PerformBatchRegistration".
func pascal(ws []string) string {
	n := 0
	for _, w := range ws {
		n += len(w)
	}
	var b strings.Builder
	b.Grow(n)
	for _, w := range ws {
		// words gives ASCII words; ToUpper of one lower-case ASCII letter
		// would allocate a string per word.
		if c := w[0]; 'a' <= c && c <= 'z' {
			b.WriteByte(c - ('a' - 'A'))
		} else if c < utf8.RuneSelf {
			b.WriteByte(c)
		} else {
			b.WriteString(strings.ToUpper(w[:1]))
		}
		b.WriteString(w[1:])
	}
	return b.String()
}

// camel is pascal with a lower-case first letter: the operationId form.
func camel(ws []string) string {
	p := pascal(ws)
	if p == "" {
		return ""
	}
	// Keep an all-caps leading word (an acronym such as "SIP") readable:
	// only its first letter is lowered.
	return strings.ToLower(p[:1]) + p[1:]
}

// identifier makes a Go-safe identifier from words: it never starts with a
// digit and is never empty.
func identifier(ws []string, fallback string) string {
	id := camel(ws)
	if id == "" {
		id = fallback
	}
	if id[0] >= '0' && id[0] <= '9' {
		id = "op" + strings.ToUpper(id[:1]) + id[1:]
	}
	return id
}

// pathWords names a path by its literal segments, for disambiguation:
// "/meetings/{meetingId}/registrants" → ["meetings", "registrants"].
func pathWords(path string) []string {
	var out []string
	for _, seg := range strings.Split(path, "/") {
		if seg == "" || strings.HasPrefix(seg, "{") {
			continue
		}
		out = append(out, words(seg)...)
	}
	return out
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
