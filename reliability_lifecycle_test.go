package zoom_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zoomgen/zoom"
	"github.com/zoomgen/zoom/bulk"
	"github.com/zoomgen/zoom/zoomtest"
)

// The reliability scenarios for webinars and for status changes: the
// same faults, counted the same way from the mock's state.

// relMeeting and relWebinar run a scenario for the mock's scheduled
// meeting or webinar.
func relMeeting(sc func(*testing.T, bulk.Target) []relRow) func(*testing.T) []relRow {
	return func(t *testing.T) []relRow { return sc(t, bulk.Meeting(zoomtest.MeetingScheduled)) }
}

func relWebinar(sc func(*testing.T, bulk.Target) []relRow) func(*testing.T) []relRow {
	return func(t *testing.T) []relRow { return sc(t, bulk.Webinar(zoomtest.WebinarScheduled)) }
}

// relName names a scenario's row: "webinar: …" for a webinar.
func relName(tg bulk.Target, name string) string {
	if tg.Webinar {
		return "webinar: " + name
	}
	return name
}

// relTargetFlag is zoom-register's flag for the target.
func relTargetFlag(tg bulk.Target) []string {
	if tg.Webinar {
		return []string{"-webinar", fmt.Sprint(tg.ID)}
	}
	return []string{"-meeting", fmt.Sprint(tg.ID)}
}

// relPending seeds the target with n pending registrants (as a meeting
// with manual approval holds them) and returns their emails.
func relPending(srv *zoomtest.Handler, tg bulk.Target, tag string, n int) []string {
	emails := make([]string, n)
	seed := make([]zoomtest.Registrant, n)
	for i := range seed {
		emails[i] = fmt.Sprintf("appr-%s-%05d@example.com", tag, i)
		seed[i] = zoomtest.Registrant{Email: emails[i], FirstName: "First", Status: "pending"}
	}
	srv.AddRegistrants(tg.ID, seed)
	return emails
}

// tallyStatus fills a row for an approval run from the mock's state:
// sent = named in at least one status update that reached the mock,
// once/twice = how many times the mock changed the registrant's status,
// lost = not changed and not reported with a reason, failed = not
// changed and reported so with a reason. A registrant changed once must
// be approved and reported changed (or unconfirmed, with a reason).
func tallyStatus(t *testing.T, row *relRow, srv *zoomtest.Handler, tg bulk.Target, emails []string, got map[string]relOutcome) {
	t.Helper()
	status := map[string]string{}
	for _, r := range srv.Registrants(tg.ID) {
		status[strings.ToLower(r.Email)] = r.Status
	}
	complaints := 0
	complain := func(format string, args ...any) {
		t.Helper()
		if complaints++; complaints <= 10 {
			t.Errorf(format, args...)
		}
	}
	row.Input = len(emails)
	for _, e := range emails {
		key := strings.ToLower(e)
		if srv.StatusReceived(tg.ID, e) > 0 {
			row.Sent++
		}
		o, reported := got[key]
		switch n := srv.StatusChanges(tg.ID, e); {
		case n >= 2:
			row.Twice++
			complain("%s: status changed %d times", e, n)
		case n == 1:
			row.Once++
			if status[key] != "approved" {
				complain("%s: changed once, but %s", e, status[key])
			}
			if o.Status != string(bulk.Changed) && (o.Status != string(bulk.Unconfirmed) || o.Reason == "") {
				complain("%s: approved, but reported %q (%s)", e, o.Status, o.Reason)
			}
		case reported && o.Status != string(bulk.Changed) && o.Reason != "":
			row.Failed++
		default:
			row.Lost++
			complain("%s: lost: not changed, reported %q with reason %q", e, o.Status, o.Reason)
		}
	}
	if row.Twice != 0 || row.Lost != 0 {
		t.Errorf("%s: %d changed twice, %d lost; want 0 and 0", row.Scenario, row.Twice, row.Lost)
	}
}

// relApprove approves emails for tg, tallies and checks that everyone
// was approved once.
func relApprove(t *testing.T, name string, srv *zoomtest.Server, c *zoom.Client, tg bulk.Target, emails []string) relRow {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 45*time.Second)
	defer cancel()
	start := time.Now()
	rep, err := bulk.SetStatus(ctx, c, tg, bulk.Approve, emails, bulk.Options{})
	row := relRow{Scenario: relName(tg, name), Elapsed: time.Since(start)}
	row.Requests, _ = apiRequests(srv.Handler)
	got := map[string]relOutcome{}
	for _, r := range rep.Results {
		got[strings.ToLower(r.Email)] = relOutcome{Status: string(r.Status), Reason: r.Error, RegistrantID: r.RegistrantID}
	}
	tallyStatus(t, &row, srv.Handler, tg, emails, got)
	t.Logf("%s: %s", row.Scenario, rep)
	if err != nil || !rep.Complete() || row.Once != row.Input || rep.Changed != row.Input {
		t.Errorf("%s: err %v, %s; want all %d approved once", row.Scenario, err, rep, row.Input)
	}
	return row
}

func relStatus5xx(t *testing.T) []relRow {
	srv := zoomtest.NewServer(t, zoomtest.Options{Seed: 11, Faults: zoomtest.Faults{ServerErrorRate: 0.1, ServerErrorBurst: 4}})
	tg := bulk.Meeting(zoomtest.MeetingScheduled)
	emails := relPending(srv.Handler, tg, "5xx", relN)
	row := relApprove(t, "approvals: 5xx bursts (HTML 502/503, 4 in a row)", srv, relClient(t, srv, relTimeout), tg, emails)
	f := srv.InjectedFaults()
	row.Faults = fmt.Sprintf("%d 5xx answers", f.ServerErrors)
	if f.ServerErrors < 10 {
		t.Errorf("only %d server errors injected", f.ServerErrors)
	}
	return []relRow{row}
}

func relStatusDrop(t *testing.T) []relRow {
	var rows []relRow
	for _, tg := range []bulk.Target{bulk.Meeting(zoomtest.MeetingScheduled), bulk.Webinar(zoomtest.WebinarScheduled)} {
		srv := zoomtest.NewServer(t, zoomtest.Options{Seed: 12, Faults: zoomtest.Faults{DropAfterCommitRate: 0.1}})
		emails := relPending(srv.Handler, tg, "drop", relN)
		row := relApprove(t, "approvals: connection closed after commit", srv, relClient(t, srv, relTimeout), tg, emails)
		f := srv.InjectedFaults()
		row.Faults = fmt.Sprintf("%d committed updates unanswered", f.Drops)
		if f.Drops < 3 {
			t.Errorf("only %d drops injected", f.Drops)
		}
		rows = append(rows, row)
	}
	return rows
}

func relStatusQPS(t *testing.T) []relRow {
	// Status updates and listings are Medium; as for registrations, the
	// client believes the limit is three times what it is. The limit is
	// lower than the registrations' (a status update costs the machine
	// less, and a loaded one stayed under 20/s).
	srv := zoomtest.NewServer(t, zoomtest.Options{Seed: 13, Limits: map[zoomtest.Label]zoomtest.Limit{zoomtest.LabelMedium: {PerSecond: 10}},
		Faults: zoomtest.Faults{QPSErrorRate: 0.1}})
	qpsRetry := zoom.RetryPolicy{MaxAttempts: 10, BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second}
	c := relClient(t, srv, relTimeout, zoom.WithRateLimit("Medium", 30, 0), zoom.WithRetry(qpsRetry))
	tg := bulk.Meeting(zoomtest.MeetingScheduled)
	emails := relPending(srv.Handler, tg, "qps", relN)
	row := relApprove(t, "approvals: QPS 429 (10/s, client set to 30/s, +10%)", srv, c, tg, emails)
	_, by := apiRequests(srv.Handler)
	row.Faults = fmt.Sprintf("%d QPS 429s (%d injected)", by[http.StatusTooManyRequests], srv.InjectedFaults().QPSErrors)
	if by[http.StatusTooManyRequests] <= srv.InjectedFaults().QPSErrors {
		t.Errorf("%d 429s, %d of them injected: the real limit was never hit", by[http.StatusTooManyRequests], srv.InjectedFaults().QPSErrors)
	}
	return []relRow{row}
}

// relStatusKillResume kills zoom-register -action approve twice mid-run
// (SIGKILL) and runs it a third time with the same journal.
func relStatusKillResume(t *testing.T) []relRow {
	bin := buildZoomRegister(t)
	dir := t.TempDir()
	tg := bulk.Webinar(zoomtest.WebinarScheduled)
	m := startSecretMock(t, zoomtest.Options{Seed: 14, Faults: zoomtest.Faults{Latency: 25 * time.Millisecond, DropAfterCommitRate: 0.05}})
	emails := relPending(m.srv, tg, "kill", relN)
	in := filepath.Join(dir, "approve.csv")
	if err := os.WriteFile(in, []byte("email\n"+strings.Join(emails, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	jnl, out := filepath.Join(dir, "approve.jsonl"), filepath.Join(dir, "approved.csv")
	args := append(relTargetFlag(tg), "-action", "approve", "-in", in, "-out", out, "-journal", jnl, "-concurrency", "4")
	approved := func() int {
		n := 0
		for _, r := range m.srv.Registrants(tg.ID) {
			if r.Status == "approved" {
				n++
			}
		}
		return n
	}
	start := time.Now()
	killedAt, outputs := relKillTwice(t, bin, args, m.env(), jnl, approved)
	var last bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Env = m.env()
	cmd.Stdout, cmd.Stderr = &last, &last
	if err := cmd.Run(); err != nil || !strings.Contains(last.String(), "continuing the run recorded in") {
		t.Errorf("resumed run: %v\n%s", err, last.String())
	}
	outputs = append(outputs, last.String())
	row := relRow{Scenario: relName(tg, fmt.Sprintf("approvals: kill -9 at %d and %d approved, resume", killedAt[0], killedAt[1])), Elapsed: time.Since(start)}
	row.Requests, _ = apiRequests(m.srv)
	row.Faults = fmt.Sprintf("2 SIGKILLs; %d unanswered commits", m.srv.InjectedFaults().Drops)
	tallyStatus(t, &row, m.srv, tg, emails, readResults(t, out))
	if row.Once != relN {
		t.Errorf("%d of %d approved once after the resume", row.Once, relN)
	}
	for i, o := range outputs {
		m.checkOutput(t, fmt.Sprintf("zoom-register -action approve (run %d of 3)", i+1), o)
	}
	return []relRow{row}
}
