package zoomtest_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/zoomgen/zoom/webhook"
	"github.com/zoomgen/zoom/zoomtest"
)

// Point the mock's webhooks at a handler under test, register someone,
// and try the handler with the genuine notification, a replay and a
// tampered copy.
func ExampleHandler_ResendWebhook() {
	ctx := context.Background()
	h, err := webhook.New(webhook.Options{
		SecretTokens: []string{"app-secret-token"},
		OnEvent: func(_ context.Context, ev webhook.Event) error {
			if e, ok := ev.Data.(*webhook.MeetingRegistrationCreated); ok {
				fmt.Println("delivered:", ev.Name, e.Payload.Object.Registrant.Email)
			}
			return nil
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	receiver := httptest.NewServer(h)
	defer receiver.Close()

	srv, err := zoomtest.Start(ctx, zoomtest.Options{Webhooks: zoomtest.Webhooks{URL: receiver.URL, SecretToken: "app-secret-token"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodPost, fmt.Sprintf("%s/meetings/%d/registrants", srv.BaseURL(), zoomtest.MeetingScheduled),
		strings.NewReader(`{"email":"jchill@example.com","first_name":"Jill"}`))
	req.Header.Set("Authorization", "Bearer "+srv.IssueToken())
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	if err := srv.WaitWebhooks(ctx); err != nil {
		fmt.Println(err)
		return
	}
	for _, how := range []zoomtest.WebhookTamper{zoomtest.WebhookReplay, zoomtest.WebhookTamperedBody, zoomtest.WebhookStaleTimestamp} {
		d, err := srv.ResendWebhook(ctx, how)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(how, "→", d.Status)
	}
	if _, err := srv.ValidateWebhookEndpoint(ctx); err == nil {
		fmt.Println("url_validation challenge answered correctly")
	}
	// Output:
	// delivered: meeting.registration_created jchill@example.com
	// replay → 409
	// tampered body → 401
	// stale timestamp → 401
	// url_validation challenge answered correctly
}
