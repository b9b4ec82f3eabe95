package conformance

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Carried is what a Postman collection holds about its operations, as the
// subjects of facts (see Fact.subject): operations, statuses of response
// examples, parameters, and the property paths of request and response
// example bodies. It is read from the collection directly, not through
// zoomgen, so that it can judge zoomgen.
type Carried struct {
	subjects FactSet
	words    map[Fact]map[string]bool // param subject → words of its description and example
	// types holds the JSON types of the values response examples show,
	// by exampleKey.
	types map[string]map[string]bool
}

// exampleKey names a place in a response example: the path is written
// without array markers, the way encoding/json names a field.
func exampleKey(op string, status int, path string) string {
	return fmt.Sprintf("%s|%d|%s", op, status, strings.ReplaceAll(path, "[]", ""))
}

// ExampleTypes lists the JSON types ("string", "number", "boolean",
// "object", "array") of the values that the collection's examples for op
// and status show at path (".a.b", array markers optional); the types of
// an array's elements there carry a "[]" prefix ("[]number"). A
// placeholder ("integer", "<string>", ...) shows the type it names.
func (c *Carried) ExampleTypes(op string, status int, path string) map[string]bool {
	return c.types[exampleKey(op, status, path)]
}

// Contradicts reports whether f, a type of a response property, is one
// the collection's examples never show at that place although they show
// a value there: no converter reading the collection can state it.
func (c *Carried) Contradicts(f Fact) bool {
	if f.Kind != "resp-prop-type" {
		return false
	}
	status, path, ok := strings.Cut(f.Subject, " ")
	code, err := strconv.Atoi(status)
	if !ok || err != nil {
		return false
	}
	shown := c.ExampleTypes(f.Op, code, path)
	want := f.Value
	if want == "integer" {
		want = "number"
	}
	if strings.HasSuffix(path, "[]") {
		want = "[]" + want
	}
	return len(shown) > 0 && !shown[want]
}

// placeholders are the example strings that stand for a type rather than
// being a value (Zoom's spellings and Postman's), with the JSON type
// they name.
var placeholders = map[string]string{
	"string": "string", "date-time": "string", "datetime": "string", "date": "string",
	"integer": "number", "number": "number", "long": "number", "integer [int64]": "number", "integer [int32]": "number",
	"boolean": "boolean", "object": "object", "array": "array",
}

// jsonType is the JSON type of a decoded value (for a placeholder, the
// type it names), "" for null.
func jsonType(v any) string {
	switch v := v.(type) {
	case string:
		t := strings.ToLower(strings.TrimSpace(v))
		if len(t) > 2 && t[0] == '<' && t[len(t)-1] == '>' {
			if named, ok := placeholders[t[1:len(t)-1]]; ok {
				return named
			}
		}
		if named, ok := placeholders[t]; ok {
			return named
		}
		return "string"
	case float64, json.Number:
		return "number"
	case bool:
		return "boolean"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	}
	return ""
}

// valueTypes calls add for every value in v with its path and JSON type.
func valueTypes(v any, path string, add func(path, typ string)) {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			add(path+"."+k, jsonType(e))
			valueTypes(e, path+"."+k, add)
		}
	case []any:
		for _, e := range v {
			if t := jsonType(e); t != "" {
				add(path+"[]", "[]"+t)
			}
			valueTypes(e, path+"[]", add)
		}
	}
}

// Has reports whether the collection carries f: its subject is in the
// collection; for an enum value, the value also appears as a word in the
// parameter's description or as its example (Postman's converter lists a
// parameter's enum in its description).
func (c *Carried) Has(f Fact) bool {
	s := f.subject()
	if !c.subjects[s] {
		return false
	}
	if f.Kind == "param-enum" {
		return c.words[s][f.Value]
	}
	return true
}

// Len is the number of subjects.
func (c *Carried) Len() int { return len(c.subjects) }

type pmItem struct {
	Name     string       `json:"name"`
	Item     []pmItem     `json:"item"`
	Request  *pmRequest   `json:"request"`
	Response []pmResponse `json:"response"`
}

type pmRequest struct {
	Method string  `json:"method"`
	URL    pmURL   `json:"url"`
	Header []pmKV  `json:"header"`
	Body   *pmBody `json:"body"`
}

type pmURL struct {
	Path     []string `json:"path"`
	Query    []pmKV   `json:"query"`
	Variable []pmKV   `json:"variable"`
}

type pmKV struct {
	Key         string          `json:"key"`
	Value       json.RawMessage `json:"value"`
	Description json.RawMessage `json:"description"`
	Disabled    bool            `json:"disabled"`
}

type pmBody struct {
	Mode       string `json:"mode"`
	Raw        string `json:"raw"`
	Formdata   []pmKV `json:"formdata"`
	Urlencoded []pmKV `json:"urlencoded"`
}

type pmResponse struct {
	Code int    `json:"code"`
	Body string `json:"body"`
}

// text is a Postman string or {"content": ...} description, or "".
func text(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var d struct {
		Content string `json:"content"`
	}
	if json.Unmarshal(raw, &d) == nil {
		return d.Content
	}
	return ""
}

// postmanPath writes a Postman URL path as an OpenAPI template with every
// variable ({{x}} or :x) as {}.
func postmanPath(segs []string) string {
	out := make([]string, len(segs))
	for i, s := range segs {
		if strings.HasPrefix(s, ":") || (strings.HasPrefix(s, "{{") && strings.HasSuffix(s, "}}")) {
			s = "{}"
		}
		out[i] = s
	}
	return "/" + strings.Join(out, "/")
}

var word = regexp.MustCompile(`[A-Za-z0-9_.:+-]+`)

// CarriedSubjects reads a Postman v2.1 collection (URLs as objects, as
// Postman's converter writes them). An example body that is not JSON
// carries no properties; it is counted in the second result.
func CarriedSubjects(data []byte) (*Carried, int, error) {
	var col struct {
		Item []pmItem `json:"item"`
	}
	if err := json.Unmarshal(data, &col); err != nil {
		return nil, 0, fmt.Errorf("collection: %w", err)
	}
	c := &Carried{subjects: FactSet{}, words: map[Fact]map[string]bool{}, types: map[string]map[string]bool{}}
	notJSON := 0
	var walk func(items []pmItem, where string) error
	walk = func(items []pmItem, where string) error {
		for i, it := range items {
			at := fmt.Sprintf("%s/item[%d] %q", where, i, it.Name)
			if it.Request == nil {
				if err := walk(it.Item, at); err != nil {
					return err
				}
				continue
			}
			method := strings.ToUpper(it.Request.Method)
			if !httpMethods[method] {
				return fmt.Errorf("%s: request.method %q", at, it.Request.Method)
			}
			key := method + " " + postmanPath(it.Request.URL.Path)
			c.subjects[Fact{Kind: "op", Op: key}] = true
			addParam := func(in string, kv pmKV) {
				if kv.Key == "" {
					return
				}
				s := Fact{Kind: "param", Op: key, Subject: in + " " + kv.Key}
				c.subjects[s] = true
				ws := c.words[s]
				if ws == nil {
					ws = map[string]bool{}
					c.words[s] = ws
				}
				for _, w := range word.FindAllString(text(kv.Description), -1) {
					ws[w] = true
				}
				if v := text(kv.Value); v != "" {
					ws[v] = true
				}
			}
			for _, q := range it.Request.URL.Query {
				addParam("query", q)
			}
			for _, v := range it.Request.URL.Variable {
				addParam("path", v)
			}
			for _, h := range it.Request.Header {
				addParam("header", h)
			}
			if b := it.Request.Body; b != nil {
				add := func(path string) { c.subjects[Fact{Kind: "req-prop", Op: key, Subject: path}] = true }
				switch b.Mode {
				case "raw":
					if v, ok := decodeJSON(b.Raw); ok {
						jsonPaths(v, "", add)
					} else if strings.TrimSpace(b.Raw) != "" {
						notJSON++
					}
				case "formdata", "urlencoded":
					for _, kv := range append(b.Formdata, b.Urlencoded...) {
						if kv.Key == "" {
							continue
						}
						add("." + kv.Key)
						// A form field may hold JSON, as Zoom's array fields do.
						if v, ok := decodeJSON(text(kv.Value)); ok {
							jsonPaths(v, "."+kv.Key, add)
						}
					}
				}
			}
			for _, r := range it.Response {
				if r.Code == 0 {
					continue
				}
				status := strconv.Itoa(r.Code)
				c.subjects[Fact{Kind: "status", Op: key, Subject: status}] = true
				if v, ok := decodeJSON(r.Body); ok {
					jsonPaths(v, "", func(path string) {
						c.subjects[Fact{Kind: "resp-prop", Op: key, Subject: status + " " + path}] = true
					})
					valueTypes(v, "", func(path, typ string) {
						if typ == "" {
							return
						}
						k := exampleKey(key, r.Code, path)
						if c.types[k] == nil {
							c.types[k] = map[string]bool{}
						}
						c.types[k][typ] = true
					})
				} else if strings.TrimSpace(r.Body) != "" {
					notJSON++
				}
			}
		}
		return nil
	}
	if err := walk(col.Item, ""); err != nil {
		return nil, 0, err
	}
	return c, notJSON, nil
}

// decodeJSON decodes a JSON object or array; scalars and bad JSON are not
// bodies with properties.
func decodeJSON(s string) (any, bool) {
	s = strings.TrimSpace(s)
	if s == "" || (s[0] != '{' && s[0] != '[') {
		return nil, false
	}
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return nil, false
	}
	return v, true
}

// jsonPaths calls add for every property path in v, in the syntax of Fact.
func jsonPaths(v any, path string, add func(string)) {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			add(path + "." + k)
			jsonPaths(e, path+"."+k, add)
		}
	case []any:
		for _, e := range v {
			add(path + "[]")
			jsonPaths(e, path+"[]", add)
		}
	}
}
