// Package zoomgen converts Postman collections (a whole v2.0 or v2.1
// collection, a folder, or a bare request item) into one OpenAPI 3 document
// built with kin-openapi, so that oapi-codegen can generate a typed Go client.
//
// Postman's OpenAPI→Postman converter, which Zoom uses to publish its API,
// keeps only part of the original API: types survive only as example values,
// and facts such as required parameters, OAuth scopes, rate-limit labels and
// error codes survive only as markdown in descriptions. Convert recovers what
// the collection carries; what it cannot carry comes from an OpenAPI Overlay
// (see ApplyOverlay), never from special cases in this package.
package zoomgen

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Source is one Postman file to convert.
type Source struct {
	Name string // shown in problems, usually the file path
	Data []byte
}

// Options controls the parts of the conversion that are choices rather than
// facts of the input.
type Options struct {
	// Title and Version fill the document's info object when no collection
	// names them (a bare item or folder has no info block).
	Title   string
	Version string

	// Variables gives values to {{variables}} that the collection uses but
	// does not define, such as {{baseUrl}} in a bare item. Variables the
	// collection defines win.
	Variables map[string]string

	// OAuth2AuthorizationURL and OAuth2TokenURL are used for `oauth2` auth
	// blocks that do not carry their own URLs (Postman's converter writes
	// none).
	OAuth2AuthorizationURL string
	OAuth2TokenURL         string

	// JSONTwin adds an application/json media type, with the same schema,
	// to every formdata or urlencoded body whose fields are all text. Zoom's
	// own spec declares JSON and multipart for such bodies and Postman's
	// converter keeps only the latter; oapi-codegen generates a typed
	// method only for JSON, so without the twin the client would only have
	// an untyped WithBody(contentType, io.Reader) method.
	JSONTwin bool

	// Schemas are added to components.schemas as they are, for types that
	// no example shows, such as an API's error body.
	Schemas openapi3.Schemas

	// ErrorSchemaName names the schema in Schemas that describes the JSON
	// body of error responses (status >= 400) whose examples show none.
	ErrorSchemaName string

	// Strict turns every warning into an error.
	Strict bool
}

// ZoomOptions returns the options for Zoom's published collections: the
// production base URL, Zoom's OAuth endpoints, the JSON twin, and the error
// body Zoom sends ({"code": 300, "message": "...", "errors": [...]}).
func ZoomOptions() Options {
	fieldErr := openapi3.NewObjectSchema().
		WithProperty("field", openapi3.NewStringSchema()).
		WithProperty("message", openapi3.NewStringSchema())
	fieldErr.Description = "One field that failed Zoom's validation, e.g. registrants[3].email."
	errorsList := openapi3.NewArraySchema()
	errorsList.Items = openapi3.NewSchemaRef("#/components/schemas/ZoomFieldError", fieldErr)
	zoomErr := openapi3.NewObjectSchema().
		WithProperty("code", openapi3.NewIntegerSchema()).
		WithProperty("message", openapi3.NewStringSchema()).
		WithPropertyRef("errors", openapi3.NewSchemaRef("", errorsList))
	zoomErr.Required = []string{"code", "message"}
	zoomErr.Description = "The error body Zoom returns: an application error code, a message, and for validation failures the fields at fault."
	return Options{
		Title:                  "Zoom API",
		Version:                "2",
		Variables:              map[string]string{"baseUrl": "https://api.zoom.us/v2"},
		OAuth2AuthorizationURL: "https://zoom.us/oauth/authorize",
		OAuth2TokenURL:         "https://zoom.us/oauth/token",
		JSONTwin:               true,
		Schemas: openapi3.Schemas{
			"ZoomError":      openapi3.NewSchemaRef("", zoomErr),
			"ZoomFieldError": openapi3.NewSchemaRef("", fieldErr),
		},
		ErrorSchemaName: "ZoomError",
	}
}

// Extension names written on operations and responses.
const (
	// ExtRateLimitLabel holds Zoom's rate-limit label of an operation
	// (Light, Medium, Heavy, Resource-intensive).
	ExtRateLimitLabel = "x-rate-limit-label"
	// ExtErrorCodes holds, on a response, the list of {code, message}
	// application error codes that a response of that status may carry.
	ExtErrorCodes = "x-error-codes"
	// ExtPostmanItem records where an operation came from, for people
	// reading the document.
	ExtPostmanItem = "x-postman-item"
)

// Result is a converted document and what the conversion noticed.
type Result struct {
	Doc        *openapi3.T
	Warnings   []*Problem
	Requests   int // request items read
	Operations int // operations written
}

// Convert reads every source and returns one OpenAPI document holding all
// their requests. The document has passed doc.Validate. On bad input it
// returns Problems listing every error (and, in strict mode, every warning).
func Convert(ctx context.Context, sources []Source, opts Options) (*Result, error) {
	c := &converter{opts: opts, schemes: map[string]*openapi3.SecurityScheme{}, scopes: map[string]map[string]bool{}}
	for _, src := range sources {
		c.readSource(src)
	}
	if c.opts.Strict {
		c.errs = append(c.errs, c.warns...)
		c.warns = nil
	}
	if len(c.errs) > 0 {
		return nil, c.errs
	}
	doc, err := c.build()
	if err != nil {
		return nil, err
	}
	if err := doc.Validate(ctx); err != nil {
		return nil, fmt.Errorf("zoomgen: the converted document is not valid OpenAPI: %w", err)
	}
	return &Result{Doc: doc, Warnings: c.warns, Requests: len(c.reqs), Operations: len(c.reqs)}, nil
}

// converter holds the state of one Convert call.
type converter struct {
	opts    Options
	reqs    []*request
	errs    Problems
	warns   []*Problem
	schemes map[string]*openapi3.SecurityScheme
	scopes  map[string]map[string]bool // oauth2 scheme → scopes seen
	title   string
	version string
	desc    string
}

// request is one Postman request item on its way to becoming an operation.
type request struct {
	loc       *Problem // location template for problems
	name      string
	method    string
	path      string
	server    string
	op        *openapi3.Operation
	body      *bodyDraft
	responses map[int]*responseDraft
}

type bodyDraft struct {
	schema       *openapi3.Schema
	example      any
	contentTypes []string
	encoding     map[string]*openapi3.Encoding
}

type responseDraft struct {
	description string
	schema      *openapi3.Schema // merged over examples; nil when no JSON body
	example     any
	textExample string
	textType    string
	headers     map[string]bool
	codes       []ErrorCode
}

// scope is what an item inherits from the collection and its folders.
type scope struct {
	src     string
	vars    map[string]string
	auth    *pmAuth
	folders []string
}

func (c *converter) problem(loc *Problem, field, format string, args ...any) *Problem {
	p := *loc
	p.Field = field
	p.Message = fmt.Sprintf(format, args...)
	return &p
}

func (c *converter) fail(loc *Problem, field, format string, args ...any) {
	c.errs = append(c.errs, c.problem(loc, field, format, args...))
}

func (c *converter) warn(loc *Problem, field, format string, args ...any) {
	c.warns = append(c.warns, c.problem(loc, field, format, args...))
}

// readSource detects what a file holds (collection, the Postman API's
// {"collection": …} wrapper, folder or bare item) and reads its items.
func (c *converter) readSource(src Source) {
	loc := &Problem{Source: src.Name}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(src.Data, &top); err != nil {
		c.fail(loc, "", "not a JSON object: %v", err)
		return
	}
	prefix := ""
	if wrapped, ok := top["collection"]; ok && top["info"] == nil && top["request"] == nil {
		top = nil
		if err := json.Unmarshal(wrapped, &top); err != nil {
			c.fail(loc, "collection", "must be a JSON object: %v", err)
			return
		}
		prefix = "collection."
	}
	sc := scope{src: src.Name, vars: map[string]string{}}
	for k, v := range c.opts.Variables {
		sc.vars[k] = v
	}
	switch {
	case top["info"] != nil:
		var col pmCollection
		if err := json.Unmarshal(mustJSON(top), &col); err != nil {
			c.fail(loc, strings.TrimSuffix(prefix, "."), "not a Postman collection: %v", err)
			return
		}
		if col.Info.Schema != schemaV20 && col.Info.Schema != schemaV21 {
			c.fail(loc, prefix+"info.schema", "unknown collection schema %q (want Postman v2.0.0 or v2.1.0)", col.Info.Schema)
			return
		}
		if c.title == "" {
			c.title = col.Info.Name
			if d, err := text(col.Info.Description); err == nil {
				c.desc = d
			}
			if v, err := scalarString(col.Info.Version); err == nil {
				c.version = v
			}
		}
		for i, v := range col.Variable {
			if v.Disabled {
				continue
			}
			val, err := scalarString(v.Value)
			if err != nil {
				c.warn(loc, fmt.Sprintf("%svariable[%d].value", prefix, i), "%v", err)
				continue
			}
			sc.vars[v.name()] = val
		}
		auth, err := decodeAuth(col.Auth)
		if err != nil {
			c.fail(loc, prefix+"auth", "%v", err)
		}
		sc.auth = auth
		c.readItems(sc, col.Item, prefix+"item")
	case top["request"] != nil || top["item"] != nil:
		c.readItem(sc, mustJSON(top), strings.TrimSuffix(prefix, "."))
	default:
		c.fail(loc, "", "not a Postman collection, folder or item: it has none of info, item or request")
	}
}

func mustJSON(m map[string]json.RawMessage) []byte {
	b, _ := json.Marshal(m) // re-encoding decoded JSON cannot fail
	return b
}

func (c *converter) readItems(sc scope, items []json.RawMessage, path string) {
	for i, raw := range items {
		c.readItem(sc, raw, fmt.Sprintf("%s[%d]", path, i))
	}
}

// readItem reads a folder (recursing) or a request item at JSON path path.
func (c *converter) readItem(sc scope, raw json.RawMessage, path string) {
	loc := &Problem{Source: sc.src, Item: path}
	var it pmItem
	if err := json.Unmarshal(raw, &it); err != nil {
		c.fail(loc, "", "not a Postman item: %v", err)
		return
	}
	loc.Name = it.Name
	auth, err := decodeAuth(it.Auth)
	if err != nil {
		c.fail(loc, "auth", "%v", err)
	} else if auth != nil {
		sc.auth = auth
	}
	if len(bytes.TrimSpace(it.Request)) == 0 || string(bytes.TrimSpace(it.Request)) == "null" {
		if it.Item == nil {
			c.fail(loc, "", "item has neither request nor item: it is not a request or a folder")
			return
		}
		sc.folders = append(append([]string(nil), sc.folders...), it.Name)
		c.readItems(sc, it.Item, path+".item")
		return
	}
	c.readRequest(sc, loc, &it)
}

func (c *converter) readRequest(sc scope, loc *Problem, it *pmItem) {
	var req pmRequest
	if s, err := scalarString(it.Request); err == nil && s != "" {
		// v2.0 allows a request to be just its URL string.
		req.URL, _ = json.Marshal(s)
		req.Method = http.MethodGet
	} else if err := json.Unmarshal(it.Request, &req); err != nil {
		c.fail(loc, "request", "not a Postman request: %v", err)
		return
	}
	r := &request{loc: loc, name: it.Name, responses: map[int]*responseDraft{}}
	r.method = strings.ToUpper(strings.TrimSpace(req.Method))
	if r.method == "" {
		r.method = http.MethodGet
	}
	desc, err := text(req.Description)
	if err != nil {
		c.fail(loc, "request.description", "%v", err)
	}
	op := openapi3.NewOperation()
	op.Summary = it.Name
	op.Description = strings.TrimSpace(desc)
	if len(sc.folders) > 0 {
		op.Tags = []string{strings.Join(sc.folders, " / ")}
	}
	op.Extensions = map[string]any{}
	if label := rateLimitLabel(desc); label != "" {
		op.Extensions[ExtRateLimitLabel] = label
	}
	op.Extensions[ExtPostmanItem] = strings.TrimSpace(loc.Item + " " + fmt.Sprintf("%q", it.Name))
	r.op = op

	if !c.readURL(sc, r, req.URL) {
		return
	}
	auth := sc.auth
	if a, err := decodeAuth(req.Auth); err != nil {
		c.fail(loc, "request.auth", "%v", err)
	} else if a != nil {
		auth = a
	}
	c.applyAuth(r, auth, scopes(desc))
	c.readHeaders(r, req.Header)
	if req.Body != nil {
		c.readBody(r, req.Body)
	}
	for i, resp := range it.Response {
		c.readResponse(r, resp, fmt.Sprintf("response[%d]", i))
	}
	c.reqs = append(c.reqs, r)
}

// readURL fills the request's server, path and path/query parameters.
func (c *converter) readURL(sc scope, r *request, raw json.RawMessage) bool {
	field := "request.url"
	var u pmURL
	if len(bytes.TrimSpace(raw)) == 0 || string(bytes.TrimSpace(raw)) == "null" {
		c.fail(r.loc, field, "request has no URL")
		return false
	}
	if s, err := scalarString(raw); err == nil {
		u.Raw = s
	} else if err := json.Unmarshal(raw, &u); err != nil {
		c.fail(r.loc, field, "must be a string or a URL object: %v", err)
		return false
	}
	host, err := stringList(u.Host, ".")
	if err != nil {
		c.fail(r.loc, field+".host", "%v", err)
		return false
	}
	segs, err := stringList(u.Path, "/")
	if err != nil {
		c.fail(r.loc, field+".path", "%v", err)
		return false
	}
	protocol := u.Protocol
	if len(host) == 0 && len(segs) == 0 {
		if u.Raw == "" {
			c.fail(r.loc, field, "URL has neither raw nor host and path")
			return false
		}
		protocol, host, segs = splitRawURL(u.Raw)
		if len(u.Query) == 0 {
			u.Query = rawQuery(u.Raw)
		}
	}
	r.server = c.serverURL(sc, r, protocol, strings.Join(host, "."))

	vars := map[string]pmVariable{}
	for _, v := range u.Variable {
		vars[v.name()] = v
	}
	var path strings.Builder
	for i, seg := range segs {
		path.WriteString("/")
		name := ""
		switch {
		case strings.HasPrefix(seg, ":") && len(seg) > 1:
			name = seg[1:]
		case strings.HasPrefix(seg, "{{") && strings.HasSuffix(seg, "}}"):
			name = strings.TrimSpace(seg[2 : len(seg)-2])
		}
		if name == "" {
			path.WriteString(seg)
			continue
		}
		path.WriteString("{" + name + "}")
		p := openapi3.NewPathParameter(name)
		v, ok := vars[name]
		desc, _ := text(v.Description)
		pt := parseParamDescription(desc)
		p.Description = pt.Description
		val, _ := scalarString(v.Value)
		if !ok {
			val = ""
		}
		p.Schema = openapi3.NewSchemaRef("", paramSchema(val, pt))
		r.op.AddParameter(p)
		_ = i
	}
	r.path = path.String()
	if r.path == "" {
		r.path = "/"
	}
	for i, q := range u.Query {
		if q.Disabled {
			continue
		}
		f := fmt.Sprintf("%s.query[%d]", field, i)
		if q.Key == nil || *q.Key == "" {
			c.fail(r.loc, f, "query parameter has no key")
			continue
		}
		desc, _ := text(q.Description)
		pt := parseParamDescription(desc)
		val, _ := scalarString(q.Value)
		p := openapi3.NewQueryParameter(*q.Key)
		p.Description = pt.Description
		p.Required = pt.Required
		p.Schema = openapi3.NewSchemaRef("", paramSchema(val, pt))
		r.op.AddParameter(p)
	}
	return true
}

// paramSchema infers a parameter's schema from its example value and the
// annotations in its description.
func paramSchema(val string, pt paramText) *openapi3.Schema {
	_, s, isJSON, err := textValue(val)
	if isJSON || err != nil || val == "" {
		s = openapi3.NewStringSchema()
	}
	if len(pt.Enum) > 0 {
		s = openapi3.NewStringSchema()
		for _, e := range pt.Enum {
			s.Enum = append(s.Enum, e)
		}
	}
	return s
}

// splitRawURL splits a raw URL such as "{{baseUrl}}/a/:b?x=1" or
// "https://host/a" into protocol, host and path segments.
func splitRawURL(raw string) (protocol string, host, segs []string) {
	s := raw
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		s = s[:i]
	}
	if i := strings.Index(s, "://"); i >= 0 && !strings.Contains(s[:i], "{{") {
		protocol, s = s[:i], s[i+3:]
	}
	var h string
	if strings.HasPrefix(s, "{{") {
		if i := strings.Index(s, "}}"); i >= 0 {
			h, s = s[:i+2], s[i+2:]
		}
	} else if i := strings.Index(s, "/"); i >= 0 {
		h, s = s[:i], s[i:]
	} else {
		h, s = s, ""
	}
	if h != "" {
		host = []string{h}
	}
	for _, seg := range strings.Split(s, "/") {
		if seg != "" {
			segs = append(segs, seg)
		}
	}
	return protocol, host, segs
}

func rawQuery(raw string) []pmParam {
	i := strings.Index(raw, "?")
	if i < 0 {
		return nil
	}
	q := raw[i+1:]
	if j := strings.Index(q, "#"); j >= 0 {
		q = q[:j]
	}
	var out []pmParam
	for _, kv := range strings.Split(q, "&") {
		if kv == "" {
			continue
		}
		k, v, _ := strings.Cut(kv, "=")
		key := k
		val, _ := json.Marshal(v)
		out = append(out, pmParam{Key: &key, Value: val})
	}
	return out
}

// serverURL resolves {{variables}} in the host; an unresolved one is a
// warning and leaves the operation without a server of its own.
func (c *converter) serverURL(sc scope, r *request, protocol, host string) string {
	if host == "" {
		return ""
	}
	resolved := host
	for i := 0; i < 8 && strings.Contains(resolved, "{{"); i++ {
		start := strings.Index(resolved, "{{")
		end := strings.Index(resolved[start:], "}}")
		if end < 0 {
			break
		}
		name := strings.TrimSpace(resolved[start+2 : start+end])
		val, ok := sc.vars[name]
		if !ok {
			c.warn(r.loc, "request.url.host", "variable {{%s}} has no value; define it in the collection or pass -var %s=URL", name, name)
			return ""
		}
		resolved = resolved[:start] + val + resolved[start+end+2:]
	}
	if !strings.Contains(resolved, "://") {
		if protocol == "" {
			protocol = "https"
		}
		resolved = protocol + "://" + resolved
	}
	return strings.TrimSuffix(resolved, "/")
}

// Headers that restate what the body's media type or the security scheme
// already say; they are not parameters.
var impliedHeaders = map[string]bool{"content-type": true, "accept": true, "authorization": true}

func (c *converter) readHeaders(r *request, raw json.RawMessage) {
	if len(bytes.TrimSpace(raw)) == 0 || string(bytes.TrimSpace(raw)) == "null" {
		return
	}
	var hs []pmParam
	if err := json.Unmarshal(raw, &hs); err != nil {
		// v2.0 allows headers as one "Key: value\n" string.
		var s string
		if err2 := json.Unmarshal(raw, &s); err2 != nil {
			c.fail(r.loc, "request.header", "must be a list of headers or a string: %v", err)
			return
		}
		for _, line := range strings.Split(s, "\n") {
			k, v, ok := strings.Cut(line, ":")
			if !ok {
				continue
			}
			key := strings.TrimSpace(k)
			val, _ := json.Marshal(strings.TrimSpace(v))
			hs = append(hs, pmParam{Key: &key, Value: val})
		}
	}
	for i, h := range hs {
		if h.Disabled {
			continue
		}
		if h.Key == nil || strings.TrimSpace(*h.Key) == "" {
			c.fail(r.loc, fmt.Sprintf("request.header[%d]", i), "header has no key")
			continue
		}
		if impliedHeaders[strings.ToLower(strings.TrimSpace(*h.Key))] {
			continue
		}
		desc, _ := text(h.Description)
		pt := parseParamDescription(desc)
		val, _ := scalarString(h.Value)
		p := openapi3.NewHeaderParameter(strings.TrimSpace(*h.Key))
		p.Description = pt.Description
		p.Required = pt.Required
		p.Schema = openapi3.NewSchemaRef("", paramSchema(val, pt))
		r.op.AddParameter(p)
	}
}

func (c *converter) readBody(r *request, b *pmBody) {
	if b.Disabled || b.Mode == "" {
		return
	}
	switch b.Mode {
	case "formdata":
		c.readForm(r, b.FormData, "request.body.formdata", "multipart/form-data")
	case "urlencoded":
		c.readForm(r, b.URLEncoded, "request.body.urlencoded", "application/x-www-form-urlencoded")
	case "raw":
		c.readRawBody(r, b)
	default:
		c.fail(r.loc, "request.body.mode", "body mode %q is not supported yet", b.Mode)
	}
}

// readForm builds an object schema from form fields. A text field holding
// a JSON object or array gets the inferred schema and, for multipart, an
// encoding entry saying its part is application/json.
func (c *converter) readForm(r *request, fields []pmParam, field, mediaType string) {
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
			c.fail(r.loc, fpath, "form field has no key")
			continue
		}
		key := *f.Key
		if _, dup := schema.Properties[key]; dup {
			c.fail(r.loc, fpath, "form field %q appears twice", key)
			continue
		}
		desc, err := text(f.Description)
		if err != nil {
			c.fail(r.loc, fpath+".description", "%v", err)
		}
		pt := parseParamDescription(desc)
		var prop *openapi3.Schema
		switch f.Type {
		case "file":
			allText = false
			prop = openapi3.NewStringSchema()
			prop.Format = "binary"
		case "", "text":
			val, err := scalarString(f.Value)
			if err != nil {
				c.fail(r.loc, fpath+".value", "%v", err)
				continue
			}
			v, s, isJSON, err := textValue(val)
			claimsJSON := strings.HasPrefix(strings.ToLower(f.ContentType), "application/json")
			if err != nil {
				if claimsJSON {
					c.fail(r.loc, fpath+".value", "field %q is declared application/json but its value is not JSON: %v", key, err)
					continue
				}
				c.warn(r.loc, fpath+".value", "field %q looks like JSON but does not parse (%v); typed as a string", key, err)
			}
			if isJSON || claimsJSON {
				encoding[key] = &openapi3.Encoding{ContentType: "application/json"}
			}
			prop = s
			if v != nil {
				example[key] = v
			}
		default:
			c.fail(r.loc, fpath+".type", "form field type %q is not text or file", f.Type)
			continue
		}
		if len(pt.Enum) > 0 && typeName(prop) == "string" {
			for _, e := range pt.Enum {
				prop.Enum = append(prop.Enum, e)
			}
		}
		prop.Description = pt.Description
		if pt.Required {
			schema.Required = append(schema.Required, key)
		}
		schema.Properties[key] = openapi3.NewSchemaRef("", prop)
	}
	body := &bodyDraft{schema: schema, example: example, contentTypes: []string{mediaType}}
	if mediaType == "multipart/form-data" && len(encoding) > 0 {
		body.encoding = encoding
	}
	if allText && c.opts.JSONTwin {
		body.contentTypes = append(body.contentTypes, "application/json")
	}
	r.body = body
}

func (c *converter) readRawBody(r *request, b *pmBody) {
	lang := ""
	if len(b.Options) > 0 {
		var o struct {
			Raw struct {
				Language string `json:"language"`
			} `json:"raw"`
		}
		_ = json.Unmarshal(b.Options, &o) // unknown option shapes only lose the language hint
		lang = o.Raw.Language
	}
	trimmed := strings.TrimSpace(b.Raw)
	if lang == "json" || (lang == "" && (strings.HasPrefix(trimmed, "{") || strings.HasPrefix(trimmed, "["))) {
		if trimmed == "" {
			r.body = &bodyDraft{schema: openapi3.NewObjectSchema(), contentTypes: []string{"application/json"}}
			return
		}
		v, err := decodeJSON([]byte(trimmed))
		if err != nil {
			c.warn(r.loc, "request.body.raw", "JSON body does not parse (%v); kept as a text example", err)
			r.body = &bodyDraft{schema: openapi3.NewStringSchema(), example: b.Raw, contentTypes: []string{"text/plain"}}
			return
		}
		r.body = &bodyDraft{schema: InferSchema(v), example: v, contentTypes: []string{"application/json"}}
		return
	}
	media := "text/plain"
	switch lang {
	case "xml":
		media = "application/xml"
	case "html":
		media = "text/html"
	case "javascript":
		media = "application/javascript"
	}
	r.body = &bodyDraft{schema: openapi3.NewStringSchema(), example: b.Raw, contentTypes: []string{media}}
}

func (c *converter) readResponse(r *request, resp pmResponse, field string) {
	if resp.Code < 100 || resp.Code > 599 {
		c.warn(r.loc, field+".code", "response example %q has no valid HTTP status code (%d); it is not converted", resp.Name, resp.Code)
		return
	}
	d, ok := r.responses[resp.Code]
	if !ok {
		d = &responseDraft{description: responseDescription(resp.Name, resp.Status), headers: map[string]bool{}}
		r.responses[resp.Code] = d
	}
	d.codes = mergeCodes(d.codes, errorCodes(resp.Name))
	contentType := ""
	var hs []pmParam
	_ = json.Unmarshal(resp.Header, &hs) // v2.0 string headers carry nothing we use
	for _, h := range hs {
		if h.Key == nil || h.Disabled {
			continue
		}
		k := strings.TrimSpace(*h.Key)
		switch strings.ToLower(k) {
		case "content-type":
			contentType, _ = scalarString(h.Value)
		case "content-length", "date", "connection", "transfer-encoding", "keep-alive":
		default:
			d.headers[k] = true
		}
	}
	if resp.Body == nil || strings.TrimSpace(*resp.Body) == "" {
		return
	}
	body := *resp.Body
	looksJSON := strings.Contains(contentType, "json") || resp.PreviewLanguage == "json"
	if !looksJSON {
		t := strings.TrimSpace(body)
		looksJSON = strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[")
	}
	if looksJSON {
		v, err := decodeJSON([]byte(body))
		if err == nil {
			d.schema = MergeSchemas(d.schema, InferSchema(v))
			if d.example == nil {
				d.example = v
			}
			return
		}
		c.warn(r.loc, field+".body", "example body is not valid JSON (%v); kept as a text example", err)
	}
	if d.textExample == "" {
		d.textExample = body
		d.textType = mediaTypeOf(contentType, "text/plain")
	}
}

func mediaTypeOf(contentType, fallback string) string {
	mt, _, _ := strings.Cut(contentType, ";")
	mt = strings.TrimSpace(mt)
	if mt == "" || strings.Contains(mt, "json") {
		return fallback
	}
	return mt
}

func mergeCodes(a, b []ErrorCode) []ErrorCode {
	seen := map[int]bool{}
	for _, x := range a {
		seen[x.Code] = true
	}
	for _, x := range b {
		if !seen[x.Code] {
			seen[x.Code] = true
			a = append(a, x)
		}
	}
	return a
}

// applyAuth turns the effective Postman auth into a security requirement
// and registers the scheme it needs.
func (c *converter) applyAuth(r *request, a *pmAuth, scopeList []string) {
	if a == nil {
		return
	}
	var name string
	var scheme *openapi3.SecurityScheme
	switch strings.ToLower(a.Type) {
	case "noauth":
		r.op.Security = openapi3.NewSecurityRequirements()
		return
	case "oauth2":
		authURL, tokenURL := a.attr("authUrl"), a.attr("accessTokenUrl")
		if authURL == "" {
			authURL = c.opts.OAuth2AuthorizationURL
		}
		if tokenURL == "" {
			tokenURL = c.opts.OAuth2TokenURL
		}
		if authURL == "" || tokenURL == "" {
			c.warn(r.loc, "request.auth", "oauth2 auth names no authorization or token URL and none is configured; no security scheme written")
			return
		}
		name = "oauth2"
		scheme = &openapi3.SecurityScheme{Type: "oauth2", Flows: &openapi3.OAuthFlows{
			AuthorizationCode: &openapi3.OAuthFlow{AuthorizationURL: authURL, TokenURL: tokenURL, Scopes: map[string]string{}},
		}}
		if c.scopes[name] == nil {
			c.scopes[name] = map[string]bool{}
		}
		for _, s := range scopeList {
			c.scopes[name][s] = true
		}
	case "bearer":
		name, scheme = "bearerAuth", &openapi3.SecurityScheme{Type: "http", Scheme: "bearer"}
	case "basic":
		name, scheme = "basicAuth", &openapi3.SecurityScheme{Type: "http", Scheme: "basic"}
	case "apikey":
		in := a.attr("in")
		if in == "" {
			in = "header"
		}
		key := a.attr("key")
		if key == "" {
			key = "X-API-Key"
		}
		name = "apiKey" + pascal(words(in+" "+key))
		scheme = &openapi3.SecurityScheme{Type: "apiKey", In: in, Name: key}
	default:
		c.warn(r.loc, "request.auth", "auth type %q has no OpenAPI equivalent; the operation has no security requirement", a.Type)
		return
	}
	if old, ok := c.schemes[name]; ok && old.Type != scheme.Type {
		c.fail(r.loc, "request.auth", "security scheme %q is used with two different types", name)
		return
	}
	if _, ok := c.schemes[name]; !ok {
		c.schemes[name] = scheme
	}
	req := openapi3.NewSecurityRequirement()
	if scopeList == nil {
		scopeList = []string{}
	}
	if scheme.Type == "oauth2" {
		req[name] = scopeList
	} else {
		req[name] = []string{}
	}
	r.op.Security = openapi3.NewSecurityRequirements().With(req)
}

// build assembles the document: operationIds and schema names are assigned
// in (path, method) order so that reordering the collection changes
// nothing in the output.
func (c *converter) build() (*openapi3.T, error) {
	sort.SliceStable(c.reqs, func(i, j int) bool {
		if c.reqs[i].path != c.reqs[j].path {
			return c.reqs[i].path < c.reqs[j].path
		}
		return c.reqs[i].method < c.reqs[j].method
	})
	var errs Problems
	for i := 1; i < len(c.reqs); i++ {
		a, b := c.reqs[i-1], c.reqs[i]
		if a.path == b.path && a.method == b.method {
			errs = append(errs, c.problem(b.loc, "request", "%s %s is also defined by %s; rename or remove one of them", b.method, b.path, a.loc.Error()))
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	c.assignOperationIDs()

	doc := &openapi3.T{OpenAPI: "3.0.3", Paths: openapi3.NewPaths()}
	doc.Info = &openapi3.Info{Title: firstNonEmpty(c.title, c.opts.Title, "API"), Version: firstNonEmpty(c.version, c.opts.Version, "1"), Description: c.desc}
	doc.Components = &openapi3.Components{Schemas: openapi3.Schemas{}, SecuritySchemes: openapi3.SecuritySchemes{}}
	reg := newRegistry(doc, c.reqs)
	for name, s := range c.opts.Schemas {
		doc.Components.Schemas[name] = s
	}
	var errRef *openapi3.SchemaRef
	if s, ok := c.opts.Schemas[c.opts.ErrorSchemaName]; ok {
		errRef = openapi3.NewSchemaRef("#/components/schemas/"+c.opts.ErrorSchemaName, s.Value)
	}

	servers := map[string]bool{}
	for _, r := range c.reqs {
		if r.server != "" {
			servers[r.server] = true
		}
	}
	var serverList []string
	for s := range servers {
		serverList = append(serverList, s)
	}
	sort.Strings(serverList)
	for _, s := range serverList {
		doc.Servers = append(doc.Servers, &openapi3.Server{URL: s})
	}

	for _, r := range c.reqs {
		op := r.op
		base := upperFirst(op.OperationID)
		if len(serverList) > 1 && r.server != "" && r.server != serverList[0] {
			op.Servers = &openapi3.Servers{{URL: r.server}}
		}
		if r.body != nil {
			ref := reg.hoist(r.body.schema, base+"Request")
			rb := openapi3.NewRequestBody().WithRequired(true)
			rb.Content = openapi3.Content{}
			for _, ct := range r.body.contentTypes {
				mt := openapi3.NewMediaType().WithSchemaRef(ref)
				if r.body.example != nil && (len(asMap(r.body.example)) > 0 || asMap(r.body.example) == nil) {
					mt.Example = r.body.example
				}
				if ct == "multipart/form-data" {
					mt.Encoding = r.body.encoding
				}
				rb.Content[ct] = mt
			}
			op.RequestBody = &openapi3.RequestBodyRef{Value: rb}
		}
		op.Responses = openapi3.NewResponses()
		op.Responses.Delete("default")
		codes := make([]int, 0, len(r.responses))
		for code := range r.responses {
			codes = append(codes, code)
		}
		sort.Ints(codes)
		first2xx := true
		for _, code := range codes {
			d := r.responses[code]
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
				mt.Example = d.example
				resp.Content["application/json"] = mt
			case d.textExample != "":
				mt := openapi3.NewMediaType().WithSchema(openapi3.NewStringSchema())
				mt.Example = d.textExample
				resp.Content[d.textType] = mt
			case code >= 400 && errRef != nil:
				resp.Content["application/json"] = openapi3.NewMediaType().WithSchemaRef(errRef)
			}
			if code >= 200 && code < 300 {
				first2xx = false
			}
			if len(resp.Content) == 0 {
				resp.Content = nil
			}
			if len(d.headers) > 0 {
				resp.Headers = openapi3.Headers{}
				for h := range d.headers {
					resp.Headers[h] = &openapi3.HeaderRef{Value: &openapi3.Header{Parameter: openapi3.Parameter{Schema: openapi3.NewSchemaRef("", openapi3.NewStringSchema())}}}
				}
			}
			if len(d.codes) > 0 {
				resp.Extensions = map[string]any{ExtErrorCodes: d.codes}
			}
			op.Responses.Set(fmt.Sprint(code), &openapi3.ResponseRef{Value: resp})
		}
		if op.Responses.Len() == 0 {
			// OpenAPI requires at least one response; say plainly that the
			// collection documented none rather than invent a 200.
			op.Responses.Set("default", &openapi3.ResponseRef{Value: openapi3.NewResponse().WithDescription("The collection has no example response for this request.")})
		}
		doc.AddOperation(r.path, r.method, op)
	}
	for name, s := range c.schemes {
		if s.Type == "oauth2" {
			for sc := range c.scopes[name] {
				s.Flows.AuthorizationCode.Scopes[sc] = ""
			}
		}
		doc.Components.SecuritySchemes[name] = &openapi3.SecuritySchemeRef{Value: s}
	}
	return doc, nil
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

// assignOperationIDs derives each operationId from the item name. Names
// that collide are disambiguated by their folder, then by their path and
// method — never by position, since the id becomes a Go method name that
// must not change when a collection is reordered.
func (c *converter) assignOperationIDs() {
	ids := make([]string, len(c.reqs))
	count := map[string]int{}
	for i, r := range c.reqs {
		ids[i] = identifier(nameWords(r.name), identifier(append([]string{strings.ToLower(r.method)}, pathWords(r.path)...), "operation"))
		count[ids[i]]++
	}
	for i, r := range c.reqs {
		if count[ids[i]] > 1 {
			ids[i] = identifier(append(nameWords(r.name), append([]string{"for", strings.ToLower(r.method)}, pathWords(r.path)...)...), "operation")
		}
	}
	seen := map[string]bool{}
	for i, r := range c.reqs {
		id := ids[i]
		// The method and path pair is unique (checked in build), so this
		// loop only runs for names whose words coincide after cleaning.
		for n := 2; seen[id]; n++ {
			id = fmt.Sprintf("%sV%d", ids[i], n)
		}
		seen[id] = true
		r.op.OperationID = id
	}
}
