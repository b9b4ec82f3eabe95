package zoomgen

import (
	"fmt"
	"maps"
	"slices"
	"sort"

	"github.com/getkin/kin-openapi/openapi3"
)

// The document stage: requests on one method and path merge into one
// operation (mergeDuplicates), a path OpenAPI cannot hold beside another
// is left out (dropConflictingPaths), the security schemes the requests
// use are registered (securitySchemes), and then the requests, in (path,
// method) order, become the operations of one OpenAPI document
// (buildDocument), named (names.go), their object schemas hoisted into
// components (hoist.go), with the servers and tags they use.

// buildDocument assembles the document. Operation ids and schema names
// are assigned in (path, method) order so that reordering the collection
// changes nothing in the output.
func buildDocument(col *collection, reqs []*request, schemes openapi3.SecuritySchemes, opts Options) *openapi3.T {
	sortOperations(reqs)
	assignOperationIDs(reqs)

	doc := &openapi3.T{OpenAPI: "3.0.3", Paths: openapi3.NewPaths()}
	doc.Info = &openapi3.Info{Title: firstNonEmpty(col.title, opts.Title, "API"), Version: firstNonEmpty(col.version, opts.Version, "1"), Description: col.desc}
	doc.Components = &openapi3.Components{Schemas: cloneSchemas(opts.Schemas), SecuritySchemes: schemes}
	var errRef *openapi3.SchemaRef
	if s, ok := doc.Components.Schemas[opts.ErrorSchemaName]; ok {
		errRef = openapi3.NewSchemaRef("#/components/schemas/"+opts.ErrorSchemaName, s.Value)
	}
	main := mainServer(reqs)
	if main != nil {
		doc.Servers = openapi3.Servers{main.openAPI()}
	}
	for _, t := range slices.Sorted(maps.Keys(col.tags)) {
		doc.Tags = append(doc.Tags, &openapi3.Tag{Name: t, Description: col.tags[t]})
	}
	reg := newRegistry(doc, reqs)
	for _, r := range reqs {
		op := r.op
		base := upperFirst(op.OperationID)
		if r.server != nil && r.server.key() != main.key() {
			op.Servers = &openapi3.Servers{r.server.openAPI()}
		}
		if r.body != nil {
			op.RequestBody = &openapi3.RequestBodyRef{Value: requestBody(r.body, reg.hoist(r.body.schema, base+"Request"))}
		}
		op.Responses = responses(reg, r.responses, base, errRef)
		doc.AddOperation(r.path, r.method, op)
	}
	return doc
}

// sortOperations orders requests by (path, method), stably.
func sortOperations(reqs []*request) {
	sort.SliceStable(reqs, func(i, j int) bool {
		if reqs[i].path != reqs[j].path {
			return reqs[i].path < reqs[j].path
		}
		return reqs[i].method < reqs[j].method
	})
}

// mergeDuplicates makes one operation of the requests on one method and
// path (Slack's collection lists a method in two folders, Box's has
// variants of one endpoint, SOAP-style collections POST every action to
// one path): the first item in document order gives the operation its
// name, description and security; parameters are united, required only
// where every request requires them; bodies and responses merge as
// several examples do. Each merged item is a warning located on it.
func (c *run) mergeDuplicates(reqs []*request) []*request {
	first := map[[2]string]*request{}
	out := reqs[:0]
	for _, r := range reqs {
		key := [2]string{r.method, r.path}
		a, seen := first[key]
		if !seen {
			first[key] = r
			out = append(out, r)
			continue
		}
		c.warn(r, "request", "%s %s is also defined by %s; both are merged into one operation named after that item", r.method, r.path, where(a.loc))
		mergeParameters(a.op, r.op)
		a.body = mergeBody(a.body, r.body)
		for _, code := range slices.Sorted(maps.Keys(r.responses)) {
			a.responses[code] = mergeResponse(a.responses[code], r.responses[code])
		}
	}
	return out
}

// mergeParameters unites b's parameters into a's. A parameter stays
// required only if both operations require it; its schemas merge as a
// header's do (one type, else string).
func mergeParameters(a, b *openapi3.Operation) {
	for _, p := range a.Parameters {
		if b.Parameters.GetByInAndName(p.Value.In, p.Value.Name) == nil && p.Value.In != openapi3.ParameterInPath {
			p.Value.Required = false
		}
	}
	for _, q := range b.Parameters {
		p := a.Parameters.GetByInAndName(q.Value.In, q.Value.Name)
		if p == nil {
			q.Value.Required = q.Value.In == openapi3.ParameterInPath
			a.AddParameter(q.Value)
			continue
		}
		p.Required = p.Required && q.Value.Required
		p.Schema = openapi3.NewSchemaRef("", mergeHeader(p.Schema.Value, q.Value.Schema.Value))
		if p.Description == "" {
			p.Description = q.Value.Description
		}
	}
}

// dropConflictingPaths leaves out, with a warning, each request whose
// path is one already taken spelled with other variable names:
// /users/{id} and /users/{userId} are one path to OpenAPI, which refuses
// two templates for it. Of such paths the first in (path, method) order
// is kept, so that reordering the collection changes nothing.
func (c *run) dropConflictingPaths(reqs []*request) []*request {
	sorted := slices.Clone(reqs)
	sortOperations(sorted)
	templates := map[string]*request{}
	drop := map[*request]bool{}
	for _, r := range sorted {
		norm := pathTemplate.ReplaceAllString(r.path, "{}")
		if first, ok := templates[norm]; ok && first.path != r.path {
			c.warn(r, "request.url.path", "path %s is the same as %s of %s with other variable names; use one name for each variable (the item is skipped)", r.path, first.path, where(first.loc))
			drop[r] = true
			continue
		}
		templates[norm] = r
	}
	return slices.DeleteFunc(slices.Clone(reqs), func(r *request) bool { return drop[r] })
}

// securitySchemes registers the scheme each request uses: the first
// request (in document order) to use a name defines it, and an oauth2
// scheme lists every scope any operation asks for. A request that uses a
// name with another type of scheme loses its security requirement.
func (c *run) securitySchemes(reqs []*request) openapi3.SecuritySchemes {
	out := openapi3.SecuritySchemes{}
	for _, r := range reqs {
		if r.scheme == nil {
			continue
		}
		old, ok := out[r.scheme.name]
		switch {
		case !ok:
			old = &openapi3.SecuritySchemeRef{Value: r.scheme.scheme}
			out[r.scheme.name] = old
		case old.Value.Type != r.scheme.scheme.Type:
			c.warn(r, "request.auth", "security scheme %q is used with two different types; the operation has no security requirement", r.scheme.name)
			r.op.Security = nil
			continue
		}
		if old.Value.Type == "oauth2" {
			for _, s := range r.scopes {
				old.Value.Flows.AuthorizationCode.Scopes[s] = ""
			}
		}
	}
	return out
}

// mainServer is the server most operations use (ties broken by URL);
// operations on another server name it themselves.
func mainServer(reqs []*request) *serverRef {
	uses := map[string]int{}
	refs := map[string]*serverRef{}
	for _, r := range reqs {
		if r.server != nil {
			uses[r.server.key()]++
			refs[r.server.key()] = r.server
		}
	}
	main := ""
	for k, n := range uses {
		if main == "" || n > uses[main] || (n == uses[main] && k < main) {
			main = k
		}
	}
	return refs[main]
}

// requestBody is the body of an operation, its schema already hoisted.
func requestBody(b *bodyDraft, ref *openapi3.SchemaRef) *openapi3.RequestBody {
	rb := openapi3.NewRequestBody().WithRequired(!b.optional)
	rb.Content = openapi3.Content{}
	for _, ct := range b.contentTypes {
		mt := openapi3.NewMediaType().WithSchemaRef(ref)
		if b.example != nil && (len(asMap(b.example)) > 0 || asMap(b.example) == nil) {
			mt.Example = conformExample(b.example, b.schema)
		}
		if ct == "multipart/form-data" {
			mt.Encoding = b.encoding
		}
		rb.Content[ct] = mt
	}
	return rb
}

// responses are the responses of an operation named base. Error
// responses without an example body get errRef's schema when there is
// one.
func responses(reg *registry, drafts map[int]*responseDraft, base string, errRef *openapi3.SchemaRef) *openapi3.Responses {
	out := openapi3.NewResponses()
	out.Delete("default")
	first2xx := true
	for _, code := range slices.Sorted(maps.Keys(drafts)) {
		d := drafts[code]
		resp := openapi3.NewResponse().WithDescription(d.description)
		resp.Content = openapi3.Content{}
		switch {
		case d.schema != nil:
			name := fmt.Sprintf("%s%dError", base, code)
			if code < 400 {
				name = base + "Result"
				if !first2xx {
					name = fmt.Sprintf("%s%dResult", base, code)
				}
			}
			mt := openapi3.NewMediaType().WithSchemaRef(reg.hoist(d.schema, name))
			mt.Example = conformExample(d.example, d.schema)
			resp.Content["application/json"] = mt
		case d.textExample == "" && code >= 400 && errRef != nil && !d.noContent:
			resp.Content["application/json"] = openapi3.NewMediaType().WithSchemaRef(errRef)
		}
		if d.textExample != "" && resp.Content[d.textType] == nil {
			mt := openapi3.NewMediaType().WithSchema(openapi3.NewStringSchema())
			mt.Example = d.textExample
			resp.Content[d.textType] = mt
		}
		if code >= 200 && code < 300 {
			first2xx = false
		}
		if len(resp.Content) == 0 {
			resp.Content = nil
		}
		if len(d.headers) > 0 {
			resp.Headers = openapi3.Headers{}
			for h, hs := range d.headers {
				resp.Headers[h] = &openapi3.HeaderRef{Value: &openapi3.Header{Parameter: openapi3.Parameter{Schema: openapi3.NewSchemaRef("", hs)}}}
			}
		}
		if len(d.codes) > 0 {
			resp.Extensions = map[string]any{ExtErrorCodes: d.codes}
		}
		out.Set(fmt.Sprint(code), &openapi3.ResponseRef{Value: resp})
	}
	if out.Len() == 0 {
		// OpenAPI requires at least one response; say plainly that the
		// collection documented none rather than invent a 200.
		out.Set("default", &openapi3.ResponseRef{Value: openapi3.NewResponse().WithDescription("The collection has no example response for this request.")})
	}
	return out
}

// cloneSchemas copies the caller's schemas (Options.Schemas) so that a
// document's components never alias them: changing one Result must not
// change the next. Schemas shared inside them stay shared in the copy.
func cloneSchemas(in openapi3.Schemas) openapi3.Schemas {
	seen := map[*openapi3.Schema]*openapi3.Schema{}
	out := make(openapi3.Schemas, len(in))
	for name, ref := range in {
		out[name] = cloneRef(ref, seen)
	}
	return out
}

func cloneRef(r *openapi3.SchemaRef, seen map[*openapi3.Schema]*openapi3.Schema) *openapi3.SchemaRef {
	if r == nil {
		return nil
	}
	return &openapi3.SchemaRef{Ref: r.Ref, Value: cloneSchema(r.Value, seen)}
}

func cloneSchema(s *openapi3.Schema, seen map[*openapi3.Schema]*openapi3.Schema) *openapi3.Schema {
	if s == nil {
		return nil
	}
	if c, ok := seen[s]; ok {
		return c
	}
	c := *s
	seen[s] = &c
	c.Required = slices.Clone(s.Required)
	c.Enum = slices.Clone(s.Enum)
	c.Items = cloneRef(s.Items, seen)
	c.AdditionalProperties.Schema = cloneRef(s.AdditionalProperties.Schema, seen)
	if s.Properties != nil {
		c.Properties = make(openapi3.Schemas, len(s.Properties))
		for k, p := range s.Properties {
			c.Properties[k] = cloneRef(p, seen)
		}
	}
	for _, list := range []*openapi3.SchemaRefs{&c.OneOf, &c.AnyOf, &c.AllOf} {
		refs := make(openapi3.SchemaRefs, len(*list))
		for i, r := range *list {
			refs[i] = cloneRef(r, seen)
		}
		if *list != nil {
			*list = refs
		}
	}
	c.Not = cloneRef(s.Not, seen)
	return &c
}

// where names an item for a message about another item.
func where(p *Problem) string {
	if p.Source == "" {
		return p.where()
	}
	return p.Source + ": " + p.where()
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
