package zoom

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zoomgen/zoom/gen"
	"github.com/zoomgen/zoom/internal/journal"
)

// bulkFake is an in-memory registrar for the engine's bookkeeping tests.
// (The acceptance tests run the same engine against zoomtest over HTTP.)
type bulkFake struct {
	mu    sync.Mutex
	regs  map[string]string // lower-cased email → registrant id
	count map[string]int    // registrations committed per email
	sizes []int             // registrants per request, in order
	// before, when set, is called for every request with its number
	// (from 1) and emails. commit says whether the batch is registered;
	// err, when not nil, is what the call returns (after committing, if
	// commit is set).
	before  func(n int, emails []string) (commit bool, err error)
	resetAt time.Time
}

func newBulkFake() *bulkFake {
	return &bulkFake{regs: map[string]string{}, count: map[string]int{}, resetAt: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)}
}

func (f *bulkFake) PerformBatchRegistration(ctx context.Context, meetingID int64, body gen.PerformBatchRegistrationJSONRequestBody) (*gen.PerformBatchRegistrationResult, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sizes = append(f.sizes, len(body.Registrants))
	emails := make([]string, len(body.Registrants))
	for i, r := range body.Registrants {
		emails[i] = strings.ToLower(string(r.Email))
	}
	commit, err := true, error(nil)
	if f.before != nil {
		commit, err = f.before(len(f.sizes), emails)
	}
	if commit {
		for _, e := range emails {
			if f.count[e] >= 3 {
				return nil, &failure{kind: failRegistrantDaily, email: e, resetAt: f.resetAt, code: 429, err: fmt.Errorf("daily limit for %s", e)}
			}
		}
	}
	if !commit {
		return nil, err
	}
	items := make([]gen.PerformBatchRegistrationResultRegistrantsItem, len(emails))
	for i, e := range emails {
		f.count[e]++
		id := "id-" + e
		f.regs[e] = id
		url := "https://zoom.us/w/1?tk=secret-" + e
		items[i] = gen.PerformBatchRegistrationResultRegistrantsItem{Email: emails[i], RegistrantID: id, JoinURL: url}
	}
	if errors.Is(err, errPartial) {
		half := items[:len(items)/2]
		return &gen.PerformBatchRegistrationResult{Registrants: half}, err
	}
	if err != nil {
		return nil, err
	}
	return &gen.PerformBatchRegistrationResult{Registrants: items}, nil
}

// errPartial makes the fake commit a batch and answer for only the first
// half of it, as *IncompleteError reports.
var errPartial = errors.New("answered for fewer registrants than sent")

func (f *bulkFake) MeetingRegistrants(ctx context.Context, meetingID int64, status gen.RegistrantStatus) iter.Seq2[gen.ListMeetingRegistrantsResultRegistrantsItem, error] {
	return func(yield func(gen.ListMeetingRegistrantsResultRegistrantsItem, error) bool) {
		if status != gen.RegistrantStatusApproved {
			return
		}
		f.mu.Lock()
		var items []gen.ListMeetingRegistrantsResultRegistrantsItem
		for e, id := range f.regs {
			url := "https://zoom.us/w/1?tk=secret-" + e
			items = append(items, gen.ListMeetingRegistrantsResultRegistrantsItem{Email: e, ID: id, JoinURL: url})
		}
		f.mu.Unlock()
		for _, it := range items {
			if !yield(it, nil) {
				return
			}
		}
	}
}

func (f *bulkFake) requests() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.sizes)
}

func bulkAttendees(n int) []Attendee {
	out := make([]Attendee, n)
	for i := range out {
		out[i] = Attendee{Email: fmt.Sprintf("person%05d@example.com", i), FirstName: "P", LastName: fmt.Sprint(i)}
	}
	return out
}

// bulkCheckAccounted asserts the report has one result per input and counts
// that add up, so nobody is silently dropped.
func bulkCheckAccounted(t *testing.T, in []Attendee, rep BulkReport) {
	t.Helper()
	if len(rep.Results) != len(in) {
		t.Fatalf("%d results for %d attendees", len(rep.Results), len(in))
	}
	dups := 0
	for i, r := range rep.Results {
		if r.Status == "" {
			t.Errorf("attendee %d (%s) has no status", i, in[i].Email)
		}
		if !strings.EqualFold(r.Email, strings.TrimSpace(in[i].Email)) {
			t.Errorf("result %d is for %q, input is %q", i, r.Email, in[i].Email)
		}
		if r.Status == BulkDuplicate {
			dups++
		}
	}
	sum := rep.Registered + rep.AlreadyRegistered + rep.Failed + rep.Deferred + rep.NotSent + rep.Unconfirmed + dups
	if sum != len(in) {
		t.Errorf("counts add up to %d, want %d: %+v", sum, len(in), rep)
	}
}

func TestBulkBatchesAndDuplicates(t *testing.T) {
	in := bulkAttendees(95)
	in = append(in, Attendee{Email: " PERSON00003@Example.com", FirstName: "Dup"}, Attendee{Email: "Person00004@example.COM", FirstName: "Dup"})
	f := newBulkFake()
	rep, err := bulkRegister(t.Context(), f, 1, in, BulkOptions{})
	if err != nil {
		t.Fatal(err)
	}
	bulkCheckAccounted(t, in, rep)
	if rep.Registered != 95 || !rep.Complete() {
		t.Errorf("registered %d, want 95; report %+v", rep.Registered, rep)
	}
	want := []BulkDup{{Email: "PERSON00003@Example.com", Index: 95, First: 3}, {Email: "Person00004@example.COM", Index: 96, First: 4}}
	if !slices.Equal(rep.Duplicates, want) {
		t.Errorf("duplicates %+v, want %+v", rep.Duplicates, want)
	}
	if r := rep.Results[95]; r.Status != BulkDuplicate || r.DuplicateOf != 3 {
		t.Errorf("result of the duplicate: %+v", r)
	}
	sizes := slices.Clone(f.sizes)
	slices.Sort(sizes)
	if !slices.Equal(sizes, []int{5, 30, 30, 30}) {
		t.Errorf("batch sizes %v, want 5 and three of 30", sizes)
	}
	for e, n := range f.count {
		if n != 1 {
			t.Errorf("%s registered %d times", e, n)
		}
	}
	if r := rep.Results[0]; r.RegistrantID != "id-person00000@example.com" || !strings.Contains(r.JoinURL, "tk=") {
		t.Errorf("result 0 = %+v", r)
	}
	if s := rep.Results[0].String(); strings.Contains(s, "tk=") {
		t.Errorf("String() leaks the join URL: %s", s)
	}
}

func TestBulkSkipsAlreadyRegistered(t *testing.T) {
	in := bulkAttendees(40)
	f := newBulkFake()
	for _, a := range in[:10] {
		f.regs[strings.ToUpper(a.Email)] = "old-" + a.Email // Zoom may keep another case
	}
	rep, err := bulkRegister(t.Context(), f, 1, in, BulkOptions{})
	if err != nil {
		t.Fatal(err)
	}
	bulkCheckAccounted(t, in, rep)
	if rep.AlreadyRegistered != 10 || rep.Registered != 30 {
		t.Errorf("already %d registered %d, want 10 and 30", rep.AlreadyRegistered, rep.Registered)
	}
	if got := rep.Results[0].RegistrantID; got != "old-"+in[0].Email {
		t.Errorf("registrant id of an already registered attendee = %q", got)
	}
	if !slices.Equal(f.sizes, []int{30}) {
		t.Errorf("requests %v, want one of 30", f.sizes)
	}
}

func TestBulkIsolatesBadRows(t *testing.T) {
	for _, named := range []bool{false, true} {
		t.Run(fmt.Sprintf("named=%v", named), func(t *testing.T) {
			in := bulkAttendees(30)
			bad := map[string]bool{in[7].Email: true, in[22].Email: true}
			f := newBulkFake()
			f.before = func(_ int, emails []string) (bool, error) {
				var rows []int
				for i, e := range emails {
					if bad[e] {
						rows = append(rows, i)
					}
				}
				if len(rows) == 0 {
					return true, nil
				}
				fe := &failure{kind: failRows, code: 300, err: errors.New("Validation Failed.")}
				if named {
					fe.rows = rows[:1] // Zoom names the first one only
					fe.rowMsgs = []string{"email: Invalid field."}
				}
				return false, fe
			}
			rep, err := bulkRegister(t.Context(), f, 1, in, BulkOptions{Concurrency: 1})
			if err != nil {
				t.Fatal(err)
			}
			bulkCheckAccounted(t, in, rep)
			if rep.Failed != 2 || rep.Registered != 28 {
				t.Fatalf("failed %d registered %d, want 2 and 28", rep.Failed, rep.Registered)
			}
			for _, i := range []int{7, 22} {
				if r := rep.Results[i]; r.Status != BulkFailed || r.Code != 300 || r.Error == "" {
					t.Errorf("bad row %d: %+v", i, r)
				}
			}
			if named && rep.Results[7].Error != "email: Invalid field." {
				t.Errorf("named row's error = %q", rep.Results[7].Error)
			}
		})
	}
}

func TestBulkDefersRegistrantAtDailyLimit(t *testing.T) {
	in := bulkAttendees(30)
	f := newBulkFake()
	f.count[in[5].Email] = 3
	f.count[in[20].Email] = 3
	rep, err := bulkRegister(t.Context(), f, 1, in, BulkOptions{})
	if err != nil {
		t.Fatal(err)
	}
	bulkCheckAccounted(t, in, rep)
	if rep.Deferred != 2 || rep.Registered != 28 {
		t.Fatalf("deferred %d registered %d, want 2 and 28", rep.Deferred, rep.Registered)
	}
	for _, i := range []int{5, 20} {
		r := rep.Results[i]
		if r.Status != BulkDeferred || !r.RetryAt.Equal(f.resetAt) || !strings.Contains(r.Error, "2026-11-26T00:00:00Z") {
			t.Errorf("deferred registrant %d: %+v", i, r)
		}
		if f.count[in[i].Email] != 3 {
			t.Errorf("deferred registrant registered again: %d", f.count[in[i].Email])
		}
	}
}

func TestBulkStopsOnMeetingError(t *testing.T) {
	in := bulkAttendees(90)
	f := newBulkFake()
	meetingErr := errors.New("Meeting does not exist: 1.")
	f.before = func(n int, _ []string) (bool, error) {
		return false, &failure{kind: failMeeting, code: 3001, err: meetingErr}
	}
	rep, err := bulkRegister(t.Context(), f, 1, in, BulkOptions{Concurrency: 1})
	if !errors.Is(err, meetingErr) || !errors.Is(rep.Stopped, meetingErr) {
		t.Fatalf("err = %v, Stopped = %v; want the meeting error", err, rep.Stopped)
	}
	bulkCheckAccounted(t, in, rep)
	if f.requests() != 1 || rep.NotSent != 90 {
		t.Errorf("%d requests, %d not sent; want 1 and 90", f.requests(), rep.NotSent)
	}
	if !strings.Contains(rep.Results[89].Error, "Meeting does not exist") {
		t.Errorf("not-sent result does not say why: %q", rep.Results[89].Error)
	}
}

func TestBulkPausesOnAccountDailyLimit(t *testing.T) {
	in := bulkAttendees(150)
	f := newBulkFake()
	f.before = func(n int, _ []string) (bool, error) {
		if n <= 2 {
			return true, nil
		}
		return false, &failure{kind: failAccountDaily, resetAt: f.resetAt, code: 429, err: errors.New("daily limit")}
	}
	rep, err := bulkRegister(t.Context(), f, 1, in, BulkOptions{Concurrency: 1})
	if !errors.Is(err, ErrPaused) || !strings.Contains(err.Error(), "2026-11-26T00:00:00Z") {
		t.Fatalf("err = %v, want ErrPaused with the reset time", err)
	}
	bulkCheckAccounted(t, in, rep)
	if rep.Registered != 60 || rep.NotSent != 90 || !rep.PausedUntil.Equal(f.resetAt) {
		t.Errorf("registered %d not sent %d paused until %v", rep.Registered, rep.NotSent, rep.PausedUntil)
	}
	if r := rep.Results[149]; !r.RetryAt.Equal(f.resetAt) {
		t.Errorf("not-sent result has RetryAt %v", r.RetryAt)
	}
}

func TestBulkReconcilesUnknownOutcome(t *testing.T) {
	in := bulkAttendees(120)
	f := newBulkFake()
	f.before = func(n int, _ []string) (bool, error) {
		switch n {
		case 1:
			return true, &failure{kind: failOutcomeUnknown, err: errors.New("connection lost after commit")}
		case 2:
			return false, &failure{kind: failOutcomeUnknown, err: errors.New("503 after retries")}
		}
		return true, nil
	}
	rep, err := bulkRegister(t.Context(), f, 1, in, BulkOptions{Concurrency: 2})
	if err != nil {
		t.Fatal(err)
	}
	bulkCheckAccounted(t, in, rep)
	if rep.Registered != 120 {
		t.Fatalf("registered %d, want 120", rep.Registered)
	}
	for _, a := range in {
		if n := f.count[a.Email]; n != 1 {
			t.Errorf("%s registered %d times", a.Email, n)
		}
	}
	if got := f.requests(); got != 5 { // 4 batches + the one that was not committed
		t.Errorf("%d requests, want 5", got)
	}
}

func TestBulkTransientRetried(t *testing.T) {
	in := bulkAttendees(30)
	f := newBulkFake()
	f.before = func(n int, _ []string) (bool, error) {
		if n < 3 {
			return false, errors.New("429 QPS")
		}
		return true, nil
	}
	rep, err := bulkRegister(t.Context(), f, 1, in, BulkOptions{})
	if err != nil || rep.Registered != 30 || f.requests() != 3 {
		t.Fatalf("err %v, registered %d, requests %d", err, rep.Registered, f.requests())
	}
}

func TestBulkProgressAndCancel(t *testing.T) {
	in := bulkAttendees(300)
	f := newBulkFake()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var seen []BulkProgress
	f.before = func(n int, _ []string) (bool, error) {
		if n == 4 {
			cancel()
		}
		return true, nil
	}
	rep, err := bulkRegister(ctx, f, 1, in, BulkOptions{Concurrency: 1, Progress: func(p BulkProgress) { seen = append(seen, p) }})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	bulkCheckAccounted(t, in, rep)
	if rep.Registered != 120 || rep.NotSent != 180 {
		t.Errorf("registered %d not sent %d, want 120 and 180", rep.Registered, rep.NotSent)
	}
	if len(seen) < 4 {
		t.Fatalf("progress called %d times", len(seen))
	}
	for i := 1; i < len(seen); i++ {
		if seen[i].Done < seen[i-1].Done || seen[i].Total != 300 {
			t.Errorf("progress went %+v → %+v", seen[i-1], seen[i])
		}
	}
	if last := seen[len(seen)-1]; last.Done != 120 {
		t.Errorf("last progress %+v", last)
	}
}

func TestBulkJournalResume(t *testing.T) {
	in := bulkAttendees(200)
	path := filepath.Join(t.TempDir(), "run.jsonl")
	f := newBulkFake()
	ctx, cancel := context.WithCancel(t.Context())
	f.before = func(n int, _ []string) (bool, error) {
		if n == 3 {
			cancel()
			return true, errors.New("connection lost") // committed, and the run ends
		}
		return true, nil
	}
	rep, err := bulkRegister(ctx, f, 7, in, BulkOptions{Concurrency: 1, Journal: path})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("first run: %v", err)
	}
	if rep.Registered != 60 || rep.Unconfirmed != 30 {
		t.Fatalf("first run: registered %d unconfirmed %d, want 60 and 30", rep.Registered, rep.Unconfirmed)
	}
	first := f.requests()

	// Another meeting's or another list's journal is refused.
	if _, err := bulkRegister(t.Context(), f, 8, in, BulkOptions{Journal: path}); !errors.Is(err, journal.ErrMismatch) {
		t.Errorf("other meeting: err = %v", err)
	}
	if _, err := bulkRegister(t.Context(), f, 7, in[:199], BulkOptions{Journal: path}); !errors.Is(err, journal.ErrMismatch) {
		t.Errorf("other input: err = %v", err)
	}
	if f.requests() != first {
		t.Fatal("a refused journal sent something")
	}

	f.before = nil
	rep2, err := bulkRegister(t.Context(), f, 7, in, BulkOptions{Concurrency: 3, Journal: path})
	if err != nil {
		t.Fatal(err)
	}
	bulkCheckAccounted(t, in, rep2)
	if !rep2.Resumed || rep2.Registered != 200 {
		t.Fatalf("resumed %v registered %d", rep2.Resumed, rep2.Registered)
	}
	for _, a := range in {
		if n := f.count[a.Email]; n != 1 {
			t.Errorf("%s registered %d times", a.Email, n)
		}
	}
	// 110 attendees were never sent: 4 batches.
	if got := f.requests() - first; got != 4 {
		t.Errorf("resume sent %d requests, want 4", got)
	}
	// A finished journal resumes to the same report without sending.
	rep3, err := bulkRegister(t.Context(), f, 7, in, BulkOptions{Journal: path})
	if err != nil || f.requests()-first != 4 {
		t.Fatalf("third run: err %v, requests %d", err, f.requests()-first)
	}
	if !slices.Equal(rep2.Results, rep3.Results) {
		t.Error("a run over a finished journal gives other results")
	}
}

// TestBulkReconcilesUnknownWhenPaused: a job that pauses with a batch
// whose answer was lost still looks that batch up, so the report says
// what Zoom holds instead of "unconfirmed".
func TestBulkReconcilesUnknownWhenPaused(t *testing.T) {
	in := bulkAttendees(90)
	f := newBulkFake()
	f.before = func(n int, _ []string) (bool, error) {
		switch n {
		case 1:
			return true, &failure{kind: failOutcomeUnknown, err: errors.New("connection lost after commit")}
		case 2:
			return false, &failure{kind: failOutcomeUnknown, err: errors.New("503s")}
		case 3:
			return false, &failure{kind: failAccountDaily, resetAt: f.resetAt, err: errors.New("daily limit")}
		}
		return true, nil
	}
	rep, err := bulkRegister(t.Context(), f, 1, in, BulkOptions{Concurrency: 1})
	if !errors.Is(err, ErrPaused) {
		t.Fatalf("err = %v", err)
	}
	bulkCheckAccounted(t, in, rep)
	if rep.Registered != 30 || rep.Unconfirmed != 0 || rep.NotSent != 60 {
		t.Fatalf("registered %d unconfirmed %d not sent %d; want 30, 0, 60", rep.Registered, rep.Unconfirmed, rep.NotSent)
	}
	if r := rep.Results[0]; r.Status != BulkRegistered || r.RegistrantID == "" {
		t.Errorf("attendee of the lost answer: %+v", r)
	}
	if r := rep.Results[30]; !strings.Contains(r.Error, "Zoom does not list") {
		t.Errorf("attendee of the uncommitted batch: %+v", r)
	}
}
