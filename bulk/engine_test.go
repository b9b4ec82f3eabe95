package bulk

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

	"github.com/zoomgen/zoom"
	"github.com/zoomgen/zoom/gen"
)

// bulkFake is an in-memory registrar for the engine's bookkeeping tests.
// It fails the way *zoom.Client does, with the client's own typed errors
// (the constructors below); the acceptance tests run the same engine
// through a real *zoom.Client against zoomtest over HTTP.
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
				return nil, registrantLimit(e, f.resetAt)
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
		// As the client reports an answer for fewer registrants than sent.
		half := items[:len(items)/2]
		inc := &zoom.IncompleteError{TrackingID: "fake"}
		for i := len(half); i < len(emails); i++ {
			inc.Missing = append(inc.Missing, i)
			inc.Emails = append(inc.Emails, emails[i])
		}
		return &gen.PerformBatchRegistrationResult{Registrants: half}, inc
	}
	if err != nil {
		return nil, err
	}
	return &gen.PerformBatchRegistrationResult{Registrants: items}, nil
}

// errPartial makes the fake commit a batch and answer for only the first
// half of it, with the *zoom.IncompleteError the client gives then.
var errPartial = errors.New("answered for fewer registrants than sent")

// The client's errors, as *zoom.Client returns them.

// registrantLimit is Zoom's 429 for a registrant at its daily limit, as
// the client classifies it.
func registrantLimit(email string, reset time.Time) error {
	return &zoom.RateLimitError{Kind: zoom.RateLimitRegistrantDaily, Category: "Heavy", Limit: -1, Remaining: -1, ResetAt: reset, Registrant: email,
		Err: &zoom.Error{StatusCode: 429, Code: 429, Operation: "performBatchRegistration",
			Message: fmt.Sprintf("You have exceeded the daily rate limit of (3) for Add a meeting registrant API requests for the registrant (%s). You can resume these API requests at GMT 00:00:00.", email)}}
}

// accountLimit is Zoom's 429 for the account's daily budget.
func accountLimit(reset time.Time) error {
	return &zoom.RateLimitError{Kind: zoom.RateLimitAccountDaily, Category: "Heavy", Limit: 30000, Remaining: 0, ResetAt: reset,
		Err: &zoom.Error{StatusCode: 429, Code: 429, Operation: "performBatchRegistration", Message: "You have reached the maximum daily rate limit for this API."}}
}

// qpsLimit is a per-second 429 the client's retries did not get past.
func qpsLimit() error {
	return &zoom.RateLimitError{Kind: zoom.RateLimitQPS, Category: "Heavy", Limit: -1, Remaining: -1, ResetAt: time.Now().Add(time.Second),
		Err: &zoom.Error{StatusCode: 429, Code: 429, Operation: "performBatchRegistration", Message: "You have reached the maximum per-second rate limit for this API. Try again later."}}
}

// validationFailed is Zoom's 400 code 300; each row given is named in a
// field error ("registrants[i].email"), as Zoom sometimes does.
func validationFailed(rows ...int) *zoom.Error {
	e := &zoom.Error{StatusCode: 400, Code: 300, Operation: "performBatchRegistration", Message: "Validation Failed."}
	for _, i := range rows {
		e.Fields = append(e.Fields, zoom.FieldError{Field: fmt.Sprintf("registrants[%d].email", i), Message: "Invalid field."})
	}
	return e
}

// outcomeUnknown is the client's error for a batch that may have been
// committed (connection lost after sending, 5xx after its retries).
func outcomeUnknown(cause string) error {
	return &zoom.OutcomeUnknownError{Operation: "performBatchRegistration", Err: errors.New(cause)}
}

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
func bulkCheckAccounted(t *testing.T, in []Attendee, rep Report) {
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
		if r.Status == Duplicate {
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
	rep, err := register(t.Context(), f, Meeting(1), in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	bulkCheckAccounted(t, in, rep)
	if rep.Registered != 95 || !rep.Complete() {
		t.Errorf("registered %d, want 95; report %+v", rep.Registered, rep)
	}
	want := []Dup{{Email: "PERSON00003@Example.com", Index: 95, First: 3}, {Email: "Person00004@example.COM", Index: 96, First: 4}}
	if !slices.Equal(rep.Duplicates, want) {
		t.Errorf("duplicates %+v, want %+v", rep.Duplicates, want)
	}
	if r := rep.Results[95]; r.Status != Duplicate || r.DuplicateOf != 3 {
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
	rep, err := register(t.Context(), f, Meeting(1), in, Options{})
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
				if named {
					return false, validationFailed(rows[0]) // Zoom names the first one only
				}
				return false, validationFailed()
			}
			rep, err := register(t.Context(), f, Meeting(1), in, Options{Concurrency: 1})
			if err != nil {
				t.Fatal(err)
			}
			bulkCheckAccounted(t, in, rep)
			if rep.Failed != 2 || rep.Registered != 28 {
				t.Fatalf("failed %d registered %d, want 2 and 28", rep.Failed, rep.Registered)
			}
			for _, i := range []int{7, 22} {
				if r := rep.Results[i]; r.Status != Failed || r.Code != 300 || r.Error == "" {
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
	rep, err := register(t.Context(), f, Meeting(1), in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	bulkCheckAccounted(t, in, rep)
	if rep.Deferred != 2 || rep.Registered != 28 {
		t.Fatalf("deferred %d registered %d, want 2 and 28", rep.Deferred, rep.Registered)
	}
	for _, i := range []int{5, 20} {
		r := rep.Results[i]
		if r.Status != Deferred || !r.RetryAt.Equal(f.resetAt) || !strings.Contains(r.Error, "2026-11-26T00:00:00Z") {
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
	meetingErr := &zoom.Error{StatusCode: 404, Code: zoom.CodeMeetingDoesNotExist, Operation: "performBatchRegistration", Message: "Meeting does not exist: 1."}
	f.before = func(n int, _ []string) (bool, error) {
		return false, meetingErr
	}
	rep, err := register(t.Context(), f, Meeting(1), in, Options{Concurrency: 1})
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
		return false, accountLimit(f.resetAt)
	}
	rep, err := register(t.Context(), f, Meeting(1), in, Options{Concurrency: 1})
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
			return true, outcomeUnknown("connection lost after commit")
		case 2:
			return false, outcomeUnknown("503 after retries")
		}
		return true, nil
	}
	rep, err := register(t.Context(), f, Meeting(1), in, Options{Concurrency: 2})
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

// TestBulkTransientNotResent: a batch the client gave up on (a QPS 429,
// a connection refused, after the client's own retries) is not sent again
// by the engine: its attendees end not sent, saying why, and the other
// batches go on. The client's RetryPolicy is the only bound on sends.
func TestBulkTransientNotResent(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		says string
	}{
		{"qps 429", qpsLimit(), "per-second rate limit"},
		{"network", fmt.Errorf("zoom: performBatchRegistration: %w", errors.New("dial tcp: connection refused")), "connection refused"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := bulkAttendees(90)
			f := newBulkFake()
			f.before = func(n int, _ []string) (bool, error) {
				if n == 2 {
					return false, tc.err
				}
				return true, nil
			}
			rep, err := register(t.Context(), f, Meeting(1), in, Options{Concurrency: 1})
			if err != nil {
				t.Fatal(err)
			}
			bulkCheckAccounted(t, in, rep)
			if rep.Registered != 60 || rep.NotSent != 30 || rep.Complete() || f.requests() != 3 {
				t.Fatalf("%s; %d requests; want 60 registered, 30 not sent, 3 requests", rep, f.requests())
			}
			if r := rep.Results[30]; r.Status != NotSent || !strings.Contains(r.Error, tc.says) {
				t.Errorf("attendee of the failed batch: %s; want not sent, saying %q", r, tc.says)
			}
		})
	}
}

func TestBulkProgressAndCancel(t *testing.T) {
	in := bulkAttendees(300)
	f := newBulkFake()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var seen []Progress
	f.before = func(n int, _ []string) (bool, error) {
		if n == 4 {
			cancel()
		}
		return true, nil
	}
	rep, err := register(ctx, f, Meeting(1), in, Options{Concurrency: 1, Progress: func(p Progress) { seen = append(seen, p) }})
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
			return true, fmt.Errorf("zoom: performBatchRegistration: %w", context.Canceled) // committed, and the run ends
		}
		return true, nil
	}
	rep, err := register(ctx, f, Meeting(7), in, Options{Concurrency: 1, Journal: path})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("first run: %v", err)
	}
	if rep.Registered != 60 || rep.Unconfirmed != 30 {
		t.Fatalf("first run: registered %d unconfirmed %d, want 60 and 30", rep.Registered, rep.Unconfirmed)
	}
	first := f.requests()

	// Another meeting's or another list's journal is refused.
	if _, err := register(t.Context(), f, Meeting(8), in, Options{Journal: path}); !errors.Is(err, ErrJournalMismatch) {
		t.Errorf("other meeting: err = %v", err)
	}
	if _, err := register(t.Context(), f, Meeting(7), in[:199], Options{Journal: path}); !errors.Is(err, ErrJournalMismatch) {
		t.Errorf("other input: err = %v", err)
	}
	if f.requests() != first {
		t.Fatal("a refused journal sent something")
	}

	f.before = nil
	rep2, err := register(t.Context(), f, Meeting(7), in, Options{Concurrency: 3, Journal: path})
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
	rep3, err := register(t.Context(), f, Meeting(7), in, Options{Journal: path})
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
			return true, outcomeUnknown("connection lost after commit")
		case 2:
			return false, outcomeUnknown("503s")
		case 3:
			return false, accountLimit(f.resetAt)
		}
		return true, nil
	}
	rep, err := register(t.Context(), f, Meeting(1), in, Options{Concurrency: 1})
	if !errors.Is(err, ErrPaused) {
		t.Fatalf("err = %v", err)
	}
	bulkCheckAccounted(t, in, rep)
	if rep.Registered != 30 || rep.Unconfirmed != 0 || rep.NotSent != 60 {
		t.Fatalf("registered %d unconfirmed %d not sent %d; want 30, 0, 60", rep.Registered, rep.Unconfirmed, rep.NotSent)
	}
	if r := rep.Results[0]; r.Status != Registered || r.RegistrantID == "" {
		t.Errorf("attendee of the lost answer: %+v", r)
	}
	if r := rep.Results[30]; !strings.Contains(r.Error, "Zoom does not list") {
		t.Errorf("attendee of the uncommitted batch: %+v", r)
	}
}
