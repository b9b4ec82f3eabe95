package zoom

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/zoomgen/zoom/internal/formdata"
	"github.com/zoomgen/zoom/spec"
)

// operation is what the transport needs to know about one OpenAPI
// operation. The table is built from the embedded document, the same one
// the client was generated from, so an endpoint added to the spec is paced,
// retried and error-checked with no code here.
type operation struct {
	ID       string
	Method   string
	Template string   // e.g. /meetings/{meetingId}/batch_registrants
	segments []string // Template split on "/", "{...}" kept as is
	literals int      // literal segments, to prefer /registrants/status over /registrants/{id}
	// Label is x-rate-limit-label: "Light", "Medium", "Heavy", ...
	Label string
	// Multipart is the operation's multipart/form-data encoding, if it
	// accepts that content type at all.
	Multipart formdata.Encoding
	// JSONSuccess lists the 2xx statuses whose documented body is JSON, to
	// refuse an answer that is not.
	JSONSuccess map[int]bool
}

// idempotent reports whether sending the request twice has the effect of
// sending it once (RFC 9110 §9.2.2), so that an unknown outcome may be
// retried.
func (op *operation) idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

type operationTable struct {
	byID     map[string]*operation
	byMethod map[string][]*operation
}

var loadOperations = sync.OnceValues(func() (*operationTable, error) {
	doc, err := spec.Load(context.Background())
	if err != nil {
		return nil, err
	}
	return buildOperations(doc)
})

func buildOperations(doc *openapi3.T) (*operationTable, error) {
	t := &operationTable{byID: map[string]*operation{}, byMethod: map[string][]*operation{}}
	for _, path := range doc.Paths.InMatchingOrder() {
		for method, o := range doc.Paths.Value(path).Operations() {
			op := &operation{
				ID:          o.OperationID,
				Method:      method,
				Template:    path,
				segments:    strings.Split(strings.Trim(path, "/"), "/"),
				JSONSuccess: map[int]bool{},
			}
			for _, s := range op.segments {
				if !strings.HasPrefix(s, "{") {
					op.literals++
				}
			}
			if label, ok := o.Extensions["x-rate-limit-label"].(string); ok {
				op.Label = label
			}
			if o.RequestBody != nil && o.RequestBody.Value != nil {
				if mt := o.RequestBody.Value.Content.Get("multipart/form-data"); mt != nil {
					op.Multipart = formdata.Encoding{}
					for name, enc := range mt.Encoding {
						if enc != nil && enc.ContentType != "" {
							op.Multipart[name] = enc.ContentType
						}
					}
				}
			}
			if o.Responses != nil {
				for status, ref := range o.Responses.Map() {
					var code int
					if _, err := fmt.Sscanf(status, "%d", &code); err != nil || code < 200 || code > 299 {
						continue
					}
					if ref.Value != nil && ref.Value.Content.Get("application/json") != nil {
						op.JSONSuccess[code] = true
					}
				}
			}
			if op.ID != "" {
				t.byID[op.ID] = op
			}
			t.byMethod[method] = append(t.byMethod[method], op)
		}
	}
	for _, ops := range t.byMethod {
		sort.SliceStable(ops, func(i, j int) bool { return ops[i].literals > ops[j].literals })
	}
	return t, nil
}

// match finds the operation for a request path relative to the API base
// (e.g. /meetings/123/batch_registrants). It compares escaped segments, so
// a path parameter holding an escaped "/" stays one segment.
func (t *operationTable) match(method, escapedPath string) *operation {
	// Only the leading slash goes: a trailing one is an empty last
	// segment, which is what a ".." parameter collapses into.
	path := strings.TrimPrefix(escapedPath, "/")
	for _, op := range t.byMethod[method] {
		if matchSegments(op.segments, path) {
			return op
		}
	}
	return nil
}

// matchSegments walks path segment by segment without splitting it, since
// this runs on every request.
func matchSegments(template []string, path string) bool {
	for i, s := range template {
		seg, rest, more := strings.Cut(path, "/")
		if more == (i == len(template)-1) {
			return false // path has more, or fewer, segments than template
		}
		if strings.HasPrefix(s, "{") {
			if seg == "" {
				return false
			}
		} else if s != seg {
			return false
		}
		path = rest
	}
	return true
}

// MultipartBody encodes body as multipart/form-data for the operation with
// the given OpenAPI operation ID, honouring the spec's per-property
// encoding. The result feeds any generated ...WithBody method:
//
//	ct, r, err := zoom.MultipartBody("performBatchRegistration", body)
//	res, err := c.API().PerformBatchRegistrationWithBodyWithResponse(ctx, id, ct, r)
//
// The *bytes.Reader lets the client replay the body on a retry.
func MultipartBody(operationID string, body any) (contentType string, r *bytes.Reader, err error) {
	ops, err := loadOperations()
	if err != nil {
		return "", nil, err
	}
	op := ops.byID[operationID]
	if op == nil {
		return "", nil, fmt.Errorf("zoom: no operation %q in the OpenAPI document", operationID)
	}
	if op.Multipart == nil {
		return "", nil, fmt.Errorf("zoom: operation %q does not accept multipart/form-data", operationID)
	}
	return formdata.Bytes(body, op.Multipart)
}
