package zoomgen

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	json "github.com/go-json-experiment/json/v1"
)

// The body stage: a Postman body (raw, urlencoded, formdata, file or
// graphql) becomes the schema, example and media types of a request
// body.

// bodyDraft is a request body before its schema is hoisted.
type bodyDraft struct {
	schema       *openapi3.Schema
	example      any
	contentTypes []string
	encoding     map[string]*openapi3.Encoding
	empty        bool // the collection showed no content at all
	optional     bool // another request on the operation has no body
}

// mergeBody merges b, the body of another request on the same operation,
// into a: the schemas merge as two examples do, and the body is required
// only if both requests have one.
func mergeBody(a, b *bodyDraft) *bodyDraft {
	if a == nil || b == nil {
		one := a
		if one == nil {
			one = b
		}
		if one != nil {
			one.optional = true
		}
		return one
	}
	a.schema = MergeSchemas(a.schema, b.schema)
	if a.example == nil {
		a.example = b.example
	}
	for _, ct := range b.contentTypes {
		if !slices.Contains(a.contentTypes, ct) {
			a.contentTypes = append(a.contentTypes, ct)
		}
	}
	for k, e := range b.encoding {
		if a.encoding == nil {
			a.encoding = map[string]*openapi3.Encoding{}
		}
		if _, ok := a.encoding[k]; !ok {
			a.encoding[k] = e
		}
	}
	a.empty = a.empty && b.empty
	a.optional = a.optional || b.optional
	return a
}

// bodyless methods never get a request body from an empty Postman body:
// Postman's converter writes `body: {}` on every request.
var bodyless = map[string]bool{http.MethodGet: true, http.MethodHead: true, http.MethodDelete: true, http.MethodOptions: true, http.MethodTrace: true}

// readBody returns the request's body, or nil if it has none.
func (c *run) readBody(r *request, b *pmBody) *bodyDraft {
	if b.Disabled || b.Mode == "" {
		return nil
	}
	var body *bodyDraft
	switch b.Mode {
	case "formdata":
		body = c.readForm(r, b.FormData, "request.body.formdata", "multipart/form-data")
	case "urlencoded":
		body = c.readForm(r, b.URLEncoded, "request.body.urlencoded", "application/x-www-form-urlencoded")
	case "raw":
		body = c.readRawBody(r, b)
	case "graphql":
		body = c.readGraphQL(r, b.GraphQL)
	case "file":
		// The file itself is not in the collection: only that the body is
		// one, of a type Postman does not record.
		body = &bodyDraft{schema: stringSchema("binary"), contentTypes: []string{"application/octet-stream"}}
	default:
		c.warn(r, "request.body.mode", "body mode %q is not one of raw, urlencoded, formdata, file, graphql; the request has no body", b.Mode)
	}
	if body != nil && body.empty && bodyless[r.method] {
		return nil
	}
	return body
}

// readGraphQL describes a GraphQL body as the JSON document a GraphQL
// server expects: the query text and its variables.
func (c *run) readGraphQL(r *request, raw rawJSON) *bodyDraft {
	var g struct {
		Query     string `json:"query"`
		Variables string `json:"variables"`
	}
	if len(bytes.TrimSpace(raw)) > 0 {
		if err := json.Unmarshal(raw, &g); err != nil {
			c.warn(r, "request.body.graphql", "must be an object with query and variables strings (%v); the request has no body", err)
			return nil
		}
	}
	schema := openapi3.NewObjectSchema().WithProperty("query", openapi3.NewStringSchema())
	schema.Required = []string{"query"}
	example := map[string]any{"query": g.Query}
	vars := openapi3.NewObjectSchema()
	vars.AdditionalProperties = openapi3.AdditionalProperties{Has: ptr(true)}
	if strings.TrimSpace(g.Variables) != "" {
		v, err := decodeJSON(g.Variables)
		if err != nil {
			c.warn(r, "request.body.graphql.variables", "GraphQL variables are not JSON (%v); typed as any object", err)
		} else if m, ok := v.(map[string]any); ok {
			vars = c.infer(m)
			example["variables"] = withoutPlaceholders(m)
		} else {
			c.warn(r, "request.body.graphql.variables", "GraphQL variables are not a JSON object; typed as any object")
		}
	}
	schema.Properties["variables"] = openapi3.NewSchemaRef("", vars)
	return &bodyDraft{schema: schema, example: example, contentTypes: []string{"application/json"}, empty: g.Query == ""}
}

func ptr[T any](v T) *T { return &v }

// infer is InferSchema with the converter's format setting.
func (c *run) infer(v any) *openapi3.Schema {
	return inferSchema(v, c.opts.InferFormats)
}

// readForm builds an object schema from form fields. A text field holding
// a JSON object or array gets the inferred schema and, for multipart, an
// encoding entry saying its part is application/json.
func (c *run) readForm(r *request, fields []pmParam, field, mediaType string) *bodyDraft {
	schema := openapi3.NewObjectSchema()
	example := map[string]any{}
	encoding := map[string]*openapi3.Encoding{}
	allText := true
	for i, f := range fields {
		if f.Disabled {
			continue
		}
		fpath := fmt.Sprintf("%s[%d]", field, i)
		if f.Key == nil || *f.Key == "" {
			c.warn(r, fpath, "form field has no key; it is left out")
			continue
		}
		key := *f.Key
		if _, dup := schema.Properties[key]; dup {
			c.warn(r, fpath, "form field %q appears twice; the second is left out", key)
			continue
		}
		ff, ok := c.readFormField(r, f, fpath)
		if !ok {
			continue
		}
		allText = allText && !ff.file
		if ff.jsonPart {
			encoding[key] = &openapi3.Encoding{ContentType: "application/json"}
		}
		if ff.example != nil {
			example[key] = ff.example
		}
		if ff.required {
			schema.Required = append(schema.Required, key)
		}
		schema.Properties[key] = openapi3.NewSchemaRef("", ff.schema)
	}
	sort.Strings(schema.Required)
	var bodyExample any = example
	for _, k := range schema.Required {
		if _, ok := example[k]; !ok {
			// A file or a placeholder has no example value; an example
			// without a required field would contradict its own schema.
			bodyExample = nil
			break
		}
	}
	body := &bodyDraft{schema: schema, example: bodyExample, contentTypes: []string{mediaType}, empty: len(schema.Properties) == 0}
	if mediaType == "multipart/form-data" && len(encoding) > 0 {
		body.encoding = encoding
	}
	if allText && c.opts.JSONTwin {
		body.contentTypes = append(body.contentTypes, "application/json")
	}
	return body
}

// formField is what one form field adds to its body.
type formField struct {
	schema   *openapi3.Schema
	example  any
	required bool
	file     bool
	jsonPart bool // a multipart part of type application/json
}

// readFormField reads one form field at fpath; false means it is left
// out (the log says why).
func (c *run) readFormField(r *request, f pmParam, fpath string) (formField, bool) {
	key := *f.Key
	desc, err := text(f.Description)
	if err != nil {
		c.warn(r, fpath+".description", "%v; the field has no description", err)
	}
	pt := parseParamDescription(desc)
	var ff formField
	switch f.Type {
	case "file":
		ff.file, ff.schema = true, stringSchema("binary")
	case "", "text":
		val, err := scalarString(f.Value)
		if err != nil {
			c.warn(r, fpath+".value", "%v; the field is left out", err)
			return ff, false
		}
		v, s, isJSON, err := textValue(val)
		claimsJSON := strings.HasPrefix(strings.ToLower(strings.TrimSpace(f.ContentType)), "application/json")
		if err != nil {
			if claimsJSON {
				c.warn(r, fpath+".value", "field %q is declared application/json but its value is not JSON (%v); the field is left out", key, err)
				return ff, false
			}
			c.warn(r, fpath+".value", "field %q looks like JSON but does not parse (%v); typed as a string", key, err)
		}
		ff.jsonPart = isJSON || claimsJSON
		if isJSON {
			s = c.infer(v)
		} else if c.opts.InferFormats && typeName(s) == "string" {
			s = InferSchemaWithFormats(val)
		}
		ff.schema, ff.example = s, withoutPlaceholders(v)
	default:
		c.warn(r, fpath+".type", "form field type %q is not text or file; the field is left out", f.Type)
		return ff, false
	}
	if len(pt.Enum) > 0 {
		before := ff.example
		ff.schema, ff.example = withEnum(ff.schema, ff.example, pt.Enum)
		if before != nil && ff.example == nil {
			c.warn(r, fpath+".value", "example %q of field %q is not one of its values (%s); left out of the example", fmt.Sprint(before), key, strings.Join(pt.Enum, ", "))
		}
	}
	ff.schema.Description = pt.Description
	ff.required = pt.Required
	return ff, true
}

func (c *run) readRawBody(r *request, b *pmBody) *bodyDraft {
	lang := ""
	if len(b.Options) > 0 {
		var o struct {
			Raw struct {
				Language string `json:"language"`
			} `json:"raw"`
		}
		_ = json.Unmarshal(b.Options, &o) // unknown option shapes only lose the language hint
		lang = strings.ToLower(o.Raw.Language)
	}
	trimmed := strings.TrimSpace(b.Raw)
	if trimmed == "" {
		// Nothing to describe: on GET and DELETE this is the empty body
		// Postman's converter writes everywhere; elsewhere, a body of
		// unknown shape.
		if lang != "" && lang != "json" {
			return &bodyDraft{schema: openapi3.NewStringSchema(), contentTypes: []string{rawMediaType(lang)}, empty: true}
		}
		return &bodyDraft{schema: openapi3.NewObjectSchema(), contentTypes: []string{"application/json"}, empty: true}
	}
	if lang == "json" || (lang == "" && (strings.HasPrefix(trimmed, "{") || strings.HasPrefix(trimmed, "["))) {
		v, err := decodeJSON(trimmed)
		if err != nil {
			c.warn(r, "request.body.raw", "JSON body does not parse (%v); kept as a text example", err)
			return &bodyDraft{schema: openapi3.NewStringSchema(), example: b.Raw, contentTypes: []string{"text/plain"}}
		}
		return &bodyDraft{schema: c.infer(v), example: withoutPlaceholders(v), contentTypes: []string{"application/json"}}
	}
	return &bodyDraft{schema: openapi3.NewStringSchema(), example: b.Raw, contentTypes: []string{rawMediaType(lang)}}
}

// rawMediaType is the media type of a raw body in one of the languages
// Postman's editor offers.
func rawMediaType(lang string) string {
	switch lang {
	case "json":
		return "application/json"
	case "xml":
		return "application/xml"
	case "html":
		return "text/html"
	case "javascript":
		return "application/javascript"
	}
	return "text/plain"
}
