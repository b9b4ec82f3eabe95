package zoomgen

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Postman's OpenAPI→Postman converter folds facts that Postman has no field
// for into description text. The functions here recover them; each pattern
// matches the spellings that occur in Zoom's collection.

var (
	requiredPrefix = regexp.MustCompile(`^\s*\(Required\)\s*`)
	enumSuffix     = regexp.MustCompile(`\s*\(This can only be one of ([^)]*)\)\s*$`)
	// **Scope:** `a`, `b` / **Scopes:** / **Scopes** / **Scope**: with the
	// colon inside or outside the bold markers, up to the end of the line.
	scopeLine = regexp.MustCompile(`(?i)\*\*Scopes?:?\*\*:?([^\n]*)`)
	// **[Rate Limit Label](link):** `Heavy` or **Rate Limit Label:** `Heavy`.
	rateLimitLine = regexp.MustCompile("(?i)\\*\\*\\[?Rate Limit Label\\]?(?:\\([^)]*\\))?:?\\*\\*:?\\s*`([^`]+)`")
	backticked    = regexp.MustCompile("`([^`]+)`")
	errorCodeHead = regexp.MustCompile("(?i)\\*\\*Error Code:?\\*\\*:?\\s*`(\\d+)`")
	// A message ends where the next code or status begins.
	messageEnd   = regexp.MustCompile(`(?i)\*\*(?:Error Code|HTTP Status Code)`)
	statusPrefix = regexp.MustCompile("(?i)\\*\\*HTTP Status Code:?\\*\\*:?\\s*`?\\d{3}`?")
	htmlBreak    = regexp.MustCompile(`(?i)<br\s*/?>`)
	htmlTag      = regexp.MustCompile(`<[^>]+>`)
	mdLink       = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	emphasis     = strings.NewReplacer("**", "", "__", "", "`", "")
	spaces       = regexp.MustCompile(`[ \t]+`)
)

// paramText is what a parameter or form field description says once the
// converter's annotations are taken out of it.
type paramText struct {
	Description string
	Required    bool
	Enum        []string
}

func parseParamDescription(desc string) paramText {
	var pt paramText
	if loc := requiredPrefix.FindStringIndex(desc); loc != nil {
		pt.Required = true
		desc = desc[loc[1]:]
	}
	if !strings.Contains(desc, "(This can only be one of") {
		pt.Description = strings.TrimSpace(desc)
		return pt
	}
	if m := enumSuffix.FindStringSubmatchIndex(desc); m != nil {
		for _, v := range strings.Split(desc[m[2]:m[3]], ",") {
			if v = strings.TrimSpace(v); v != "" {
				pt.Enum = append(pt.Enum, v)
			}
		}
		desc = desc[:m[0]]
	}
	pt.Description = strings.TrimSpace(desc)
	return pt
}

// listedValue is one line of a list of values: a backticked word, maybe
// after a bullet, alone or followed by a dash and what the value means
// ("`past` - Past meetings.", "* `scheduled` — Scheduled meetings.").
var listedValue = regexp.MustCompile("^\\s*(?:[*+-]\\s+)?`([^`\\s]+)`\\s*(?:[-\u2013\u2014]\\s*.*)?$")

// listedValues returns the values of a parameter that its description
// lists one per line (lines end at line breaks or <br>): the only run of
// two or more lines that are each a listedValue. It returns nil when the
// description has no such run or more than one, when a value repeats, or
// when the values are just true and false (a boolean, not an enum).
// "`value`: meaning" lines are not read: in Zoom's collection they list
// examples or options as often as a parameter's values, which would cost
// precision (TestQueryEnumsOnCorpus measures it).
func listedValues(desc string) []string {
	if !strings.Contains(desc, "`") {
		return nil
	}
	var lists [][]string
	var cur []string
	for _, line := range strings.Split(htmlBreak.ReplaceAllString(desc, "\n"), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		if m := listedValue.FindStringSubmatch(line); m != nil {
			cur = append(cur, m[1])
			continue
		}
		if len(cur) >= 2 {
			lists = append(lists, cur)
		}
		cur = nil
	}
	if len(cur) >= 2 {
		lists = append(lists, cur)
	}
	if len(lists) != 1 {
		return nil
	}
	values := lists[0]
	sorted := slices.Sorted(slices.Values(values))
	if len(slices.Compact(sorted)) != len(values) || slices.Equal(sorted, []string{"false", "true"}) {
		return nil
	}
	return values
}

// scopes lists the OAuth scopes named on the description's scope line.
func scopes(desc string) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range scopeLine.FindAllStringSubmatch(desc, -1) {
		line := m[1]
		// The line may carry other annotations after a <br>; scopes end there.
		if i := htmlBreak.FindStringIndex(line); i != nil {
			line = line[:i[0]]
		}
		for _, s := range backticked.FindAllStringSubmatch(line, -1) {
			scope := strings.TrimSpace(s[1])
			if scope != "" && !seen[scope] {
				seen[scope] = true
				out = append(out, scope)
			}
		}
	}
	return out
}

// rateLimitLabel returns Zoom's rate-limit label (Light, Medium, Heavy,
// Resource-intensive) named in a description, or "".
func rateLimitLabel(desc string) string {
	if m := rateLimitLine.FindStringSubmatch(desc); m != nil {
		return strings.TrimSpace(m[1])
	}
	return ""
}

// ErrorCode is one entry of the x-error-codes extension: an application
// error code that a response of that status may carry, and its message.
type ErrorCode struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

// errorCodes reads the "**Error Code:** `3001`<br> message" list that Zoom
// puts into a response example's name.
func errorCodes(name string) []ErrorCode {
	if !strings.Contains(strings.ToLower(name), "error code") {
		return nil
	}
	var out []ErrorCode
	rest := name
	for {
		m := errorCodeHead.FindStringSubmatchIndex(rest)
		if m == nil {
			return out
		}
		code, err := strconv.Atoi(rest[m[2]:m[3]])
		rest = rest[m[1]:]
		end := len(rest)
		if e := messageEnd.FindStringIndex(rest); e != nil {
			end = e[0]
		}
		if err == nil {
			out = append(out, ErrorCode{Code: code, Message: plainText(rest[:end], " ")})
		}
		rest = rest[end:]
	}
}

// responseDescription turns a response example's markdown name into plain
// text without the status-code prefix, e.g. "OK\nRegistrants added.".
func responseDescription(name, status string) string {
	d := name
	if strings.Contains(d, "**") {
		d = statusPrefix.ReplaceAllString(d, "")
	}
	d = plainText(d, "\n")
	if d == "" {
		d = status
	}
	return d
}

// plainText strips the markdown and HTML that Zoom uses in names; lines are
// joined with sep.
//
// Every response example's name comes here, so each expression runs only
// where a quick look says it can match: most names have no HTML, no link
// and no runs of spaces.
func plainText(s, sep string) string {
	if strings.Contains(s, "<") {
		s = htmlBreak.ReplaceAllString(s, "\n")
		s = htmlTag.ReplaceAllString(mdLink.ReplaceAllString(s, "$1"), "")
	} else if strings.Contains(s, "](") {
		s = mdLink.ReplaceAllString(s, "$1")
	}
	s = emphasis.Replace(s)
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, "  ") || strings.Contains(l, "\t") {
			l = spaces.ReplaceAllString(l, " ")
		}
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, sep)
}
