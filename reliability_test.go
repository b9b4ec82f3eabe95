package zoom_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/zoomgen/zoom"
	"github.com/zoomgen/zoom/bulk"
	"github.com/zoomgen/zoom/gen"
	"github.com/zoomgen/zoom/internal/roster"
	"github.com/zoomgen/zoom/zoomtest"
)

// The reliability suite runs bulk registrations of a few thousand people
// against the mock over real HTTP while the mock injects one kind of
// failure per scenario, then counts what became of every registrant from
// the MOCK's state (how often each email was committed), not from the
// client's report: the report is what is under test. A registrant counts
// as "failed" only if the mock never registered them AND the report says
// so with a reason; anything else the mock did not register is "lost".
//
//	go test -run Reliability -v .
//
// With ZOOMGEN_RELIABILITY_TABLE=path the table is also written to path.

// relN is the number of registrants per scenario (100 batches of 30).
const relN = 3000

// relRetry keeps the client's own backoff short so that the suite fits
// in a minute; what is retried, and what is not, is the default policy's.
var relRetry = zoom.RetryPolicy{MaxAttempts: 6, BaseDelay: 5 * time.Millisecond, MaxDelay: 200 * time.Millisecond}

// relTimeout is the per-attempt timeout of the suite's HTTP client,
// shorter than the client's own DefaultRequestTimeout (30s) so that a
// latency spike costs the suite seconds, not minutes.
const relTimeout = 2 * time.Second

// relRow is one line of the table.
type relRow struct {
	Scenario string
	Input    int // unique registrants in the input
	Sent     int // of those, how many the mock received in at least one registration request
	Once     int // registered exactly once by the run(s), per the mock
	Twice    int // registered two or more times, per the mock: must be 0
	Lost     int // not registered and not reported failed with a reason: must be 0
	Failed   int // not registered, reported failed/deferred/not sent with a reason
	Faults   string
	Requests int // API requests the mock answered (or dropped)
	Elapsed  time.Duration
}

// relOutcome is what the client reported for one registrant.
type relOutcome struct {
	Status, Reason, RegistrantID, JoinURL string
}

func relPeople(tag string, n int) []bulk.Attendee {
	out := make([]bulk.Attendee, n)
	for i := range out {
		out[i] = bulk.Attendee{Email: fmt.Sprintf("rel-%s-%05d@example.com", tag, i), FirstName: "First", LastName: fmt.Sprint("Last ", i)}
	}
	return out
}

// relClient is a Server-to-Server client for srv that logs at debug
// level; when the test ends, the log must hold none of the run's secrets
// (the client secret, the tk= of any join URL the mock handed out, a
// bearer token), whatever faults the run met.
func relClient(t testing.TB, srv *zoomtest.Server, timeout time.Duration, extra ...zoom.Option) *zoom.Client {
	t.Helper()
	d := zoomtest.DemoCredentials
	var logs bytes.Buffer // written only through the handler, which serialises writes
	t.Cleanup(func() {
		out := logs.String()
		if !strings.Contains(out, "zoom request") {
			t.Errorf("the client logged nothing at debug level; the secrets check proves nothing")
		}
		if strings.Contains(out, d.ClientSecret) || strings.Contains(out, "tk=") && !strings.Contains(out, "tk=REDACTED") {
			t.Errorf("the debug log shows the client secret or a join URL's tk=")
		}
		for _, r := range append(srv.Registrants(zoomtest.MeetingScheduled), srv.Registrants(zoomtest.WebinarScheduled)...) {
			if _, tk, ok := strings.Cut(r.JoinURL, "tk="); ok && strings.Contains(out, tk) {
				t.Errorf("the debug log shows the tk= of %s", r.Email)
				break
			}
		}
		for _, line := range strings.Split(out, "\n") {
			if i := strings.Index(line, "Bearer "); i >= 0 && !strings.HasPrefix(line[i+len("Bearer "):], "REDACTED") {
				t.Errorf("the debug log shows a bearer token: %.80s…", line[i:])
				break
			}
		}
	})
	opts := append([]zoom.Option{
		zoom.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))),
		zoom.WithServerToServer(d.AccountID, d.ClientID, d.ClientSecret),
		zoom.WithBaseURL(srv.BaseURL()),
		zoom.WithTokenURL(srv.TokenURL()),
		zoom.WithPlan(zoom.PlanUnlimited),
		zoom.WithRetry(relRetry),
		zoom.WithHTTPClient(&http.Client{Timeout: timeout}),
	}, extra...)
	c, err := zoom.NewClient(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// relOutcomes indexes a report's results by lower-cased email.
func relOutcomes(rep bulk.Report) map[string]relOutcome {
	out := make(map[string]relOutcome, len(rep.Results))
	for _, r := range rep.Results {
		out[strings.ToLower(r.Email)] = relOutcome{Status: string(r.Status), Reason: r.Error, RegistrantID: r.RegistrantID, JoinURL: r.JoinURL}
	}
	return out
}

// relState is what the mock held for each email (lower-cased) before a
// run: registrations and registration requests received.
type relState struct{ regs, recv map[string]int }

// relBaseline records the mock's state before the run.
func relBaseline(srv *zoomtest.Handler, meeting int64, people []bulk.Attendee) relState {
	s := relState{make(map[string]int, len(people)), make(map[string]int, len(people))}
	for _, p := range people {
		s.regs[strings.ToLower(p.Email)] = srv.Registrations(meeting, p.Email)
		s.recv[strings.ToLower(p.Email)] = srv.Received(meeting, p.Email)
	}
	return s
}

// relNothing is the state of a mock that has seen none of the people.
var relNothing = relState{map[string]int{}, map[string]int{}}

// tally counts the row's figures from the mock's state and checks the
// report against it: a registrant the mock holds once must be reported
// with the registrant id and join URL the mock gave, and one the mock
// does not hold must not be reported as registered.
func tally(t *testing.T, row *relRow, srv *zoomtest.Handler, meeting int64, people []bulk.Attendee, before relState, got map[string]relOutcome) {
	t.Helper()
	held := map[string]zoomtest.Registrant{}
	for _, r := range srv.Registrants(meeting) {
		held[strings.ToLower(r.Email)] = r
	}
	complaints := 0
	complain := func(format string, args ...any) {
		t.Helper()
		if complaints++; complaints <= 10 {
			t.Errorf(format, args...)
		}
	}
	row.Input = len(people)
	for _, p := range people {
		key := strings.ToLower(p.Email)
		if srv.Received(meeting, p.Email) > before.recv[key] {
			row.Sent++
		}
		d := srv.Registrations(meeting, p.Email) - before.regs[key]
		o, reported := got[key]
		registered := o.Status == string(bulk.Registered) || o.Status == string(bulk.AlreadyRegistered)
		switch {
		case d >= 2:
			row.Twice++
			complain("%s: registered %d times", p.Email, d)
		case d == 1:
			row.Once++
			switch {
			case registered:
				if h := held[key]; o.RegistrantID != h.ID || o.JoinURL != h.JoinURL {
					complain("%s: reported registrant %q, the mock holds %q (or the join URLs differ)", p.Email, o.RegistrantID, h.ID)
				}
			case o.Status == string(bulk.Unconfirmed) && o.Reason != "":
				// "Not known; run again to reconcile" is true, if unhelpful.
			default:
				complain("%s: registered, but reported %q (%s)", p.Email, o.Status, o.Reason)
			}
		case reported && !registered && o.Reason != "":
			row.Failed++
		default:
			row.Lost++
			complain("%s: lost: not registered, reported %q with reason %q", p.Email, o.Status, o.Reason)
		}
	}
	if row.Twice != 0 || row.Lost != 0 {
		t.Errorf("%s: %d registered twice, %d lost; want 0 and 0", row.Scenario, row.Twice, row.Lost)
	}
}

// apiRequests counts the API requests the mock logged (the log keeps the
// last 10,000) and the answers with each status.
func apiRequests(srv *zoomtest.Handler) (int, map[int]int) {
	n, by := 0, map[int]int{}
	for _, r := range srv.Requests() {
		if strings.HasPrefix(r.Path, zoomtest.APIPrefix+"/") {
			n++
			by[r.Status]++
		}
	}
	return n, by
}

// TestReliability runs the scenarios in turn (each uses both cores) and
// prints the table.
func TestReliability(t *testing.T) {
	if testing.Short() {
		t.Skip("the reliability suite takes about a minute; run it without -short")
	}
	var (
		mu   sync.Mutex
		rows []relRow
	)
	add := func(r relRow) {
		mu.Lock()
		defer mu.Unlock()
		rows = append(rows, r)
	}
	t.Cleanup(func() {
		table := relTable(rows)
		t.Logf("reliability (%d registrants per scenario, %s, %d CPU):\n%s", relN, runtime.Version(), runtime.NumCPU(), table)
		if path := os.Getenv("ZOOMGEN_RELIABILITY_TABLE"); path != "" {
			if err := os.WriteFile(path, []byte(table), 0o644); err != nil {
				t.Errorf("writing the table: %v", err)
			}
		}
	})
	for _, sc := range []struct {
		name string
		run  func(t *testing.T) []relRow
	}{
		{"5xx bursts", relMeeting(rel5xxBursts)},
		{"drop after commit", relMeeting(relDropAfterCommit)},
		{"cut mid-body", relTruncated},
		{"latency spikes", relSpikes},
		{"token expiry", relTokenExpiry},
		{"QPS 429", relMeeting(relQPS)},
		{"account daily 429", relAccountDaily},
		{"registrant daily 429", relRegistrantDaily},
		{"kill -9 and resume", relMeeting(relKillResume)},
		{"Ctrl-C and resume", relInterruptResume},
		{"zoom-register paused", relZoomRegisterPaused},
		{"all at once", relEverything},
		// Webinars go through the same engine and the same faults.
		{"webinar 5xx bursts", relWebinar(rel5xxBursts)},
		{"webinar drop after commit", relWebinar(relDropAfterCommit)},
		{"webinar QPS 429", relWebinar(relQPS)},
		{"webinar kill -9 and resume", relWebinar(relKillResume)},
		// Status changes (approvals) under the same faults.
		{"approvals, 5xx bursts", relStatus5xx},
		{"approvals, drop after commit", relStatusDrop},
		{"approvals, QPS 429", relStatusQPS},
		{"approvals, kill -9 and resume", relStatusKillResume},
	} {
		t.Run(strings.ReplaceAll(sc.name, " ", "_"), func(t *testing.T) {
			for _, r := range sc.run(t) {
				add(r)
			}
		})
	}
}

// relTable formats the rows as aligned text.
func relTable(rows []relRow) string {
	var b bytes.Buffer
	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "scenario\tinput\tsent\tonce\ttwice\tlost\tfailed (reason)\trequests\telapsed\t  faults seen\t")
	for _, r := range rows {
		fmt.Fprintf(w, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%.1fs\t  %s\t\n", r.Scenario, r.Input, r.Sent, r.Once, r.Twice, r.Lost, r.Failed, r.Requests, r.Elapsed.Seconds(), r.Faults)
	}
	_ = w.Flush()
	// tabwriter aligns every column right; the scenario and the faults
	// read better left-aligned.
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	width := 0
	for _, r := range rows {
		width = max(width, len(r.Scenario))
	}
	width = max(width, len("scenario"))
	var out strings.Builder
	for i, l := range lines {
		name := "scenario"
		if i > 0 {
			name = rows[i-1].Scenario
		}
		rest := strings.TrimPrefix(strings.TrimLeft(l, " "), name)
		fmt.Fprintf(&out, "%-*s%s\n", width, name, strings.TrimRight(rest, " "))
	}
	return out.String()
}

// relBulk runs one bulk registration for the mock's scheduled meeting and
// tallies it.
func relBulk(t *testing.T, name string, srv *zoomtest.Server, c *zoom.Client, people []bulk.Attendee, opts bulk.Options) (relRow, bulk.Report, error) {
	t.Helper()
	return relBulkFor(t, bulk.Meeting(zoomtest.MeetingScheduled), name, srv, c, people, opts)
}

// relBulkFor is relBulk for a meeting or a webinar; a webinar's rows are
// named "webinar: …".
func relBulkFor(t *testing.T, tg bulk.Target, name string, srv *zoomtest.Server, c *zoom.Client, people []bulk.Attendee, opts bulk.Options) (relRow, bulk.Report, error) {
	t.Helper()
	before := relBaseline(srv.Handler, tg.ID, people)
	ctx, cancel := context.WithTimeout(t.Context(), 45*time.Second)
	defer cancel()
	start := time.Now()
	register := bulk.Register
	if tg.Webinar {
		register, name = bulk.RegisterWebinar, "webinar: "+name
	}
	rep, err := register(ctx, c, tg.ID, people, opts)
	row := relRow{Scenario: name, Elapsed: time.Since(start)}
	row.Requests, _ = apiRequests(srv.Handler)
	tally(t, &row, srv.Handler, tg.ID, people, before, relOutcomes(rep))
	t.Logf("%s: %s", name, rep)
	return row, rep, err
}

// relComplete asserts a run that should have registered everyone did.
func relComplete(t *testing.T, row relRow, rep bulk.Report, err error) {
	t.Helper()
	if err != nil || !rep.Complete() || row.Once != row.Input || row.Sent != row.Input {
		t.Errorf("%s: err %v, complete %v, %d of %d registered once; want everyone registered", row.Scenario, err, rep.Complete(), row.Once, row.Input)
	}
}

func rel5xxBursts(t *testing.T, tg bulk.Target) []relRow {
	srv := zoomtest.NewServer(t, zoomtest.Options{Seed: 1, Faults: zoomtest.Faults{ServerErrorRate: 0.1, ServerErrorBurst: 4}})
	row, rep, err := relBulkFor(t, tg, "5xx bursts (HTML 502/503, 4 in a row)", srv, relClient(t, srv, relTimeout), relPeople("5xx", relN), bulk.Options{})
	f := srv.InjectedFaults()
	row.Faults = fmt.Sprintf("%d 5xx answers", f.ServerErrors)
	if f.ServerErrors < 20 {
		t.Errorf("only %d server errors injected; the scenario proves little", f.ServerErrors)
	}
	relComplete(t, row, rep, err)
	return []relRow{row}
}

func relDropAfterCommit(t *testing.T, tg bulk.Target) []relRow {
	srv := zoomtest.NewServer(t, zoomtest.Options{Seed: 2, Faults: zoomtest.Faults{DropAfterCommitRate: 0.1}})
	row, rep, err := relBulkFor(t, tg, "connection closed after commit, no answer", srv, relClient(t, srv, relTimeout), relPeople("drop", relN), bulk.Options{})
	f := srv.InjectedFaults()
	row.Faults = fmt.Sprintf("%d committed batches unanswered", f.Drops)
	if f.Drops < 3 {
		t.Errorf("only %d drops injected", f.Drops)
	}
	relComplete(t, row, rep, err)
	return []relRow{row}
}

func relTruncated(t *testing.T) []relRow {
	srv := zoomtest.NewServer(t, zoomtest.Options{Seed: 3, Faults: zoomtest.Faults{TruncateRate: 0.1}})
	row, rep, err := relBulk(t, "answer cut mid-body after commit", srv, relClient(t, srv, relTimeout), relPeople("cut", relN), bulk.Options{})
	f := srv.InjectedFaults()
	row.Faults = fmt.Sprintf("%d answers cut (2xx status, half a body)", f.Truncated)
	if f.Truncated < 3 {
		t.Errorf("only %d truncations injected", f.Truncated)
	}
	relComplete(t, row, rep, err)
	return []relRow{row}
}

func relSpikes(t *testing.T) []relRow {
	// The spike (5s) is longer than the per-attempt timeout (1s): a
	// spiked registration is committed and the client gives up on it.
	srv := zoomtest.NewServer(t, zoomtest.Options{Seed: 4, Faults: zoomtest.Faults{SpikeRate: 0.05, Spike: 5 * time.Second}})
	row, rep, err := relBulk(t, "latency spikes (5s, 1s timeout)", srv, relClient(t, srv, time.Second), relPeople("spike", relN), bulk.Options{})
	f := srv.InjectedFaults()
	row.Faults = fmt.Sprintf("%d answers held 5s", f.Spikes)
	if f.Spikes < 2 {
		t.Errorf("only %d spikes injected", f.Spikes)
	}
	relComplete(t, row, rep, err)
	return []relRow{row}
}

func relTokenExpiry(t *testing.T) []relRow {
	// The mock's clock runs 400 times faster than the client's, so a
	// token the client believes good for ten minutes expires at the mock
	// every 1.5s: Zoom's 401 code 124 in the middle of the run, as after
	// clock skew or an early revocation. (A TokenTTL under the client's
	// five-minute early refresh only makes the client fetch a token per
	// request, which the second row shows.)
	start, t0 := time.Now(), time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	fast := func() time.Time { return t0.Add(time.Since(start) * 400) }
	srv := zoomtest.NewServer(t, zoomtest.Options{Clock: fast, TokenTTL: 10 * time.Minute, Faults: zoomtest.Faults{Latency: 30 * time.Millisecond}})
	// One batch at a time keeps the run long enough (about 4s) for
	// several expiries, while a fresh token still outlives any delay a
	// loaded machine puts between its issue and its use (see relEverything).
	row, rep, err := relBulk(t, "token expiry mid-run (401 code 124)", srv, relClient(t, srv, relTimeout), relPeople("token", relN), bulk.Options{Concurrency: 1})
	_, by := apiRequests(srv.Handler)
	row.Faults = fmt.Sprintf("%d 401 expired, %d token fetches", by[http.StatusUnauthorized], srv.TokenRequests())
	if by[http.StatusUnauthorized] == 0 || srv.TokenRequests() < 2 {
		t.Errorf("%d 401s and %d token requests: no token expired mid-run", by[http.StatusUnauthorized], srv.TokenRequests())
	}
	relComplete(t, row, rep, err)

	short := zoomtest.NewServer(t, zoomtest.Options{TokenTTL: time.Second, Faults: zoomtest.Faults{Latency: 40 * time.Millisecond}})
	row2, rep, err := relBulk(t, "short TokenTTL (1s)", short, relClient(t, short, relTimeout), relPeople("ttl", relN), bulk.Options{})
	_, by = apiRequests(short.Handler)
	row2.Faults = fmt.Sprintf("%d 401, %d token fetches", by[http.StatusUnauthorized], short.TokenRequests())
	if short.TokenRequests() < 2 {
		t.Errorf("%d token requests in a run longer than the TTL", short.TokenRequests())
	}
	relComplete(t, row2, rep, err)
	return []relRow{row, row2}
}

func relQPS(t *testing.T, tg bulk.Target) []relRow {
	// The client believes the limit is three times what it is (a Business
	// plan setting on a lesser account, say), so it runs into the mock's
	// real per-second limit and must slow down, on top of the injected
	// 429s. The real limit is low enough that even a loaded machine
	// exceeds it.
	srv := zoomtest.NewServer(t, zoomtest.Options{Seed: 5, Limits: map[zoomtest.Label]zoomtest.Limit{"Heavy": {PerSecond: 20}},
		Faults: zoomtest.Faults{QPSErrorRate: 0.1}})
	// The client's retries are the only ones (package bulk does not send
	// a batch again after the client gave up). A client set to three
	// times the real limit keeps hitting it (each 429 cuts its pace by a
	// quarter, and the pace recovers towards what it was told within
	// seconds), so, as a user in that spot would, it is given more
	// attempts, with a backoff that outlasts the per-second
	// window as the default policy's does; the suite's short relRetry
	// would not.
	qpsRetry := zoom.RetryPolicy{MaxAttempts: 10, BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second}
	c := relClient(t, srv, relTimeout, zoom.WithRateLimit("Heavy", 60, 0), zoom.WithRetry(qpsRetry))
	row, rep, err := relBulkFor(t, tg, "QPS 429 (20/s, client set to 60/s, +10%)", srv, c, relPeople("qps", relN), bulk.Options{})
	_, by := apiRequests(srv.Handler)
	row.Faults = fmt.Sprintf("%d QPS 429s (%d injected)", by[http.StatusTooManyRequests], srv.InjectedFaults().QPSErrors)
	if by[http.StatusTooManyRequests] <= srv.InjectedFaults().QPSErrors {
		t.Errorf("%d 429s, %d of them injected: the real limit was never hit", by[http.StatusTooManyRequests], srv.InjectedFaults().QPSErrors)
	}
	relComplete(t, row, rep, err)
	return []relRow{row}
}

func relAccountDaily(t *testing.T) []relRow {
	// 40 batch requests a day: the first run registers 1,200 and pauses
	// until 00:00 UTC; each resume after a reset does 1,200 more.
	const daily = 40
	clock := newFakeClock()
	srv := zoomtest.NewServer(t, zoomtest.Options{Clock: clock.Now, Limits: map[zoomtest.Label]zoomtest.Limit{"Heavy": {Daily: daily}}})
	c := relClient(t, srv, relTimeout, zoom.WithClock(clock.Now))
	people := relPeople("daily", relN)
	jnl := filepath.Join(t.TempDir(), "run.jsonl")
	opts := bulk.Options{Journal: jnl, Now: clock.Now}
	midnight := time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC)

	row, rep, err := relBulk(t, "account daily 429: first day, paused", srv, c, people, opts)
	_, by := apiRequests(srv.Handler)
	row.Faults = fmt.Sprintf("%d daily 429, paused until %s", by[http.StatusTooManyRequests], rep.PausedUntil.UTC().Format("Jan 2 15:04Z"))
	if !errors.Is(err, bulk.ErrPaused) || !rep.PausedUntil.Equal(midnight) {
		t.Errorf("err %v, paused until %v; want ErrPaused until %v", err, rep.PausedUntil, midnight)
	}
	if row.Once != daily*zoom.MaxBatchRegistrants || row.Sent != row.Once || row.Failed != relN-daily*zoom.MaxBatchRegistrants {
		t.Errorf("first day: %d sent, %d registered, %d not; want %d, %d and %d", row.Sent, row.Once, row.Failed, daily*zoom.MaxBatchRegistrants, daily*zoom.MaxBatchRegistrants, relN-daily*zoom.MaxBatchRegistrants)
	}
	for _, r := range rep.Results {
		if r.Status == bulk.NotSent && !r.RetryAt.Equal(midnight) {
			t.Errorf("%s: not sent, retry at %v; want the reset %v", r.Email, r.RetryAt, midnight)
			break
		}
	}
	rows := []relRow{row}

	// Resume after each reset until done, as an operator would; counted
	// over all runs from the state before the first.
	before := relNothing // the mock had seen nobody before the first run
	start, runs := time.Now(), 1
	for !rep.PausedUntil.IsZero() && runs < 5 {
		clock.Advance(rep.PausedUntil.Sub(clock.Now()) + time.Minute)
		runs++
		rep, err = bulk.Resume(t.Context(), c, zoomtest.MeetingScheduled, people, opts)
	}
	total := relRow{Scenario: fmt.Sprintf("account daily 429: resumed after resets (%d runs)", runs), Elapsed: row.Elapsed + time.Since(start)}
	total.Requests, by = apiRequests(srv.Handler)
	total.Faults = fmt.Sprintf("%d daily 429s in all", by[http.StatusTooManyRequests])
	tally(t, &total, srv.Handler, zoomtest.MeetingScheduled, people, before, relOutcomes(rep))
	relComplete(t, total, rep, err)
	if runs != 3 {
		t.Errorf("%d runs, want 3 (1,200 a day)", runs)
	}
	return append(rows, total)
}

func relRegistrantDaily(t *testing.T) []relRow {
	// Every 50th registrant was already registered three times today (and
	// then removed from the meeting, so the run does not skip them as
	// already registered): Zoom refuses a fourth registration.
	clock := newFakeClock()
	srv := zoomtest.NewServer(t, zoomtest.Options{Clock: clock.Now})
	c := relClient(t, srv, relTimeout, zoom.WithClock(clock.Now))
	people := relPeople("reg", relN)
	var spent []bulk.Attendee
	for i := 0; i < relN; i += 50 {
		spent = append(spent, people[i])
	}
	preRegister(t, c, spent, 3)
	for _, p := range spent {
		if n := srv.Registrations(zoomtest.MeetingScheduled, p.Email); n != 3 {
			t.Fatalf("%s: set up with %d registrations, want 3", p.Email, n)
		}
	}
	jnl := filepath.Join(t.TempDir(), "run.jsonl")
	opts := bulk.Options{Journal: jnl, Now: clock.Now}
	before := relBaseline(srv.Handler, zoomtest.MeetingScheduled, people)
	row, rep, err := relBulk(t, "registrant daily 429 (60 used 3 today)", srv, c, people, opts)
	midnight := time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC)
	_, by := apiRequests(srv.Handler)
	row.Faults = fmt.Sprintf("%d registrant 429s", by[http.StatusTooManyRequests])
	if err != nil || row.Sent != relN || row.Failed != len(spent) || rep.Deferred != len(spent) || row.Once != relN-len(spent) {
		t.Errorf("err %v, %d failed (%d deferred), %d registered; want nil, %d deferred, %d registered", err, row.Failed, rep.Deferred, row.Once, len(spent), relN-len(spent))
	}
	for _, r := range rep.Results {
		if r.Status == bulk.Deferred && (!r.RetryAt.Equal(midnight) || !strings.Contains(r.Error, "2026-03-11T00:00:00Z")) {
			t.Errorf("%s: deferred until %v (%q); want the reset %v", r.Email, r.RetryAt, r.Error, midnight)
			break
		}
	}
	// The next day the deferred go through, once; counted over both
	// days from the state before the first run.
	clock.Advance(midnight.Sub(clock.Now()) + time.Minute)
	start := time.Now()
	rep2, err := bulk.Resume(t.Context(), c, zoomtest.MeetingScheduled, people, opts)
	next := relRow{Scenario: "registrant daily 429: resumed next day", Elapsed: row.Elapsed + time.Since(start)}
	next.Requests, _ = apiRequests(srv.Handler)
	tally(t, &next, srv.Handler, zoomtest.MeetingScheduled, people, before, relOutcomes(rep2))
	next.Faults = "the 60 deferred sent again"
	if err != nil || next.Once != relN || !rep2.Complete() || rep2.Registered != relN {
		t.Errorf("next day: err %v, %d registered once, complete %v; want all %d", err, next.Once, rep2.Complete(), relN)
	}
	return []relRow{row, next}
}

func relEverything(t *testing.T) []relRow {
	// Every fault at a lower rate, on a larger input, with tokens expiring
	// at the mock every 3s (see relTokenExpiry; the client keeps a 5m30s
	// token for 30s). Not faster: a token must outlive one call's retries,
	// since the client replays a 401 once per call, not once per token,
	// and the bulk job stops on a second 401 (it takes it for refused
	// credentials) — which with Zoom's hour-long tokens, refreshed five
	// minutes early, cannot happen. A faster mock clock would also expire
	// the registrant list's page tokens (15 minutes at Zoom) while a
	// spiked page is retried.
	start, t0 := time.Now(), time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	fast := func() time.Time { return t0.Add(time.Since(start) * 110) }
	srv := zoomtest.NewServer(t, zoomtest.Options{Seed: 10, Clock: fast, TokenTTL: 330 * time.Second, Faults: zoomtest.Faults{
		ServerErrorRate: 0.03, ServerErrorBurst: 3, DropAfterCommitRate: 0.04, TruncateRate: 0.03,
		QPSErrorRate: 0.05, SpikeRate: 0.03, Spike: 5 * time.Second}})
	row, rep, err := relBulk(t, "all of the above at once (5,000)", srv, relClient(t, srv, time.Second), relPeople("all", 5000), bulk.Options{})
	f := srv.InjectedFaults()
	_, by := apiRequests(srv.Handler)
	row.Faults = fmt.Sprintf("%d 5xx, %d drops, %d cut, %d QPS 429, %d spikes, %d 401", f.ServerErrors, f.Drops, f.Truncated, f.QPSErrors, f.Spikes, by[http.StatusUnauthorized])
	if f.ServerErrors == 0 || f.Drops == 0 || f.Truncated == 0 || f.QPSErrors == 0 || f.Spikes == 0 {
		t.Errorf("not every fault happened (%s); the scenario is not what it says", row.Faults)
	}
	relComplete(t, row, rep, err)
	return []relRow{row}
}

// preRegister registers people times times each, then deletes them from
// the meeting, leaving their daily count used up.
func preRegister(t *testing.T, c *zoom.Client, people []bulk.Attendee, times int) {
	t.Helper()
	ids := map[string]string{}
	for range times {
		for i := 0; i < len(people); i += zoom.MaxBatchRegistrants {
			part := people[i:min(i+zoom.MaxBatchRegistrants, len(people))]
			items := make([]gen.PerformBatchRegistrationRequestRegistrantsItem, len(part))
			for j, p := range part {
				items[j] = gen.PerformBatchRegistrationRequestRegistrantsItem{Email: p.Email, FirstName: p.FirstName}
			}
			res, err := c.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, body(items))
			if err != nil {
				t.Fatalf("pre-registering: %v", err)
			}
			for _, r := range res.Registrants {
				ids[r.Email] = r.RegistrantID
			}
		}
	}
	for email, id := range ids {
		if _, err := c.API().DeleteMeetingRegistrantWithResponse(t.Context(), zoomtest.MeetingScheduled, id, nil); err != nil {
			t.Fatalf("removing %s: %v", email, err)
		}
	}
}

// relKillResume builds cmd/zoom-register, runs it against an in-test mock
// (reached through the credential variables, as a user would), kills it
// with SIGKILL in the middle, and runs it again with the same journal.
func relKillResume(t *testing.T, tg bulk.Target) []relRow {
	bin := buildZoomRegister(t)
	dir := t.TempDir()
	people := relPeople("kill", relN)
	in := writeAttendees(t, dir, people)
	jnl, out := filepath.Join(dir, "run.jsonl"), filepath.Join(dir, "results.csv")

	// Slow answers keep the run going long enough to kill it mid-way;
	// some committed batches go unanswered, so the kill can find batches
	// whose outcome is unknown as well as batches in flight.
	m := startSecretMock(t, zoomtest.Options{Seed: 9, Faults: zoomtest.Faults{Latency: 25 * time.Millisecond, DropAfterCommitRate: 0.05}})
	args := append(relTargetFlag(tg), "-in", in, "-out", out, "-journal", jnl, "-concurrency", "4")
	start := time.Now()

	// Killed twice: in the first run, and in the middle of the run that
	// resumes it; the third run finishes.
	killedAt, outputs := relKillTwice(t, bin, args, m.env(), jnl, func() int { return len(m.srv.Registrants(tg.ID)) })
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a killed run left a results file (%v)", err)
	}

	// The last run meets the same faults.
	var last bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Env = m.env()
	cmd.Stdout, cmd.Stderr = &last, &last
	err := cmd.Run()
	if err != nil || !strings.Contains(last.String(), "continuing the run recorded in") {
		t.Errorf("resumed run: %v\n%s", err, last.String())
	}
	outputs = append(outputs, last.String())
	row := relRow{Scenario: relName(tg, fmt.Sprintf("kill -9 at %d and %d registered, resume", killedAt[0], killedAt[1])), Elapsed: time.Since(start)}
	row.Requests, _ = apiRequests(m.srv)
	row.Faults = fmt.Sprintf("2 SIGKILLs; %d unanswered commits", m.srv.InjectedFaults().Drops)
	tally(t, &row, m.srv, tg.ID, people, relNothing, readResults(t, out))
	if row.Once != relN {
		t.Errorf("%d of %d registered once after the resume", row.Once, relN)
	}
	for i, o := range outputs {
		m.checkOutput(t, fmt.Sprintf("zoom-register (run %d of 3)", i+1), o)
	}
	// Both files hold join URLs, whose tk= lets anyone join as the
	// registrant: owner-only.
	for _, f := range []string{jnl, out} {
		if fi, err := os.Stat(f); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v, mode %v; want 0600", filepath.Base(f), err, fi.Mode().Perm())
		}
	}
	return []relRow{row}
}

// relKillTwice runs the command twice and kills each run (SIGKILL) once
// its journal has 20 more outcome records than before, so that each kill
// lands mid-run. done counts what the mock holds as done; it must have
// grown at each kill and not be complete. It returns done at each kill
// and the runs' output.
func relKillTwice(t *testing.T, bin string, args, env []string, jnl string, done func() int) (killedAt []int, outputs []string) {
	t.Helper()
	for kill := range 2 {
		var buf bytes.Buffer
		cmd := exec.Command(bin, args...)
		cmd.Env = env
		cmd.Stdout, cmd.Stderr = &buf, &buf
		want := journalOutcomes(jnl) + 20
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(30 * time.Second)
		for journalOutcomes(jnl) < want {
			if time.Now().After(deadline) {
				_ = cmd.Process.Kill()
				_ = cmd.Wait()
				t.Fatalf("run %d: zoom-register recorded too little progress in 30s:\n%s", kill+1, buf.String())
			}
			time.Sleep(2 * time.Millisecond)
		}
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		_ = cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
			t.Fatalf("run %d: zoom-register finished before it could be killed:\n%s", kill+1, buf.String())
		}
		n := done()
		if n == 0 || n >= relN || (kill > 0 && n <= killedAt[kill-1]) {
			t.Fatalf("run %d killed with %d of %d done: not in the middle", kill+1, n, relN)
		}
		killedAt = append(killedAt, n)
		outputs = append(outputs, buf.String())
	}
	return killedAt, outputs
}

// relInterruptResume interrupts zoom-register as Ctrl-C does (SIGINT)
// mid-run: it must stop cleanly with a results file that accounts for
// everyone (registered, or not sent / unconfirmed with a reason), exit 1,
// and the next run must finish the job.
func relInterruptResume(t *testing.T) []relRow {
	bin := buildZoomRegister(t)
	dir := t.TempDir()
	people := relPeople("sigint", relN)
	in := writeAttendees(t, dir, people)
	jnl, out := filepath.Join(dir, "run.jsonl"), filepath.Join(dir, "results.csv")
	m := startSecretMock(t, zoomtest.Options{Seed: 11, Faults: zoomtest.Faults{Latency: 25 * time.Millisecond, DropAfterCommitRate: 0.05}})
	args := []string{"-meeting", fmt.Sprint(zoomtest.MeetingScheduled), "-in", in, "-out", out, "-journal", jnl}
	start := time.Now()
	var first bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Env = m.env()
	cmd.Stdout, cmd.Stderr = &first, &first
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for journalOutcomes(jnl) < 20 {
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			t.Fatalf("zoom-register recorded too little progress in 30s:\n%s", first.String())
		}
		time.Sleep(2 * time.Millisecond)
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 || !strings.Contains(first.String(), "INTERRUPTED") {
		t.Fatalf("interrupted run: %v; want exit 1 and INTERRUPTED:\n%s", err, first.String())
	}
	row := relRow{Scenario: "Ctrl-C (SIGINT) mid-run", Elapsed: time.Since(start)}
	row.Requests, _ = apiRequests(m.srv)
	row.Faults = fmt.Sprintf("SIGINT, exit 1; %d unanswered commits", m.srv.InjectedFaults().Drops)
	tally(t, &row, m.srv, zoomtest.MeetingScheduled, people, relNothing, readResults(t, out))
	if row.Once == 0 || row.Once == relN {
		t.Errorf("interrupted with %d of %d registered: not in the middle", row.Once, relN)
	}

	var second bytes.Buffer
	cmd = exec.Command(bin, args...)
	cmd.Env = m.env()
	cmd.Stdout, cmd.Stderr = &second, &second
	if err := cmd.Run(); err != nil {
		t.Errorf("resumed run: %v\n%s", err, second.String())
	}
	total := relRow{Scenario: "Ctrl-C: run again", Elapsed: time.Since(start), Faults: "exit 0"}
	total.Requests, _ = apiRequests(m.srv)
	tally(t, &total, m.srv, zoomtest.MeetingScheduled, people, relNothing, readResults(t, out))
	if total.Once != relN {
		t.Errorf("after the resume: %d of %d registered once", total.Once, relN)
	}
	m.checkOutput(t, "zoom-register (interrupted run)", first.String())
	m.checkOutput(t, "zoom-register (resumed run)", second.String())
	return []relRow{row, total}
}

// relZoomRegisterPaused runs the built zoom-register into the account's
// daily limit: it must stop with PAUSED and the reset time, exit 1, and
// leave every attendee registered or marked not sent with that time; run
// again after the reset (the mock's clock moved on), it finishes.
func relZoomRegisterPaused(t *testing.T) []relRow {
	bin := buildZoomRegister(t)
	dir := t.TempDir()
	people := relPeople("paused", relN)
	in := writeAttendees(t, dir, people)
	jnl, out := filepath.Join(dir, "run.jsonl"), filepath.Join(dir, "results.csv")
	clock := newFakeClock()
	clock.ns.Store(time.Now().UnixNano()) // the command's own clock is the real one
	const daily = 60
	m := startSecretMock(t, zoomtest.Options{Clock: clock.Now, Limits: map[zoomtest.Label]zoomtest.Limit{"Heavy": {Daily: daily}}})
	args := []string{"-meeting", fmt.Sprint(zoomtest.MeetingScheduled), "-in", in, "-out", out, "-journal", jnl}
	reset := time.Unix(0, clock.ns.Load()).UTC().Truncate(24 * time.Hour).Add(24 * time.Hour)

	start := time.Now()
	cmd := exec.Command(bin, args...)
	cmd.Env = m.env()
	first, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 || !strings.Contains(string(first), "PAUSED") || !strings.Contains(string(first), reset.Format(time.RFC1123)) {
		t.Errorf("first run: %v; want exit 1 and PAUSED until %s:\n%s", err, reset.Format(time.RFC1123), first)
	}
	row := relRow{Scenario: "zoom-register: daily limit, PAUSED", Elapsed: time.Since(start)}
	row.Requests, _ = apiRequests(m.srv)
	row.Faults = fmt.Sprintf("account daily 429, exit 1, resume after %s", reset.Format("Jan 2 15:04Z"))
	got := readResults(t, out)
	tally(t, &row, m.srv, zoomtest.MeetingScheduled, people, relNothing, got)
	if row.Once != daily*zoom.MaxBatchRegistrants || row.Failed != relN-daily*zoom.MaxBatchRegistrants {
		t.Errorf("first run: %d registered, %d not; want %d and %d", row.Once, row.Failed, daily*zoom.MaxBatchRegistrants, relN-daily*zoom.MaxBatchRegistrants)
	}
	for email, o := range got {
		if o.Status == string(bulk.NotSent) && !strings.Contains(o.Reason, reset.Format(time.RFC3339)) {
			t.Errorf("%s: not sent, reason %q does not say when to resume (%s)", email, o.Reason, reset.Format(time.RFC3339))
			break
		}
	}

	clock.Advance(reset.Sub(clock.Now()) + time.Minute)
	cmd = exec.Command(bin, args...)
	cmd.Env = m.env()
	second, err := cmd.CombinedOutput()
	if err != nil {
		t.Errorf("run after the reset: %v\n%s", err, second)
	}
	total := relRow{Scenario: "zoom-register: run again after the reset", Elapsed: time.Since(start)}
	total.Requests, _ = apiRequests(m.srv)
	total.Faults = "exit 0"
	tally(t, &total, m.srv, zoomtest.MeetingScheduled, people, relNothing, readResults(t, out))
	if total.Once != relN {
		t.Errorf("after the reset: %d of %d registered once", total.Once, relN)
	}
	m.checkOutput(t, "zoom-register (paused run)", string(first))
	m.checkOutput(t, "zoom-register (run after the reset)", string(second))
	return []relRow{row, total}
}

// writeAttendees writes people as zoom-register's input CSV.
func writeAttendees(t *testing.T, dir string, people []bulk.Attendee) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("email,first_name,last_name\n")
	for _, p := range people {
		fmt.Fprintf(&b, "%s,%s,%s\n", p.Email, p.FirstName, p.LastName)
	}
	path := filepath.Join(dir, "attendees.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// readResults reads zoom-register's results file.
func readResults(t *testing.T, path string) map[string]relOutcome {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil || len(recs) < 1 {
		t.Fatalf("results file: %v", err)
	}
	col := func(name string) int {
		i := slices.Index(recs[0], name)
		if i < 0 {
			t.Fatalf("results file has no %q column: %q", name, recs[0])
		}
		return i
	}
	email, status, reason, id, url := col("email"), col("status"), col("error"), col("registrant_id"), col("join_url")
	out := map[string]relOutcome{}
	for _, r := range recs[1:] {
		// The file neutralises cells against CSV injection; Zoom's IDs may
		// start with "-".
		out[strings.ToLower(r[email])] = relOutcome{Status: r[status], Reason: roster.RestoreCell(r[reason]), RegistrantID: roster.RestoreCell(r[id]), JoinURL: r[url]}
	}
	return out
}

// journalOutcomes counts the outcome records in a journal so far.
func journalOutcomes(path string) int {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if bytes.Contains(sc.Bytes(), []byte(`"kind":"outcome"`)) {
			n++
		}
	}
	return n
}

// buildZoomRegister builds the command into the test's temporary
// directory, so the kill hits the real binary, signal handling and all.
func buildZoomRegister(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("no go command to build zoom-register with: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "zoom-register")
	cmd := exec.Command(goTool, "build", "-o", bin, "./cmd/zoom-register")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building zoom-register: %v\n%s", err, out)
	}
	return bin
}

// secretMock is a mock with credentials of its own, behind a wrapper that
// records every bearer token and join URL secret it handed out, so that
// a command's output can be searched for them.
type secretMock struct {
	srv    *zoomtest.Handler
	url    string
	creds  zoomtest.Credentials
	mu     sync.Mutex
	tokens map[string]bool
}

func startSecretMock(t *testing.T, opts zoomtest.Options) *secretMock {
	t.Helper()
	m := &secretMock{tokens: map[string]bool{},
		creds: zoomtest.Credentials{AccountID: "rel-account", ClientID: "rel-client-id", ClientSecret: "rel-client-secret-" + fmt.Sprint(time.Now().UnixNano())}}
	opts.Credentials = m.creds
	h, err := zoomtest.NewHandler(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	m.srv = h
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
			m.mu.Lock()
			m.tokens[tok] = true
			m.mu.Unlock()
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	m.url = ts.URL
	return m
}

// env is the environment zoom-register runs with: the mock's credentials
// and URLs, nothing inherited that could point it elsewhere.
func (m *secretMock) env() []string {
	return []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.TempDir(),
		"ZOOM_ACCOUNT_ID=" + m.creds.AccountID, "ZOOM_CLIENT_ID=" + m.creds.ClientID, "ZOOM_CLIENT_SECRET=" + m.creds.ClientSecret,
		"ZOOM_API_URL=" + m.url + zoomtest.APIPrefix, "ZOOM_TOKEN_URL=" + m.url + "/oauth/token", "ZOOM_PLAN=unlimited"}
}

// secrets lists what must never be printed: the client secret, every
// access token used, and the tk= of every join URL (of the meeting and
// of the mock's scheduled webinar).
func (m *secretMock) secrets(meeting int64) []string {
	s := []string{m.creds.ClientSecret}
	m.mu.Lock()
	for tok := range m.tokens {
		s = append(s, tok)
	}
	m.mu.Unlock()
	for _, r := range append(m.srv.Registrants(meeting), m.srv.Registrants(zoomtest.WebinarScheduled)...) {
		if _, tk, ok := strings.Cut(r.JoinURL, "tk="); ok {
			s = append(s, tk)
		}
	}
	return s
}

func (m *secretMock) checkOutput(t *testing.T, what, output string) {
	t.Helper()
	secrets := m.secrets(zoomtest.MeetingScheduled)
	if len(secrets) < 3 {
		t.Fatalf("%s: only %d secrets to look for; the check would prove nothing", what, len(secrets))
	}
	for _, s := range secrets {
		if strings.Contains(output, s) {
			t.Errorf("%s printed a secret (%.6s…)", what, s)
		}
	}
	for _, marker := range []string{"tk=", "Bearer ", "access_token"} {
		if strings.Contains(output, marker) {
			t.Errorf("%s printed %q", what, marker)
		}
	}
}

// TestReliabilityOneBadAddress: an address the client's check lets
// through but the generated type refuses to encode ("john..doe@…", a
// common typo; net/mail refuses consecutive dots) must fail alone, with
// a reason, and not keep the 29 others of its batch from registering.
func TestReliabilityOneBadAddress(t *testing.T) {
	srv := zoomtest.NewServer(t, zoomtest.Options{})
	c := relClient(t, srv, relTimeout)
	people := relPeople("addr", 60)
	const bad = 5
	people[bad].Email = "john..doe@example.com"

	// One call: the address is refused before anything is sent, and the
	// error says which registrant it was.
	items := make([]gen.PerformBatchRegistrationRequestRegistrantsItem, 10)
	for i := range items {
		items[i] = gen.PerformBatchRegistrationRequestRegistrantsItem{Email: people[i].Email, FirstName: people[i].FirstName}
	}
	_, callErr := c.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, body(items))
	var ve *zoom.ValidationError
	callOK := errors.As(callErr, &ve) && ve.Index == bad

	// A bulk run: 59 registered once, the bad one failed with a reason.
	start := time.Now()
	row, rep, err := relBulk(t, "one bad address", srv, c, people, bulk.Options{})
	elapsed := time.Since(start)
	res := rep.Results[bad]
	bulkOK := err == nil && row.Once == len(people)-1 && row.Failed == 1 && res.Status == bulk.Failed
	if row.Twice != 0 || row.Lost != 0 {
		t.Fatalf("%d registered twice, %d lost", row.Twice, row.Lost) // tally has said who
	}
	if !callOK || !bulkOK {
		t.Logf("PerformBatchRegistration: %v", callErr)
		t.Logf("bulk.Register: err %v; %d of %d registered, %d failed, in %s; the bad one: %s", err, row.Once, len(people), row.Failed, elapsed.Round(time.Millisecond), res)
		t.Errorf("an address the client accepts but cannot encode must fail alone, named by index (want a *ValidationError for index %d, and %d registered, 1 failed)", bad, len(people)-1)
	}
}

// TestReliabilityTwoRunsOneJournal: the journal's promise is "run the
// same command again"; a user who does so while the first run still
// goes (it looks stuck, a cron job overlaps) must not get everyone
// registered twice. Two zoom-register processes with one journal start
// together; between them, nobody may be registered twice.
func TestReliabilityTwoRunsOneJournal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds zoom-register")
	}
	bin := buildZoomRegister(t)
	dir := t.TempDir()
	people := relPeople("two", 600)
	in := writeAttendees(t, dir, people)
	jnl := filepath.Join(dir, "run.jsonl")
	m := startSecretMock(t, zoomtest.Options{Faults: zoomtest.Faults{Latency: 20 * time.Millisecond}})
	var wg sync.WaitGroup
	outs := make([][]byte, 2)
	for i := range outs {
		cmd := exec.Command(bin, "-meeting", fmt.Sprint(zoomtest.MeetingScheduled), "-in", in, "-out", filepath.Join(dir, fmt.Sprintf("out%d.csv", i)), "-journal", jnl)
		cmd.Env = m.env()
		wg.Go(func() { outs[i], _ = cmd.CombinedOutput() })
	}
	wg.Wait()
	twice, missing := 0, 0
	for _, p := range people {
		switch n := m.srv.Registrations(zoomtest.MeetingScheduled, p.Email); {
		case n > 1:
			twice++
		case n == 0:
			missing++
		}
	}
	for i, o := range outs {
		m.checkOutput(t, fmt.Sprintf("zoom-register (run %d)", i+1), string(o))
	}
	if missing != 0 {
		t.Errorf("%d of %d not registered by either run:\n%s\n---\n%s", missing, len(people), outs[0], outs[1])
	}
	if twice > 0 {
		t.Logf("%d of %d registered twice; the runs said:\n%s\n---\n%s", twice, len(people), outs[0], outs[1])
		t.Errorf("%d registered twice: the second run on one journal must refuse it as in use", twice)
	}
}
