// Package zoomgen converts Postman collections (a whole v2.0 or v2.1
// collection, a folder, or a bare request item) into one OpenAPI 3 document
// built with kin-openapi, so that oapi-codegen can generate a typed Go client.
//
// Convert is one pipeline whose stages are the package's files: read.go
// decodes each file once (a fallback pass locates a bad item and field)
// and lists its request items with what they inherit from folders;
// requests.go turns each item into an operation's URL, parameters,
// headers and security; bodies.go its request body; responses.go its
// responses, merged per status; document.go merges the requests on one
// method and path and assembles the operations (sorted, named by names.go,
// their object schemas hoisted by hoist.go) into the validated document;
// output.go writes it as YAML (with yamlemit.go) and applies overlays.
// Problems found on the way are collected with their place (problem.go);
// inference of schemas from example values is infer.go, and the
// annotations read from description text are describe.go.
//
// Postman's OpenAPI→Postman converter, which Zoom uses to publish its API,
// keeps only part of the original API: types survive only as example values,
// and facts such as required parameters, OAuth scopes, rate-limit labels and
// error codes survive only as markdown in descriptions. Convert recovers what
// the collection carries; what it cannot carry comes from an OpenAPI Overlay
// (see ApplyOverlay), never from special cases in this package.
package zoomgen

import (
	"context"
	"fmt"
	"runtime"
	"sync"

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
	// Skipped counts the items that became no operation because of a
	// problem (each has a warning): a request without a usable URL, an
	// item that does not decode, and the like. Requests merged into
	// another request's operation are not skipped.
	Skipped int
}

// Convert reads every source and returns one OpenAPI document holding all
// their requests. The document has passed doc.Validate. An item that
// cannot be converted, or only in part, is a warning that names it and
// the field at fault; what is wrong with a whole file is an error. On
// errors (and, in strict mode, on warnings) it returns Problems listing
// every one.
func Convert(ctx context.Context, sources []Source, opts Options) (*Result, error) {
	c := newRun(opts)
	col := c.read(sources)
	skipped := col.skipped
	var reqs []*request
	for _, r := range c.convertItems(col.items) {
		if r != nil {
			reqs = append(reqs, r)
		} else {
			skipped++
		}
	}
	reqs = c.mergeDuplicates(reqs)
	kept := c.dropConflictingPaths(reqs)
	skipped += len(reqs) - len(kept)
	schemes := c.securitySchemes(kept)
	if errs, _ := c.log.split(opts.Strict); len(errs) > 0 {
		return nil, errs
	}
	doc := buildDocument(col, kept, schemes, opts)
	if err := validate(ctx, doc, kept); err != nil {
		return nil, err
	}
	_, warns := c.log.split(opts.Strict)
	return &Result{Doc: doc, Warnings: warns, Requests: len(col.items), Operations: len(kept), Skipped: skipped}, nil
}

// run is what the stages of one Convert call share: the options, the
// problems found so far, and the parsed response names (Zoom repeats the
// same few hundred names on every request).
type run struct {
	opts  Options
	log   *problemLog
	names map[[2]string]nameText
}

func newRun(opts Options) *run {
	return &run{opts: opts, log: &problemLog{}, names: map[[2]string]nameText{}}
}

// convertItems takes every item through convertItem, the items shared
// out over the cores, and returns the results in the items' order. Each
// worker has a run of its own (problems, name cache), so the workers share
// nothing they write; their problems join c's, which split puts in
// document order. On the 3 MB benchmark collection this is a
// ninth of a conversion's time on two cores (BenchmarkConvertLarge, the
// 150 ms budget).
func (c *run) convertItems(items []item) []*request {
	out := make([]*request, len(items))
	workers := make([]*run, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for w := range workers {
		workers[w] = newRun(c.opts)
		wg.Go(func() {
			for i := w; i < len(items); i += len(workers) {
				out[i] = workers[w].convertItem(items[i])
			}
		})
	}
	wg.Wait()
	for _, wr := range workers {
		c.log.entries = append(c.log.entries, wr.log.entries...)
	}
	return out
}

// convertItem takes one request item through the request, body and
// response stages. It returns nil when the item cannot become an
// operation; the log says why.
func (c *run) convertItem(it item) *request {
	r, body := c.readRequest(it)
	if r == nil {
		return nil
	}
	if body != nil {
		r.body = c.readBody(r, body)
	}
	r.responses = c.readResponses(r, it.responses)
	return r
}

// validate runs doc.Validate. Every input fault should have been reported
// with its place before now; if one slipped through, the error names the
// request it came from rather than only the document.
func validate(ctx context.Context, doc *openapi3.T, reqs []*request) error {
	err := doc.Validate(ctx)
	if err == nil {
		return nil
	}
	var ps Problems
	for _, r := range reqs {
		one := &openapi3.T{OpenAPI: doc.OpenAPI, Info: doc.Info, Components: doc.Components, Paths: openapi3.NewPaths()}
		one.AddOperation(r.path, r.method, r.op)
		if oerr := one.Validate(ctx); oerr != nil {
			ps = append(ps, at(r.loc, "", "the converted operation is not valid OpenAPI: %v", oerr))
		}
	}
	if len(ps) > 0 {
		return ps
	}
	return fmt.Errorf("zoomgen: the converted document is not valid OpenAPI: %w", err)
}
