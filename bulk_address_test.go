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

// TestBulkOneBadAddressInABatch: 30 attendees, one with an address the
// encoder refuses. The 29 others are registered, in one request; the bad
// one fails alone, with its reason, and is never sent.
func TestBulkOneBadAddressInABatch(t *testing.T) {
	srv := bulkServer(t, zoomtest.Options{})
	rec := newRecorder()
	c := bulkClient(t, srv, zoom.WithHTTPClient(rec.client()), zoom.WithRetry(bulkRetry), zoom.WithPlan(zoom.PlanUnlimited))
	people := bulkPeople("onebad", 30)
	const bad = 12
	people[bad].Email = "john..doe@example.com"

	rep, err := c.BulkRegister(t.Context(), bulkMeeting, people, zoom.BulkOptions{})
	if err != nil {
		t.Fatalf("BulkRegister: %v (%s)", err, rep)
	}
	if rep.Registered != 29 || rep.Failed != 1 || rep.NotSent != 0 || rep.Unconfirmed != 0 {
		t.Errorf("report %s; want 29 registered, 1 failed", rep)
	}
	res := rep.Results[bad]
	if res.Status != zoom.BulkFailed || !strings.Contains(res.Error, `email: "john..doe@example.com" is not an email address: two dots in a row`) {
		t.Errorf("the bad one: %s; want failed with its reason", res)
	}
	for i, p := range people {
		want := 1
		if i == bad {
			want = 0
		}
		if got := srv.Received(bulkMeeting, p.Email); got != want {
			t.Errorf("%s reached the registration %d times, want %d", p.Email, got, want)
		}
		if i != bad && (rep.Results[i].Status != zoom.BulkRegistered || srv.Registrations(bulkMeeting, p.Email) != 1) {
			t.Errorf("%s: %s, registered %d times", p.Email, rep.Results[i], srv.Registrations(bulkMeeting, p.Email))
		}
	}
	var batches int
	for _, q := range rec.api() {
		if q.Method == "POST" && strings.HasSuffix(q.Path, "/batch_registrants") {
			batches++
		}
	}
	if batches != 1 || rep.Requests != 1 {
		t.Errorf("%d batch requests on the wire, %d in the report; want exactly 1", batches, rep.Requests)
	}
}
