package zoomgen

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

// decodeJSON parses one JSON value, keeping numbers as json.Number so that
// an integer example infers an integer, and refusing trailing data. It
// takes a string too, so that an example body is read where it is and not
// first copied into a []byte (the decoder copies it into its buffer anyway).
func decodeJSON[T string | []byte](data T) (any, error) {
	var r io.Reader
	switch d := any(data).(type) {
	case string:
		r = strings.NewReader(d)
	case []byte:
		r = bytes.NewReader(d)
	}
	dec := json.NewDecoder(r)
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("unexpected data after the JSON value")
	}
	if err := checkNumbers(v); err != nil {
		return nil, err
	}
	return v, nil
}

// checkNumbers refuses numbers no JSON consumer can hold (1E700): an
// example that no schema could validate is no example.
func checkNumbers(v any) error {
	switch x := v.(type) {
	case map[string]any:
		for _, e := range x {
			if err := checkNumbers(e); err != nil {
				return err
			}
		}
	case []any:
		for _, e := range x {
			if err := checkNumbers(e); err != nil {
				return err
			}
		}
	case json.Number:
		if _, err := x.Float64(); err != nil {
			return fmt.Errorf("number %s is out of range", x)
		}
	}
	return nil
}

// InferSchema returns the schema of one example JSON value (as decoded with
// json.Number). Objects get every property they show; nothing is marked
// required, since one example cannot prove that a field is always sent.
// Every call builds a fresh tree, which the caller may modify.
func InferSchema(v any) *openapi3.Schema { return unmarkTree(inferSchema(v, false)) }

// InferSchemaWithFormats is InferSchema that also gives strings a format
// (email, date-time, uri) when the example is one. Merging examples keeps a
// format only where every example has it, so one odd value (Zoom writes
// join URLs with a leading space) leaves the field a plain string.
func InferSchemaWithFormats(v any) *openapi3.Schema { return unmarkTree(inferSchema(v, true)) }

// integerSchema marks an integer example that does not fit in 32 bits as
// int64, so that generated Go code does not depend on the size of int
// (Zoom's meeting IDs are 11 digits).
func integerSchema(n int64) *openapi3.Schema {
	if n > math.MaxInt32 || n < math.MinInt32 {
		return openapi3.NewInt64Schema()
	}
	return openapi3.NewIntegerSchema()
}

// stringSchema is a string schema with the given format ("" for none).
func stringSchema(format string) *openapi3.Schema {
	s := openapi3.NewStringSchema()
	s.Format = format
	return s
}

func inferSchema(v any, formats bool) *openapi3.Schema {
	switch x := v.(type) {
	case nil:
		return &openapi3.Schema{Nullable: true}
	case bool:
		return openapi3.NewBoolSchema()
	case json.Number:
		if n, err := strconv.ParseInt(string(x), 10, 64); err == nil {
			return integerSchema(n)
		}
		return openapi3.NewFloat64Schema()
	case float64:
		if x == float64(int64(x)) {
			return openapi3.NewIntegerSchema()
		}
		return openapi3.NewFloat64Schema()
	case string:
		if s := placeholderType(x, formats); s != nil {
			return s
		}
		if k := numericText(x); k != "" {
			return markNumericText(stringSchema(""), k)
		}
		if formats {
			return stringSchema(stringFormat(x))
		}
		return stringSchema("")
	case []any:
		var items *openapi3.Schema
		if len(x) > 0 {
			items = inferItems(x, formats)
		}
		if items == nil {
			// An empty array says nothing about its items.
			items = &openapi3.Schema{}
		}
		s := openapi3.NewArraySchema()
		s.Items = openapi3.NewSchemaRef("", items)
		return s
	case map[string]any:
		s := openapi3.NewObjectSchema()
		for k, e := range x {
			s.Properties[k] = openapi3.NewSchemaRef("", inferSchema(e, formats))
		}
		return s
	}
	return &openapi3.Schema{}
}

// inferItems is the merge of the schemas of vals, in order. Lists of
// objects, strings, numbers or booleans, the usual example lists, are
// merged without building a schema per element (for objects, property by
// property); anything else is folded with MergeSchemas. The result is the
// same either way (FuzzInferSchema compares them).
func inferItems(vals []any, formats bool) *openapi3.Schema {
	if len(vals) == 1 {
		return inferSchema(vals[0], formats)
	}
	switch vals[0].(type) {
	case map[string]any:
		var keys []string
		perKey := map[string][]any{}
		for _, v := range vals {
			m, ok := v.(map[string]any)
			if !ok {
				return foldItems(vals, formats)
			}
			for k, e := range m {
				if _, seen := perKey[k]; !seen {
					keys = append(keys, k)
				}
				perKey[k] = append(perKey[k], e)
			}
		}
		s := openapi3.NewObjectSchema()
		for _, k := range keys {
			s.Properties[k] = openapi3.NewSchemaRef("", inferItems(perKey[k], formats))
		}
		return s
	case string:
		format, kind := "", numericText(vals[0].(string))
		if formats {
			format = stringFormat(vals[0].(string))
		}
		for _, v := range vals {
			str, ok := v.(string)
			if !ok || placeholderSchema(str) != nil {
				return foldItems(vals, formats)
			}
			if format != "" && stringFormat(str) != format {
				format = ""
			}
			kind = widerText(kind, numericText(str))
		}
		return markNumericText(stringSchema(format), kind)
	case json.Number:
		ints, wide := true, false
		for _, v := range vals {
			n, ok := v.(json.Number)
			if !ok {
				return foldItems(vals, formats)
			}
			if i, err := strconv.ParseInt(string(n), 10, 64); err != nil {
				ints = false
			} else if i > math.MaxInt32 || i < math.MinInt32 {
				wide = true
			}
		}
		switch {
		case !ints:
			return openapi3.NewFloat64Schema()
		case wide:
			return openapi3.NewInt64Schema()
		}
		return openapi3.NewIntegerSchema()
	case bool:
		for _, v := range vals {
			if _, ok := v.(bool); !ok {
				return foldItems(vals, formats)
			}
		}
		return openapi3.NewBoolSchema()
	}
	return foldItems(vals, formats)
}

// foldItems merges the schemas of vals one by one.
func foldItems(vals []any, formats bool) *openapi3.Schema {
	var items *openapi3.Schema
	for _, e := range vals {
		items = MergeSchemas(items, inferSchema(e, formats))
	}
	return items
}

// MergeSchemas combines two inferred schemas for the same place into one
// that accepts both: object properties are united (a property missing from
// one side loses any required mark), null makes the other side nullable,
// integer widens to number, a number in quotes beside a number is that
// number (see numericTextKey; schemas from the exported InferSchema carry
// no such mark), and incompatible types give an untyped schema.
func MergeSchemas(a, b *openapi3.Schema) *openapi3.Schema {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	// A bare {nullable: true} came from a null example. The untyped
	// schema of conflicting examples looks the same, so it carries an
	// empty, non-nil Properties (invisible in the output) to tell it
	// apart: [1, "a", null, 2] must not end as a nullable integer.
	if isNullOnly(a) {
		c := *b
		c.Nullable = true
		return &c
	}
	if isNullOnly(b) {
		c := *a
		c.Nullable = true
		return &c
	}
	ta, tb := typeName(a), typeName(b)
	if ta != tb {
		if n := mergeNumericText(a, b); n != nil {
			return n
		}
		if (ta == "integer" && tb == "number") || (ta == "number" && tb == "integer") {
			s := openapi3.NewFloat64Schema()
			s.Nullable = a.Nullable || b.Nullable
			return s
		}
		return &openapi3.Schema{Nullable: a.Nullable || b.Nullable, Properties: openapi3.Schemas{}}
	}
	c := *a
	c.Nullable = a.Nullable || b.Nullable
	if ka, kb := numericTextOf(a), numericTextOf(b); ka != "" || kb != "" {
		c.Extensions = nil
		markNumericText(&c, widerText(ka, kb))
	}
	if a.Format != b.Format {
		// A format holds only if every example has it; for integers the
		// wider of int32 and int64 is the one that holds both.
		c.Format = ""
		if ta == "integer" && (a.Format == "int64" || b.Format == "int64") {
			c.Format = "int64"
		}
	}
	switch ta {
	case "array":
		var ia, ib *openapi3.Schema
		if a.Items != nil {
			ia = a.Items.Value
		}
		if b.Items != nil {
			ib = b.Items.Value
		}
		c.Items = openapi3.NewSchemaRef("", MergeSchemas(ia, ib))
	case "object":
		c.Properties = openapi3.Schemas{}
		for k, p := range a.Properties {
			c.Properties[k] = p
		}
		for k, p := range b.Properties {
			if q, ok := c.Properties[k]; ok {
				c.Properties[k] = openapi3.NewSchemaRef("", MergeSchemas(q.Value, p.Value))
			} else {
				c.Properties[k] = p
			}
		}
		c.Required = intersect(a.Required, b.Required)
	}
	return &c
}

// numericTextKey marks, while examples are merged, a string schema whose
// examples were all plain decimal numbers in quotes ("1", "83508.5"); its
// value is the type the text spells: integer, int64 or number. Collections
// quote numbers in one example and not in the next (Zoom's "page_count":
// "1" beside 1 elsewhere), and such a merge means the number, not "no
// type". A string alone stays a string. The mark never reaches the
// output: hoisting and the exported InferSchema remove it (unmark).
const numericTextKey = "x-zoomgen-numeric-text"

// decimalText is a plain decimal fraction: no exponent, no leading zeros,
// no sign but minus, no spaces.
var decimalText = regexp.MustCompile(`^-?(0|[1-9][0-9]*)\.[0-9]+$`)

// numericText is the numeric type the text t spells (integer, int64,
// number) or "" if t is not a plain decimal number. Integers with a
// leading zero ("007", zip codes) are not numbers.
func numericText(t string) string {
	switch {
	case len(t) > 24:
		return "" // every example string comes here; most are longer
	case isIntegerText(t):
		if n, _ := strconv.ParseInt(t, 10, 64); n > math.MaxInt32 || n < math.MinInt32 {
			return "int64"
		}
		return "integer"
	case decimalText.MatchString(t):
		return "number"
	}
	return ""
}

// widerText is the type that holds numbers spelled as a and as b, or ""
// when one side is not numeric text.
func widerText(a, b string) string {
	switch {
	case a == "" || b == "":
		return ""
	case a == "number" || b == "number":
		return "number"
	case a == "int64" || b == "int64":
		return "int64"
	}
	return "integer"
}

// markNumericText marks s as numeric text of kind k (nothing for "") and
// returns s.
func markNumericText(s *openapi3.Schema, k string) *openapi3.Schema {
	if k != "" {
		s.Extensions = map[string]any{numericTextKey: k}
	}
	return s
}

// numericTextOf is the numeric text mark of s, or "".
func numericTextOf(s *openapi3.Schema) string {
	k, _ := s.Extensions[numericTextKey].(string)
	return k
}

// mergeNumericText merges numeric text with a number or integer into the
// numeric type that holds both; nil when a and b are not that pair.
func mergeNumericText(a, b *openapi3.Schema) *openapi3.Schema {
	text, num := a, b
	if numericTextOf(text) == "" {
		text, num = b, a
	}
	k, tn := numericTextOf(text), typeName(num)
	if k == "" || (tn != "integer" && tn != "number") {
		return nil
	}
	var s *openapi3.Schema
	switch {
	case tn == "number" || k == "number":
		s = openapi3.NewFloat64Schema()
	case k == "int64" || num.Format == "int64":
		s = openapi3.NewInt64Schema()
	default:
		s = openapi3.NewIntegerSchema()
	}
	s.Nullable = a.Nullable || b.Nullable
	return s
}

// conformExample is the example v with the numbers in quotes that s, its
// merged schema, types as numbers written as numbers, so that the example
// the document shows is valid under the schema beside it.
func conformExample(v any, s *openapi3.Schema) any {
	if s == nil {
		return v
	}
	switch x := v.(type) {
	case string:
		if t := typeName(s); (t == "integer" || t == "number") && numericText(x) != "" {
			return json.Number(x)
		}
	case map[string]any:
		if len(s.Properties) == 0 {
			return v
		}
		out := make(map[string]any, len(x))
		for k, e := range x {
			if p := s.Properties[k]; p != nil {
				e = conformExample(e, p.Value)
			}
			out[k] = e
		}
		return out
	case []any:
		if s.Items == nil {
			return v
		}
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = conformExample(e, s.Items.Value)
		}
		return out
	}
	return v
}

// unmark is s without its numeric text mark (a copy when it had one).
func unmark(s *openapi3.Schema) *openapi3.Schema {
	if numericTextOf(s) == "" {
		return s
	}
	c := *s
	c.Extensions = nil
	return &c
}

// unmarkTree removes the numeric text marks from a tree that inference
// just built (and that nothing else holds).
func unmarkTree(s *openapi3.Schema) *openapi3.Schema {
	if s == nil {
		return nil
	}
	if numericTextOf(s) != "" {
		s.Extensions = nil
	}
	if s.Items != nil && s.Items.Value != nil {
		s.Items.Value = unmarkTree(s.Items.Value)
	}
	for _, p := range s.Properties {
		if p.Value != nil {
			p.Value = unmarkTree(p.Value)
		}
	}
	return s
}

// emailText is deliberately simple: one @, a dot in the domain, no spaces
// or angle brackets; a name-and-address form is not an email format value.
var emailText = regexp.MustCompile(`^[^@\s<>()\[\],;:"]+@[^@\s<>()\[\],;:"]+\.[A-Za-z]{2,}$`)

// stringFormat names the format an example string has, or "".
func stringFormat(s string) string {
	switch {
	case emailText.MatchString(s):
		return "email"
	case isDateTime(s):
		return "date-time"
	case isURI(s):
		return "uri"
	}
	return ""
}

// isDateTime accepts RFC 3339 date-times, the format OpenAPI's date-time
// means.
func isDateTime(s string) bool {
	if len(s) < 20 || s[10] != 'T' && s[10] != 't' {
		return false
	}
	_, err := time.Parse(time.RFC3339Nano, s)
	return err == nil
}

// isURI accepts absolute http(s) URLs with a host and nothing a URL may not
// hold unescaped.
func isURI(s string) bool {
	if strings.ContainsAny(s, " \t\n\"<>\\^`{|}") {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// isNullOnly reports whether s is what InferSchema gives for null.
func isNullOnly(s *openapi3.Schema) bool {
	return s.Type == nil && s.Nullable && s.Properties == nil && s.Items == nil
}

func typeName(s *openapi3.Schema) string {
	if s.Type == nil || len(*s.Type) != 1 {
		return ""
	}
	return (*s.Type)[0]
}

func intersect(a, b []string) []string {
	in := map[string]bool{}
	for _, x := range b {
		in[x] = true
	}
	var out []string
	for _, x := range a {
		if in[x] {
			out = append(out, x)
		}
	}
	sort.Strings(out)
	return out
}

// textValue interprets the text of a parameter or form field the way a
// person reading the example would: "true"/"false" are booleans, digits are
// integers, a decimal is a number, and JSON objects and arrays are JSON.
// Postman's placeholders such as "<integer>" name their type directly.
// isJSON reports that the value was a JSON object or array.
func textValue(s string) (value any, schema *openapi3.Schema, isJSON bool, err error) {
	t := strings.TrimSpace(s)
	switch {
	case t == "true" || t == "false":
		return t == "true", openapi3.NewBoolSchema(), false, nil
	case strings.HasPrefix(t, "{") || strings.HasPrefix(t, "["):
		v, err := decodeJSON(t)
		if err != nil {
			return s, stringSchema(""), false, err
		}
		return v, inferSchema(v, false), true, nil
	}
	if sch := placeholderType(t, false); sch != nil {
		return nil, sch, false, nil
	}
	if isIntegerText(t) {
		n, _ := strconv.ParseInt(t, 10, 64)
		return n, integerSchema(n), false, nil
	}
	if f, err := strconv.ParseFloat(t, 64); err == nil && strings.ContainsAny(t, ".") && !strings.ContainsAny(t, "eEx") {
		return f, openapi3.NewFloat64Schema(), false, nil
	}
	return s, stringSchema(""), false, nil
}

// isIntegerText accepts plain decimal integers that fit in int64 and have no
// leading zero, so that "007" and zip codes stay strings.
func isIntegerText(t string) bool {
	d := strings.TrimPrefix(t, "-")
	if d == "" || (len(d) > 1 && d[0] == '0') {
		return false
	}
	for _, r := range d {
		if r < '0' || r > '9' {
			return false
		}
	}
	_, err := strconv.ParseInt(t, 10, 64)
	return err == nil
}

// placeholderSchema gives the schema a placeholder names, or nil if t is
// not one. Collections hold placeholders where a value should be:
// Postman's converters write "<integer>", "<long>", "<dateTime>"; Zoom's
// own examples say "integer", "boolean", "string", "Long", and a format
// in brackets, "integer [int64]" or "string [date-time]".
//
// Without angle brackets only Zoom's own spellings count: a bare "date"
// or "float" is as likely to be a real value (a sort key, a unit).
func placeholderSchema(t string) *openapi3.Schema {
	if len(t) > len("<string [date-time]>") {
		return nil // every example string comes here; most are longer
	}
	name, format := t, ""
	switch {
	case strings.HasPrefix(t, "<") && strings.HasSuffix(t, ">"):
		name = t[1 : len(t)-1]
	case strings.HasSuffix(t, "]") && strings.Contains(t, " ["):
		i := strings.Index(t, " [")
		name, format = t[:i], t[i+2:len(t)-1]
		if !placeholderFormats[format] || !zoomPlaceholders[strings.ToLower(name)] {
			return nil
		}
	case !zoomPlaceholders[strings.ToLower(t)]:
		return nil
	}
	var s *openapi3.Schema
	switch strings.ToLower(name) {
	case "integer", "int", "int32":
		s = openapi3.NewIntegerSchema()
	case "long", "int64":
		s = openapi3.NewInt64Schema()
	case "number", "double", "float":
		s = openapi3.NewFloat64Schema()
	case "boolean", "bool":
		s = openapi3.NewBoolSchema()
	case "string":
		s = openapi3.NewStringSchema()
	case "datetime", "date-time":
		s = stringSchema("date-time")
	case "date":
		s = stringSchema("date")
	default:
		return nil
	}
	if format != "" {
		s.Format = format
	}
	return s
}

// placeholderType is placeholderSchema with a string format (date-time,
// date, uuid...) kept only when formats are inferred: like an inferred
// format, a named one changes the Go type oapi-codegen generates
// (time.Time, openapi_types.UUID), and Zoom's placeholders name formats
// its answers do not keep ("string [date]" on fields that hold date-times,
// "string [uuid]" on IDs that are not UUIDs).
func placeholderType(t string, formats bool) *openapi3.Schema {
	s := placeholderSchema(t)
	if s != nil && !formats && s.Type.Is("string") {
		s.Format = ""
	}
	return s
}

// zoomPlaceholders are the type names Zoom writes as example values.
var zoomPlaceholders = map[string]bool{"integer": true, "long": true, "number": true, "boolean": true, "string": true, "date-time": true}

// hasPlaceholder reports whether v is or holds a placeholder.
func hasPlaceholder(v any) bool {
	switch x := v.(type) {
	case string:
		return placeholderSchema(x) != nil
	case map[string]any:
		for _, e := range x {
			if hasPlaceholder(e) {
				return true
			}
		}
	case []any:
		return slices.ContainsFunc(x, hasPlaceholder)
	}
	return false
}

// placeholderFormats are the formats a bracketed placeholder may name.
var placeholderFormats = map[string]bool{"int32": true, "int64": true, "float": true, "double": true,
	"date": true, "date-time": true, "uuid": true, "email": true, "uri": true}

// withoutPlaceholders returns the example v without the placeholders in
// it (object members and list elements whose value is one), so that an
// example never contradicts the type its placeholder named. It returns nil
// if v itself is one, and v itself if it holds none.
func withoutPlaceholders(v any) any {
	if !hasPlaceholder(v) {
		return v
	}
	switch x := v.(type) {
	case string:
		if placeholderSchema(x) != nil {
			return nil
		}
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			if s, ok := e.(string); ok && placeholderSchema(s) != nil {
				continue
			}
			out[k] = withoutPlaceholders(e)
		}
		return out
	case []any:
		out := make([]any, 0, len(x))
		for _, e := range x {
			if s, ok := e.(string); ok && placeholderSchema(s) != nil {
				continue
			}
			out = append(out, withoutPlaceholders(e))
		}
		return out
	}
	return v
}

// DecodeExample parses an example body the way the converter does (numbers
// kept exact), for callers that infer schemas themselves.
func DecodeExample(data []byte) (any, error) { return decodeJSON(data) }

// PlainJSON converts json.Number values in v to float64, the form
// kin-openapi's Schema.VisitJSON expects.
func PlainJSON(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = PlainJSON(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = PlainJSON(e)
		}
		return out
	case json.Number:
		f, _ := x.Float64() // a json.Number from the decoder always parses
		return f
	}
	return v
}
