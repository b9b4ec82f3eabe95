package zoomgen

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	json "github.com/go-json-experiment/json/v1"
)

// The response stage: the response examples of a request become one
// response per status, the examples of a status merged.

// responseDraft is one status's response before its schema is hoisted.
type responseDraft struct {
	description string
	schema      *openapi3.Schema // merged over examples; nil when no JSON body
	example     any
	textExample string
	textType    string
	headers     map[string]*openapi3.Schema
	codes       []ErrorCode
	noContent   bool // the answer has no content (noContent)
}

// readResponses reads a request's response examples, by status.
func (c *run) readResponses(r *request, examples []pmResponse) map[int]*responseDraft {
	out := map[int]*responseDraft{}
	for i, resp := range examples {
		c.readResponse(r, out, resp, fmt.Sprintf("response[%d]", i))
	}
	return out
}

// readResponse merges one response example at field into the response of
// its status.
func (c *run) readResponse(r *request, out map[int]*responseDraft, resp pmResponse, field string) {
	if resp.Code < 100 || resp.Code > 599 {
		c.warn(r, field+".code", "response example %q has no valid HTTP status code (%d); it is not converted", resp.Name, resp.Code)
		return
	}
	nt := c.nameText(resp.Name, resp.Status)
	d, ok := out[resp.Code]
	if !ok {
		d = &responseDraft{description: nt.description, headers: map[string]*openapi3.Schema{}, noContent: noContent(r.method, resp.Code)}
		out[resp.Code] = d
	}
	d.codes = mergeCodes(d.codes, nt.codes)
	var hs []pmParam
	_ = json.Unmarshal(resp.Header, &hs) // v2.0 string headers carry nothing we use
	contentType := readResponseHeaders(d, hs)
	if resp.Body == nil || strings.TrimSpace(*resp.Body) == "" || d.noContent {
		return
	}
	body := *resp.Body
	looksJSON := strings.Contains(contentType, "json") || resp.PreviewLanguage == "json"
	if !looksJSON {
		t := strings.TrimSpace(body)
		looksJSON = strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[")
	}
	if looksJSON {
		v, err := decodeJSON(body)
		if err == nil {
			v, exact := unwrapJSONText(v)
			d.schema = MergeSchemas(d.schema, c.infer(v))
			if d.example == nil && exact {
				d.example = withoutPlaceholders(v)
			}
			return
		}
		c.warn(r, field+".body", "example body is not valid JSON (%v); kept as a text example", err)
	}
	if d.textExample == "" {
		d.textExample = body
		d.textType = mediaTypeOf(contentType, "text/plain")
	}
}

// unwrapJSONText reads an example body that is a JSON string holding
// JSON text ("{\n  \"id\": 1 ...}", a collection exported from a
// tool that quoted the body once more) as the value the text holds: the
// API answers with that object, not with a string. Text that reads as
// JSON only once its numbers lose their leading zeros (00001) is read
// so; text that opens an object or array but does not parse even then
// is an object or array of unknown content, and exact is false: there
// is no example value to show. Any other value is returned as it is.
func unwrapJSONText(v any) (_ any, exact bool) {
	s, ok := v.(string)
	if !ok {
		return v, true
	}
	t := strings.TrimSpace(s)
	if !strings.HasPrefix(t, "{") && !strings.HasPrefix(t, "[") {
		return v, true
	}
	for _, text := range []string{t, withoutLeadingZeros(t)} {
		if inner, err := decodeJSON(text); err == nil {
			return inner, true
		}
	}
	if t[0] == '{' {
		return map[string]any{}, false
	}
	return []any{}, false
}

// withoutLeadingZeros drops the leading zeros of the numbers in the JSON
// text t (00001 → 1, 000 → 0), which JSON does not allow; strings are
// left as they are.
func withoutLeadingZeros(t string) string {
	var b strings.Builder
	b.Grow(len(t))
	inString, escaped := false, false
	for i := 0; i < len(t); i++ {
		ch := t[i]
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case ch == '\\':
				escaped = true
			case ch == '"':
				inString = false
			}
		case ch == '"':
			inString = true
		case ch == '0' && startsNumber(t, i) && i+1 < len(t) && t[i+1] >= '0' && t[i+1] <= '9':
			// A number starts with 0 and another digit follows: skip
			// the zeros but the last digit.
			j := i
			for j+1 < len(t) && t[j] == '0' && t[j+1] >= '0' && t[j+1] <= '9' {
				j++
			}
			i = j
			ch = t[j]
		}
		b.WriteByte(ch)
	}
	return b.String()
}

// startsNumber reports whether t[i] is the first digit of a number.
func startsNumber(t string, i int) bool {
	if i > 0 && t[i-1] == '-' {
		i--
	}
	return i == 0 || !isNumberByte(t[i-1])
}

// isNumberByte reports whether c can be inside a JSON number before a
// digit (a digit, a point, a sign or an exponent).
func isNumberByte(c byte) bool {
	return c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E'
}

// noContent reports whether a response has no content whatever its
// example shows (RFC 9110): 204 No Content, 205 Reset Content, 304 Not
// Modified, and any answer to HEAD. A client generated from a schema for
// such a body would refuse every real answer, which has none.
func noContent(method string, code int) bool {
	return method == http.MethodHead || code == http.StatusNoContent || code == http.StatusResetContent || code == http.StatusNotModified
}

// readResponseHeaders merges an example's headers into d and returns its
// Content-Type.
func readResponseHeaders(d *responseDraft, hs []pmParam) (contentType string) {
	for _, h := range hs {
		if h.Key == nil || h.Disabled {
			continue
		}
		k := strings.TrimSpace(*h.Key)
		val, _ := scalarString(h.Value)
		switch strings.ToLower(k) {
		case "content-type":
			contentType = val
		case "", "content-length", "date", "connection", "transfer-encoding", "keep-alive":
		default:
			_, s, isJSON, err := textValue(val)
			if isJSON || err != nil || val == "" {
				s = stringSchema("")
			}
			d.addHeader(k, s)
		}
	}
	return contentType
}

// addHeader merges schema s of header k into d's headers. Header names
// are case-insensitive: the first spelling wins.
func (d *responseDraft) addHeader(k string, s *openapi3.Schema) {
	name := k
	for old := range d.headers {
		if strings.EqualFold(old, k) {
			name = old
		}
	}
	d.headers[name] = mergeHeader(d.headers[name], s)
}

// mergeResponse merges b, the response of another request with the same
// status, into a, the way two examples of one status merge.
func mergeResponse(a, b *responseDraft) *responseDraft {
	if a == nil {
		return b
	}
	a.schema = MergeSchemas(a.schema, b.schema)
	if a.example == nil {
		a.example = b.example
	}
	if a.textExample == "" {
		a.textExample, a.textType = b.textExample, b.textType
	}
	for _, h := range slices.Sorted(maps.Keys(b.headers)) {
		a.addHeader(h, b.headers[h])
	}
	a.codes = mergeCodes(a.codes, b.codes)
	return a
}

// mergeHeader combines the schemas of one header seen in several
// examples: equal types stay, anything else becomes a string.
func mergeHeader(a, b *openapi3.Schema) *openapi3.Schema {
	if a == nil {
		return b
	}
	m := MergeSchemas(a, b)
	if typeName(m) == "" {
		return openapi3.NewStringSchema()
	}
	return m
}

// nameText is what a response example's name and status say.
type nameText struct {
	description string
	codes       []ErrorCode
}

// nameText parses a response name once per conversion: Zoom repeats the
// same names (the 429 text, "**HTTP Status Code:** `204`") on hundreds of
// requests, and the markdown clean-up is regular-expression work.
func (c *run) nameText(name, status string) nameText {
	key := [2]string{name, status}
	if t, ok := c.names[key]; ok {
		return t
	}
	t := nameText{description: responseDescription(cleanText(name), cleanText(status)), codes: errorCodes(cleanText(name))}
	c.names[key] = t
	return t
}

func mediaTypeOf(contentType, fallback string) string {
	mt, _, _ := strings.Cut(contentType, ";")
	mt = strings.TrimSpace(mt)
	if mt == "" || strings.Contains(mt, "json") {
		return fallback
	}
	return mt
}

func mergeCodes(a, b []ErrorCode) []ErrorCode {
	seen := map[int]bool{}
	for _, x := range a {
		seen[x.Code] = true
	}
	for _, x := range b {
		if !seen[x.Code] {
			seen[x.Code] = true
			a = append(a, x)
		}
	}
	return a
}
