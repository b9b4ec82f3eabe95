package bulk_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zoomgen/zoom"
	"github.com/zoomgen/zoom/bulk"
	"github.com/zoomgen/zoom/gen"
	"github.com/zoomgen/zoom/zoomtest"
)

// bulkMeeting is a scheduled meeting the seeded ones do not share, so
// tests start from an empty registrant list.
const bulkMeeting int64 = 81234567890

// bulkRetry keeps the client's backoff short so that fault-heavy tests
// finish quickly; the behaviour is the same as with the default policy.
var bulkRetry = zoom.RetryPolicy{MaxAttempts: 6, BaseDelay: 2 * time.Millisecond, MaxDelay: 20 * time.Millisecond}

func bulkServer(t testing.TB, opts zoomtest.Options) *zoomtest.Server {
	t.Helper()
	srv := zoomtest.NewServer(t, opts)
	srv.AddMeeting(zoomtest.Meeting{ID: bulkMeeting, Topic: "bulk test", Type: 2})
	return srv
}

func bulkClient(t testing.TB, srv *zoomtest.Server, extra ...zoom.Option) *zoom.Client {
	t.Helper()
	d := zoomtest.DemoCredentials
	opts := append([]zoom.Option{
		zoom.WithServerToServer(d.AccountID, d.ClientID, d.ClientSecret),
		zoom.WithBaseURL(srv.BaseURL()),
		zoom.WithTokenURL(srv.TokenURL()),
	}, extra...)
	c, err := zoom.NewClient(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func bulkPeople(prefix string, n int) []bulk.Attendee {
	out := make([]bulk.Attendee, n)
	for i := range out {
		out[i] = bulk.Attendee{Email: fmt.Sprintf("%s%05d@example.com", prefix, i), FirstName: "First", LastName: fmt.Sprint("Last", i)}
	}
	return out
}

// bulkCheckServer asserts that every registered result is what the mock
// holds, and that nobody was registered more than once.
func bulkCheckServer(t *testing.T, srv *zoomtest.Server, meeting int64, in []bulk.Attendee, rep bulk.Report) {
	t.Helper()
	held := map[string]zoomtest.Registrant{}
	for _, r := range srv.Registrants(meeting) {
		held[strings.ToLower(r.Email)] = r
	}
	bad := 0
	for i, res := range rep.Results {
		if res.Status != bulk.Registered && res.Status != bulk.AlreadyRegistered {
			continue
		}
		h, ok := held[strings.ToLower(in[i].Email)]
		if !ok || h.ID != res.RegistrantID || h.JoinURL != res.JoinURL {
			if bad++; bad < 5 {
				t.Errorf("%s: report says %s %s, the mock holds %+v (found %v)", in[i].Email, res.Status, res.RegistrantID, h.ID, ok)
			}
		}
		if n := srv.Registrations(meeting, in[i].Email); n != 1 && res.Status == bulk.Registered {
			if bad++; bad < 5 {
				t.Errorf("%s registered %d times", in[i].Email, n)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d results disagree with the mock", bad)
	}
}

// TestBulkRegister10kWithFaults is the acceptance test: 10,000
// registrants through 5% 503s/502s, 5% connections dropped after the batch
// was committed and 5% QPS 429s all end registered exactly once.
func TestBulkRegister10kWithFaults(t *testing.T) {
	srv := bulkServer(t, zoomtest.Options{Seed: 5, Faults: zoomtest.Faults{ServerErrorRate: 0.05, DropAfterCommitRate: 0.05, QPSErrorRate: 0.05}})
	c := bulkClient(t, srv, zoom.WithPlan(zoom.PlanUnlimited), zoom.WithRetry(bulkRetry))
	in := bulkPeople("tenk", 10000)
	start := time.Now()
	rep, err := bulk.Register(t.Context(), c, bulkMeeting, in, bulk.Options{Concurrency: 8})
	t.Logf("10,000 registrants with faults: %v, %d requests", time.Since(start), rep.Requests)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Registered != 10000 || !rep.Complete() {
		t.Fatalf("registered %d of 10000: %+v", rep.Registered, rep)
	}
	for _, a := range in {
		if n := srv.Registrations(bulkMeeting, a.Email); n != 1 {
			t.Fatalf("%s registered %d times, want exactly once", a.Email, n)
		}
	}
	if n := len(srv.Registrants(bulkMeeting)); n != 10000 {
		t.Errorf("the mock holds %d registrants", n)
	}
	bulkCheckServer(t, srv, bulkMeeting, in, rep)
	// Every kind of fault must have happened, or this proves nothing.
	statuses := map[int]int{}
	for _, r := range srv.Requests() {
		statuses[r.Status]++
	}
	t.Logf("answers by status: %v", statuses)
	if statuses[0] == 0 || statuses[429] == 0 || statuses[502]+statuses[503] == 0 {
		t.Errorf("not every fault happened: answers by status %v", statuses)
	}
}

// TestBulkRegisterSkipsExisting: people the meeting already has are not
// sent again (each send costs one of their three registrations a day), and
// duplicates in the input are sent once.
func TestBulkRegisterSkipsExisting(t *testing.T) {
	srv := bulkServer(t, zoomtest.Options{})
	c := bulkClient(t, srv, zoom.WithPlan(zoom.PlanUnlimited))
	in := bulkPeople("skip", 70)
	first, err := bulk.Register(t.Context(), c, bulkMeeting, in[:40], bulk.Options{})
	if err != nil || first.Registered != 40 {
		t.Fatalf("first run: %v, %+v", err, first)
	}
	again := append(in, bulk.Attendee{Email: strings.ToUpper(in[50].Email), FirstName: "Dup"})
	rep, err := bulk.Register(t.Context(), c, bulkMeeting, again, bulk.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.AlreadyRegistered != 40 || rep.Registered != 30 || len(rep.Duplicates) != 1 || rep.Requests != 1 {
		t.Fatalf("already %d, registered %d, duplicates %d, requests %d", rep.AlreadyRegistered, rep.Registered, len(rep.Duplicates), rep.Requests)
	}
	for _, a := range in {
		if n := srv.Registrations(bulkMeeting, a.Email); n != 1 {
			t.Errorf("%s registered %d times", a.Email, n)
		}
	}
	bulkCheckServer(t, srv, bulkMeeting, again, rep)
}

// TestBulkRegisterDailyLimit: a registrant at its daily limit is deferred
// with the reset time, and the rest of its batch is registered.
func TestBulkRegisterDailyLimit(t *testing.T) {
	srv := bulkServer(t, zoomtest.Options{RegistrantDailyLimit: 1})
	c := bulkClient(t, srv, zoom.WithPlan(zoom.PlanUnlimited))
	in := bulkPeople("daily", 45)
	// Two people use their registration for the day, then leave the
	// meeting: the bulk run sees them as new and Zoom refuses them.
	pre := gen.PerformBatchRegistrationJSONRequestBody{Registrants: []gen.PerformBatchRegistrationRequestRegistrantsItem{
		{Email: "daily00007@example.com", FirstName: "A"}, {Email: "daily00033@example.com", FirstName: "B"},
	}}
	res, err := c.PerformBatchRegistration(t.Context(), bulkMeeting, pre)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res.Registrants {
		if _, err := c.API().DeleteMeetingRegistrantWithResponse(t.Context(), bulkMeeting, r.RegistrantID, nil); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := bulk.Register(t.Context(), c, bulkMeeting, in, bulk.Options{Concurrency: 2})
	if err != nil {
		t.Fatal(err)
	}
	reset := time.Now().UTC().Truncate(24 * time.Hour).Add(24 * time.Hour)
	if rep.Deferred != 2 || rep.Registered != 43 {
		t.Fatalf("deferred %d registered %d, want 2 and 43", rep.Deferred, rep.Registered)
	}
	for _, i := range []int{7, 33} {
		r := rep.Results[i]
		if r.Status != bulk.Deferred || !r.RetryAt.Equal(reset) || !strings.Contains(r.Error, reset.Format(time.RFC3339)) {
			t.Errorf("attendee %d: %+v; want deferred until %v", i, r, reset)
		}
		if n := srv.Registrations(bulkMeeting, in[i].Email); n != 1 {
			t.Errorf("%s registered %d times, over its limit of 1", in[i].Email, n)
		}
	}
	bulkCheckServer(t, srv, bulkMeeting, in, rep)
}

// TestBulkRegisterMeetingErrors: a meeting that cannot take registrations
// stops the job at once; nothing is registered and everyone is reported.
func TestBulkRegisterMeetingErrors(t *testing.T) {
	srv := bulkServer(t, zoomtest.Options{})
	c := bulkClient(t, srv, zoom.WithPlan(zoom.PlanUnlimited))
	in := bulkPeople("meeting", 100)
	for _, tc := range []struct {
		meeting int64
		code    int
	}{
		{zoomtest.MeetingMissing, zoom.CodeMeetingDoesNotExist},
		{zoomtest.MeetingOver, zoom.CodeMeetingIsOver},
		{zoomtest.MeetingInstant, zoom.CodeThisAPICanOnlyBeUsedForScheduledMeeting},
		{zoomtest.MeetingRecurring, zoom.CodeThisAPICanOnlyBeUsedForScheduledMeeting},
		{zoomtest.MeetingFull, zoom.CodeMeetingHasReachedMaximumAttendeeCapacity},
		{zoomtest.MeetingNoRegistration, zoom.CodeRegistrationHasNotBeenEnabledForThisMeeting},
	} {
		t.Run(fmt.Sprint(tc.meeting), func(t *testing.T) {
			before := len(srv.Registrants(tc.meeting))
			rep, err := bulk.Register(t.Context(), c, tc.meeting, in, bulk.Options{Concurrency: 1})
			if !zoom.HasCode(err, tc.code) || !zoom.HasCode(rep.Stopped, tc.code) {
				t.Fatalf("err = %v, Stopped = %v; want code %d", err, rep.Stopped, tc.code)
			}
			if rep.NotSent != 100 || rep.Requests > 1 {
				t.Errorf("not sent %d, requests %d; want 100 and at most 1", rep.NotSent, rep.Requests)
			}
			if after := len(srv.Registrants(tc.meeting)); after != before {
				t.Errorf("registrants went from %d to %d", before, after)
			}
		})
	}
}

// TestBulkRegisterAccountDailyLimit: when the account's daily budget runs
// out the job pauses and says when it can go on.
func TestBulkRegisterAccountDailyLimit(t *testing.T) {
	srv := bulkServer(t, zoomtest.Options{Limits: map[zoomtest.Label]zoomtest.Limit{"Heavy": {Daily: 3}}})
	c := bulkClient(t, srv, zoom.WithPlan(zoom.PlanUnlimited))
	in := bulkPeople("account", 150)
	rep, err := bulk.Register(t.Context(), c, bulkMeeting, in, bulk.Options{Concurrency: 1})
	reset := time.Now().UTC().Truncate(24 * time.Hour).Add(24 * time.Hour)
	if !errors.Is(err, bulk.ErrPaused) {
		t.Fatalf("err = %v, want ErrPaused", err)
	}
	if rep.Registered != 90 || rep.NotSent != 60 || !rep.PausedUntil.Equal(reset) {
		t.Errorf("registered %d not sent %d paused until %v; want 90, 60, %v", rep.Registered, rep.NotSent, rep.PausedUntil, reset)
	}
	if r := rep.Results[149]; r.Status != bulk.NotSent || !r.RetryAt.Equal(reset) {
		t.Errorf("last attendee: %+v", r)
	}
	bulkCheckServer(t, srv, bulkMeeting, in, rep)
}

// TestBulkRegisterResume: a run cancelled mid-way, resumed from its
// journal, ends with everyone registered once; a journal for another
// meeting is refused.
func TestBulkRegisterResume(t *testing.T) {
	srv := bulkServer(t, zoomtest.Options{Seed: 2, Faults: zoomtest.Faults{DropAfterCommitRate: 0.2}})
	c := bulkClient(t, srv, zoom.WithPlan(zoom.PlanUnlimited), zoom.WithRetry(bulkRetry))
	in := bulkPeople("resume", 900)
	path := filepath.Join(t.TempDir(), "run.jsonl")
	ctx, cancel := context.WithCancel(t.Context())
	rep, err := bulk.Register(ctx, c, bulkMeeting, in, bulk.Options{Concurrency: 2, Journal: path, Progress: func(p bulk.Progress) {
		if p.Done >= 300 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("first run: err = %v", err)
	}
	if rep.Registered < 300 || rep.Registered == 900 {
		t.Fatalf("first run registered %d", rep.Registered)
	}
	if _, err := bulk.Resume(t.Context(), c, bulkMeeting+1, in, bulk.Options{Journal: path}); !errors.Is(err, bulk.ErrJournalMismatch) {
		t.Errorf("resume for another meeting: err = %v", err)
	}
	if _, err := bulk.Resume(t.Context(), c, bulkMeeting, in, bulk.Options{Journal: filepath.Join(t.TempDir(), "none.jsonl")}); err == nil {
		t.Error("resume without a journal succeeded")
	}
	srv.SetFaults(zoomtest.Faults{})
	rep2, err := bulk.Resume(t.Context(), c, bulkMeeting, in, bulk.Options{Concurrency: 2, Journal: path})
	if err != nil {
		t.Fatal(err)
	}
	if !rep2.Resumed || rep2.Registered != 900 {
		t.Fatalf("resumed run: %+v", rep2)
	}
	// Only what the first run had not confirmed was sent again.
	if max := (900 - rep.Registered + 29) / 30; rep2.Requests > max {
		t.Errorf("resume sent %d requests, want at most %d", rep2.Requests, max)
	}
	for _, a := range in {
		if n := srv.Registrations(bulkMeeting, a.Email); n != 1 {
			t.Errorf("%s registered %d times", a.Email, n)
		}
	}
	bulkCheckServer(t, srv, bulkMeeting, in, rep2)
}

// TestBulkRegisterNeverResendsCommitted: half the batches are committed and
// then lose their answer, and each registrant may be registered only once
// a day. Re-sending a committed batch would hit that limit; reconciling
// first means nobody is deferred and nobody is registered twice.
func TestBulkRegisterNeverResendsCommitted(t *testing.T) {
	srv := bulkServer(t, zoomtest.Options{Seed: 9, RegistrantDailyLimit: 1, Faults: zoomtest.Faults{DropAfterCommitRate: 0.5}})
	c := bulkClient(t, srv, zoom.WithPlan(zoom.PlanUnlimited), zoom.WithRetry(bulkRetry))
	in := bulkPeople("once", 600)
	rep, err := bulk.Register(t.Context(), c, bulkMeeting, in, bulk.Options{Concurrency: 4})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Registered != 600 || rep.Deferred != 0 || !rep.Complete() {
		t.Fatalf("registered %d, deferred %d: %+v", rep.Registered, rep.Deferred, rep)
	}
	dropped := 0
	for _, r := range srv.Requests() {
		if r.Status == 0 {
			dropped++
		}
	}
	if dropped < 5 {
		t.Errorf("only %d answers dropped: the test proves little", dropped)
	}
	for _, a := range in {
		if n := srv.Registrations(bulkMeeting, a.Email); n != 1 {
			t.Fatalf("%s registered %d times", a.Email, n)
		}
	}
	bulkCheckServer(t, srv, bulkMeeting, in, rep)
}

// TestBulkRegisterDeniedNotResent: someone the host denied is reported as
// failed and not sent again (it would not undo the denial and would cost
// one of their registrations for the day).
func TestBulkRegisterDeniedNotResent(t *testing.T) {
	srv := bulkServer(t, zoomtest.Options{})
	c := bulkClient(t, srv, zoom.WithPlan(zoom.PlanUnlimited))
	in := bulkPeople("denied", 10)
	if _, err := bulk.Register(t.Context(), c, bulkMeeting, in[:1], bulk.Options{}); err != nil {
		t.Fatal(err)
	}
	deny, email := "deny", in[0].Email
	body := gen.UpdateRegistrantsStatusJSONRequestBody{Action: deny, Registrants: []gen.UpdateRegistrantsStatusRequestRegistrantsItem{{Email: email}}}
	if _, err := c.API().UpdateRegistrantsStatusWithResponse(t.Context(), bulkMeeting, nil, body); err != nil {
		t.Fatal(err)
	}
	rep, err := bulk.Register(t.Context(), c, bulkMeeting, in, bulk.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r := rep.Results[0]; r.Status != bulk.Failed || !strings.Contains(r.Error, "denied") {
		t.Errorf("denied registrant: %v", r)
	}
	if rep.Registered != 9 || srv.Registrations(bulkMeeting, email) != 1 {
		t.Errorf("registered %d; the denied one registered %d times", rep.Registered, srv.Registrations(bulkMeeting, email))
	}
}

// batchPosts counts the batch registration requests the mock received.
func batchPosts(srv *zoomtest.Server) int {
	n := 0
	for _, q := range srv.Requests() {
		if q.Operation == "performBatchRegistration" {
			n++
		}
	}
	return n
}

// TestRegisterOneRequestPerExhaustedRegistrant: 300 attendees, 5 of whom
// have used their 3 registrations of the day (in 5 different batches).
// The mock refuses each of those batches in Zoom's live wording, which
// names the registrant; the engine defers that one and sends the other 29
// again: 10 batches + 5 re-sends = 15 requests. Without the registrant
// from the message the engine has to split batches to find who (60
// requests here).
func TestRegisterOneRequestPerExhaustedRegistrant(t *testing.T) {
	srv := bulkServer(t, zoomtest.Options{})
	c := bulkClient(t, srv, zoom.WithPlan(zoom.PlanUnlimited))
	in := bulkPeople("exhausted", 300)
	spent := []int{7, 68, 129, 190, 251}
	pre := gen.PerformBatchRegistrationJSONRequestBody{}
	for _, i := range spent {
		pre.Registrants = append(pre.Registrants, gen.PerformBatchRegistrationRequestRegistrantsItem{Email: in[i].Email, FirstName: "Spent"})
	}
	// Three registrations each (the day's limit), then off the meeting's
	// list, so that the run sees them as new and sends them.
	var ids []string
	for range 3 {
		res, err := c.PerformBatchRegistration(t.Context(), bulkMeeting, pre)
		if err != nil {
			t.Fatal(err)
		}
		ids = ids[:0]
		for _, r := range res.Registrants {
			ids = append(ids, r.RegistrantID)
		}
	}
	for _, id := range ids {
		if _, err := c.API().DeleteMeetingRegistrantWithResponse(t.Context(), bulkMeeting, id, nil); err != nil {
			t.Fatal(err)
		}
	}
	before := batchPosts(srv)

	rep, err := bulk.Register(t.Context(), c, bulkMeeting, in, bulk.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Registered != 295 || rep.Deferred != 5 {
		t.Fatalf("%s; want 295 registered, 5 deferred", rep)
	}
	for _, i := range spent {
		if r := rep.Results[i]; r.Status != bulk.Deferred || r.RetryAt.IsZero() {
			t.Errorf("attendee %d: %s; want deferred with a retry time", i, r)
		}
	}
	if got := batchPosts(srv) - before; got != 15 || rep.Requests != 15 {
		t.Errorf("the mock received %d batch registrations, the report says %d; want 15 (10 batches + 1 per exhausted registrant)", got, rep.Requests)
	}
	bulkCheckServer(t, srv, bulkMeeting, in, rep)
}

// TestRegisterSendsBoundedByClientRetries: the client is the only layer
// that retries. A batch refused with QPS 429s every time reaches the mock
// exactly RetryPolicy.MaxAttempts times, then its attendees end not sent
// with the client's error; the engine does not send it again.
func TestRegisterSendsBoundedByClientRetries(t *testing.T) {
	srv := bulkServer(t, zoomtest.Options{})
	const attempts = 3
	c := bulkClient(t, srv, zoom.WithPlan(zoom.PlanUnlimited),
		zoom.WithRetry(zoom.RetryPolicy{MaxAttempts: attempts, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond}))
	in := bulkPeople("bound", 60)
	once := false
	opts := bulk.Options{Concurrency: 1, Progress: func(bulk.Progress) {
		// The first report comes after the registrant list was read and
		// before any batch goes: from now on, every request is a QPS 429.
		if !once {
			once = true
			srv.SetFaults(zoomtest.Faults{QPSErrorRate: 1})
		}
	}}
	rep, err := bulk.Register(t.Context(), c, bulkMeeting, in, opts)
	if err != nil {
		t.Fatal(err)
	}
	if rep.NotSent != 60 || rep.Registered != 0 || rep.Requests != 2 {
		t.Fatalf("%s; want 60 not sent in 2 batch calls", rep)
	}
	if got := batchPosts(srv); got != 2*attempts {
		t.Errorf("the mock received %d batch registrations; want %d (2 batches × %d attempts)", got, 2*attempts, attempts)
	}
	if r := rep.Results[0]; !strings.Contains(r.Error, "per-second rate limit") {
		t.Errorf("attendee 0: %s; want the client's QPS error", r)
	}
}

// TestRegisterOneBadAddressInABatch: 30 attendees, one with an address
// the encoder refuses. The 29 others are registered, in one request; the
// bad one fails alone, with its reason, and is never sent.
func TestRegisterOneBadAddressInABatch(t *testing.T) {
	srv := bulkServer(t, zoomtest.Options{})
	c := bulkClient(t, srv, zoom.WithRetry(bulkRetry), zoom.WithPlan(zoom.PlanUnlimited))
	people := bulkPeople("onebad", 30)
	const bad = 12
	people[bad].Email = "john..doe@example.com"

	rep, err := bulk.Register(t.Context(), c, bulkMeeting, people, bulk.Options{})
	if err != nil {
		t.Fatalf("Register: %v (%s)", err, rep)
	}
	if rep.Registered != 29 || rep.Failed != 1 || rep.NotSent != 0 || rep.Unconfirmed != 0 {
		t.Errorf("report %s; want 29 registered, 1 failed", rep)
	}
	res := rep.Results[bad]
	if res.Status != bulk.Failed || !strings.Contains(res.Error, `email: "john..doe@example.com" is not an email address: two dots in a row`) {
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
		if i != bad && (rep.Results[i].Status != bulk.Registered || srv.Registrations(bulkMeeting, p.Email) != 1) {
			t.Errorf("%s: %s, registered %d times", p.Email, rep.Results[i], srv.Registrations(bulkMeeting, p.Email))
		}
	}
	if n := batchPosts(srv); n != 1 || rep.Requests != 1 {
		t.Errorf("%d batch requests on the wire, %d in the report; want exactly 1", n, rep.Requests)
	}
}
