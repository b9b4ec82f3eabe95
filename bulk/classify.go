package bulk

import (
	"encoding/json"
	"errors"
	"time"

	openapi_types "github.com/oapi-codegen/runtime/types"
)

// failKind is what the bulk engine does about a failed batch.
type failKind int

const (
	// failTransient: nothing was committed (a QPS 429 the client's retries
	// did not get past, a connection that failed before the request went
	// out); the client has retried it already, so the engine does not.
	failTransient failKind = iota
	// failRows: Zoom (or the client's validation) refused the batch for
	// the fields of some registrants; nothing was committed.
	failRows
	// failRegistrantDaily: one registrant has used its registrations for
	// the day; the whole batch was refused.
	failRegistrantDaily
	// failAccountDaily: the account (or user) has used the day's requests.
	failAccountDaily
	// failOutcomeUnknown: the request may have been committed.
	failOutcomeUnknown
	// failMeeting: the meeting cannot take registrations (or the
	// credentials are refused); every batch would fail the same way.
	failMeeting
)

// failure is a classified batch error.
type failure struct {
	kind    failKind
	rows    []int    // failRows: indices in the batch that are at fault
	rowMsgs []string // failRows: message per entry of rows
	email   string   // failRegistrantDaily: the registrant Zoom named
	resetAt time.Time
	code    int // Zoom's error code, when there is one
	err     error
}

// rowMsg is the message for row i of the batch.
func (f failure) rowMsg(i int) string {
	for k, r := range f.rows {
		if r == i && k < len(f.rowMsgs) && f.rowMsgs[k] != "" {
			return f.rowMsgs[k]
		}
	}
	if f.err != nil {
		return f.err.Error()
	}
	return "refused by Zoom"
}

// classify decides what to do about an error of the client.
func classify(err error) failure {
	if c, ok := classifyClient(err); ok {
		return c
	}
	if isEncodeError(err) {
		// The body could not be encoded, so nothing was sent: the same
		// batch would fail the same way every time. Fail the rows (the
		// engine splits the batch until the bad one is alone) instead of
		// leaving the whole batch not sent as if the network had failed.
		return failure{kind: failRows, err: err}
	}
	return failure{kind: failTransient, err: err}
}

// isEncodeError reports whether err is a failure to encode a request body
// before it was sent. The client turns these into a *ValidationError; this
// catches any that reach the engine bare (from another registrar, or a
// path of the client that does not), because a transient failure leaves
// the whole batch not sent where a bad row should cost only itself.
func isEncodeError(err error) bool {
	var (
		me *json.MarshalerError
		ut *json.UnsupportedTypeError
		uv *json.UnsupportedValueError
	)
	return errors.Is(err, openapi_types.ErrValidationEmail) || errors.As(err, &me) || errors.As(err, &ut) || errors.As(err, &uv)
}
