package zoomgen

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// registry hoists object schemas into components.schemas so that
// oapi-codegen emits named Go types instead of anonymous structs, and
// reuses one component for schemas that are identical.
type registry struct {
	doc       *openapi3.T
	byShape   map[string]string // canonical JSON → component name
	reserved  map[string]bool   // names oapi-codegen generates itself
	propNames map[string]string // property name → its part of a component name
}

func newRegistry(doc *openapi3.T, reqs []*request) *registry {
	r := &registry{doc: doc, byShape: map[string]string{}, reserved: map[string]bool{}, propNames: map[string]string{}}
	for _, n := range []string{"Client", "ClientInterface", "ClientOption", "ClientWithResponses", "ClientWithResponsesInterface", "HttpRequestDoer", "RequestEditorFn"} {
		r.reserved[n] = true
	}
	for _, req := range reqs {
		base := upperFirst(req.op.OperationID)
		for _, suffix := range []string{"Response", "Params", "JSONBody", "JSONRequestBody", "MultipartBody", "MultipartRequestBody", "FormdataBody", "FormdataRequestBody", "TextBody", "TextRequestBody"} {
			r.reserved[base+suffix] = true
		}
	}
	return r
}

// hoist returns a reference to s, registering s (and, first, the objects
// nested in it) as components named from name. Non-object schemas stay
// inline, with their nested objects hoisted.
func (r *registry) hoist(s *openapi3.Schema, name string) *openapi3.SchemaRef {
	s = unmark(s)
	switch typeName(s) {
	case "array":
		if s.Items != nil && s.Items.Ref == "" && s.Items.Value != nil {
			items := r.hoist(s.Items.Value, name+"Item")
			c := *s
			c.Items = items
			return openapi3.NewSchemaRef("", &c)
		}
		return openapi3.NewSchemaRef("", s)
	case "object":
	default:
		return openapi3.NewSchemaRef("", s)
	}
	if len(s.Properties) == 0 {
		return openapi3.NewSchemaRef("", s)
	}
	c := *s
	c.Properties = make(openapi3.Schemas, len(s.Properties))
	keys := make([]string, 0, len(s.Properties))
	for k := range s.Properties {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		p := s.Properties[k]
		if p.Ref != "" || p.Value == nil {
			c.Properties[k] = p
			continue
		}
		propName, ok := r.propNames[k]
		if !ok {
			// The same property names come back in schema after schema.
			propName = pascal(words(k))
			if propName == "" {
				propName = "Field"
			}
			r.propNames[k] = propName
		}
		c.Properties[k] = r.hoist(p.Value, name+propName)
	}
	key := shapeKey(&c)
	if n, ok := r.byShape[key]; ok {
		return openapi3.NewSchemaRef("#/components/schemas/"+n, &c)
	}
	n := r.unique(name)
	r.byShape[key] = n
	r.doc.Components.Schemas[n] = openapi3.NewSchemaRef("", &c)
	return openapi3.NewSchemaRef("#/components/schemas/"+n, &c)
}

func (r *registry) unique(name string) string {
	if name == "" || (name[0] >= '0' && name[0] <= '9') {
		name = "Schema" + name
	}
	if r.reserved[name] || strings.HasSuffix(name, "Params") {
		name += "Schema"
	}
	n := name
	for i := 2; ; i++ {
		if _, taken := r.doc.Components.Schemas[n]; !taken && !r.reserved[n] {
			return n
		}
		n = fmt.Sprintf("%s%d", name, i)
	}
}

// shapeKey is a canonical text of a schema, equal for equal schemas. The
// fields inference and form reading set are written directly, which is
// several times cheaper than kin-openapi's JSON encoding; a schema with
// any other field set falls back to that encoding.
func shapeKey(s *openapi3.Schema) string {
	// The schemas hoisted are the converter's own (inference, form
	// fields, GraphQL), which set only the fields writeShape writes; any
	// other field set makes the key the full JSON encoding.
	if !onlyFields(s, shapeFields) {
		js, _ := json.Marshal(s) // a schema built from decoded JSON always marshals
		return "json:" + string(js)
	}
	var b strings.Builder
	b.Grow(256) // most keys fit; growing from nothing copies several times
	writeShape(&b, s)
	return b.String()
}

// shapeFields are the Schema fields writeShape writes.
var shapeFields = schemaFields("Type", "Format", "Description", "Enum", "Nullable", "Items", "Required", "Properties", "AdditionalProperties")

func writeShape(b *strings.Builder, s *openapi3.Schema) {
	b.WriteString("{t=")
	if s.Type != nil {
		for _, t := range *s.Type {
			writeStr(b, t)
		}
	}
	b.WriteString(";f=")
	writeStr(b, s.Format)
	if s.Nullable {
		b.WriteString(";n")
	}
	b.WriteString(";d=")
	writeStr(b, s.Description)
	b.WriteString(";r=")
	for _, r := range s.Required {
		writeStr(b, r)
	}
	if len(s.Enum) > 0 {
		js, _ := json.Marshal(s.Enum) // enum values come from decoded text
		b.WriteString(";e=")
		b.Write(js)
	}
	if ap := s.AdditionalProperties; ap.Has != nil || ap.Schema != nil {
		b.WriteString(";ap=")
		b.WriteString(strconv.FormatBool(ap.Has != nil && *ap.Has))
		if ap.Schema != nil {
			writeRef(b, ap.Schema)
		}
	}
	if s.Items != nil {
		b.WriteString(";i=")
		writeRef(b, s.Items)
	}
	if len(s.Properties) > 0 {
		keys := make([]string, 0, len(s.Properties))
		for k := range s.Properties {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteString(";p=")
		for _, k := range keys {
			writeStr(b, k)
			writeRef(b, s.Properties[k])
		}
	}
	b.WriteByte('}')
}

// writeStr writes s with its length in front, which keeps keys
// unambiguous without quoting.
func writeStr(b *strings.Builder, s string) {
	b.WriteString(strconv.Itoa(len(s)))
	b.WriteByte(':')
	b.WriteString(s)
}

func writeRef(b *strings.Builder, r *openapi3.SchemaRef) {
	switch {
	case r.Ref != "":
		b.WriteString("ref=")
		writeStr(b, r.Ref)
	case r.Value != nil && onlyFields(r.Value, shapeFields):
		writeShape(b, r.Value)
	case r.Value != nil:
		b.WriteString(shapeKey(r.Value))
	default:
		b.WriteString("nil")
	}
}
