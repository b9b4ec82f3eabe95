package zoomgen

import (
	"bytes"
	"fmt"
	"strings"

	json "github.com/go-json-experiment/json/v1"
)

// The Postman types below mirror the v2.0 and v2.1 collection formats loosely
// on purpose: real files (Postman's own OpenAPI converter among them) use
// every shape the schemas allow, so polymorphic fields stay raw JSON (rawJSON)
// and are decoded by helpers that can name the JSON path of a bad value.
//
// The decoder is github.com/go-json-experiment/json/v1: encoding/json's
// behaviour (field matching, errors) on the implementation that
// becomes encoding/json in Go 1.27. encoding/json scans every value
// once to validate it and again to decode it, so a raw field decoded
// later by a helper is scanned at each level it passes through; on
// BenchmarkConvertLarge that was a third of the time of a conversion.

// schemaV20 and schemaV21 are the collection schema identifiers the converter
// accepts; anything else is refused rather than guessed at.
const (
	schemaV20 = "https://schema.getpostman.com/json/collection/v2.0.0/collection.json"
	schemaV21 = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
)

// rawJSON is json.RawMessage that keeps the bytes it is given instead of
// copying them. The Postman types are only ever decoded with json.Unmarshal
// from the source file's bytes (or from rawJSON taken from them); the
// decoder reads a byte slice in place and hands UnmarshalJSON sub-slices
// of it, which it never changes. The source outlives the conversion, so
// nothing needs a copy of its own. Copying every raw field of a
// collection would be a tenth of the bytes allocated while reading it.
type rawJSON []byte

// UnmarshalJSON keeps data, which is part of the input being decoded. Its
// capacity is cut to its length so that an append can never write into the
// rest of the source.
func (r *rawJSON) UnmarshalJSON(data []byte) error {
	*r = data[:len(data):len(data)]
	return nil
}

type pmCollection struct {
	Info     *pmInfo      `json:"info"`
	Item     []rawJSON    `json:"item"`
	Auth     rawJSON      `json:"auth"`
	Variable []pmVariable `json:"variable"`
}

type pmInfo struct {
	Name        string  `json:"name"`
	Schema      string  `json:"schema"`
	Description rawJSON `json:"description"`
	Version     rawJSON `json:"version"`
}

// pmDocument is any file the converter reads (collection, the Postman
// API's {"collection": …} wrapper, folder or item) decoded in one pass;
// which it is follows from the fields present.
type pmDocument struct {
	pmTree
	Info       rawJSON     `json:"info"`
	Collection *pmDocument `json:"collection"`

	info    pmInfo // Info, decoded
	wrapped bool   // the file is the wrapper: problems are under "collection."
}

// pmItemBase is what request items and folders have in common; a request
// item has Request set, a folder has items.
type pmItemBase struct {
	Name        string       `json:"name"`
	Description rawJSON      `json:"description"`
	Auth        rawJSON      `json:"auth"`
	Request     rawJSON      `json:"request"`
	Response    []pmResponse `json:"response"`
	Variable    []pmVariable `json:"variable"`
}

// pmItem is an item whose children are left undecoded (the fallback
// pass that locates errors).
type pmItem struct {
	pmItemBase
	Item []rawJSON `json:"item"`
}

// pmTree is an item with its children decoded.
type pmTree struct {
	pmItemBase
	Item []pmTree `json:"item"`

	broken string // why the fallback pass could not decode it, if it could not
}

type pmRequest struct {
	URL         rawJSON `json:"url"`
	Auth        rawJSON `json:"auth"`
	Method      string  `json:"method"`
	Description rawJSON `json:"description"`
	Header      rawJSON `json:"header"`
	Body        *pmBody `json:"body"`
}

type pmURL struct {
	Raw      string       `json:"raw"`
	Protocol string       `json:"protocol"`
	Host     rawJSON      `json:"host"`
	Path     rawJSON      `json:"path"`
	Query    []pmParam    `json:"query"`
	Variable []pmVariable `json:"variable"`
}

// pmParam is a query parameter, header or form field.
type pmParam struct {
	Key         *string `json:"key"`
	Value       rawJSON `json:"value"`
	Description rawJSON `json:"description"`
	Disabled    bool    `json:"disabled"`
	Type        string  `json:"type"`
	Src         rawJSON `json:"src"`
	ContentType string  `json:"contentType"`
}

type pmVariable struct {
	ID          string  `json:"id"`
	Key         string  `json:"key"`
	Value       rawJSON `json:"value"`
	Type        string  `json:"type"`
	Description rawJSON `json:"description"`
	Disabled    bool    `json:"disabled"`
}

func (v pmVariable) name() string {
	if v.Key != "" {
		return v.Key
	}
	return v.ID
}

type pmBody struct {
	Mode       string    `json:"mode"`
	Raw        string    `json:"raw"`
	URLEncoded []pmParam `json:"urlencoded"`
	FormData   []pmParam `json:"formdata"`
	File       rawJSON   `json:"file"`
	GraphQL    rawJSON   `json:"graphql"`
	Options    rawJSON   `json:"options"`
	Disabled   bool      `json:"disabled"`
}

// pmResponse is one response example. Its originalRequest, a copy of the
// request that Postman's converter writes into every example, is not
// decoded: it says nothing the request does not, and skipping it saves a
// third of a Zoom collection's bytes.
type pmResponse struct {
	Name            string  `json:"name"`
	Status          string  `json:"status"`
	Code            int     `json:"code"`
	Header          rawJSON `json:"header"`
	Body            *string `json:"body"`
	PreviewLanguage string  `json:"_postman_previewlanguage"`
}

type pmAuth struct {
	Type string `json:"type"`
	// v2.1 stores each auth type's settings as a list of key/value pairs
	// under a key named after the type; v2.0 uses a plain object. Both are
	// decoded into attrs by decodeAuth.
	attrs map[string]any
}

// text decodes a Postman description: a string, or {content, type}, or null.
func text(raw rawJSON) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return cleanText(s), nil
	}
	var obj struct {
		Content *string `json:"content"`
	}
	if err := json.Unmarshal(raw, &obj); err != nil || obj.Content == nil {
		return "", fmt.Errorf("description must be a string or an object with content")
	}
	return cleanText(*obj.Content), nil
}

// cleanText drops control characters other than line feed and tab. Text
// ends up in Go comments written by oapi-codegen, where a NUL does not
// compile, and in YAML, where most control characters need escapes.
func cleanText(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Map(func(r rune) rune {
		if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f {
			return -1
		}
		return r
	}, s)
}

// scalarString renders a Postman value (usually a string, sometimes a number
// or boolean written by hand) as the text Postman would send.
func scalarString(raw rawJSON) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	if raw[0] == '{' || raw[0] == '[' {
		return "", fmt.Errorf("value must be a string, number or boolean")
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, nil
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return "", err
	}
	switch v.(type) {
	case float64, bool:
		return string(raw), nil
	}
	return "", fmt.Errorf("value must be a string, number or boolean")
}

// stringList decodes a host or path, which may be a list of segments or one
// dot- or slash-joined string.
func stringList(raw rawJSON, sep string) ([]string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		if s == "" {
			return nil, nil
		}
		return strings.Split(strings.Trim(s, sep), sep), nil
	}
	var items []rawJSON
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, fmt.Errorf("must be a string or a list of strings")
	}
	out := make([]string, 0, len(items))
	for i, it := range items {
		var seg string
		if err := json.Unmarshal(it, &seg); err != nil {
			// Postman allows {type, value} path segments in v2.1.
			var obj struct {
				Value string `json:"value"`
			}
			if err2 := json.Unmarshal(it, &obj); err2 != nil {
				return nil, fmt.Errorf("[%d] must be a string", i)
			}
			seg = obj.Value
		}
		out = append(out, seg)
	}
	return out, nil
}

// decodeAuth reads a Postman auth block in either the v2.0 or v2.1 shape.
// A nil result with no error means the block is absent (inherit).
func decodeAuth(raw rawJSON) (*pmAuth, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var m map[string]rawJSON
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("auth must be an object")
	}
	var typ string
	if t, ok := m["type"]; ok {
		if err := json.Unmarshal(t, &typ); err != nil {
			return nil, fmt.Errorf("auth.type must be a string")
		}
	}
	if typ == "" {
		return nil, fmt.Errorf("auth.type is missing")
	}
	a := &pmAuth{Type: typ, attrs: map[string]any{}}
	settings, ok := m[typ]
	if !ok {
		return a, nil
	}
	var pairs []struct {
		Key   string `json:"key"`
		Value any    `json:"value"`
	}
	if err := json.Unmarshal(settings, &pairs); err == nil {
		for _, p := range pairs {
			a.attrs[p.Key] = p.Value
		}
		return a, nil
	}
	var obj map[string]any
	if err := json.Unmarshal(settings, &obj); err != nil {
		return nil, fmt.Errorf("auth.%s must be a list of key/value pairs or an object", typ)
	}
	a.attrs = obj
	return a, nil
}

func (a *pmAuth) attr(key string) string {
	if a == nil {
		return ""
	}
	if s, ok := a.attrs[key].(string); ok {
		return s
	}
	return ""
}
