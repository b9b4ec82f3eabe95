package zoomtest_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/zoomgen/zoom/gen"
	"github.com/zoomgen/zoom/webhook"
	"github.com/zoomgen/zoom/zoomtest"
)

// TestWebinarRefusals: each seeded webinar gets the answer Zoom's
// reference documents for webinars (which differ from the meetings' in
// places: registration disabled is 400 code 3000, not 404 code 404), and
// a meeting's ID is unknown under /webinars and the other way round.
func TestWebinarRefusals(t *testing.T) {
	t.Parallel()
	srv := newMock(t, zoomtest.Options{})
	c := client(t, srv, srv.IssueToken())
	for _, tc := range []struct {
		id           int64
		status, code int
	}{
		{zoomtest.WebinarRecurring, 400, 300},
		{zoomtest.WebinarOver, 400, 3038},
		{zoomtest.WebinarNoRegistration, 400, 3000},
		{zoomtest.WebinarFull, 404, 3043},
		{zoomtest.WebinarMissing, 404, 3001},
		{zoomtest.MeetingScheduled, 404, 3001},
	} {
		res, err := c.PerformBatchRegistrationForWebinarsWithResponse(context.Background(), fmt.Sprint(tc.id),
			gen.PerformBatchRegistrationForWebinarsJSONRequestBody{Registrants: people(2, "w")})
		if err != nil {
			t.Fatal(err)
		}
		var code int
		if e := res.JSON400; e != nil {
			code = e.Code
		} else if e := res.JSON404; e != nil {
			code = e.Code
		}
		if res.StatusCode() != tc.status || code != tc.code {
			t.Errorf("webinar %d: %d %s, want %d code %d", tc.id, res.StatusCode(), res.Body, tc.status, tc.code)
		}
		if n := len(srv.Registrants(tc.id)); tc.id != zoomtest.WebinarFull && n != 0 {
			t.Errorf("webinar %d: a refused batch left %d registrants", tc.id, n)
		}
	}
	r := do(t, srv, http.MethodGet, fmt.Sprintf("/meetings/%d/registrants", zoomtest.WebinarScheduled), "", nil, bearer(srv.IssueToken()))
	if r.status != 404 || r.zoomError(t).Code != 3001 {
		t.Errorf("a webinar's ID under /meetings: %d %s, want 404 code 3001", r.status, r.body)
	}
}

// TestWebinarLifecycle: registered through the webinar batch (201, as the
// live API), listed by status a page at a time, approved and cancelled;
// a status update that changes nothing is not counted as a change.
func TestWebinarLifecycle(t *testing.T) {
	t.Parallel()
	srv := newMock(t, zoomtest.Options{})
	const id int64 = 81746065777
	srv.AddMeeting(zoomtest.Meeting{ID: id, Webinar: true, Type: 5, Topic: "Manual approval", ManualApproval: true})
	c := client(t, srv, srv.IssueToken())
	ctx := context.Background()
	res, err := c.PerformBatchRegistrationForWebinarsWithResponse(ctx, fmt.Sprint(id), gen.PerformBatchRegistrationForWebinarsJSONRequestBody{Registrants: people(5, "life")})
	if err != nil || res.StatusCode() != http.StatusCreated || res.JSON201 == nil || len(res.JSON201.Registrants) != 5 {
		t.Fatalf("webinar batch: %v %d %s", err, res.StatusCode(), res.Body)
	}
	list := func(status gen.RegistrantStatus) []string {
		t.Helper()
		size := 2
		var out []string
		params := &gen.ListWebinarRegistrantsParams{Status: &status, PageSize: &size}
		for {
			res, err := c.ListWebinarRegistrantsWithResponse(ctx, id, params)
			if err != nil || res.JSON200 == nil {
				t.Fatalf("list: %v %d %s", err, res.StatusCode(), res.Body)
			}
			for _, r := range res.JSON200.Registrants {
				out = append(out, r.Email)
			}
			if res.JSON200.NextPageToken == "" {
				return out
			}
			params.NextPageToken = &res.JSON200.NextPageToken
		}
	}
	if got := list(gen.RegistrantStatusPending); len(got) != 5 {
		t.Fatalf("pending: %v, want 5 (manual approval)", got)
	}
	update := func(action string, emails ...string) {
		t.Helper()
		var items []gen.UpdateRegistrantsStatusRequestRegistrantsItem
		for i := range emails {
			items = append(items, gen.UpdateRegistrantsStatusRequestRegistrantsItem{Email: emails[i]})
		}
		res, err := c.UpdateWebinarRegistrantsStatusWithResponse(ctx, id, nil, gen.UpdateRegistrantsStatusRequest{Action: action, Registrants: items})
		if err != nil || res.StatusCode() != http.StatusNoContent {
			t.Fatalf("%s: %v %d %s", action, err, res.StatusCode(), res.Body)
		}
	}
	update("approve", "life0@example.com", "LIFE1@example.com")
	update("approve", "life0@example.com") // already approved: no change
	update("cancel", "life1@example.com")
	if got := strings.Join(list(gen.RegistrantStatusApproved), ","); got != "life0@example.com" {
		t.Errorf("approved: %s", got)
	}
	if got := strings.Join(list(gen.RegistrantStatusDenied), ","); got != "life1@example.com" {
		t.Errorf("denied: %s", got)
	}
	if n, m := srv.StatusChanges(id, "life0@example.com"), srv.StatusReceived(id, "life0@example.com"); n != 1 || m != 2 {
		t.Errorf("life0: %d changes of %d updates received, want 1 of 2", n, m)
	}
	if n := srv.StatusChanges(id, "life1@example.com"); n != 2 {
		t.Errorf("life1 (approved, then cancelled): %d changes, want 2", n)
	}
	r := do(t, srv, http.MethodPut, fmt.Sprintf("/webinars/%d/registrants/status", zoomtest.WebinarMissing), "application/json",
		strings.NewReader(`{"action":"approve","registrants":[{"email":"a@example.com"}]}`), bearer(srv.IssueToken()))
	if r.status != 404 || r.zoomError(t).Code != 3001 {
		t.Errorf("status of an unknown webinar: %d %s", r.status, r.body)
	}
	items := strings.Repeat(`{"email":"a@example.com"},`, 31)
	r = do(t, srv, http.MethodPut, fmt.Sprintf("/webinars/%d/registrants/status", id), "application/json",
		strings.NewReader(`{"action":"approve","registrants":[`+strings.TrimSuffix(items, ",")+`]}`), bearer(srv.IssueToken()))
	if r.status != 400 {
		t.Errorf("31 registrants in one status update: %d %s, want 400", r.status, r.body)
	}
}

// TestWebinarRegistrantDailyLimit: a webinar registrant gets the live
// API's per-registrant 429 after three registrations in a UTC day, as
// for meetings.
func TestWebinarRegistrantDailyLimit(t *testing.T) {
	t.Parallel()
	srv := newMock(t, zoomtest.Options{})
	c := client(t, srv, srv.IssueToken())
	body := gen.PerformBatchRegistrationForWebinarsJSONRequestBody{Registrants: people(1, "daily")}
	for i := range 4 {
		res, err := c.PerformBatchRegistrationForWebinarsWithResponse(context.Background(), fmt.Sprint(zoomtest.WebinarScheduled), body)
		if err != nil {
			t.Fatal(err)
		}
		if i < 3 && res.StatusCode() != http.StatusCreated {
			t.Fatalf("registration %d: %d %s", i+1, res.StatusCode(), res.Body)
		}
		if i == 3 && (res.StatusCode() != 429 || !strings.Contains(string(res.Body), "Add a webinar registrant API requests for the registrant (daily0@example.com)")) {
			t.Errorf("4th registration: %d %s, want the per-registrant 429", res.StatusCode(), res.Body)
		}
	}
	if n := srv.Registrations(zoomtest.WebinarScheduled, "daily0@example.com"); n != 3 {
		t.Errorf("%d registrations, want 3", n)
	}
}

// TestWebinarWebhooks: webinar registrations and status changes are
// notified as Zoom's webinar.* events, which package webhook decodes into
// its webinar types; an update that changes nothing is not notified.
func TestWebinarWebhooks(t *testing.T) {
	t.Parallel()
	recv := newHookReceiver(t, webhookSecret)
	srv := newMock(t, zoomtest.Options{Webhooks: zoomtest.Webhooks{URL: recv.url, SecretToken: webhookSecret}})
	const id int64 = 81746065111
	srv.AddMeeting(zoomtest.Meeting{ID: id, Webinar: true, Topic: "Webhook webinar", Type: 5, ManualApproval: true})
	auth := bearer(srv.IssueToken())
	path := fmt.Sprintf("/webinars/%d", id)
	if res := do(t, srv, http.MethodPost, path+"/batch_registrants", "application/json",
		strings.NewReader(`{"registrants":[{"email":"ann@example.com","first_name":"Ann"}]}`), auth); res.status != http.StatusCreated {
		t.Fatalf("batch registration: %d %s", res.status, res.body)
	}
	for _, action := range []string{"approve", "approve", "cancel"} {
		if res := do(t, srv, http.MethodPut, path+"/registrants/status", "application/json",
			strings.NewReader(`{"action":"`+action+`","registrants":[{"email":"ann@example.com"}]}`), auth); res.status != http.StatusNoContent {
			t.Fatalf("%s: %d %s", action, res.status, res.body)
		}
	}
	waitHooks(t, srv)
	var got []string
	for _, ev := range recv.events() {
		switch d := ev.Data.(type) {
		case *webhook.WebinarRegistrationCreated:
			got = append(got, ev.Name+" "+d.Payload.Object.Registrant.Email)
		case *webhook.WebinarRegistrationApproved:
			got = append(got, ev.Name+" "+d.Payload.Object.Registrant.Email)
		case *webhook.WebinarRegistrationCancelled:
			got = append(got, ev.Name+" "+d.Payload.Object.Registrant.Email)
		default:
			t.Errorf("%s delivered as %T (DecodeErr %v)", ev.Name, ev.Data, ev.DecodeErr)
		}
	}
	want := "[webinar.registration_created ann@example.com webinar.registration_approved ann@example.com webinar.registration_cancelled ann@example.com]"
	if fmt.Sprint(got) != want {
		t.Errorf("events:\n%v\nwant\n%s", got, want)
	}
}
