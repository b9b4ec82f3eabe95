package zoom_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zoomgen/zoom"
	"github.com/zoomgen/zoom/internal/journal"
	"github.com/zoomgen/zoom/zoomtest"
)

// TestBulkJournalInUse: while one BulkRegister has the journal open (its
// first progress report comes after the journal is read), a second
// BulkRegister or Resume with the same journal is refused with
// journal.ErrInUse, does nothing and reports nothing; the first
// registers everyone once. Afterwards the journal is free again.
func TestBulkJournalInUse(t *testing.T) {
	t.Parallel()
	srv := bulkServer(t, zoomtest.Options{})
	c := bulkClient(t, srv, zoom.WithRetry(bulkRetry), zoom.WithPlan(zoom.PlanUnlimited))
	people := bulkPeople("inuse", 90)
	jnl := filepath.Join(t.TempDir(), "run.jsonl")

	type second struct {
		name string
		rep  zoom.BulkReport
		err  error
	}
	var seconds []second
	opts := zoom.BulkOptions{Journal: jnl, Concurrency: 1}
	opts.Progress = func(zoom.BulkProgress) {
		if seconds != nil {
			return
		}
		rep, err := c.BulkRegister(t.Context(), bulkMeeting, people, zoom.BulkOptions{Journal: jnl})
		seconds = append(seconds, second{"BulkRegister", rep, err})
		rep, err = c.Resume(t.Context(), bulkMeeting, people, zoom.BulkOptions{Journal: jnl})
		seconds = append(seconds, second{"Resume", rep, err})
	}
	rep, err := c.BulkRegister(t.Context(), bulkMeeting, people, opts)
	if err != nil || rep.Registered != len(people) {
		t.Fatalf("first run: %v; %s", err, rep)
	}
	if len(seconds) != 2 {
		t.Fatalf("the second runs did not happen during the first (%d)", len(seconds))
	}
	for _, s := range seconds {
		if !errors.Is(s.err, zoom.ErrJournalInUse) || !errors.Is(s.err, journal.ErrInUse) || !strings.Contains(s.err.Error(), "journal "+jnl+" is in use by another run") {
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
	rep, err = c.Resume(t.Context(), bulkMeeting, people, zoom.BulkOptions{Journal: jnl})
	if err != nil || rep.Registered != len(people) || rep.Requests != 0 {
		t.Errorf("resume after the first run: %v; %s", err, rep)
	}
}
