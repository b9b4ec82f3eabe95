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
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return fmt.Errorf("formdata: %w", err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		// A multipart form is a set of named parts; only an object has names.
		return errors.New("formdata: the body must encode as a JSON object")
	}
	for dec.More() {
		keyTok, err := dec.Token()
		if err != nil {
			return fmt.Errorf("formdata: %w", err)
		}
		name, _ := keyTok.(string) // object keys are always strings
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			return fmt.Errorf("formdata: property %q: %w", name, err)
		}
		if err := writePart(mw, name, value, enc[name]); err != nil {
			return fmt.Errorf("formdata: property %q: %w", name, err)
		}
	}
	return nil
}

func writePart(mw *multipart.Writer, name string, value json.RawMessage, contentType string) error {
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
		var s string
		if err := json.Unmarshal(value, &s); err != nil {
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
