package zoom

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/zoomgen/zoom/internal/formdata"
)

// operation is what the transport needs to know about one OpenAPI
// operation. The table (operations.gen.go) is generated from the same
// document as the client, so an endpoint added to the spec is paced,
// retried and error-checked with no code here, and nothing is parsed at
// run time.
type operation struct {
	ID       string
	Method   string
	Template string   // e.g. /meetings/{meetingId}/batch_registrants
	segments []string // Template split on "/", "{...}" kept as is
	literals int      // literal segments, to prefer /registrants/status over /registrants/{id}
	// Label is x-rate-limit-label.
	Label Label
	// Multipart is the operation's multipart/form-data encoding, if it
	// accepts that content type at all.
	Multipart formdata.Encoding
	// Success lists the documented 2xx statuses; JSON those of them
	// whose documented body is JSON, to refuse an answer that is not.
	Success, JSON []int
	// adHoc marks an operation made up for a request the document does
	// not describe (Client.NewRequest): any 2xx is its success.
	adHoc bool
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

// documents reports whether status is one of the operation's documented
// successes.
func (op *operation) documents(status int) bool {
	return op.adHoc || slices.Contains(op.Success, status)
}

// jsonResult reports whether the document promises a JSON body for status.
func (op *operation) jsonResult(status int) bool { return slices.Contains(op.JSON, status) }

// operationTable looks operations up in the generated table.
type operationTable struct{}

// byID returns the operation with the given OpenAPI operationId, or nil.
func (operationTable) byID(id string) *operation {
	for i := range operations {
		if operations[i].ID == id {
			return &operations[i]
		}
	}
	return nil
}

// match finds the operation for a request path relative to the API base
// (e.g. /meetings/123/batch_registrants). It compares escaped segments, so
// a path parameter holding an escaped "/" stays one segment.
func (operationTable) match(method, escapedPath string) *operation {
	// Only the leading slash goes: a trailing one is an empty last
	// segment, which is what a ".." parameter collapses into.
	path := strings.TrimPrefix(escapedPath, "/")
	ops := methodOperations(method)
	for i := range ops {
		if matchSegments(ops[i].segments, path) {
			return &ops[i]
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
	op := operationTable{}.byID(operationID)
	if op == nil {
		return "", nil, fmt.Errorf("zoom: no operation %q in the OpenAPI document", operationID)
	}
	if op.Multipart == nil {
		return "", nil, fmt.Errorf("zoom: operation %q does not accept multipart/form-data", operationID)
	}
	return formdata.Bytes(body, op.Multipart)
}
