// Command zoomcodes generates Go constants for the Zoom error codes that the
// OpenAPI document lists per response in its x-error-codes extension, so
// that the client's error codes come from the same contract as its types
// and are never typed in by hand. Run by `go generate` (see generate.go),
// after oapi-codegen:
//
//	go run ./internal/cmd/zoomcodes -spec spec/zoom.openapi.yaml -o zoom_codes.gen.go
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"os"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"
)

func main() {
	specPath := flag.String("spec", "spec/zoom.openapi.yaml", "OpenAPI document to read")
	out := flag.String("o", "zoom_codes.gen.go", "Go file to write")
	pkg := flag.String("pkg", "zoom", "package name of the generated file")
	flag.Parse()
	if err := run(*specPath, *out, *pkg); err != nil {
		fmt.Fprintln(os.Stderr, "zoomcodes:", err)
		os.Exit(1)
	}
}

func run(specPath, out, pkg string) error {
	doc, err := openapi3.NewLoader().LoadFromFile(specPath)
	if err != nil {
		return err
	}
	codes, err := Collect(doc)
	if err != nil {
		return fmt.Errorf("%s: %w", specPath, err)
	}
	src, err := Render(pkg, specPath, codes)
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
}

// Code is one error code with its Go name and every place it is documented.
type Code struct {
	Code int
	Name string
	Uses []Use
}

// Collect reads x-error-codes from every response of every operation. A
// code documented in several places with different messages (Zoom reuses
// numbers per endpoint) is named after the first by operation ID and
// status, and all messages go into its comment.
func Collect(doc *openapi3.T) ([]Code, error) {
	byCode := map[int]*Code{}
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		for method, op := range item.Operations() {
			if op.Responses == nil {
				continue
			}
			for status, ref := range op.Responses.Map() {
				if ref == nil || ref.Value == nil {
					continue
				}
				ext, ok := ref.Value.Extensions["x-error-codes"]
				if !ok {
					continue
				}
				list, ok := ext.([]any)
				if !ok {
					return nil, fmt.Errorf("%s %s response %s: x-error-codes is not a list", method, path, status)
				}
				for i, entry := range list {
					m, ok := entry.(map[string]any)
					if !ok {
						return nil, fmt.Errorf("%s %s response %s: x-error-codes[%d] is not an object", method, path, status, i)
					}
					code, ok := asInt(m["code"])
					msg, _ := m["message"].(string)
					if !ok || msg == "" {
						return nil, fmt.Errorf("%s %s response %s: x-error-codes[%d] needs an integer code and a message", method, path, status, i)
					}
					c := byCode[code]
					if c == nil {
						c = &Code{Code: code}
						byCode[code] = c
					}
					c.Uses = append(c.Uses, Use{OperationID: op.OperationID, Status: status, Message: msg})
				}
			}
		}
	}
	codes := make([]Code, 0, len(byCode))
	count := map[string]int{}
	for _, c := range byCode {
		sort.Slice(c.Uses, func(i, j int) bool {
			a, b := c.Uses[i], c.Uses[j]
			if a.OperationID != b.OperationID {
				return a.OperationID < b.OperationID
			}
			return a.Status < b.Status
		})
		c.Name = "Code" + Identifier(c.Uses[0].Message)
		if c.Name == "Code" {
			c.Name = "Code" + strconv.Itoa(c.Code)
		}
		codes = append(codes, *c)
	}
	sort.Slice(codes, func(i, j int) bool { return codes[i].Code < codes[j].Code })
	for _, c := range codes {
		count[c.Name]++
	}
	for i := range codes {
		if count[codes[i].Name] > 1 {
			// Codes whose messages start alike all carry their number, so
			// that a new code can never silently take over a name (and the
			// meaning) an existing constant had: code using it stops
			// compiling instead.
			codes[i].Name += strconv.Itoa(codes[i].Code)
		}
	}
	return codes, nil
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
func Render(pkg, specPath string, codes []Code) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by zoomcodes from %s; DO NOT EDIT.\n\n", specPath)
	fmt.Fprintf(&b, "package %s\n\n", pkg)
	b.WriteString("// Zoom application error codes, from the x-error-codes extension of the\n")
	b.WriteString("// OpenAPI document. Compare them with Error.Code, or use HasCode.\n")
	b.WriteString("const (\n")
	for _, c := range codes {
		msgs := map[string]bool{}
		fmt.Fprintf(&b, "\t// %s is Zoom error code %d:\n", c.Name, c.Code)
		for _, u := range c.Uses {
			key := u.Message
			if !msgs[key] {
				msgs[key] = true
				fmt.Fprintf(&b, "\t//   %q\n", u.Message)
			}
		}
		var ops []string
		for _, u := range c.Uses {
			ops = append(ops, u.OperationID+" "+u.Status)
		}
		fmt.Fprintf(&b, "\t// Documented for: %s.\n", strings.Join(ops, ", "))
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
