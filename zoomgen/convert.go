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
	"errors"
	"fmt"
	"maps"
	"net/http"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

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

	// InferFormats adds string formats (email, date-time, uri) to schemas
	// inferred from examples, where every example of the value fits the
	// format. It is off for Zoom's pipeline because a format changes the
	// Go type oapi-codegen generates (openapi_types.Email, time.Time), and
	// the generated client's field types are part of its API.
	InferFormats bool
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
	c := &converter{opts: opts, schemes: map[string]*openapi3.SecurityScheme{}, scopes: map[string]map[string]bool{}, tags: map[string]string{}, names: &nameCache{m: map[[2]string]nameText{}}}
	for _, src := range sources {
		c.readSource(src)
	}
	c.readJobs()
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
		// Every input fault should have been reported with its place
		// before now; if one slipped through, name the request it came
		// from rather than only the document.
		var ps Problems
		for _, r := range c.reqs {
			one := &openapi3.T{OpenAPI: doc.OpenAPI, Info: doc.Info, Components: doc.Components, Paths: openapi3.NewPaths()}
			one.AddOperation(r.path, r.method, r.op)
			if oerr := one.Validate(ctx); oerr != nil {
				ps = append(ps, c.problem(r.loc, "", "the converted operation is not valid OpenAPI: %v", oerr))
			}
		}
		if len(ps) > 0 {
			return nil, ps
		}
		return nil, fmt.Errorf("zoomgen: the converted document is not valid OpenAPI: %w", err)
	}
	return &Result{Doc: doc, Warnings: c.warns, Requests: c.requests, Operations: len(c.reqs)}, nil
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

	requests int // request items seen, converted or not
	names    *nameCache
	jobs     []*job
	tags     map[string]string // tag (folder path) → folder description
}

// request is one Postman request item on its way to becoming an operation.
type request struct {
	loc       *Problem // location template for problems
	name      string
	folders   []string
	method    string
	path      string
	server    *serverRef
	op        *openapi3.Operation
	body      *bodyDraft
	responses map[int]*responseDraft
}

type bodyDraft struct {
	schema       *openapi3.Schema
	example      any
	contentTypes []string
	encoding     map[string]*openapi3.Encoding
	empty        bool // the collection showed no content at all
}

type responseDraft struct {
	description string
	schema      *openapi3.Schema // merged over examples; nil when no JSON body
	example     any
	textExample string
	textType    string
	headers     map[string]*openapi3.Schema
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
	sc := scope{src: src.Name, vars: map[string]string{}}
	for k, v := range c.opts.Variables {
		sc.vars[k] = v
	}
	if c.readDecoded(sc, src.Data) || c.readFast(sc, src.Data) {
		return
	}
	c.readSlow(sc, src.Data)
}

// readDecoded is readFast with every request below the top decoded in
// the same pass (pmDecodedDocument), so that a request's bytes are not
// scanned again by a json.Unmarshal of their own. It reports false,
// having read nothing, if the file does not decode that way (a v2.0
// request that is a URL string, a malformed value); readFast, and failing
// that readSlow, then read it as before.
func (c *converter) readDecoded(sc scope, data []byte) bool {
	var doc pmDecodedDocument
	if json.Unmarshal(data, &doc) != nil {
		return false
	}
	prefix := ""
	if doc.Collection != nil && doc.Info == nil && doc.Request == nil {
		doc, prefix = *doc.Collection, "collection."
	}
	return readDocument(c, sc, prefix, &doc.pmItemBase, doc.Info, doc.Item, c.readDecodedTree)
}

// readFast decodes the whole file in one pass and reads it. It reports
// false, having read nothing, if the file does not decode that way; the
// slow path then finds and names what is wrong.
func (c *converter) readFast(sc scope, data []byte) bool {
	var doc pmDocument
	if json.Unmarshal(data, &doc) != nil {
		return false
	}
	prefix := ""
	if doc.Collection != nil && doc.Info == nil && doc.Request == nil {
		doc, prefix = *doc.Collection, "collection."
	}
	return readDocument(c, sc, prefix, &doc.pmItemBase, doc.Info, doc.Item, c.readTree)
}

// readDocument reads a file decoded in one pass, whatever the tree type
// that pass decoded its items into: a collection (info, then each top
// item) or a bare item or folder. It reports false, having read nothing,
// when info does not decode or the file is neither, so that a slower
// path can find and name the problem.
func readDocument[T any](c *converter, sc scope, prefix string, top *pmItemBase, info rawJSON, items []T, readTree func(scope, *T, string)) bool {
	switch {
	case info != nil:
		var pi pmInfo
		if string(bytes.TrimSpace(info)) == "null" || json.Unmarshal(info, &pi) != nil {
			return false
		}
		if !c.readInfo(&sc, &Problem{Source: sc.src}, prefix, &pi, top.Variable, top.Auth) {
			return true
		}
		for i := range items {
			readTree(sc, &items[i], fmt.Sprintf("%sitem[%d]", prefix, i))
		}
		return true
	case top.Request != nil || items != nil:
		path := strings.TrimSuffix(prefix, ".")
		c.visit(sc, top, nil, path, items != nil, func(sc scope) {
			for i := range items {
				readTree(sc, &items[i], fmt.Sprintf("%s.item[%d]", path, i))
			}
		})
		return true
	}
	return false
}

// readSlow reads a file item by item, so that a broken item is reported
// with its place and the others are still read.
func (c *converter) readSlow(sc scope, data []byte) {
	loc := &Problem{Source: sc.src}
	var top map[string]rawJSON
	if err := json.Unmarshal(data, &top); err != nil {
		c.fail(loc, "", "not a JSON object: %s", jsonProblem(err, data))
		return
	}
	prefix := ""
	if wrapped, ok := top["collection"]; ok && top["info"] == nil && top["request"] == nil {
		top = nil
		if err := json.Unmarshal(wrapped, &top); err != nil {
			c.fail(loc, "collection", "must be a JSON object: %s", jsonProblem(err, nil))
			return
		}
		data = wrapped
		prefix = "collection."
	}
	switch {
	case top["info"] != nil:
		var col pmCollection
		if err := json.Unmarshal(data, &col); err != nil {
			c.fail(loc, strings.TrimSuffix(prefix, "."), "not a Postman collection: %s", jsonProblem(err, nil))
			return
		}
		if !c.readInfo(&sc, loc, prefix, col.Info, col.Variable, col.Auth) {
			return
		}
		c.readItems(sc, col.Item, prefix+"item")
	case top["request"] != nil || top["item"] != nil:
		c.readItem(sc, data, strings.TrimSuffix(prefix, "."))
	default:
		c.fail(loc, "", "not a Postman collection, folder or item: it has none of info, item or request")
	}
}

// readInfo checks the collection's schema and takes its title, version,
// variables and auth. It reports whether the items can be read.
func (c *converter) readInfo(sc *scope, loc *Problem, prefix string, info *pmInfo, vars []pmVariable, authRaw rawJSON) bool {
	if info == nil {
		c.fail(loc, prefix+"info", "must be an object")
		return false
	}
	if info.Schema != schemaV20 && info.Schema != schemaV21 {
		c.fail(loc, prefix+"info.schema", "unknown collection schema %q (want Postman v2.0.0 or v2.1.0)", info.Schema)
		return false
	}
	if c.title == "" {
		c.title = info.Name
		if d, err := text(info.Description); err == nil {
			c.desc = d
		}
		if v, err := scalarString(info.Version); err == nil {
			c.version = v
		}
	}
	for i, v := range vars {
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
	auth, err := decodeAuth(authRaw)
	if err != nil {
		c.fail(loc, prefix+"auth", "%v", err)
	}
	sc.auth = auth
	return true
}

func (c *converter) readItems(sc scope, items []rawJSON, path string) {
	for i, raw := range items {
		c.readItem(sc, raw, fmt.Sprintf("%s[%d]", path, i))
	}
}

// jsonProblem says what encoding/json found wrong in Postman's terms: the
// JSON field and the kind of value, not the converter's Go types; for a
// syntax error in data, the line and column.
func jsonProblem(err error, data []byte) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		var parts []string
		for _, f := range strings.Split(te.Field, ".") {
			// Embedded Go structs of the converter appear in the path.
			if f != "" && !strings.HasPrefix(f, "pm") {
				parts = append(parts, f)
			}
		}
		want := "another kind of value"
		switch te.Type.Kind() {
		case reflect.String:
			want = "a string"
		case reflect.Slice, reflect.Array:
			want = "a list"
		case reflect.Map, reflect.Struct, reflect.Pointer:
			want = "an object"
		case reflect.Int, reflect.Int64, reflect.Float64:
			want = "a number"
		case reflect.Bool:
			want = "true or false"
		}
		if len(parts) == 0 {
			return fmt.Sprintf("it is a JSON %s, not %s", te.Value, want)
		}
		return fmt.Sprintf("%s must be %s, not a JSON %s", strings.Join(parts, "."), want, te.Value)
	}
	var se *json.SyntaxError
	if errors.As(err, &se) && data != nil && se.Offset <= int64(len(data)) {
		before := data[:se.Offset]
		line := bytes.Count(before, []byte("\n")) + 1
		col := int(se.Offset) - bytes.LastIndexByte(before, '\n')
		return fmt.Sprintf("%v (line %d, column %d)", err, line, col)
	}
	return err.Error()
}

// maxFolderDepth bounds folder nesting. Each level's item is decoded from
// its raw JSON, so unbounded nesting would cost time quadratic in the file
// size; no real collection comes near this depth.
const maxFolderDepth = 64

// readItem reads a folder (recursing) or a request item at JSON path path,
// decoding it from raw JSON (the slow path).
func (c *converter) readItem(sc scope, raw rawJSON, path string) {
	var it pmItem
	if err := json.Unmarshal(raw, &it); err != nil {
		c.fail(&Problem{Source: sc.src, Item: path}, "", "not a Postman item: %s", jsonProblem(err, nil))
		return
	}
	c.visit(sc, &it.pmItemBase, nil, path, it.Item != nil, func(sc scope) {
		c.readItems(sc, it.Item, path+".item")
	})
}

// readTree reads an item decoded with its children (the fast path).
func (c *converter) readTree(sc scope, it *pmTree, path string) {
	c.visit(sc, &it.pmItemBase, nil, path, it.Item != nil, func(sc scope) {
		for i := range it.Item {
			c.readTree(sc, &it.Item[i], fmt.Sprintf("%s.item[%d]", path, i))
		}
	})
}

// readDecodedTree reads an item decoded with its children and its request
// (the fastest path).
func (c *converter) readDecodedTree(sc scope, it *pmDecodedTree, path string) {
	c.visit(sc, &it.pmItemBase, it, path, it.Item != nil, func(sc scope) {
		for i := range it.Item {
			c.readDecodedTree(sc, &it.Item[i], fmt.Sprintf("%s.item[%d]", path, i))
		}
	})
}

// visit reads one item: a request, or a folder whose children readChildren
// reads with the folder's scope. d is the item if it was decoded with its
// request and response headers (it is then &d.pmItemBase), else nil and
// the request is it.Request.
func (c *converter) visit(sc scope, it *pmItemBase, d *pmDecodedTree, path string, hasItems bool, readChildren func(scope)) {
	var req *pmRequest
	if d != nil {
		req = d.Req
	}
	loc := &Problem{Source: sc.src, Item: path, Name: it.Name}
	auth, err := decodeAuth(it.Auth)
	if err != nil {
		c.fail(loc, "auth", "%v", err)
	} else if auth != nil {
		sc.auth = auth
	}
	if req == nil && (len(bytes.TrimSpace(it.Request)) == 0 || string(bytes.TrimSpace(it.Request)) == "null") {
		if !hasItems {
			c.fail(loc, "", "item has neither request nor item: it is not a request or a folder")
			return
		}
		if len(sc.folders) >= maxFolderDepth {
			c.fail(loc, "item", "folders are nested more than %d levels deep", maxFolderDepth)
			return
		}
		sc.folders = append(append([]string(nil), sc.folders...), cleanText(it.Name))
		tag := folderTag(sc.folders)
		desc, err := text(it.Description)
		if err != nil {
			c.fail(loc, "description", "%v", err)
		}
		if old, seen := c.tags[tag]; !seen || (old == "" && desc != "") {
			c.tags[tag] = strings.TrimSpace(desc)
		}
		readChildren(sc)
		return
	}
	// Requests are read later, in parallel (readJobs); the job remembers
	// how many problems came before it so that problems stay in document
	// order.
	c.jobs = append(c.jobs, &job{sc: sc, loc: loc, it: it, d: d, errAt: len(c.errs), warnAt: len(c.warns)})
}

// job is one request item waiting to be read.
type job struct {
	sc            scope
	loc           *Problem
	it            *pmItemBase
	d             *pmDecodedTree // it decoded with its request, or nil: decode it.Request
	errAt, warnAt int            // len(c.errs), len(c.warns) when it was found
	out           *converter     // what reading it produced
}

// readJobs reads the requests found by the walk over the collection. Each
// request is independent of the others, so they are read on all CPUs,
// each into a converter of its own; the results are then merged in
// document order, so the output does not depend on scheduling.
func (c *converter) readJobs() {
	jobs := c.jobs
	c.jobs = nil
	workers := min(runtime.GOMAXPROCS(0), len(jobs))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(jobs) {
					return
				}
				j := jobs[i]
				jc := &converter{opts: c.opts, schemes: map[string]*openapi3.SecurityScheme{}, scopes: map[string]map[string]bool{}, names: c.names}
				jc.readRequest(j.sc, j.loc, j.it, j.d)
				j.out = jc
			}
		})
	}
	wg.Wait()
	var errs Problems
	var warns []*Problem
	ei, wi := 0, 0
	for _, j := range jobs {
		errs, ei = append(errs, c.errs[ei:j.errAt]...), j.errAt
		warns, wi = append(warns, c.warns[wi:j.warnAt]...), j.warnAt
		errs = append(errs, j.out.errs...)
		warns = append(warns, j.out.warns...)
		c.requests += j.out.requests
		c.reqs = append(c.reqs, j.out.reqs...)
		// The first request to use a scheme defines it, as when read in
		// order; scopes are united.
		for _, name := range slices.Sorted(maps.Keys(j.out.schemes)) {
			s := j.out.schemes[name]
			if old, ok := c.schemes[name]; !ok {
				c.schemes[name] = s
			} else if old.Type != s.Type {
				errs = append(errs, c.problem(j.loc, "request.auth", "security scheme %q is used with two different types", name))
			}
		}
		for name, set := range j.out.scopes {
			if c.scopes[name] == nil {
				c.scopes[name] = map[string]bool{}
			}
			for sc := range set {
				c.scopes[name][sc] = true
			}
		}
	}
	c.errs = append(errs, c.errs[ei:]...)
	c.warns = append(warns, c.warns[wi:]...)
}

// folderTag names the tag of a folder by its whole folder path, so that
// two sub-folders with the same name in different parents stay apart.
func folderTag(folders []string) string {
	parts := make([]string, len(folders))
	for i, f := range folders {
		parts[i] = strings.TrimSpace(f)
		if parts[i] == "" {
			parts[i] = "(unnamed folder)"
		}
	}
	return strings.Join(parts, " / ")
}

// openAPIMethods are the methods an OpenAPI 3.0 path item can hold.
var openAPIMethods = map[string]bool{
	http.MethodGet: true, http.MethodPut: true, http.MethodPost: true, http.MethodDelete: true,
	http.MethodOptions: true, http.MethodHead: true, http.MethodPatch: true, http.MethodTrace: true,
}

// bodyless methods never get a request body from an empty Postman body:
// Postman's converter writes `body: {}` on every request.
var bodyless = map[string]bool{http.MethodGet: true, http.MethodHead: true, http.MethodDelete: true, http.MethodOptions: true, http.MethodTrace: true}

func (c *converter) readRequest(sc scope, loc *Problem, it *pmItemBase, d *pmDecodedTree) {
	c.requests++
	var req pmRequest
	if d != nil {
		req = *d.Req
	} else if s, err := scalarString(it.Request); err == nil && s != "" && bytes.TrimSpace(it.Request)[0] == '"' {
		// v2.0 allows a request to be just its URL string.
		req.URL, _ = json.Marshal(s)
		req.Method = http.MethodGet
	} else if err := json.Unmarshal(it.Request, &req); err != nil {
		c.fail(loc, "request", "not a Postman request: %s", jsonProblem(err, nil))
		return
	}
	r := &request{loc: loc, name: it.Name, folders: sc.folders, responses: map[int]*responseDraft{}}
	r.method = strings.ToUpper(strings.TrimSpace(req.Method))
	if r.method == "" {
		r.method = http.MethodGet
	}
	if !openAPIMethods[r.method] {
		c.warn(loc, "request.method", "method %q has no OpenAPI 3.0 equivalent; the request is not converted", req.Method)
		return
	}
	desc, err := text(req.Description)
	if err != nil {
		c.fail(loc, "request.description", "%v", err)
	}
	op := openapi3.NewOperation()
	op.Summary = strings.TrimSpace(cleanText(it.Name))
	op.Description = strings.TrimSpace(desc)
	if len(sc.folders) > 0 {
		op.Tags = []string{folderTag(sc.folders)}
	}
	op.Extensions = map[string]any{}
	if label := rateLimitLabel(desc); label != "" {
		op.Extensions[ExtRateLimitLabel] = label
	}
	op.Extensions[ExtPostmanItem] = loc.where()
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
	if d != nil {
		for i, resp := range d.Response {
			c.readResponse(r, resp.pmResponse, resp.Header, fmt.Sprintf("response[%d]", i))
		}
	} else {
		for i, resp := range it.Response {
			var hs []pmParam
			_ = json.Unmarshal(resp.Header, &hs) // v2.0 string headers carry nothing we use
			c.readResponse(r, resp, hs, fmt.Sprintf("response[%d]", i))
		}
	}
	c.reqs = append(c.reqs, r)
}

// readURL fills the request's server, path and path/query parameters.
func (c *converter) readURL(sc scope, r *request, raw rawJSON) bool {
	field := "request.url"
	var u pmURL
	if len(bytes.TrimSpace(raw)) == 0 || string(bytes.TrimSpace(raw)) == "null" {
		c.fail(r.loc, field, "request has no URL")
		return false
	}
	switch raw = bytes.TrimSpace(raw); raw[0] {
	case '"':
		s, err := scalarString(raw)
		if err != nil {
			c.fail(r.loc, field, "must be a string or a URL object: %s", jsonProblem(err, nil))
			return false
		}
		u.Raw = s
	case '{':
		if err := json.Unmarshal(raw, &u); err != nil {
			c.fail(r.loc, field, "must be a string or a URL object: %s", jsonProblem(err, nil))
			return false
		}
	default:
		c.fail(r.loc, field, "must be a string or a URL object, not %s", string(raw))
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
		if strings.TrimSpace(u.Raw) == "" {
			c.fail(r.loc, field, "request has no URL: neither raw nor host and path")
			return false
		}
		protocol, host, segs = splitRawURL(u.Raw)
		if len(u.Query) == 0 {
			u.Query = rawQuery(u.Raw)
		}
	}
	r.server = c.server(sc, r, protocol, strings.Join(host, "."))

	vars := map[string]pmVariable{}
	for _, v := range u.Variable {
		vars[v.name()] = v
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
				c.fail(r.loc, field+".path", "path variable %q appears twice", name)
				return false
			}
			seen[name] = true
			path.WriteString("{" + name + "}")
			p := openapi3.NewPathParameter(name)
			v, ok := vars[name]
			val := ""
			var pt paramText
			if ok {
				desc, _ := text(v.Description)
				pt = parseParamDescription(desc)
				val, _ = scalarString(v.Value)
			} else if part.braces {
				// {{name}} takes its example from the collection's variable.
				val = sc.vars[name]
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
		if old := r.op.Parameters.GetByInAndName("query", *q.Key); old != nil {
			// ?id=1&id=2 is how Postman writes a repeated parameter.
			if !old.Schema.Value.Type.Is("array") {
				arr := openapi3.NewArraySchema()
				arr.Items = old.Schema
				old.Schema = openapi3.NewSchemaRef("", arr)
			}
			continue
		}
		p := openapi3.NewQueryParameter(*q.Key)
		p.Description = pt.Description
		p.Required = pt.Required
		p.Schema = openapi3.NewSchemaRef("", paramSchema(val, pt))
		r.op.AddParameter(p)
	}
	return true
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
	// The schema is only read from here on (withEnum copies before it
	// changes anything), so the shared leaves will do.
	_, s, isJSON, err := textValue(val, &leaves)
	if isJSON || err != nil || val == "" {
		s = leaves.pickString("")
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
		v, vs, _, err := textValue(e, &leaves)
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
	} else {
		c := *s
		s = &c
	}
	s.Enum = values
	if ex != nil {
		found := false
		for _, v := range values {
			if fmt.Sprint(v) == fmt.Sprint(ex) {
				found = true
				break
			}
		}
		if !found {
			ex = nil
		}
	}
	return s, ex
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

// server resolves the {{variables}} in a host. A host that is one variable
// (Zoom's {{baseUrl}}) becomes that variable's value; a host made of more
// than one keeps them as OpenAPI server variables with the collection's
// values as defaults, so a client can still choose them. An unresolved
// variable is a warning and leaves the operation without a server.
func (c *converter) server(sc scope, r *request, protocol, host string) *serverRef {
	if host == "" {
		return nil
	}
	var names []string
	for rest := host; ; {
		i := strings.Index(rest, "{{")
		if i < 0 {
			break
		}
		j := strings.Index(rest[i:], "}}")
		if j < 0 {
			break
		}
		names = append(names, strings.TrimSpace(rest[i+2:i+j]))
		rest = rest[i+j+2:]
	}
	for _, n := range names {
		if _, ok := sc.vars[n]; !ok {
			c.warn(r.loc, "request.url.host", "variable {{%s}} has no value; define it in the collection or pass -var '%s=URL'", n, n)
			return nil
		}
	}
	ref := &serverRef{}
	resolved := host
	if len(names) > 1 {
		ref.vars = map[string]string{}
		for _, n := range names {
			id := serverVarName(n)
			ref.vars[id] = sc.vars[n]
			resolved = strings.Replace(resolved, "{{"+n+"}}", "{"+id+"}", 1)
			resolved = strings.Replace(resolved, "{{ "+n+" }}", "{"+id+"}", 1)
		}
	} else {
		// A variable's value may itself name variables; a few rounds
		// resolve chains without looping forever on a cycle.
		for i := 0; i < 8 && strings.Contains(resolved, "{{"); i++ {
			start := strings.Index(resolved, "{{")
			end := strings.Index(resolved[start:], "}}")
			if end < 0 {
				break
			}
			name := strings.TrimSpace(resolved[start+2 : start+end])
			val, ok := sc.vars[name]
			if !ok {
				c.warn(r.loc, "request.url.host", "variable {{%s}} has no value; define it in the collection or pass -var '%s=URL'", name, name)
				return nil
			}
			resolved = resolved[:start] + val + resolved[start+end+2:]
		}
		if strings.Contains(resolved, "{{") {
			c.warn(r.loc, "request.url.host", "host %q still has unresolved variables; no server written", host)
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
		c.warn(r.loc, "request.url.host", "host %q does not make a valid server URL (%v); no server written", host, err)
		return nil
	}
	return ref
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

func (c *converter) readHeaders(r *request, raw rawJSON) {
	if len(bytes.TrimSpace(raw)) == 0 || string(bytes.TrimSpace(raw)) == "null" {
		return
	}
	var hs []pmParam
	if err := json.Unmarshal(raw, &hs); err != nil {
		// v2.0 allows headers as one "Key: value\n" string.
		var s string
		if err2 := json.Unmarshal(raw, &s); err2 != nil {
			c.fail(r.loc, "request.header", "must be a list of headers or a string: %s", jsonProblem(err, nil))
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
	case "graphql":
		c.readGraphQL(r, b.GraphQL)
	case "file":
		// The file itself is not in the collection: only that the body is
		// one, of a type Postman does not record.
		s := openapi3.NewStringSchema()
		s.Format = "binary"
		r.body = &bodyDraft{schema: s, contentTypes: []string{"application/octet-stream"}}
	default:
		c.fail(r.loc, "request.body.mode", "body mode %q is not one of raw, urlencoded, formdata, file, graphql", b.Mode)
	}
	if r.body != nil && r.body.empty && bodyless[r.method] {
		r.body = nil
	}
}

// readGraphQL describes a GraphQL body as the JSON document a GraphQL
// server expects: the query text and its variables.
func (c *converter) readGraphQL(r *request, raw rawJSON) {
	var g struct {
		Query     string `json:"query"`
		Variables string `json:"variables"`
	}
	if len(bytes.TrimSpace(raw)) > 0 {
		if err := json.Unmarshal(raw, &g); err != nil {
			c.fail(r.loc, "request.body.graphql", "must be an object with query and variables strings: %v", err)
			return
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
			c.warn(r.loc, "request.body.graphql.variables", "GraphQL variables are not JSON (%v); typed as any object", err)
		} else if m, ok := v.(map[string]any); ok {
			vars = c.infer(m)
			example["variables"] = m
		} else {
			c.warn(r.loc, "request.body.graphql.variables", "GraphQL variables are not a JSON object; typed as any object")
		}
	}
	schema.Properties["variables"] = openapi3.NewSchemaRef("", vars)
	r.body = &bodyDraft{schema: schema, example: example, contentTypes: []string{"application/json"}, empty: g.Query == ""}
}

func ptr[T any](v T) *T { return &v }

// infer is InferSchema with the converter's format setting.
func (c *converter) infer(v any) *openapi3.Schema {
	return inferShared(v, c.opts.InferFormats)
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
		var ex any
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
			v, s, isJSON, err := textValue(val, &leaves)
			claimsJSON := strings.HasPrefix(strings.ToLower(strings.TrimSpace(f.ContentType)), "application/json")
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
			if isJSON {
				s = c.infer(v)
			} else if c.opts.InferFormats && typeName(s) == "string" {
				s = InferSchemaWithFormats(val)
			}
			// prop's description is set below.
			prop, ex = unshared(s), v
		default:
			c.fail(r.loc, fpath+".type", "form field type %q is not text or file", f.Type)
			continue
		}
		if len(pt.Enum) > 0 {
			before := ex
			prop, ex = withEnum(prop, ex, pt.Enum)
			if before != nil && ex == nil {
				c.warn(r.loc, fpath+".value", "example %q of field %q is not one of its values (%s); left out of the example", fmt.Sprint(before), key, strings.Join(pt.Enum, ", "))
			}
		}
		if ex != nil {
			example[key] = ex
		}
		prop.Description = pt.Description
		if pt.Required {
			schema.Required = append(schema.Required, key)
		}
		schema.Properties[key] = openapi3.NewSchemaRef("", prop)
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
		lang = strings.ToLower(o.Raw.Language)
	}
	trimmed := strings.TrimSpace(b.Raw)
	if trimmed == "" {
		// Nothing to describe: on GET and DELETE this is the empty body
		// Postman's converter writes everywhere; elsewhere, a body of
		// unknown shape.
		if lang != "" && lang != "json" {
			r.body = &bodyDraft{schema: openapi3.NewStringSchema(), contentTypes: []string{rawMediaType(lang)}, empty: true}
			return
		}
		r.body = &bodyDraft{schema: openapi3.NewObjectSchema(), contentTypes: []string{"application/json"}, empty: true}
		return
	}
	if lang == "json" || (lang == "" && (strings.HasPrefix(trimmed, "{") || strings.HasPrefix(trimmed, "["))) {
		v, err := decodeJSON(trimmed)
		if err != nil {
			c.warn(r.loc, "request.body.raw", "JSON body does not parse (%v); kept as a text example", err)
			r.body = &bodyDraft{schema: openapi3.NewStringSchema(), example: b.Raw, contentTypes: []string{"text/plain"}}
			return
		}
		r.body = &bodyDraft{schema: c.infer(v), example: v, contentTypes: []string{"application/json"}}
		return
	}
	r.body = &bodyDraft{schema: openapi3.NewStringSchema(), example: b.Raw, contentTypes: []string{rawMediaType(lang)}}
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

// readResponse reads a response example whose headers, decoded, are hs.
func (c *converter) readResponse(r *request, resp pmResponse, hs []pmParam, field string) {
	if resp.Code < 100 || resp.Code > 599 {
		c.warn(r.loc, field+".code", "response example %q has no valid HTTP status code (%d); it is not converted", resp.Name, resp.Code)
		return
	}
	d, ok := r.responses[resp.Code]
	if !ok {
		d = &responseDraft{description: c.nameText(resp.Name, resp.Status).description, headers: map[string]*openapi3.Schema{}}
		r.responses[resp.Code] = d
	}
	d.codes = mergeCodes(d.codes, c.nameText(resp.Name, resp.Status).codes)
	contentType := ""
	for _, h := range hs {
		if h.Key == nil || h.Disabled {
			continue
		}
		k := strings.TrimSpace(*h.Key)
		val, _ := scalarString(h.Value)
		switch strings.ToLower(k) {
		case "content-type":
			contentType = val
		case "", "content-length", "date", "connection", "transfer-encoding", "keep-alive":
		default:
			// Header schemas are only read (mergeHeader copies).
			_, s, isJSON, err := textValue(val, &leaves)
			if isJSON || err != nil || val == "" {
				s = leaves.pickString("")
			}
			// Header names are case-insensitive: the first spelling wins.
			name := k
			for old := range d.headers {
				if strings.EqualFold(old, k) {
					name = old
				}
			}
			d.headers[name] = mergeHeader(d.headers[name], s)
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
		v, err := decodeJSON(body)
		if err == nil {
			d.schema = MergeSchemas(d.schema, c.infer(v))
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

// mergeHeader combines the schemas of one header seen in several
// examples: equal types stay, anything else becomes a string.
func mergeHeader(a, b *openapi3.Schema) *openapi3.Schema {
	if a == nil {
		return b
	}
	m := MergeSchemas(a, b)
	if typeName(m) == "" {
		return openapi3.NewStringSchema()
	}
	return m
}

// nameText is what a response example's name and status say.
type nameText struct {
	description string
	codes       []ErrorCode
}

// nameText parses a response name once: Zoom repeats the same names (the
// 429 text, "**HTTP Status Code:** `204`") on hundreds of requests, and the
// markdown clean-up is regular-expression work.
func (c *converter) nameText(name, status string) nameText {
	key := [2]string{name, status}
	c.names.mu.Lock()
	t, ok := c.names.m[key]
	c.names.mu.Unlock()
	if ok {
		return t
	}
	t = nameText{description: responseDescription(cleanText(name), cleanText(status)), codes: errorCodes(cleanText(name))}
	c.names.mu.Lock()
	c.names.m[key] = t
	c.names.mu.Unlock()
	return t
}

// nameCache is shared by the converters that read requests in parallel.
type nameCache struct {
	mu sync.Mutex
	m  map[[2]string]nameText
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
			// Two requests on one operation cannot both become it, and
			// merging two different requests would invent an API; the user
			// chooses.
			errs = append(errs, c.problem(b.loc, "request", "%s %s is also defined by %s; rename or remove one of them", b.method, b.path, where(a.loc)))
		}
	}
	// /users/{id} and /users/{userId} are one path to OpenAPI, which
	// refuses two templates for it; the collection must use one name.
	templates := map[string]*request{}
	for _, r := range c.reqs {
		norm := pathTemplate.ReplaceAllString(r.path, "{}")
		if first, ok := templates[norm]; ok && first.path != r.path {
			errs = append(errs, c.problem(r.loc, "request.url.path", "path %s is the same as %s of %s with other variable names; use one name for each variable", r.path, first.path, where(first.loc)))
			continue
		}
		templates[norm] = r
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

	// The document's server is the one most operations use (ties broken
	// by URL); operations on another server name it themselves.
	uses := map[string]int{}
	refs := map[string]*serverRef{}
	for _, r := range c.reqs {
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
	if main != "" {
		doc.Servers = openapi3.Servers{refs[main].openAPI()}
	}

	tagNames := make([]string, 0, len(c.tags))
	for t := range c.tags {
		tagNames = append(tagNames, t)
	}
	sort.Strings(tagNames)
	for _, t := range tagNames {
		doc.Tags = append(doc.Tags, &openapi3.Tag{Name: t, Description: c.tags[t]})
	}

	for _, r := range c.reqs {
		op := r.op
		base := upperFirst(op.OperationID)
		if r.server != nil && r.server.key() != main {
			op.Servers = &openapi3.Servers{r.server.openAPI()}
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
			case d.textExample == "" && code >= 400 && errRef != nil:
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

// where names an item for a message about another item.
func where(p *Problem) string {
	if p.Source == "" {
		return p.where()
	}
	return p.Source + ": " + p.where()
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

// reservedOperationIDs would give oapi-codegen's Client a method with the
// name of one of its fields, which does not compile.
var reservedOperationIDs = map[string]bool{"client": true, "server": true, "requestEditors": true, "clientInterface": true}

// assignOperationIDs derives each operationId from the item name.
//
// Collision rule: requests whose names give the same id are ordered by
// (path, method); the first keeps the plain id and each other one is
// qualified with "For" and the literal words of its own path that the
// first one's path does not have (POST /webinars/{webinarId}/batch_registrants
// next to POST /meetings/{meetingId}/batch_registrants becomes
// performBatchRegistrationForWebinars). The rule looks only at paths and
// methods, never at positions in the collection, because the id becomes a
// Go method name that must not change when a collection is reordered.
// Anything still equal after that is qualified by its method and whole
// path, and, last, numbered in (path, method) order.
func (c *converter) assignOperationIDs() {
	n := len(c.reqs)
	ids := make([]string, n)
	groups := map[string][]int{}
	for i, r := range c.reqs {
		ids[i] = identifier(nameWords(r.name), identifier(append([]string{strings.ToLower(r.method)}, pathWords(r.path)...), "operation"))
		if reservedOperationIDs[ids[i]] {
			ids[i] += "Operation"
		}
		groups[ids[i]] = append(groups[ids[i]], i)
	}
	qualified := make([]bool, n)
	for _, members := range groups {
		if len(members) < 2 {
			continue
		}
		// members are in (path, method) order: c.reqs is sorted.
		first := c.reqs[members[0]]
		have := map[string]bool{}
		for _, w := range pathWords(first.path) {
			have[strings.ToLower(w)] = true
		}
		for _, i := range members[1:] {
			r := c.reqs[i]
			inName := map[string]bool{}
			for _, w := range nameWords(r.name) {
				inName[strings.ToLower(w)] = true
			}
			var q []string
			for _, w := range pathWords(r.path) {
				lw := strings.ToLower(w)
				if !have[lw] && !inName[lw] {
					q = append(q, w)
				}
			}
			if len(q) == 0 {
				q = append([]string{strings.ToLower(r.method)}, pathWords(r.path)...)
			}
			ids[i] = identifier(append(append(nameWords(r.name), "For"), q...), ids[i])
			qualified[i] = true
		}
	}
	taken := map[string]bool{}
	for i := range c.reqs {
		if !qualified[i] {
			taken[ids[i]] = true
		}
	}
	for i, r := range c.reqs {
		if !qualified[i] {
			continue
		}
		if taken[ids[i]] {
			ids[i] = identifier(append(append(nameWords(r.name), "For", strings.ToLower(r.method)), pathWords(r.path)...), ids[i])
		}
		id := ids[i]
		for k := 2; taken[id]; k++ {
			id = fmt.Sprintf("%sV%d", ids[i], k)
		}
		ids[i] = id
		taken[id] = true
	}
	for i, r := range c.reqs {
		r.op.OperationID = ids[i]
	}
}
