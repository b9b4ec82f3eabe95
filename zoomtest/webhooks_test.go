package zoomtest_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zoomgen/zoom/webhook"
	"github.com/zoomgen/zoom/zoomtest"
)

const webhookSecret = "mock-webhook-secret"

// hookReceiver is package webhook's handler on loopback, recording what it
// delivers.
type hookReceiver struct {
	url string
	mu  sync.Mutex
	got []webhook.Event
}

func (r *hookReceiver) events() []webhook.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]webhook.Event(nil), r.got...)
}

func newHookReceiver(t *testing.T, secrets ...string) *hookReceiver {
	t.Helper()
	r := &hookReceiver{}
	h, err := webhook.New(webhook.Options{
		SecretTokens: secrets,
		OnEvent: func(_ context.Context, ev webhook.Event) error {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.got = append(r.got, ev)
			return nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	r.url = srv.URL
	return r
}

func waitHooks(t *testing.T, srv *zoomtest.Server) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.WaitWebhooks(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestWebhooksEndToEnd drives registrations and status changes through the
// mock's API and checks that package webhook, on loopback, receives each
// matching signed notification, typed, accepts every genuine one, refuses
// each tampered one with its status and no event, and answers the
// validation challenge.
func TestWebhooksEndToEnd(t *testing.T) {
	t.Parallel()
	recv := newHookReceiver(t, webhookSecret)
	srv := newMock(t, zoomtest.Options{Webhooks: zoomtest.Webhooks{URL: recv.url, SecretToken: webhookSecret}})
	const meeting int64 = 85746065111
	srv.AddMeeting(zoomtest.Meeting{ID: meeting, Topic: "Webhook meeting", Type: 2, ManualApproval: true})
	auth := bearer(srv.IssueToken())
	path := fmt.Sprintf("/meetings/%d", meeting)

	res := do(t, srv, http.MethodPost, path+"/batch_registrants", "application/json", strings.NewReader(
		`{"registrants":[{"email":"ann@example.com","first_name":"Ann"},{"email":"bob@example.com","first_name":"Bob"},{"email":"ANN@example.com","first_name":"Ann"}]}`), auth)
	if res.status != http.StatusCreated {
		t.Fatalf("batch registration: %d %s", res.status, res.body)
	}
	res = do(t, srv, http.MethodPost, path+"/registrants", "application/json", strings.NewReader(`{"email":"cy@example.com","first_name":"Cy","last_name":"Young"}`), auth)
	if res.status != http.StatusCreated {
		t.Fatalf("add registrant: %d %s", res.status, res.body)
	}
	for _, action := range []string{"approve", "deny", "cancel"} {
		res = do(t, srv, http.MethodPut, path+"/registrants/status", "application/json", strings.NewReader(
			`{"action":"`+action+`","registrants":[{"email":"bob@example.com"}]}`), auth)
		if res.status != http.StatusNoContent {
			t.Fatalf("status %s: %d %s", action, res.status, res.body)
		}
	}
	waitHooks(t, srv)

	type seen struct{ name, email, status string }
	var got []seen
	for _, ev := range recv.events() {
		s := seen{name: ev.Name}
		switch d := ev.Data.(type) {
		case *webhook.MeetingRegistrationCreated:
			s.email, s.status = d.Payload.Object.Registrant.Email, d.Payload.Object.Registrant.Status
			if d.Payload.Object.ID != meeting || d.Payload.Object.Topic != "Webhook meeting" || !strings.Contains(d.Payload.Object.Registrant.JoinURL, "tk=") {
				t.Errorf("created event object %+v", d.Payload.Object)
			}
		case *webhook.MeetingRegistrationApproved:
			s.email = d.Payload.Object.Registrant.Email
		case *webhook.MeetingRegistrationDenied:
			s.email = d.Payload.Object.Registrant.Email
		case *webhook.MeetingRegistrationCancelled:
			s.email = d.Payload.Object.Registrant.Email
			if d.Payload.Operator == "" {
				t.Error("cancelled event without operator")
			}
		default:
			t.Errorf("%s delivered as %T (DecodeErr %v)", ev.Name, ev.Data, ev.DecodeErr)
		}
		got = append(got, s)
	}
	want := []seen{
		{"meeting.registration_created", "ann@example.com", "pending"},
		{"meeting.registration_created", "bob@example.com", "pending"},
		{"meeting.registration_created", "cy@example.com", "pending"},
		{"meeting.registration_approved", "bob@example.com", ""},
		{"meeting.registration_denied", "bob@example.com", ""},
		{"meeting.registration_cancelled", "bob@example.com", ""},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("events delivered:\n%v\nwant\n%v", got, want)
	}
	for _, d := range srv.WebhookDeliveries() {
		if d.Status != http.StatusOK || d.Err != nil {
			t.Errorf("genuine %s answered %d (%v): %s", d.Event, d.Status, d.Err, d.Answer)
		}
	}

	ctx := context.Background()
	for _, tc := range []struct {
		how  zoomtest.WebhookTamper
		want int
	}{
		{zoomtest.WebhookReplay, http.StatusConflict},
		{zoomtest.WebhookBadSignature, http.StatusUnauthorized},
		{zoomtest.WebhookTamperedBody, http.StatusUnauthorized},
		{zoomtest.WebhookStaleTimestamp, http.StatusUnauthorized},
	} {
		d, err := srv.ResendWebhook(ctx, tc.how)
		if err != nil {
			t.Fatalf("%v: %v", tc.how, err)
		}
		if d.Status != tc.want {
			t.Errorf("%v answered %d %s, want %d", tc.how, d.Status, d.Answer, tc.want)
		}
	}
	if n := len(recv.events()); n != len(want) {
		t.Fatalf("%d events after the refused ones, want %d: a refused request was delivered", n, len(want))
	}
	if d, err := srv.ResendWebhook(ctx, zoomtest.WebhookGenuine); err != nil || d.Status != http.StatusOK {
		t.Fatalf("a genuine resend (Zoom's retry) answered %d, %v", d.Status, err)
	}
	if evs := recv.events(); len(evs) != len(want)+1 || evs[len(evs)-1].Name != "meeting.registration_cancelled" {
		t.Fatalf("the genuine resend was not delivered: %d events", len(evs))
	}
	if _, err := srv.ValidateWebhookEndpoint(ctx); err != nil {
		t.Fatalf("validation challenge: %v", err)
	}
	if n := len(recv.events()); n != len(want)+1 {
		t.Errorf("the challenge was delivered as an event")
	}
}

// TestWebhooksRotation: a receiver that holds the new and the old secret
// token accepts the mock's notifications signed with the old one, and one
// that holds neither refuses them.
func TestWebhooksRotation(t *testing.T) {
	t.Parallel()
	both := newHookReceiver(t, "new-token", webhookSecret)
	neither := newHookReceiver(t, "new-token")
	srv := newMock(t, zoomtest.Options{Webhooks: zoomtest.Webhooks{URL: both.url, SecretToken: webhookSecret}})
	auth := bearer(srv.IssueToken())
	path := fmt.Sprintf("/meetings/%d/registrants", zoomtest.MeetingScheduled)
	if res := do(t, srv, http.MethodPost, path, "application/json", strings.NewReader(`{"email":"dee@example.com","first_name":"Dee"}`), auth); res.status != http.StatusCreated {
		t.Fatalf("add registrant: %d", res.status)
	}
	waitHooks(t, srv)
	if evs := both.events(); len(evs) != 1 || evs[0].Secret != 1 {
		t.Fatalf("receiver with both tokens got %+v; want one event verified by token 1", evs)
	}
	srv.SetWebhooks(zoomtest.Webhooks{URL: neither.url, SecretToken: webhookSecret})
	if res := do(t, srv, http.MethodPost, path, "application/json", strings.NewReader(`{"email":"eve@example.com","first_name":"Eve"}`), auth); res.status != http.StatusCreated {
		t.Fatalf("add registrant: %d", res.status)
	}
	waitHooks(t, srv)
	ds := srv.WebhookDeliveries()
	if last := ds[len(ds)-1]; last.Status != http.StatusUnauthorized || len(neither.events()) != 0 {
		t.Fatalf("a receiver without the token answered %d and got %d events", last.Status, len(neither.events()))
	}
	if _, err := srv.ValidateWebhookEndpoint(context.Background()); err == nil {
		t.Error("a receiver without the token passed the validation challenge")
	}
}

// TestWebhookChallengeChecked: the mock's challenge fails an endpoint that
// answers with the wrong token, so that it can be trusted when it passes.
func TestWebhookChallengeChecked(t *testing.T) {
	t.Parallel()
	for name, answer := range map[string]string{
		"wrong encryptedToken": `{"plainToken":"%s","encryptedToken":"00"}`,
		"wrong plainToken":     `{"plainToken":"x%s","encryptedToken":"00"}`,
		"not JSON":             `%s`,
	} {
		bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, answer, "plain")
		}))
		t.Cleanup(bad.Close)
		srv := newMock(t, zoomtest.Options{Webhooks: zoomtest.Webhooks{URL: bad.URL, SecretToken: webhookSecret}})
		if _, err := srv.ValidateWebhookEndpoint(context.Background()); err == nil {
			t.Errorf("%s: the challenge passed", name)
		}
	}
}

// TestNoWebhooksByDefault: a mock without a webhook URL sends nothing and
// has nothing to resend.
func TestNoWebhooksByDefault(t *testing.T) {
	t.Parallel()
	srv := newMock(t, zoomtest.Options{})
	auth := bearer(srv.IssueToken())
	path := fmt.Sprintf("/meetings/%d/registrants", zoomtest.MeetingScheduled)
	if res := do(t, srv, http.MethodPost, path, "application/json", strings.NewReader(`{"email":"fay@example.com","first_name":"Fay"}`), auth); res.status != http.StatusCreated {
		t.Fatalf("add registrant: %d", res.status)
	}
	waitHooks(t, srv)
	if n := len(srv.WebhookDeliveries()); n != 0 {
		t.Errorf("%d webhooks sent without a URL", n)
	}
	if _, err := srv.ResendWebhook(context.Background(), zoomtest.WebhookReplay); err == nil {
		t.Error("ResendWebhook without any webhook sent succeeded")
	}
}
