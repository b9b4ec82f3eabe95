// Package formdata encodes any JSON-serialisable Go value — in practice a
// generated ...MultipartRequestBody — as a multipart/form-data body the way
// OpenAPI 3 describes it: each top-level property is one part, primitive
// values travel as their text, objects and arrays as JSON labelled with the
// content type the spec's `encoding` gives for that property.
//
// The value is first marshalled with encoding/json and the top-level object
// is then split into parts. Going through encoding/json rather than walking
// the struct by reflection means every generated type behaves exactly as it
// does on the JSON path: the same field names, omitempty leaving optional
// fields out, custom MarshalJSON methods (unions, additionalProperties) and
// enum types — so the two wire formats cannot drift apart.
package formdata

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/textproto"
	"strings"
)

// DefaultJSONContentType labels object and array parts whose property has no
// encoding entry: OpenAPI 3.0 §4.7.14.1 makes application/json the default
// for them.
const DefaultJSONContentType = "application/json"

// Encoding maps a top-level property name to the Content-Type of its part,
// as the operation's requestBody.content["multipart/form-data"].encoding
// says. Properties not in the map get the OpenAPI defaults: no label for
// primitives (text/plain), DefaultJSONContentType for objects and arrays.
type Encoding map[string]string

// Encode writes v as multipart/form-data to w and returns the Content-Type
// header to send (multipart/form-data with its boundary). Parts appear in
// the order encoding/json writes the properties — declaration order for
// structs, sorted keys for maps — so the same value always yields the same
// sequence of parts. Properties that marshal to null are left out: multipart
// has no way to say null, and an absent part is what "not set" means.
func Encode(w io.Writer, v any, enc Encoding) (contentType string, err error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("formdata: %w", err)
	}
	mw := multipart.NewWriter(w)
	if err := writeParts(mw, raw, enc); err != nil {
		return "", err
	}
	if err := mw.Close(); err != nil {
		return "", fmt.Errorf("formdata: %w", err)
	}
	return mw.FormDataContentType(), nil
}

// Bytes is Encode into a new buffer; the *bytes.Reader it returns lets
// net/http replay the body (http.NewRequest sets GetBody for it), which
// retries and the 401 replay rely on.
func Bytes(v any, enc Encoding) (contentType string, body *bytes.Reader, err error) {
	var buf bytes.Buffer
	ct, err := Encode(&buf, v, enc)
	if err != nil {
		return "", nil, err
	}
	return ct, bytes.NewReader(buf.Bytes()), nil
}

func writeParts(mw *multipart.Writer, raw []byte, enc Encoding) error {
	return eachMember(raw, func(name string, value []byte) error {
		if err := writePart(mw, name, value, enc[name]); err != nil {
			return fmt.Errorf("formdata: property %q: %w", name, err)
		}
		return nil
	})
}

// eachMember calls fn for each member of the JSON object raw, in order. raw
// comes from json.Marshal, so it is valid and compact; a hand-written scan
// of the top level avoids decoding (and re-validating) every value, which
// costs more than the encoding itself. It still checks what it relies on.
func eachMember(raw []byte, fn func(name string, value []byte) error) error {
	if len(raw) < 2 || raw[0] != '{' || raw[len(raw)-1] != '}' {
		// A multipart form is a set of named parts; only an object has names.
		return errors.New("formdata: the body must encode as a JSON object")
	}
	i := 1
	for i < len(raw)-1 {
		if raw[i] == ',' {
			i++
		}
		keyEnd, err := skipString(raw, i)
		if err != nil {
			return err
		}
		name, err := unquote(raw[i:keyEnd])
		if err != nil {
			return err
		}
		if keyEnd >= len(raw) || raw[keyEnd] != ':' {
			return errors.New("formdata: malformed JSON object")
		}
		valStart := keyEnd + 1
		valEnd, err := skipValue(raw, valStart)
		if err != nil {
			return err
		}
		if err := fn(name, raw[valStart:valEnd]); err != nil {
			return err
		}
		i = valEnd
	}
	return nil
}

// skipString returns the index just past the JSON string starting at i.
func skipString(raw []byte, i int) (int, error) {
	if i >= len(raw) || raw[i] != '"' {
		return 0, errors.New("formdata: malformed JSON object")
	}
	for j := i + 1; j < len(raw); j++ {
		switch raw[j] {
		case '\\':
			j++
		case '"':
			return j + 1, nil
		}
	}
	return 0, errors.New("formdata: unterminated JSON string")
}

// skipValue returns the index just past the JSON value starting at i.
func skipValue(raw []byte, i int) (int, error) {
	if i >= len(raw) {
		return 0, errors.New("formdata: malformed JSON object")
	}
	switch raw[i] {
	case '"':
		return skipString(raw, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(raw); j++ {
			switch raw[j] {
			case '"':
				end, err := skipString(raw, j)
				if err != nil {
					return 0, err
				}
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1, nil
				}
			}
		}
		return 0, errors.New("formdata: unbalanced JSON value")
	}
	j := i
	for j < len(raw) && raw[j] != ',' && raw[j] != '}' {
		j++
	}
	return j, nil
}

func unquote(s []byte) (string, error) {
	if bytes.IndexByte(s, '\\') < 0 {
		return string(s[1 : len(s)-1]), nil
	}
	var out string
	err := json.Unmarshal(s, &out)
	return out, err
}

func writePart(mw *multipart.Writer, name string, value []byte, contentType string) error {
	value = bytes.TrimSpace(value)
	if len(value) == 0 || string(value) == "null" {
		return nil
	}
	var content []byte
	switch value[0] {
	case '{', '[':
		content = value
		if contentType == "" {
			contentType = DefaultJSONContentType
		}
	case '"':
		s, err := unquote(value)
		if err != nil {
			return err
		}
		content = []byte(s)
	default: // number, true, false: their JSON text is their form text
		content = value
	}
	h := make(textproto.MIMEHeader, 2)
	h.Set("Content-Disposition", `form-data; name="`+escapeQuotes(name)+`"`)
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	pw, err := mw.CreatePart(h)
	if err != nil {
		return err
	}
	_, err = pw.Write(content)
	return err
}

// quoteEscaper escapes a form name as mime/multipart does inside its own
// CreateFormField, which cannot set a part's Content-Type.
var quoteEscaper = strings.NewReplacer("\\", "\\\\", `"`, "\\\"")

func escapeQuotes(s string) string { return quoteEscaper.Replace(s) }
