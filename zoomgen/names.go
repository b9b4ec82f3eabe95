package zoomgen

import (
	"fmt"
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

// reservedOperationIDs would give oapi-codegen's Client a method with the
// name of one of its fields, which does not compile.
var reservedOperationIDs = map[string]bool{"client": true, "server": true, "requestEditors": true, "clientInterface": true}

// assignOperationIDs derives each operationId from the item name.
//
// Collision rule: requests whose names give the same id are ordered by
// (path, method); the first keeps the plain id and each other one is
// qualified with "For" and the literal words of its own path that the
// first one's path does not have (POST /webinars/{webinarId}/batch_registrants
// next to POST /meetings/{meetingId}/batch_registrants becomes
// performBatchRegistrationForWebinars). The rule looks only at paths and
// methods, never at positions in the collection, because the id becomes a
// Go method name that must not change when a collection is reordered.
// Anything still equal after that is qualified by its method and whole
// path, and, last, numbered in (path, method) order.
func assignOperationIDs(reqs []*request) {
	n := len(reqs)
	ids := make([]string, n)
	groups := map[string][]int{}
	for i, r := range reqs {
		ids[i] = identifier(nameWords(r.name), identifier(append([]string{strings.ToLower(r.method)}, pathWords(r.path)...), "operation"))
		if reservedOperationIDs[ids[i]] {
			ids[i] += "Operation"
		}
		groups[ids[i]] = append(groups[ids[i]], i)
	}
	qualified := make([]bool, n)
	for _, members := range groups {
		if len(members) < 2 {
			continue
		}
		// members are in (path, method) order: reqs is sorted.
		first := reqs[members[0]]
		have := map[string]bool{}
		for _, w := range pathWords(first.path) {
			have[strings.ToLower(w)] = true
		}
		for _, i := range members[1:] {
			r := reqs[i]
			inName := map[string]bool{}
			for _, w := range nameWords(r.name) {
				inName[strings.ToLower(w)] = true
			}
			var q []string
			for _, w := range pathWords(r.path) {
				lw := strings.ToLower(w)
				if !have[lw] && !inName[lw] {
					q = append(q, w)
				}
			}
			if len(q) == 0 {
				q = append([]string{strings.ToLower(r.method)}, pathWords(r.path)...)
			}
			ids[i] = identifier(append(append(nameWords(r.name), "For"), q...), ids[i])
			qualified[i] = true
		}
	}
	taken := map[string]bool{}
	for i := range reqs {
		if !qualified[i] {
			taken[ids[i]] = true
		}
	}
	for i, r := range reqs {
		if !qualified[i] {
			continue
		}
		if taken[ids[i]] {
			ids[i] = identifier(append(append(nameWords(r.name), "For", strings.ToLower(r.method)), pathWords(r.path)...), ids[i])
		}
		id := ids[i]
		for k := 2; taken[id]; k++ {
			id = fmt.Sprintf("%sV%d", ids[i], k)
		}
		ids[i] = id
		taken[id] = true
	}
	for i, r := range reqs {
		r.op.OperationID = ids[i]
	}
}
