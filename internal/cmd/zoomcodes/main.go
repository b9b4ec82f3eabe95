// Command zoomcodes generates Go constants for the Zoom error codes that the
// OpenAPI document lists per response in its x-error-codes extension, so
// that the client's error codes come from the same contract as its types
// and are never typed in by hand. Run by `go generate` (see generate.go),
// after oapi-codegen:
//
//	go run ./internal/cmd/zoomcodes -spec spec/zoom.openapi.yaml -codes spec/zoom.codes.yaml -o zoom_codes.gen.go
//
// The Go names come from a committed, reviewed table (-codes), not from
// the messages: Zoom documents one code with different messages on
// different endpoints, so a name derived afresh on every run would change
// whenever an endpoint is added, breaking every user of the constant. A
// code the table lacks gets a name derived from its first message, and
// the generator appends it to the table, where the reviewer sees it in the
// diff and may rename it before committing. A committed name never changes.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"go/format"
	"go/token"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"

	"github.com/zoomgen/zoom/internal/oasorder"
)

func main() {
	specPath := flag.String("spec", "spec/zoom.openapi.yaml", "OpenAPI document to read")
	codesPath := flag.String("codes", "spec/zoom.codes.yaml", "name table to read, and to append new codes to")
	out := flag.String("o", "zoom_codes.gen.go", "Go file to write")
	pkg := flag.String("pkg", "zoom", "package name of the generated file")
	strict := flag.Bool("strict", false, "treat a malformed x-error-codes entry as an error instead of a warning")
	flag.Parse()
	if err := run(*specPath, *codesPath, *out, *pkg, *strict, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "zoomcodes:", err)
		os.Exit(1)
	}
}

// run generates out from specPath and the table at codesPath. A
// malformed x-error-codes entry is skipped with a warning on warnings
// naming the operation, response and index (one odd entry in a large
// document must not stop go generate); strict makes it an error.
func run(specPath, codesPath, out, pkg string, strict bool, warnings io.Writer) error {
	// Read the file here: kin-openapi's LoadFromFile caches documents by
	// path for the life of the process, so a second run in the same
	// process (tests) would see the first one's document.
	data, err := os.ReadFile(specPath)
	if err != nil {
		return err
	}
	doc, err := openapi3.NewLoader().LoadFromDataWithPath(data, &url.URL{Path: filepath.ToSlash(specPath)})
	if err != nil {
		return fmt.Errorf("%s: %w", specPath, err)
	}
	codes, problems := Collect(doc)
	if len(problems) > 0 && strict {
		return fmt.Errorf("%s: %w", specPath, errors.Join(problems...))
	}
	for _, p := range problems {
		fmt.Fprintf(warnings, "zoomcodes: warning: %s: %v (entry skipped)\n", specPath, p)
	}
	tableSrc, err := os.ReadFile(codesPath)
	missing := errors.Is(err, fs.ErrNotExist)
	if missing {
		tableSrc = []byte(tableHeader)
	} else if err != nil {
		return err
	}
	table, err := ParseTable(codesPath, tableSrc)
	if err != nil {
		return err
	}
	codes, added := Assign(codes, table)
	if len(added) > 0 || missing {
		if tableSrc, err = AppendChecked(table, tableSrc, added); err != nil {
			return err
		}
		if err := os.WriteFile(codesPath, tableSrc, 0o644); err != nil {
			return err
		}
	}
	src, err := Render(pkg, specPath, codesPath, codes)
	if err != nil {
		return err
	}
	return os.WriteFile(out, src, 0o644)
}

// Use is one place an error code is documented: operation and HTTP status.
type Use struct {
	OperationID string
	Status      string
	Message     string
	index       int // position in the response's x-error-codes list
}

// Code is one error code with its Go name and every place it is documented.
type Code struct {
	Code int
	Name string
	Doc  string // from the table
	Uses []Use  // sorted by operation ID, status and list position
}

// Collect reads x-error-codes from every response of every operation, one
// Code per number, without names (see Assign). Uses are sorted so that the
// output does not depend on map order. An entry (or a list) that is not
// {code: integer, message: text} is left out and reported in problems,
// each naming the operation, the response and the entry's index, in
// document order.
func Collect(doc *openapi3.T) (codes []Code, problems []error) {
	byCode := map[int]*Code{}
	for o := range oasorder.Operations(doc) {
		path, method, op := o.Path, o.Method, o.Op
		if op.Responses == nil {
			continue
		}
		where := method + " " + path
		if op.OperationID != "" {
			where += " (" + op.OperationID + ")"
		}
		statuses := make([]string, 0, op.Responses.Len())
		for status := range op.Responses.Map() {
			statuses = append(statuses, status)
		}
		sort.Strings(statuses)
		for _, status := range statuses {
			ref := op.Responses.Value(status)
			if ref == nil || ref.Value == nil {
				continue
			}
			ext, ok := ref.Value.Extensions["x-error-codes"]
			if !ok {
				continue
			}
			list, ok := ext.([]any)
			if !ok {
				problems = append(problems, fmt.Errorf("%s response %s: x-error-codes is not a list", where, status))
				continue
			}
			for i, entry := range list {
				m, ok := entry.(map[string]any)
				if !ok {
					problems = append(problems, fmt.Errorf("%s response %s: x-error-codes[%d] is not an object", where, status, i))
					continue
				}
				code, ok := asInt(m["code"])
				msg, _ := m["message"].(string)
				if !ok || msg == "" {
					problems = append(problems, fmt.Errorf("%s response %s: x-error-codes[%d] needs an integer code and a message, has code %s and message %q", where, status, i, describe(m["code"]), msg))
					continue
				}
				c := byCode[code]
				if c == nil {
					c = &Code{Code: code}
					byCode[code] = c
				}
				c.Uses = append(c.Uses, Use{OperationID: op.OperationID, Status: status, Message: msg, index: i})
			}
		}
	}
	codes = make([]Code, 0, len(byCode))
	for _, c := range byCode {
		sort.Slice(c.Uses, func(i, j int) bool {
			a, b := c.Uses[i], c.Uses[j]
			if a.OperationID != b.OperationID {
				return a.OperationID < b.OperationID
			}
			if a.Status != b.Status {
				return a.Status < b.Status
			}
			return a.index < b.index
		})
		codes = append(codes, *c)
	}
	sort.Slice(codes, func(i, j int) bool { return codes[i].Code < codes[j].Code })
	return codes, problems
}

// describe shows a code value in a warning: absent, or its value.
func describe(v any) string {
	if v == nil {
		return "missing"
	}
	return fmt.Sprintf("%#v", v)
}

// Entry is one row of the name table.
type Entry struct {
	Code int
	Name string
	Doc  string
	Line int // 1-based line of the entry in the table file
}

// Table is the committed name table (spec/zoom.codes.yaml): a YAML list of
// {code, name, doc} in the order the entries were added.
type Table struct {
	Path    string
	Entries []Entry
}

// tableHeader starts a table file that does not exist yet.
const tableHeader = `# Go names of Zoom's error codes, read by internal/cmd/zoomcodes to write
# zoom_codes.gen.go. A committed name never changes: users and errors.go
# depend on it. ` + "`go generate`" + ` appends codes that are not listed yet, named
# after their first documented message; review those (rename freely, add
# a doc) before committing this file with the generated code.
#
#   - code: 3001                     # Zoom's error code
#     name: CodeMeetingDoesNotExist  # exported Go name, starting with Code
#     doc: ...                       # optional: what the code means
`

// ParseTable reads a name table. Every problem is reported as path:line,
// so that a bad hand edit is found at once.
func ParseTable(path string, data []byte) (*Table, error) {
	t := &Table{Path: path}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		// yaml.v3 says "yaml: line N: ..."; prefix the file.
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if root.Kind == 0 || len(root.Content) == 0 {
		return t, nil // empty, or comments only
	}
	list := root.Content[0]
	if list.Kind == yaml.ScalarNode && list.Tag == "!!null" {
		return t, nil
	}
	if list.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("%s:%d: the table must be a list of {code, name, doc} entries", path, list.Line)
	}
	codeLine := map[int]int{}
	nameLine := map[string]int{}
	for _, n := range list.Content {
		if n.Kind != yaml.MappingNode {
			return nil, fmt.Errorf("%s:%d: an entry must be a mapping with code, name and optionally doc", path, n.Line)
		}
		e := Entry{Line: n.Line}
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if seen[k.Value] {
				return nil, fmt.Errorf("%s:%d: %q given twice in one entry", path, k.Line, k.Value)
			}
			seen[k.Value] = true
			if v.Kind != yaml.ScalarNode {
				return nil, fmt.Errorf("%s:%d: %s must be a single value", path, v.Line, k.Value)
			}
			switch k.Value {
			case "code":
				c, err := strconv.Atoi(v.Value)
				if err != nil || v.Tag != "!!int" || c <= 0 {
					return nil, fmt.Errorf("%s:%d: code %q is not a positive integer", path, v.Line, v.Value)
				}
				e.Code = c
			case "name":
				e.Name = v.Value
				if !token.IsIdentifier(e.Name) || !strings.HasPrefix(e.Name, "Code") || !token.IsExported(e.Name) || len(e.Name) == len("Code") {
					return nil, fmt.Errorf("%s:%d: name %q is not a Go identifier of the form CodeSomething", path, v.Line, v.Value)
				}
			case "doc":
				e.Doc = strings.TrimSpace(v.Value)
			default:
				return nil, fmt.Errorf("%s:%d: unknown key %q (want code, name, doc)", path, k.Line, k.Value)
			}
		}
		if e.Code == 0 || e.Name == "" {
			return nil, fmt.Errorf("%s:%d: an entry needs both code and name", path, n.Line)
		}
		if l, dup := codeLine[e.Code]; dup {
			return nil, fmt.Errorf("%s:%d: code %d is already named at line %d", path, n.Line, e.Code, l)
		}
		if l, dup := nameLine[e.Name]; dup {
			return nil, fmt.Errorf("%s:%d: name %s is already used at line %d", path, n.Line, e.Name, l)
		}
		codeLine[e.Code], nameLine[e.Name] = e.Line, e.Line
		t.Entries = append(t.Entries, e)
	}
	return t, nil
}

// Assign names codes from the table and returns them with every table
// entry the document does not (or no longer) documents, so that a
// committed constant never disappears, sorted by code; and the entries to
// append for codes the table lacks.
//
// A new code is named after its first message (by operation ID, status
// and position). If that name is taken in the table, or several new codes
// derive it in the same run, each such new code carries its number as
// well: which one keeps the plain name would otherwise depend on what is
// added together, and the result is the same whatever the order of work.
func Assign(codes []Code, t *Table) (named []Code, added []Entry) {
	byCode := map[int]Entry{}
	taken := map[string]bool{}
	for _, e := range t.Entries {
		byCode[e.Code] = e
		taken[e.Name] = true
	}
	derived := map[int]string{}
	count := map[string]int{}
	for _, c := range codes {
		if _, ok := byCode[c.Code]; ok {
			continue
		}
		name := "Code" + Identifier(c.Uses[0].Message)
		if name == "Code" {
			name = "Code" + strconv.Itoa(c.Code)
		}
		derived[c.Code] = name
		count[name]++
	}
	seen := map[int]bool{}
	for _, c := range codes {
		seen[c.Code] = true
		if e, ok := byCode[c.Code]; ok {
			c.Name, c.Doc = e.Name, e.Doc
			named = append(named, c)
			continue
		}
		base := derived[c.Code]
		name := base
		if taken[name] || count[base] > 1 {
			name = base + strconv.Itoa(c.Code)
		}
		for i := 2; taken[name]; i++ { // only if someone chose such a name by hand
			name = fmt.Sprintf("%s%d_%d", base, c.Code, i)
		}
		taken[name] = true
		c.Name = name
		named = append(named, c)
		added = append(added, Entry{Code: c.Code, Name: name})
	}
	for _, e := range t.Entries {
		if !seen[e.Code] {
			named = append(named, Code{Code: e.Code, Name: e.Name, Doc: e.Doc})
		}
	}
	sort.Slice(named, func(i, j int) bool { return named[i].Code < named[j].Code })
	return named, added
}

// AppendChecked appends entries to the text src of table t and checks
// that the result reads back as t followed by them: a table that ends in a
// way the appended lines would join (a flow-style list, say) is refused
// rather than silently changed.
func AppendChecked(t *Table, src []byte, entries []Entry) ([]byte, error) {
	out := AppendEntries(src, entries)
	back, err := ParseTable(t.Path, out)
	if err == nil && len(back.Entries) != len(t.Entries)+len(entries) {
		err = fmt.Errorf("%s: reads back with %d entries, want %d", t.Path, len(back.Entries), len(t.Entries)+len(entries))
	}
	if err == nil {
		for i, e := range append(append([]Entry(nil), t.Entries...), entries...) {
			if b := back.Entries[i]; b.Code != e.Code || b.Name != e.Name || (i < len(t.Entries) && b.Doc != e.Doc) {
				err = fmt.Errorf("%s:%d: entry reads back as %d %s, want %d %s", t.Path, b.Line, b.Code, b.Name, e.Code, e.Name)
				break
			}
		}
	}
	if err != nil {
		return nil, fmt.Errorf("appending %d new codes would change the table; append them by hand: %w", len(entries), err)
	}
	return out, nil
}

// AppendEntries adds entries at the end of the table's text, leaving what
// is there (comments, order, wording) untouched.
func AppendEntries(src []byte, entries []Entry) []byte {
	out := append([]byte(nil), src...)
	if len(out) > 0 && out[len(out)-1] != '\n' {
		out = append(out, '\n')
	}
	for _, e := range entries {
		out = fmt.Appendf(out, "- code: %d\n  name: %s\n", e.Code, e.Name)
	}
	return out
}

func asInt(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int64:
		return int(n), true
	case float64:
		if n == float64(int(n)) {
			return int(n), true
		}
	}
	return 0, false
}

// Identifier turns the first clause of a Zoom message into a Go name:
// "Meeting does not exist: {meetingId}." → "MeetingDoesNotExist". Words in
// braces are placeholders and are dropped; "API" and "ID" keep Go's casing.
func Identifier(message string) string {
	clause := message
	if i := strings.IndexAny(clause, ".,:;!?("); i >= 0 {
		clause = clause[:i]
	}
	var b strings.Builder
	for _, w := range strings.FieldsFunc(clause, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '{' && r != '}' }) {
		if strings.ContainsAny(w, "{}") {
			continue
		}
		switch up := strings.ToUpper(w); up {
		case "API", "ID", "URL", "PIN", "QPS":
			b.WriteString(up)
			continue
		}
		r := []rune(strings.ToLower(w))
		r[0] = unicode.ToUpper(r[0])
		b.WriteString(string(r))
	}
	name := b.String()
	if name != "" && unicode.IsDigit([]rune(name)[0]) {
		name = "N" + name
	}
	return name
}

// Render writes the Go source for codes.
func Render(pkg, specPath, codesPath string, codes []Code) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by zoomcodes from %s and %s; DO NOT EDIT.\n\n", specPath, codesPath)
	fmt.Fprintf(&b, "package %s\n\n", pkg)
	b.WriteString("// Zoom application error codes, from the x-error-codes extension of the\n")
	fmt.Fprintf(&b, "// OpenAPI document, named in %s.\n", codesPath)
	b.WriteString("// Compare them with Error.Code, or use HasCode.\n")
	b.WriteString("const (\n")
	for _, c := range codes {
		fmt.Fprintf(&b, "\t// %s is Zoom error code %d", c.Name, c.Code)
		if c.Doc != "" {
			b.WriteString(".\n")
			for _, line := range strings.Split(c.Doc, "\n") {
				fmt.Fprintf(&b, "\t// %s\n", strings.TrimSpace(line))
			}
		}
		switch {
		case len(c.Uses) == 0:
			if c.Doc == "" {
				b.WriteString(".\n")
			}
			b.WriteString("\t// No operation of the current document lists it; the name stays.\n")
		default:
			if c.Doc != "" {
				b.WriteString("\t// Documented as:\n")
			} else {
				b.WriteString(":\n")
			}
			msgs := map[string]bool{}
			for _, u := range c.Uses {
				if !msgs[u.Message] {
					msgs[u.Message] = true
					fmt.Fprintf(&b, "\t//   %q\n", u.Message)
				}
			}
			var ops []string
			seen := map[string]bool{}
			for _, u := range c.Uses {
				if op := u.OperationID + " " + u.Status; !seen[op] {
					seen[op] = true
					ops = append(ops, op)
				}
			}
			fmt.Fprintf(&b, "\t// Documented for: %s.\n", strings.Join(ops, ", "))
		}
		fmt.Fprintf(&b, "\t%s = %d\n", c.Name, c.Code)
	}
	b.WriteString(")\n\n")
	b.WriteString("// codeNames names every generated code, for Error.Error and logs.\n")
	b.WriteString("var codeNames = map[int]string{\n")
	for _, c := range codes {
		fmt.Fprintf(&b, "\t%s: %q,\n", c.Name, c.Name)
	}
	b.WriteString("}\n")
	return format.Source(b.Bytes())
}
