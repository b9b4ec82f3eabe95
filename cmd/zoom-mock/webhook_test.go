package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/zoomgen/zoom/webhook"
	"github.com/zoomgen/zoom/zoomtest"
)

// TestWebhookFlags: with -webhook-url and the secret token from the
// environment, a registration makes the command POST a signed
// notification that package webhook accepts, and the secret is printed
// nowhere.
func TestWebhookFlags(t *testing.T) {
	const token = "zoom-mock-webhook-token"
	t.Setenv("ZOOM_WEBHOOK_SECRET_TOKEN", token)
	got := make(chan webhook.Event, 4)
	h, err := webhook.New(webhook.Options{SecretTokens: []string{token}, OnEvent: func(_ context.Context, ev webhook.Event) error {
		got <- ev
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	recv := httptest.NewServer(h)
	defer recv.Close()
	base, tokenURL, stdout, stderr := start(t, "-webhook-url", recv.URL)
	d := zoomtest.DemoCredentials
	_, tok := fetchToken(t, tokenURL, d.ClientID, d.ClientSecret, d.AccountID)
	if status, _, body := call(t, http.MethodPost, base+"/meetings/85746065432/registrants", tok, `{"email":"hook@example.com","first_name":"Hook"}`); status != http.StatusCreated {
		t.Fatalf("add registrant: %d %s", status, body)
	}
	select {
	case ev := <-got:
		e, ok := ev.Data.(*webhook.MeetingRegistrationCreated)
		if !ok || e.Payload.Object.Registrant.Email != "hook@example.com" {
			t.Errorf("delivered %s as %T", ev.Name, ev.Data)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("no webhook within 5s\n%s", stderr)
	}
	if !strings.Contains(stdout.String(), "webhooks to:   "+recv.URL) {
		t.Errorf("start-up output does not name the webhook URL:\n%s", stdout)
	}
	if strings.Contains(stdout.String()+stderr.String(), token) {
		t.Error("the webhook secret token was printed")
	}
}

func TestWebhookURLNeedsToken(t *testing.T) {
	t.Setenv("ZOOM_WEBHOOK_SECRET_TOKEN", "")
	var stdout, stderr syncBuffer
	if code := run(context.Background(), []string{"-addr", "127.0.0.1:0", "-webhook-url", "http://127.0.0.1:1/"}, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "needs a secret token") {
		t.Errorf("exit %d, stderr %q; want 2 and a message", code, stderr.String())
	}
}
