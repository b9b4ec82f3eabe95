package bulk

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"testing"

	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/zoomgen/zoom"
)

// TestClassifyEncodeErrorIsPermanent: an error from encoding the body
// means nothing was sent and never will be; it must not be taken for a
// transient failure (which leaves the whole batch not sent).
func TestClassifyEncodeErrorIsPermanent(t *testing.T) {
	_, emailErr := json.Marshal(struct{ E openapi_types.Email }{"john..doe@example.com"})
	_, nanErr := json.Marshal(math.NaN())
	for _, tc := range []struct {
		name string
		err  error
		want failKind
	}{
		{"email marshaler, bare", emailErr, failRows},
		{"email marshaler, wrapped", fmt.Errorf("zoom: performBatchRegistration: %w", emailErr), failRows},
		{"the sentinel", openapi_types.ErrValidationEmail, failRows},
		{"unsupported value", nanErr, failRows},
		{"validation error", &zoom.ValidationError{Index: 3, Field: "email", Message: "bad"}, failRows},
		{"anything else stays transient", errors.New("connection refused"), failTransient},
	} {
		if emailErr == nil || nanErr == nil {
			t.Fatal("the encoder accepted what this test needs it to refuse")
		}
		if got := classify(tc.err).kind; got != tc.want {
			t.Errorf("%s: kind %d, want %d", tc.name, got, tc.want)
		}
	}
}

// TestBulkBareEncodeErrorFailsOneRow: a registrar that returns a bare
// encoding error for any batch holding one attendee (as the client did
// before it validated addresses the way the encoder does) costs that one
// attendee its registration, not its batch: the engine splits the batch
// until the row is alone and registers the other 29.
func TestBulkBareEncodeErrorFailsOneRow(t *testing.T) {
	in := bulkAttendees(30)
	const bad = 17
	_, encErr := json.Marshal(openapi_types.Email("john..doe@example.com"))
	f := newBulkFake()
	f.before = func(_ int, emails []string) (bool, error) {
		for _, e := range emails {
			if e == in[bad].Email {
				return false, fmt.Errorf("zoom: performBatchRegistration: %w", encErr)
			}
		}
		return true, nil
	}
	rep, err := register(t.Context(), f, Meeting(1), in, Options{Concurrency: 1})
	if err != nil {
		t.Fatal(err)
	}
	bulkCheckAccounted(t, in, rep)
	if rep.Registered != 29 || rep.Failed != 1 || rep.Results[bad].Status != Failed {
		t.Fatalf("%s; the bad one: %s; want 29 registered and it failed", rep, rep.Results[bad])
	}
	// Halving 30 down to 1 is at most 2 requests per level; a transient
	// classification would leave all 30 not sent after one request.
	if n := f.requests(); n > 11 || n < 2 || f.sizes[1] == 30 {
		t.Errorf("%d requests of sizes %v: the batch was retried whole", n, f.sizes)
	}
}
