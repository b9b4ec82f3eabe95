package zoomgen

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/speakeasy-api/openapi/overlay/loader"
	"gopkg.in/yaml.v3"
)

// ApplyOverlay applies an OpenAPI Overlay 1.0 document to doc and returns
// the result, validated. Overlays carry facts that a Postman item cannot,
// such as Zoom's 30-registrant limit or the 201 status the live API sends.
// Every action's target must match something: an overlay that silently
// stopped applying after a spec change would be a lost fact.
func ApplyOverlay(ctx context.Context, doc *openapi3.T, overlay []byte, name string) (*openapi3.T, error) {
	ov, err := loader.LoadOverlayFromReader(bytes.NewReader(overlay))
	if err != nil {
		return nil, fmt.Errorf("overlay %s: %w", name, err)
	}
	if err := ov.Validate(); err != nil {
		return nil, fmt.Errorf("overlay %s is not valid: %w", name, err)
	}
	js, err := doc.MarshalJSON()
	if err != nil {
		return nil, err
	}
	var node yaml.Node
	if err := yaml.Unmarshal(js, &node); err != nil {
		return nil, err
	}
	if problems, err := ov.ApplyToStrict(&node); err != nil {
		return nil, fmt.Errorf("overlay %s: %w %v", name, err, problems)
	}
	out, err := yaml.Marshal(&node)
	if err != nil {
		return nil, err
	}
	loaded, err := openapi3.NewLoader().LoadFromData(out)
	if err != nil {
		return nil, fmt.Errorf("overlay %s made the document unreadable: %w", name, err)
	}
	if err := loaded.Validate(ctx); err != nil {
		return nil, fmt.Errorf("overlay %s made the document invalid: %w", name, err)
	}
	return loaded, nil
}

// MarshalYAML writes doc as YAML with every mapping's keys sorted, so the
// same document always gives the same bytes and diffs stay reviewable.
func MarshalYAML(doc *openapi3.T) ([]byte, error) {
	// The document is turned into plain maps, slices and scalars by
	// kin-openapi's own MarshalYAML methods, which is what its MarshalJSON
	// encodes; walking them directly gives the same tree as a JSON round
	// trip (TestPlainTreeMatchesJSON) without encoding and decoding
	// megabytes of JSON.
	v, err := plainValue(doc)
	if err != nil {
		return nil, err
	}
	if out, err := writeYAML(v); err == nil {
		return out, nil
	}
	return yamlV3(v)
}

// yamlMarshaler is what kin-openapi's types implement.
type yamlMarshaler interface {
	MarshalYAML() (any, error)
}

// plainValue returns what encoding v as JSON and decoding it (numbers as
// in yamlValue) would give: maps with string keys, []any, string, int64,
// float64, bool and nil. It walks the values kin-openapi's own
// MarshalYAML methods return (what its MarshalJSON encodes) instead of
// encoding and decoding the document as JSON, which on a Zoom-sized spec
// costs several times the rest of MarshalYAML (BenchmarkConvertLarge).
// TestPlainTreeMatchesJSON and CheckYAMLPaths hold it to the JSON round
// trip.
func plainValue(v any) (any, error) {
	switch x := v.(type) {
	case nil, bool, int64:
		return v, nil
	case string:
		return validUTF8(x, "\uFFFD"), nil
	case int:
		return int64(x), nil
	case json.Number:
		return yamlValue(x), nil
	case float64:
		return jsonValue(x)
	case ErrorCode:
		return map[string]any{"code": int64(x.Code), "message": validUTF8(x.Message, "\uFFFD")}, nil
	case map[string]any:
		return plainMap(x)
	case []any:
		return plainSlice(x)
	case *openapi3.SchemaRef:
		// Most of a spec is schemas, and kin-openapi's Schema.MarshalYAML
		// allocates a map with room for all sixty fields for each.
		if x != nil && x.Ref == "" && x.Value != nil && onlyFields(x.Value, plainSchemaFields) {
			return plainSchema(x.Value)
		}
	}
	rv := reflect.ValueOf(v)
	if (rv.Kind() == reflect.Pointer || rv.Kind() == reflect.Interface) && rv.IsNil() {
		return nil, nil
	}
	if m, ok := v.(yamlMarshaler); ok {
		return plainMarshaled(m)
	}
	switch rv.Kind() {
	case reflect.Pointer, reflect.Interface:
		return plainValue(rv.Elem().Interface())
	case reflect.Slice:
		if rv.IsNil() {
			return nil, nil
		}
		if rv.Type().Elem().Kind() == reflect.Uint8 {
			return jsonValue(v)
		}
		out := make([]any, rv.Len())
		for i := range out {
			p, err := plainValue(rv.Index(i).Interface())
			if err != nil {
				return nil, err
			}
			out[i] = p
		}
		return out, nil
	case reflect.Map:
		if rv.Type().Key().Kind() != reflect.String {
			return jsonValue(v)
		}
		if rv.IsNil() {
			return nil, nil
		}
		out := make(map[string]any, rv.Len())
		for it := rv.MapRange(); it.Next(); {
			p, err := plainValue(it.Value().Interface())
			if err != nil {
				return nil, err
			}
			out[validUTF8(it.Key().String(), "\uFFFD")] = p
		}
		return out, nil
	case reflect.String:
		return validUTF8(rv.String(), "\uFFFD"), nil
	}
	return jsonValue(v)
}

// plainMarshaled is plainValue of what a kin-openapi value's MarshalYAML
// gives.
func plainMarshaled(m yamlMarshaler) (any, error) {
	y, err := m.MarshalYAML()
	if err != nil {
		return nil, err
	}
	if obj, ok := y.(map[string]any); ok {
		// kin-openapi builds a new map in every MarshalYAML call: its
		// values can be replaced where they are, without a copy.
		for k, e := range obj {
			p, err := plainValue(e)
			if err != nil {
				return nil, err
			}
			if vk := validUTF8(k, "\uFFFD"); vk != k {
				delete(obj, k)
				k = vk
			}
			obj[k] = p
		}
		return obj, nil
	}
	return plainValue(y)
}

// plainMap is plainValue of a map with string keys.
func plainMap[V any](m map[string]V) (any, error) {
	if m == nil {
		return nil, nil
	}
	out := make(map[string]any, len(m))
	for k, e := range m {
		p, err := plainValue(e)
		if err != nil {
			return nil, err
		}
		out[validUTF8(k, "\uFFFD")] = p
	}
	return out, nil
}

// plainSlice is plainValue of a slice.
func plainSlice[T any](s []T) (any, error) {
	if s == nil {
		return nil, nil
	}
	out := make([]any, len(s))
	for i, e := range s {
		p, err := plainValue(e)
		if err != nil {
			return nil, err
		}
		out[i] = p
	}
	return out, nil
}

// jsonValue is the JSON round trip itself: the value plainValue must
// give, and what it gives for values it has no way of its own for
// (numbers of other types, byte slices). JSON numbers are decoded as
// json.Number so that large integers keep their digits.
func jsonValue(v any) (any, error) {
	js, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.UseNumber()
	var out any
	if err := dec.Decode(&out); err != nil {
		return nil, err
	}
	return yamlValue(out), nil
}

// yamlValue turns json.Number into the int64 or float64 yaml.v3 knows how to
// write as a number.
func yamlValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = yamlValue(e)
		}
	case []any:
		for i, e := range x {
			x[i] = yamlValue(e)
		}
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		if f, err := x.Float64(); err == nil {
			return f
		}
		return x.String()
	}
	return v
}

// yamlV3 writes v with yaml.v3 itself: the reference writeYAML follows,
// and the fallback for documents it does not handle.
func yamlV3(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// validUTF8 is what encoding/json makes of a string: invalid bytes become
// U+FFFD. Valid strings, nearly all, are returned without a copy.
func validUTF8(s, replacement string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, replacement)
}

// plainSchemaFields are the Schema fields plainSchema writes.
var plainSchemaFields = schemaFields("Type", "Format", "Description", "Enum", "Nullable", "Items", "Required", "Properties")

// plainSchema is Schema.MarshalYAML followed by plainValue, for a schema
// with only plainSchemaFields set.
func plainSchema(s *openapi3.Schema) (any, error) {
	m := map[string]any{}
	if !s.Type.IsEmpty() {
		t, err := plainValue(s.Type)
		if err != nil {
			return nil, err
		}
		m["type"] = t
	}
	if s.Format != "" {
		m["format"] = s.Format
	}
	if s.Description != "" {
		m["description"] = validUTF8(s.Description, "\uFFFD")
	}
	if s.Nullable {
		m["nullable"] = true
	}
	// enum before required: the map gets both keys either way, and a
	// literal map per schema here cost more than the rest of plainSchema.
	if len(s.Enum) > 0 {
		p, err := plainValue(s.Enum)
		if err != nil {
			return nil, err
		}
		m["enum"] = p
	}
	if len(s.Required) > 0 {
		p, err := plainValue(s.Required)
		if err != nil {
			return nil, err
		}
		m["required"] = p
	}
	if s.Items != nil {
		p, err := plainValue(s.Items)
		if err != nil {
			return nil, err
		}
		m["items"] = p
	}
	if len(s.Properties) > 0 {
		props := make(map[string]any, len(s.Properties))
		for k, ref := range s.Properties {
			p, err := plainValue(ref)
			if err != nil {
				return nil, err
			}
			props[validUTF8(k, "\uFFFD")] = p
		}
		m["properties"] = props
	}
	return m, nil
}

// fieldSet is a set of openapi3.Schema fields, kept as the indexes of
// the fields outside it so that onlyFields looks at each of those once,
// without a map lookup per field.
type fieldSet struct {
	others []int
}

// schemaFields returns the set of the named fields of openapi3.Schema.
func schemaFields(names ...string) fieldSet {
	t := reflect.TypeOf(openapi3.Schema{})
	in := map[int]bool{}
	for _, n := range names {
		f, ok := t.FieldByName(n)
		if !ok || len(f.Index) != 1 {
			panic("openapi3.Schema has no field " + n) // a programming error, caught by any test
		}
		in[f.Index[0]] = true
	}
	var fs fieldSet
	for i := range t.NumField() {
		if !in[i] {
			fs.others = append(fs.others, i)
		}
	}
	return fs
}

// onlyFields reports whether every field of s outside allowed is zero.
// It looks at every field, so a field kin-openapi adds later is not
// silently left out of the output.
func onlyFields(s *openapi3.Schema, allowed fieldSet) bool {
	v := reflect.ValueOf(s).Elem()
	for _, i := range allowed.others {
		if !v.Field(i).IsZero() {
			return false
		}
	}
	return true
}
