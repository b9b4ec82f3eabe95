package zoomtest_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zoomgen/zoom/gen"
	"github.com/zoomgen/zoom/zoomtest"
)

func TestBatchRegistration(t *testing.T) {
	srv := newMock(t, zoomtest.Options{})
	api := client(t, srv, srv.IssueToken())
	ps := people(30, "batch")
	got := register(t, api, zoomtest.MeetingScheduled, ps)
	if len(got) != 30 {
		t.Fatalf("%d entries for 30 registrants", len(got))
	}
	ids := map[string]bool{}
	for i, r := range got {
		if r.Email == "" || r.Email != string(ps[i].Email) {
			t.Errorf("entry %d is %v, want %s (request order)", i, r.Email, ps[i].Email)
		}
		if r.RegistrantID == "" || ids[r.RegistrantID] {
			t.Errorf("entry %d: missing or repeated registrant_id", i)
		} else {
			ids[r.RegistrantID] = true
		}
		if r.JoinURL == "" || !strings.Contains(r.JoinURL, "?tk=") || r.ParticipantPinCode == 0 || r.ParticipantPinCode < 100000 {
			t.Errorf("entry %d: join_url without tk= or no 6-digit participant_pin_code", i)
		}
	}
	if n := len(srv.Registrants(zoomtest.MeetingScheduled)); n != 30 {
		t.Errorf("state holds %d registrants, want 30", n)
	}
}

func TestReRegistrationIsIdempotent(t *testing.T) {
	srv := newMock(t, zoomtest.Options{})
	api := client(t, srv, srv.IssueToken())
	first := register(t, api, zoomtest.MeetingScheduled, people(2, "again"))
	shouted := people(2, "AGAIN")
	for i := range shouted {
		shouted[i].Email = strings.Replace(shouted[i].Email, "example.com", "Example.COM", 1)
	}
	second := register(t, api, zoomtest.MeetingScheduled, shouted)
	for i := range first {
		if first[i].RegistrantID != second[i].RegistrantID || first[i].JoinURL != second[i].JoinURL {
			t.Errorf("entry %d: re-registration with another case gave a new registrant_id or join_url", i)
		}
		if second[i].Email != string(shouted[i].Email) {
			t.Errorf("entry %d: email %q, want it as sent (%q)", i, second[i].Email, shouted[i].Email)
		}
	}
	if n := len(srv.Registrants(zoomtest.MeetingScheduled)); n != 2 {
		t.Errorf("%d registrants after registering two people twice, want 2", n)
	}
	if n := srv.Registrations(zoomtest.MeetingScheduled, "AGAIN0@example.com"); n != 2 {
		t.Errorf("Registrations = %d, want 2 (re-registrations count)", n)
	}
	// The same person in another meeting is another registrant.
	srv.AddMeeting(zoomtest.Meeting{ID: 123456789, Topic: "Other", Type: 2})
	other := register(t, api, 123456789, people(1, "again"))
	if other[0].RegistrantID == first[0].RegistrantID {
		t.Error("the same email in another meeting got the same registrant_id")
	}
}

func TestMeetingErrors(t *testing.T) {
	cases := []struct {
		meeting int64
		status  int
		code    int
		message string
	}{
		{zoomtest.MeetingMissing, 404, 3001, "Meeting does not exist: 99999999999."},
		{zoomtest.MeetingInstant, 400, 303, "This API can only be used for scheduled meeting."},
		{zoomtest.MeetingRecurring, 400, 303, "This API can only be used for scheduled meeting."},
		{zoomtest.MeetingOver, 400, 3038, "Meeting is over, you can not register now. If you have any questions, please contact the Meeting host."},
		{zoomtest.MeetingFull, 404, 3043, "Meeting has reached maximum attendee capacity."},
		{zoomtest.MeetingNoRegistration, 404, 404, "Registration has not been enabled for this meeting: 85746065404."},
	}
	srv := newMock(t, zoomtest.Options{})
	api := client(t, srv, srv.IssueToken())
	for _, tc := range cases {
		t.Run(fmt.Sprint(tc.code), func(t *testing.T) {
			res, err := api.PerformBatchRegistrationWithResponse(context.Background(), tc.meeting, batch(people(1, "refused")))
			if err != nil {
				t.Fatal(err)
			}
			var e *gen.ZoomError
			switch res.StatusCode() {
			case 400:
				e = res.JSON400
			case 404:
				e = res.JSON404
			}
			if res.StatusCode() != tc.status || e == nil || e.Code != tc.code || e.Message != tc.message {
				t.Errorf("got %d %s, want %d code %d %q", res.StatusCode(), res.Body, tc.status, tc.code, tc.message)
			}
			if got := srv.Registrations(tc.meeting, "refused0@example.com"); got != 0 {
				t.Errorf("refused registration committed (%d)", got)
			}
		})
	}
}

func TestCapacity(t *testing.T) {
	srv := newMock(t, zoomtest.Options{})
	api := client(t, srv, srv.IssueToken())
	// The seat holder may register again: it takes no new seat.
	seated := []gen.PerformBatchRegistrationRequestRegistrantsItem{{Email: zoomtest.FullMeetingRegistrant, FirstName: "Seated"}}
	register(t, api, zoomtest.MeetingFull, seated)

	srv.AddMeeting(zoomtest.Meeting{ID: 5551234, Topic: "Three seats", Type: 2, Capacity: 3})
	register(t, api, 5551234, people(2, "seat"))
	res, err := api.PerformBatchRegistrationWithResponse(context.Background(), 5551234, batch(people(2, "late")))
	if err != nil || res.JSON404 == nil || res.JSON404.Code != 3043 {
		t.Fatalf("two more for one seat left: %v %d %s, want 404 code 3043", err, res.StatusCode(), res.Body)
	}
	if n := len(srv.Registrants(5551234)); n != 2 {
		t.Errorf("a refused batch was partly committed: %d registrants", n)
	}
	register(t, api, 5551234, people(1, "late"))
}

func TestRegistrantDailyLimit(t *testing.T) {
	clock := newFakeClock(time.Date(2026, 3, 14, 23, 0, 0, 0, time.UTC))
	srv := newMock(t, zoomtest.Options{Clock: clock.Now, TokenTTL: 48 * time.Hour})
	api := client(t, srv, srv.IssueToken())
	jill := people(1, "jill")
	for range 3 {
		register(t, api, zoomtest.MeetingScheduled, jill)
	}
	// The fourth time refuses the whole batch, naming the registrant, and
	// commits nobody, not even the newcomer listed first.
	mixed := append(people(1, "newcomer"), jill[0])
	mixed[1].Email = "JILL0@example.com"
	res, err := api.PerformBatchRegistrationWithResponse(context.Background(), zoomtest.MeetingScheduled, batch(mixed))
	if err != nil {
		t.Fatal(err)
	}
	want := "You have exceeded the daily rate limit of (3) for Add a meeting registrant API requests for the registrant (JILL0@example.com). You can resume these API requests at GMT 00:00:00."
	if res.StatusCode() != 429 || res.JSON429 == nil || res.JSON429.Code != 429 || res.JSON429.Message != want {
		t.Fatalf("fourth registration: %d %s", res.StatusCode(), res.Body)
	}
	h := res.HTTPResponse.Header
	if h.Get("Retry-After") != "Sun, 15 Mar 2026 00:00:00 GMT" || h.Get("X-RateLimit-Type") != "" || h.Get("X-RateLimit-Category") != "Heavy" {
		t.Errorf("headers: Retry-After=%q X-RateLimit-Type=%q X-RateLimit-Category=%q", h.Get("Retry-After"), h.Get("X-RateLimit-Type"), h.Get("X-RateLimit-Category"))
	}
	if srv.Registrations(zoomtest.MeetingScheduled, "newcomer0@example.com") != 0 || srv.Registrations(zoomtest.MeetingScheduled, "jill0@example.com") != 3 {
		t.Error("the refused batch was committed in part")
	}
	// Two registrations of one person in one batch count twice.
	twice := append(people(1, "twin"), people(1, "twin")...)
	twice = append(twice, people(1, "twin")...)
	twice = append(twice, people(1, "twin")...)
	if res, _ := api.PerformBatchRegistrationWithResponse(context.Background(), zoomtest.MeetingScheduled, batch(twice)); res.StatusCode() != 429 {
		t.Errorf("one person four times in a batch: %d, want 429", res.StatusCode())
	}
	// Another meeting is another registrant.
	srv.AddMeeting(zoomtest.Meeting{ID: 777, Topic: "Other", Type: 2})
	register(t, api, 777, jill)

	clock.Advance(time.Hour) // 00:00 UTC: the count starts again
	register(t, api, zoomtest.MeetingScheduled, jill)
	if n := srv.Registrations(zoomtest.MeetingScheduled, "jill0@example.com"); n != 4 {
		t.Errorf("Registrations = %d after the reset, want 4 (all days)", n)
	}
}

func TestListRegistrantsPaginates(t *testing.T) {
	clock := newFakeClock(noon)
	srv := newMock(t, zoomtest.Options{Clock: clock.Now, TokenTTL: 24 * time.Hour})
	api := client(t, srv, srv.IssueToken())
	const n = 650
	for i := 0; i < n; i += 30 {
		register(t, api, zoomtest.MeetingScheduled, people(min(30, n-i), fmt.Sprintf("p%d-", i)))
	}
	want := srv.Registrants(zoomtest.MeetingScheduled)
	big := 1000
	params := &gen.ListMeetingRegistrantsParams{PageSize: &big}
	var got []string
	pages := 0
	for {
		res, err := api.ListMeetingRegistrantsWithResponse(context.Background(), zoomtest.MeetingScheduled, params)
		if err != nil || res.JSON200 == nil {
			t.Fatalf("page %d: %v %s", pages, err, res.Body)
		}
		p := res.JSON200
		pages++
		if p.PageSize != 300 || p.TotalRecords != n || p.PageCount != 3 {
			t.Errorf("page %d: page_size %d total_records %d page_count %d, want 300 %d 3", pages, p.PageSize, p.TotalRecords, p.PageCount, n)
		}
		for _, r := range p.Registrants {
			got = append(got, r.ID)
		}
		if p.NextPageToken == "" {
			break
		}
		params = &gen.ListMeetingRegistrantsParams{PageSize: &big, NextPageToken: &p.NextPageToken}
	}
	if pages != 3 || len(got) != n {
		t.Fatalf("%d pages, %d registrants; want 3 pages, %d", pages, len(got), n)
	}
	for i := range want {
		if got[i] != want[i].ID {
			t.Fatalf("registrant %d is %s, want %s (registration order)", i, got[i], want[i].ID)
		}
	}
	// The deprecated page_number reaches the same pages.
	size, third := 300, 3
	res, err := api.ListMeetingRegistrantsWithResponse(context.Background(), zoomtest.MeetingScheduled, &gen.ListMeetingRegistrantsParams{PageSize: &size, PageNumber: &third})
	if err != nil || res.JSON200 == nil || len(res.JSON200.Registrants) != n-600 || res.JSON200.Registrants[0].ID != want[600].ID ||
		res.JSON200.PageNumber != 3 || res.JSON200.NextPageToken != "" {
		t.Errorf("page_number=3: %v %d", err, res.StatusCode())
	}
}

func TestListRegistrantsFiltersAndTokens(t *testing.T) {
	clock := newFakeClock(noon)
	srv := newMock(t, zoomtest.Options{Clock: clock.Now, TokenTTL: 24 * time.Hour})
	api := client(t, srv, srv.IssueToken())
	srv.AddMeeting(zoomtest.Meeting{ID: 4242, Topic: "Approval", Type: 2, ManualApproval: true})
	register(t, api, 4242, people(3, "pending"))
	yes := true
	res, err := api.PerformBatchRegistrationWithResponse(context.Background(), 4242,
		gen.PerformBatchRegistrationJSONRequestBody{AutoApprove: yes, Registrants: people(2, "approved")})
	if err != nil || res.StatusCode() != 201 {
		t.Fatalf("auto_approve batch: %v %d", err, res.StatusCode())
	}
	count := func(status *gen.RegistrantStatus) int {
		size := 1
		res, err := api.ListMeetingRegistrantsWithResponse(context.Background(), 4242, &gen.ListMeetingRegistrantsParams{Status: status, PageSize: &size})
		if err != nil || res.JSON200 == nil {
			t.Fatalf("list: %v %s", err, res.Body)
		}
		return res.JSON200.TotalRecords
	}
	pending, approved, denied := gen.RegistrantStatus("pending"), gen.RegistrantStatus("approved"), gen.RegistrantStatus("denied")
	for _, tc := range []struct {
		status *gen.RegistrantStatus
		want   int
	}{{nil, 2}, {&approved, 2}, {&pending, 3}, {&denied, 0}} {
		if got := count(tc.status); got != tc.want {
			t.Errorf("status %v: %d registrants, want %d", tc.status, got, tc.want)
		}
	}

	size := 1
	first, _ := api.ListMeetingRegistrantsWithResponse(context.Background(), 4242, &gen.ListMeetingRegistrantsParams{Status: &pending, PageSize: &size})
	tok := first.JSON200.NextPageToken
	// The token carries the filter: the next page is pending too.
	next, _ := api.ListMeetingRegistrantsWithResponse(context.Background(), 4242, &gen.ListMeetingRegistrantsParams{PageSize: &size, NextPageToken: &tok})
	if next.JSON200 == nil || next.JSON200.Registrants[0].Status != "pending" {
		t.Errorf("next page: %s", next.Body)
	}
	for _, tc := range []struct {
		name    string
		token   string
		meeting int64
		advance time.Duration
	}{
		{"made-up token", "made-up", 4242, 0},
		{"another meeting's token", tok, zoomtest.MeetingScheduled, 0},
		{"expired token", tok, 4242, 15 * time.Minute},
	} {
		clock.Advance(tc.advance)
		res, err := api.ListMeetingRegistrantsWithResponse(context.Background(), tc.meeting, &gen.ListMeetingRegistrantsParams{NextPageToken: &tc.token})
		if err != nil || res.JSON400 == nil || res.JSON400.Code != 300 || res.JSON400.Message != "The next page token is invalid or expired." {
			t.Errorf("%s: %v %d %s", tc.name, err, res.StatusCode(), res.Body)
		}
	}
	res2, _ := api.ListMeetingRegistrantsWithResponse(context.Background(), zoomtest.MeetingMissing, nil)
	if res2.JSON404 == nil || res2.JSON404.Code != 3001 {
		t.Errorf("listing a missing meeting: %d %s", res2.StatusCode(), res2.Body)
	}
}

func TestOtherRegistrantEndpoints(t *testing.T) {
	srv := newMock(t, zoomtest.Options{})
	api := client(t, srv, srv.IssueToken())
	res, err := api.AddMeetingRegistrantWithResponse(context.Background(), zoomtest.MeetingScheduled, nil,
		gen.AddMeetingRegistrantJSONRequestBody{Email: "solo@example.com", FirstName: "Solo"})
	if err != nil || res.JSON201 == nil || res.JSON201.RegistrantID == "" {
		t.Fatalf("add registrant: %v %d %s", err, res.StatusCode(), res.Body)
	}
	again := register(t, api, zoomtest.MeetingScheduled, []gen.PerformBatchRegistrationRequestRegistrantsItem{{Email: "SOLO@example.com", FirstName: "Solo"}})
	if again[0].RegistrantID != res.JSON201.RegistrantID {
		t.Error("batch registration of someone added singly gave a new registrant_id")
	}
	if res, _ := api.AddMeetingRegistrantWithResponse(context.Background(), zoomtest.MeetingOver, nil,
		gen.AddMeetingRegistrantJSONRequestBody{Email: "solo@example.com", FirstName: "Solo"}); res.JSON400 == nil || res.JSON400.Code != 3038 {
		t.Errorf("add to a meeting that is over: %d %s", res.StatusCode(), res.Body)
	}
	deny := "deny"
	upd, err := api.UpdateRegistrantsStatusWithResponse(context.Background(), zoomtest.MeetingScheduled, nil, gen.UpdateRegistrantsStatusJSONRequestBody{
		Action: deny, Registrants: []gen.UpdateRegistrantsStatusRequestRegistrantsItem{{Email: "solo@EXAMPLE.com"}}})
	if err != nil || upd.StatusCode() != 204 || srv.Registrants(zoomtest.MeetingScheduled)[0].Status != "denied" {
		t.Errorf("deny: %v %d %s", err, upd.StatusCode(), upd.Body)
	}
	del, err := api.DeleteMeetingRegistrantWithResponse(context.Background(), zoomtest.MeetingScheduled, res.JSON201.RegistrantID, nil)
	if err != nil || del.StatusCode() != 204 || len(srv.Registrants(zoomtest.MeetingScheduled)) != 0 {
		t.Errorf("delete: %v %d %s", err, del.StatusCode(), del.Body)
	}
	if del, _ := api.DeleteMeetingRegistrantWithResponse(context.Background(), zoomtest.MeetingScheduled, res.JSON201.RegistrantID, nil); del.StatusCode() != 404 {
		t.Errorf("deleting twice: %d, want 404", del.StatusCode())
	}
	m, _ := api.GetMeetingWithResponse(context.Background(), zoomtest.MeetingOver, nil)
	if m.JSON200 == nil || m.JSON200.Status != "finished" || m.JSON200.Type != 2 {
		t.Errorf("get meeting that is over: %s", m.Body)
	}
}

// TestConcurrentClients hits the mock from 8 clients at once: no lost or
// duplicated registrants, every answer a 201 (run with -race).
func TestConcurrentClients(t *testing.T) {
	srv := newMock(t, zoomtest.Options{})
	api := client(t, srv, srv.IssueToken())
	var wg sync.WaitGroup
	errs := make(chan error, 8*10)
	for w := range 8 {
		wg.Go(func() {
			for b := range 10 {
				// Workers overlap by half: the same people registered
				// concurrently must still get one registrant each.
				res, err := api.PerformBatchRegistrationWithResponse(context.Background(), zoomtest.MeetingScheduled,
					batch(people(30, fmt.Sprintf("w%d-b%d-", w/2, b))))
				if err != nil || res.StatusCode() != 201 {
					errs <- fmt.Errorf("worker %d batch %d: %v %d %s", w, b, err, res.StatusCode(), res.Body)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := len(srv.Registrants(zoomtest.MeetingScheduled)); n != 4*10*30 {
		t.Errorf("%d registrants, want %d", n, 4*10*30)
	}
	if n := srv.Registrations(zoomtest.MeetingScheduled, "w3-b9-29@example.com"); n != 2 {
		t.Errorf("Registrations = %d, want 2", n)
	}
	_ = http.StatusOK
}
