package zoom_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/zoomgen/zoom"
	"github.com/zoomgen/zoom/zoomtest"
)

// badAddresses are addresses a looser check used to let through and the
// generated request type cannot encode (or would send rewritten), each
// with what the error must say.
var badAddresses = []struct{ email, why string }{
	{"john..doe@example.com", "two dots in a row"},
	{".john@example.com", "starts or ends with a dot"},
	{"john.@example.com", "starts or ends with a dot"},
	{"John <john@example.com>", "bare address"},
	{"john@example.com (John)", "bare address"},
	{"john@example", "no dot"},
}

// TestValidateAgreesWithEncoder: a body ValidateBatchRegistration accepts
// is one the generated type encodes, and one it cannot encode is refused
// with the registrant's index and the field, never left to fail on the
// way out.
func TestValidateAgreesWithEncoder(t *testing.T) {
	for _, tc := range badAddresses {
		t.Run(tc.email, func(t *testing.T) {
			items := registrants(10, "agree")
			items[7].Email = tc.email
			err := zoom.ValidateBatchRegistration(body(items))
			var ve *zoom.ValidationError
			if !errors.As(err, &ve) || ve.Index != 7 || ve.Field != "email" || !strings.Contains(ve.Message, tc.why) {
				t.Fatalf("ValidateBatchRegistration = %v; want registrants[7].email saying %q", err, tc.why)
			}
			if !strings.Contains(err.Error(), "registrants[7].email") {
				t.Errorf("error %q does not name registrants[7].email", err)
			}
			items[7].Email = "john.doe@example.com"
			if err := zoom.ValidateBatchRegistration(body(items)); err != nil {
				t.Fatalf("the corrected body is refused: %v", err)
			}
			if _, err := json.Marshal(body(items)); err != nil {
				t.Fatalf("a body that validates does not encode: %v", err)
			}
		})
	}
}

// TestBadAddressSendsNothing: over HTTP, in JSON and in multipart, the
// call fails with a *ValidationError naming the registrant, and no
// request reaches the API.
func TestBadAddressSendsNothing(t *testing.T) {
	for _, mode := range []struct {
		name string
		opts []zoom.Option
	}{{"json", nil}, {"multipart", []zoom.Option{zoom.WithMultipart()}}} {
		t.Run(mode.name, func(t *testing.T) {
			srv := zoomtest.NewServer(t, zoomtest.Options{})
			rec := newRecorder()
			c := mockClient(t, srv, rec, mode.opts...)
			items := registrants(10, "nothing")
			items[5].Email = "john..doe@example.com"
			res, err := c.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, body(items))
			var ve *zoom.ValidationError
			if res != nil || !errors.As(err, &ve) || ve.Index != 5 || ve.Field != "email" {
				t.Fatalf("got %v, %v; want a *ValidationError for registrants[5].email", res, err)
			}
			if got := rec.api(); len(got) != 0 {
				t.Errorf("%d API requests sent for a body the client refused: %+v", len(got), got)
			}
		})
	}
}
