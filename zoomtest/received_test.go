package zoomtest_test

import (
	"context"
	"testing"

	"github.com/zoomgen/zoom/zoomtest"
)

// TestReceived counts requests that reached the registration, committed
// or refused there, and not those turned away before it.
func TestReceived(t *testing.T) {
	t.Parallel()
	srv := newMock(t, zoomtest.Options{RegistrantDailyLimit: 1})
	api := client(t, srv, srv.IssueToken())
	register(t, api, zoomtest.MeetingScheduled, people(1, "seen"))
	// Refused by the registrant's daily limit: received, not committed.
	if res, err := api.PerformBatchRegistrationWithResponse(context.Background(), zoomtest.MeetingScheduled, batch(people(1, "seen"))); err != nil || res.StatusCode() != 429 {
		t.Fatalf("second registration: %v %d", err, res.StatusCode())
	}
	// Refused before the registration (an injected QPS 429): not received.
	srv.SetFaults(zoomtest.Faults{QPSErrorRate: 1})
	if res, err := api.PerformBatchRegistrationWithResponse(context.Background(), zoomtest.MeetingScheduled, batch(people(1, "seen"))); err != nil || res.StatusCode() != 429 {
		t.Fatalf("third registration: %v %d", err, res.StatusCode())
	}
	if got, reg := srv.Received(zoomtest.MeetingScheduled, "SEEN0@example.com"), srv.Registrations(zoomtest.MeetingScheduled, "seen0@example.com"); got != 2 || reg != 1 {
		t.Errorf("Received = %d, Registrations = %d; want 2 and 1", got, reg)
	}
	if got := srv.Received(zoomtest.MeetingScheduled, "never@example.com"); got != 0 {
		t.Errorf("Received for an email never sent = %d", got)
	}
}
