// Package oasmultipart teaches kin-openapi's request validation to read
// multipart/form-data bodies the way Zoom (and Postman) send them: an array
// property whose encoding is application/json travels as one part holding
// the whole JSON array.
//
// kin-openapi's own decoder reads an array property as repeated parts, one
// item each, so a correct Zoom request (registrants=[{...},{...}]) would be
// refused as "value must be an object". This decoder wraps kin-openapi's
// instead of replacing it: it only changes how such array properties are
// decoded, and everything is then validated against the real schema.
package oasmultipart

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

var once sync.Once

// Register installs Decode for multipart/form-data in openapi3filter. The
// registry is process-wide, so every validator in the process reads
// multipart bodies the same way; calling it more than once is harmless.
func Register() {
	once.Do(func() { openapi3filter.RegisterBodyDecoder("multipart/form-data", Decode) })
}

// Decode is an openapi3filter.BodyDecoder for multipart/form-data.
func Decode(body io.Reader, header http.Header, schema *openapi3.SchemaRef, encFn openapi3filter.EncodingFn) (any, error) {
	if schema == nil || schema.Value == nil || encFn == nil {
		return openapi3filter.MultipartBodyDecoder(body, header, schema, encFn)
	}
	jsonArrays := map[string]bool{}
	for name, prop := range schema.Value.Properties {
		enc := encFn(name)
		if enc != nil && isJSON(enc.ContentType) && prop != nil && prop.Value != nil && prop.Value.Type.Is("array") {
			jsonArrays[name] = true
		}
	}
	if len(jsonArrays) == 0 {
		return openapi3filter.MultipartBodyDecoder(body, header, schema, encFn)
	}
	// Present those properties to kin-openapi as strings: a part labelled
	// application/json is then decoded as one JSON value, and an unlabelled
	// part (curl --form, Postman) is kept as its text, decoded below. The
	// result is still validated against the original schema by the caller.
	view := *schema.Value
	view.Properties = make(openapi3.Schemas, len(schema.Value.Properties))
	for name, prop := range schema.Value.Properties {
		if jsonArrays[name] {
			prop = openapi3.NewSchemaRef("", openapi3.NewStringSchema())
		}
		view.Properties[name] = prop
	}
	// kin-openapi also insists that such a part be labelled with the
	// encoding's content type; Zoom accepts the unlabelled text part that
	// curl --form and Postman send, so the label check is left to the JSON
	// decoding below.
	// Where the schema allows other properties (the default), unknown
	// parts are skipped, as unknown properties of a JSON body are ignored,
	// instead of failing the whole form; additionalProperties: false still
	// refuses them.
	if ap := schema.Value.AdditionalProperties; ap.Schema == nil && (ap.Has == nil || *ap.Has) {
		anyProperties := true
		view.AdditionalProperties = openapi3.AdditionalProperties{Has: &anyProperties}
	}
	viewEnc := func(name string) *openapi3.Encoding {
		if jsonArrays[name] {
			return nil
		}
		return encFn(name)
	}
	decoded, err := openapi3filter.MultipartBodyDecoder(body, header, &openapi3.SchemaRef{Value: &view}, viewEnc)
	if err != nil {
		return nil, err
	}
	obj, ok := decoded.(map[string]any)
	if !ok {
		return decoded, nil
	}
	for name := range jsonArrays {
		text, isText := obj[name].(string)
		if !isText {
			continue
		}
		// Text that is not JSON stays a string, so validation reports the
		// property as "must be an array" (the seeds' registrants=true[...]).
		var v any
		dec := json.NewDecoder(bytes.NewReader([]byte(text)))
		if dec.Decode(&v) == nil && !dec.More() {
			obj[name] = v
		}
	}
	return obj, nil
}

func isJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}
