package bulk_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zoomgen/zoom"
	"github.com/zoomgen/zoom/bulk"
	"github.com/zoomgen/zoom/zoomtest"
)

// TestBulkJournalInUse: while one Register has the journal open (its
// first progress report comes after the journal is read), a second
// Register or Resume with the same journal is refused with
// ErrJournalInUse, does nothing and reports nothing; the first
// registers everyone once. Afterwards the journal is free again.
func TestBulkJournalInUse(t *testing.T) {
	srv := bulkServer(t, zoomtest.Options{})
	c := bulkClient(t, srv, zoom.WithRetry(bulkRetry), zoom.WithPlan(zoom.PlanUnlimited))
	people := bulkPeople("inuse", 90)
	jnl := filepath.Join(t.TempDir(), "run.jsonl")

	type second struct {
		name string
		rep  bulk.Report
		err  error
	}
	var seconds []second
	opts := bulk.Options{Journal: jnl, Concurrency: 1}
	opts.Progress = func(bulk.Progress) {
		if seconds != nil {
			return
		}
		rep, err := bulk.Register(t.Context(), c, bulkMeeting, people, bulk.Options{Journal: jnl})
		seconds = append(seconds, second{"Register", rep, err})
		rep, err = bulk.Resume(t.Context(), c, bulkMeeting, people, bulk.Options{Journal: jnl})
		seconds = append(seconds, second{"Resume", rep, err})
	}
	rep, err := bulk.Register(t.Context(), c, bulkMeeting, people, opts)
	if err != nil || rep.Registered != len(people) {
		t.Fatalf("first run: %v; %s", err, rep)
	}
	if len(seconds) != 2 {
		t.Fatalf("the second runs did not happen during the first (%d)", len(seconds))
	}
	for _, s := range seconds {
		if !errors.Is(s.err, bulk.ErrJournalInUse) || !strings.Contains(s.err.Error(), "journal "+jnl+" is in use by another run") {
			t.Errorf("%s during the first run: %v; want journal in use", s.name, s.err)
		}
		if s.rep.Results != nil || s.rep.Requests != 0 {
			t.Errorf("%s during the first run reported %s", s.name, s.rep)
		}
	}
	for _, p := range people {
		if got := srv.Received(bulkMeeting, p.Email); got != 1 {
			t.Errorf("%s reached the registration %d times, want 1", p.Email, got)
		}
	}
	// Closed at the end of the first run: a resume now opens it and has
	// nothing left to send.
	rep, err = bulk.Resume(t.Context(), c, bulkMeeting, people, bulk.Options{Journal: jnl})
	if err != nil || rep.Registered != len(people) || rep.Requests != 0 {
		t.Errorf("resume after the first run: %v; %s", err, rep)
	}
}
