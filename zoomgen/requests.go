package zoomgen

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	json "github.com/go-json-experiment/json/v1"
)

// The request stage: a request item's method, description, URL (server,
// path, path and query parameters), headers and auth become an
// operation.

// request is one Postman request item on its way to becoming an operation.
type request struct {
	ord       int      // the item's position, for problems in document order
	loc       *Problem // location template for problems
	name      string
	method    string
	path      string
	server    *serverRef
	op        *openapi3.Operation
	scheme    *namedScheme // the security scheme op.Security names, if any
	scopes    []string     // the OAuth scopes the description names
	body      *bodyDraft
	responses map[int]*responseDraft
}

// namedScheme is a security scheme and the name it has in the document.
type namedScheme struct {
	name   string
	scheme *openapi3.SecurityScheme
}

func (c *run) warn(r *request, field, format string, args ...any) {
	c.log.warn(r.ord, r.loc, field, format, args...)
}

// openAPIMethods are the methods an OpenAPI 3.0 path item can hold.
var openAPIMethods = map[string]bool{
	http.MethodGet: true, http.MethodPut: true, http.MethodPost: true, http.MethodDelete: true,
	http.MethodOptions: true, http.MethodHead: true, http.MethodPatch: true, http.MethodTrace: true,
}

// readRequest decodes an item's request and reads everything but its
// body, which it returns for the body stage. It returns a nil request
// when the item cannot become an operation.
func (c *run) readRequest(it item) (*request, *pmBody) {
	r := &request{ord: it.ord, loc: it.loc, name: it.name, responses: map[int]*responseDraft{}}
	var req pmRequest
	if s, err := scalarString(it.request); err == nil && s != "" && bytes.TrimSpace(it.request)[0] == '"' {
		// v2.0 allows a request to be just its URL string.
		req.URL, _ = json.Marshal(s)
		req.Method = http.MethodGet
	} else if err := json.Unmarshal(it.request, &req); err != nil {
		c.warn(r, "request", "not a Postman request (%s); the item is skipped", jsonProblem(err))
		return nil, nil
	}
	r.method = strings.ToUpper(strings.TrimSpace(req.Method))
	if r.method == "" {
		r.method = http.MethodGet
	}
	if !openAPIMethods[r.method] {
		c.warn(r, "request.method", "method %q has no OpenAPI 3.0 equivalent; the request is not converted", req.Method)
		return nil, nil
	}
	desc, err := text(req.Description)
	if err != nil {
		c.warn(r, "request.description", "%v; the operation has no description", err)
	}
	r.op = newOperation(it, desc)
	if !c.readURL(it, r, req.URL) {
		return nil, nil
	}
	auth := it.auth
	if a, err := decodeAuth(req.Auth); err != nil {
		c.warn(r, "request.auth", "%v; the request inherits its folder's auth", err)
	} else if a != nil {
		auth = a
	}
	c.applyAuth(r, auth, scopes(desc))
	c.readHeaders(r, req.Header)
	return r, req.Body
}

// newOperation is the operation of an item with what its name, folders
// and description say.
func newOperation(it item, desc string) *openapi3.Operation {
	op := openapi3.NewOperation()
	op.Summary = strings.TrimSpace(cleanText(it.name))
	op.Description = strings.TrimSpace(desc)
	if len(it.folders) > 0 {
		op.Tags = []string{folderTag(it.folders)}
	}
	op.Extensions = map[string]any{}
	if label := rateLimitLabel(desc); label != "" {
		op.Extensions[ExtRateLimitLabel] = label
	}
	op.Extensions[ExtPostmanItem] = it.loc.where()
	return op
}

// readURL fills the request's server, path and path/query parameters.
func (c *run) readURL(it item, r *request, raw rawJSON) bool {
	u, ok := c.decodeURL(r, raw)
	if !ok {
		return false
	}
	field := "request.url"
	host, err := stringList(u.Host, ".")
	if err != nil {
		c.warn(r, field+".host", "%v; the item is skipped", err)
		return false
	}
	segs, err := stringList(u.Path, "/")
	if err != nil {
		c.warn(r, field+".path", "%v; the item is skipped", err)
		return false
	}
	protocol := u.Protocol
	if len(host) == 0 && len(segs) == 0 {
		if strings.TrimSpace(u.Raw) == "" {
			c.warn(r, field, "request has no URL: neither raw nor host and path; the item is skipped")
			return false
		}
		protocol, host, segs = splitRawURL(u.Raw)
		if len(u.Query) == 0 {
			u.Query = rawQuery(u.Raw)
		}
	}
	r.server = c.server(it.vars, r, protocol, strings.Join(host, "."))
	if !c.readPath(it.vars, r, segs, u.Variable) {
		return false
	}
	c.readQuery(r, u.Query)
	return true
}

// decodeURL decodes a URL, which is a string or an object.
func (c *run) decodeURL(r *request, raw rawJSON) (pmURL, bool) {
	field := "request.url"
	var u pmURL
	if len(bytes.TrimSpace(raw)) == 0 || string(bytes.TrimSpace(raw)) == "null" {
		c.warn(r, field, "request has no URL; the item is skipped")
		return u, false
	}
	switch raw = bytes.TrimSpace(raw); raw[0] {
	case '"':
		s, err := scalarString(raw)
		if err != nil {
			c.warn(r, field, "must be a string or a URL object (%s); the item is skipped", jsonProblem(err))
			return u, false
		}
		u.Raw = s
	case '{':
		if err := json.Unmarshal(raw, &u); err != nil {
			c.warn(r, field, "must be a string or a URL object (%s); the item is skipped", jsonProblem(err))
			return u, false
		}
	default:
		c.warn(r, field, "must be a string or a URL object, not %s; the item is skipped", string(raw))
		return u, false
	}
	return u, true
}

// readPath sets the request's OpenAPI path from the URL's segments and
// adds a parameter for each path variable.
func (c *run) readPath(vars map[string]string, r *request, segs []string, variables []pmVariable) bool {
	byName := map[string]pmVariable{}
	for _, v := range variables {
		byName[v.name()] = v
	}
	seen := map[string]bool{}
	var path strings.Builder
	for _, seg := range segs {
		path.WriteString("/")
		for _, part := range splitSegment(seg) {
			if part.param == "" {
				// A brace that is not a {{variable}} would read as an
				// OpenAPI path template; it is sent percent-encoded.
				path.WriteString(braceEscaper.Replace(part.text))
				continue
			}
			name := part.param
			if seen[name] {
				c.warn(r, "request.url.path", "path variable %q appears twice; the item is skipped", name)
				return false
			}
			seen[name] = true
			path.WriteString("{" + name + "}")
			p := openapi3.NewPathParameter(name)
			v, ok := byName[name]
			val := ""
			var pt paramText
			if ok {
				desc, err := text(v.Description)
				if err != nil {
					c.warn(r, "request.url.variable", "path variable %q: %v; the parameter has no description", name, err)
				}
				pt = parseParamDescription(desc)
				val, _ = scalarString(v.Value)
			} else if part.braces {
				// {{name}} takes its example from the collection's variable.
				val = vars[name]
			}
			p.Description = pt.Description
			p.Schema = openapi3.NewSchemaRef("", paramSchema(val, pt))
			r.op.AddParameter(p)
		}
	}
	r.path = path.String()
	if r.path == "" {
		r.path = "/"
	}
	return true
}

// readQuery adds the query parameters.
func (c *run) readQuery(r *request, query []pmParam) {
	for i, q := range query {
		if q.Disabled {
			continue
		}
		if q.Key == nil || *q.Key == "" {
			c.warn(r, fmt.Sprintf("request.url.query[%d]", i), "query parameter has no key; it is left out")
			continue
		}
		if old := r.op.Parameters.GetByInAndName("query", *q.Key); old != nil {
			// ?id=1&id=2 is how Postman writes a repeated parameter.
			if !old.Schema.Value.Type.Is("array") {
				arr := openapi3.NewArraySchema()
				arr.Items = old.Schema
				old.Schema = openapi3.NewSchemaRef("", arr)
			}
			continue
		}
		r.op.AddParameter(c.describedParameter(r, openapi3.NewQueryParameter(*q.Key), q, fmt.Sprintf("request.url.query[%d]", i)))
	}
}

// describedParameter completes a query or header parameter from its
// Postman entry at field: description, required mark, schema from the
// example and the enum the description lists.
func (c *run) describedParameter(r *request, p *openapi3.Parameter, q pmParam, field string) *openapi3.Parameter {
	desc, err := text(q.Description)
	if err != nil {
		c.warn(r, field+".description", "%v; the parameter has no description", err)
	}
	pt := parseParamDescription(desc)
	if len(pt.Enum) == 0 && p.In == openapi3.ParameterInQuery {
		pt.Enum = listedValues(pt.Description)
	}
	val, _ := scalarString(q.Value)
	p.Description = pt.Description
	p.Required = pt.Required
	p.Schema = openapi3.NewSchemaRef("", paramSchema(val, pt))
	return p
}

// pathTemplate matches the variables of an OpenAPI path.
var pathTemplate = regexp.MustCompile(`\{[^{}/]*\}`)

var braceEscaper = strings.NewReplacer("{", "%7B", "}", "%7D")

// segmentPart is literal text or a path parameter within one path segment.
type segmentPart struct {
	text   string
	param  string
	braces bool // written {{param}} rather than :param
}

// splitSegment finds the parameters in a path segment: a whole segment
// ":name", or any number of "{{name}}" references inside it.
func splitSegment(seg string) []segmentPart {
	if strings.HasPrefix(seg, ":") && len(seg) > 1 {
		return []segmentPart{{param: seg[1:]}}
	}
	var parts []segmentPart
	for {
		i := strings.Index(seg, "{{")
		if i < 0 {
			break
		}
		j := strings.Index(seg[i:], "}}")
		if j < 0 {
			break
		}
		name := strings.TrimSpace(seg[i+2 : i+j])
		if name == "" {
			break
		}
		if i > 0 {
			parts = append(parts, segmentPart{text: seg[:i]})
		}
		parts = append(parts, segmentPart{param: name, braces: true})
		seg = seg[i+j+2:]
	}
	if seg != "" || len(parts) == 0 {
		parts = append(parts, segmentPart{text: seg})
	}
	return parts
}

// paramSchema infers a parameter's schema from its example value and the
// annotations in its description.
func paramSchema(val string, pt paramText) *openapi3.Schema {
	_, s, isJSON, err := textValue(val)
	if isJSON || err != nil || val == "" {
		s = stringSchema("")
	}
	s, _ = withEnum(s, nil, pt.Enum)
	return s
}

// withEnum applies the values of a "(This can only be one of a,b,c)"
// annotation to s. The enum keeps s's type when every value parses as that
// type (an integer field listing 1,2,3 stays integer); otherwise s becomes
// a string enum. It returns the example to keep: ex if the enum allows it,
// nil if not, so that no example contradicts its own schema.
func withEnum(s *openapi3.Schema, ex any, enum []string) (*openapi3.Schema, any) {
	if len(enum) == 0 {
		return s, ex
	}
	typ := typeName(s)
	values := make([]any, 0, len(enum))
	for _, e := range enum {
		v, vs, _, err := textValue(e)
		if err != nil || v == nil || (typeName(vs) != typ && !(typ == "number" && typeName(vs) == "integer")) {
			values = nil
			break
		}
		values = append(values, v)
	}
	if values == nil || typ == "" || typ == "object" || typ == "array" {
		n := openapi3.NewStringSchema()
		n.Description = s.Description
		s = n
		values = values[:0]
		for _, e := range enum {
			values = append(values, e)
		}
		if ex != nil {
			ex = fmt.Sprint(ex)
		}
	}
	s.Enum = values
	if ex != nil && !slicesContainsText(values, ex) {
		ex = nil
	}
	return s, ex
}

// slicesContainsText reports whether one of values prints as ex does.
func slicesContainsText(values []any, ex any) bool {
	for _, v := range values {
		if fmt.Sprint(v) == fmt.Sprint(ex) {
			return true
		}
	}
	return false
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

// serverRef is a server URL with the values of its variables, if any.
type serverRef struct {
	url  string
	vars map[string]string
}

// key identifies a server for deduplication.
func (s *serverRef) key() string {
	if s == nil {
		return ""
	}
	names := make([]string, 0, len(s.vars))
	for k := range s.vars {
		names = append(names, k)
	}
	sort.Strings(names)
	k := s.url
	for _, n := range names {
		k += "\x00" + n + "=" + s.vars[n]
	}
	return k
}

// openAPI renders the server for the document.
func (s *serverRef) openAPI() *openapi3.Server {
	srv := &openapi3.Server{URL: s.url}
	if len(s.vars) > 0 {
		srv.Variables = map[string]*openapi3.ServerVariable{}
		for k, v := range s.vars {
			srv.Variables[k] = &openapi3.ServerVariable{Default: v}
		}
	}
	return srv
}

// hostVariables lists the {{variables}} in a host, in order.
func hostVariables(host string) []string {
	var names []string
	for rest := host; ; {
		i := strings.Index(rest, "{{")
		if i < 0 {
			return names
		}
		j := strings.Index(rest[i:], "}}")
		if j < 0 {
			return names
		}
		names = append(names, strings.TrimSpace(rest[i+2:i+j]))
		rest = rest[i+j+2:]
	}
}

// server resolves the {{variables}} in a host. A host that is one variable
// (Zoom's {{baseUrl}}) becomes that variable's value; a host made of more
// than one keeps them as OpenAPI server variables with the collection's
// values as defaults, so a client can still choose them. An unresolved
// variable is a warning and leaves the operation without a server.
func (c *run) server(vars map[string]string, r *request, protocol, host string) *serverRef {
	if host == "" {
		return nil
	}
	names := hostVariables(host)
	for _, n := range names {
		if _, ok := vars[n]; !ok {
			c.warn(r, "request.url.host", "variable {{%s}} has no value; define it in the collection or pass -var '%s=URL'", n, n)
			return nil
		}
	}
	ref := &serverRef{}
	resolved := host
	if len(names) > 1 {
		ref.vars = map[string]string{}
		for _, n := range names {
			id := serverVarName(n)
			ref.vars[id] = vars[n]
			resolved = strings.Replace(resolved, "{{"+n+"}}", "{"+id+"}", 1)
			resolved = strings.Replace(resolved, "{{ "+n+" }}", "{"+id+"}", 1)
		}
	} else {
		var ok bool
		if resolved, ok = c.resolveHost(vars, r, host); !ok {
			return nil
		}
	}
	if !strings.Contains(resolved, "://") {
		if protocol == "" {
			protocol = "https"
		}
		resolved = protocol + "://" + resolved
	}
	ref.url = strings.TrimSuffix(resolved, "/")
	if err := ref.openAPI().Validate(context.Background()); err != nil {
		c.warn(r, "request.url.host", "host %q does not make a valid server URL (%v); no server written", host, err)
		return nil
	}
	return ref
}

// resolveHost replaces the one variable of a host by its value. A
// variable's value may itself name variables; a few rounds resolve chains
// without looping forever on a cycle.
func (c *run) resolveHost(vars map[string]string, r *request, host string) (string, bool) {
	resolved := host
	for i := 0; i < 8 && strings.Contains(resolved, "{{"); i++ {
		start := strings.Index(resolved, "{{")
		end := strings.Index(resolved[start:], "}}")
		if end < 0 {
			break
		}
		name := strings.TrimSpace(resolved[start+2 : start+end])
		val, ok := vars[name]
		if !ok {
			c.warn(r, "request.url.host", "variable {{%s}} has no value; define it in the collection or pass -var '%s=URL'", name, name)
			return "", false
		}
		resolved = resolved[:start] + val + resolved[start+end+2:]
	}
	if strings.Contains(resolved, "{{") {
		c.warn(r, "request.url.host", "host %q still has unresolved variables; no server written", host)
		return "", false
	}
	return resolved, true
}

// serverVarName makes a Postman variable name (which may hold spaces) a
// plain OpenAPI server variable name.
func serverVarName(n string) string {
	ws := words(n)
	if len(ws) == 0 {
		return "var"
	}
	return strings.Join(ws, "_")
}

// Headers that restate what the body's media type or the security scheme
// already say; they are not parameters.
var impliedHeaders = map[string]bool{"content-type": true, "accept": true, "authorization": true}

func (c *run) readHeaders(r *request, raw rawJSON) {
	hs, err := decodeHeaders(raw)
	if err != nil {
		c.warn(r, "request.header", "must be a list of headers or a string (%s); the headers are left out", jsonProblem(err))
		return
	}
	for i, h := range hs {
		if h.Disabled {
			continue
		}
		if h.Key == nil || strings.TrimSpace(*h.Key) == "" {
			c.warn(r, fmt.Sprintf("request.header[%d]", i), "header has no key; it is left out")
			continue
		}
		if impliedHeaders[strings.ToLower(strings.TrimSpace(*h.Key))] {
			continue
		}
		r.op.AddParameter(c.describedParameter(r, openapi3.NewHeaderParameter(strings.TrimSpace(*h.Key)), h, fmt.Sprintf("request.header[%d]", i)))
	}
}

// decodeHeaders decodes a list of headers, which v2.0 also allows as one
// "Key: value\n" string.
func decodeHeaders(raw rawJSON) ([]pmParam, error) {
	if len(bytes.TrimSpace(raw)) == 0 || string(bytes.TrimSpace(raw)) == "null" {
		return nil, nil
	}
	var hs []pmParam
	err := json.Unmarshal(raw, &hs)
	if err == nil {
		return hs, nil
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return nil, err
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
	return hs, nil
}

// applyAuth turns the effective Postman auth into the operation's
// security requirement and the scheme it needs, which the document
// stage registers.
func (c *run) applyAuth(r *request, a *pmAuth, scopeList []string) {
	if a == nil {
		return
	}
	if strings.EqualFold(a.Type, "noauth") {
		r.op.Security = openapi3.NewSecurityRequirements()
		return
	}
	ns := c.securityScheme(r, a)
	if ns == nil {
		return
	}
	req := openapi3.NewSecurityRequirement()
	if scopeList == nil {
		scopeList = []string{}
	}
	if ns.scheme.Type == "oauth2" {
		req[ns.name] = scopeList
		r.scopes = scopeList
	} else {
		req[ns.name] = []string{}
	}
	r.scheme = ns
	r.op.Security = openapi3.NewSecurityRequirements().With(req)
}

// securityScheme is the OpenAPI security scheme of a Postman auth block,
// or nil (with a warning) when there is none.
func (c *run) securityScheme(r *request, a *pmAuth) *namedScheme {
	switch strings.ToLower(a.Type) {
	case "oauth2":
		authURL, tokenURL := a.attr("authUrl"), a.attr("accessTokenUrl")
		if authURL == "" {
			authURL = c.opts.OAuth2AuthorizationURL
		}
		if tokenURL == "" {
			tokenURL = c.opts.OAuth2TokenURL
		}
		if authURL == "" || tokenURL == "" {
			c.warn(r, "request.auth", "oauth2 auth names no authorization or token URL and none is configured; no security scheme written")
			return nil
		}
		return &namedScheme{"oauth2", &openapi3.SecurityScheme{Type: "oauth2", Flows: &openapi3.OAuthFlows{
			AuthorizationCode: &openapi3.OAuthFlow{AuthorizationURL: authURL, TokenURL: tokenURL, Scopes: map[string]string{}},
		}}}
	case "bearer":
		return &namedScheme{"bearerAuth", &openapi3.SecurityScheme{Type: "http", Scheme: "bearer"}}
	case "basic":
		return &namedScheme{"basicAuth", &openapi3.SecurityScheme{Type: "http", Scheme: "basic"}}
	case "apikey":
		in := a.attr("in")
		if in == "" {
			in = "header"
		}
		key := a.attr("key")
		if key == "" {
			key = "X-API-Key"
		}
		return &namedScheme{"apiKey" + pascal(words(in+" "+key)), &openapi3.SecurityScheme{Type: "apiKey", In: in, Name: key}}
	}
	c.warn(r, "request.auth", "auth type %q has no OpenAPI equivalent; the operation has no security requirement", a.Type)
	return nil
}
