package webhook_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strconv"
	"time"

	"github.com/zoomgen/zoom/webhook"
)

// A webhook endpoint that reacts to registrations and hands every other
// event on raw. During a rotation, list the new secret token and the old
// one.
func Example() {
	h, err := webhook.New(webhook.Options{
		SecretTokens: []string{"new-secret-token", "old-secret-token"}, // os.Getenv("ZOOM_WEBHOOK_SECRET_TOKEN") in real use
		OnEvent: func(ctx context.Context, ev webhook.Event) error {
			switch e := ev.Data.(type) {
			case *webhook.MeetingRegistrationCreated:
				r := e.Payload.Object.Registrant
				fmt.Printf("%s registered for meeting %d (%s)\n", r.Email, e.Payload.Object.ID, r.Status)
			case *webhook.MeetingRegistrationCancelled:
				fmt.Printf("%s cancelled\n", e.Payload.Object.Registrant.Email)
			default:
				fmt.Printf("%s: %d bytes, not decoded\n", ev.Name, len(ev.Body))
			}
			return nil // an error answers 500 and Zoom sends the event again
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("POST /zoom/webhook", h) // served behind TLS in real use

	// What Zoom sends, played here against a loopback server.
	srv := httptest.NewServer(mux)
	defer srv.Close()
	for _, body := range []string{
		`{"event":"meeting.registration_created","event_ts":1764590400123,"payload":{"account_id":"acct","object":{"id":85746065432,"registrant":{"email":"ada@example.com","first_name":"Ada","status":"approved"}}}}`,
		`{"event":"meeting.started","event_ts":1764590400456,"payload":{"object":{"id":85746065432}}}`,
	} {
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/zoom/webhook", bytes.NewReader([]byte(body)))
		req.Header.Set(webhook.HeaderTimestamp, ts)
		req.Header.Set(webhook.HeaderSignature, webhook.Sign("old-secret-token", ts, []byte(body)))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			log.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		fmt.Println(resp.Status)
	}
	// Output:
	// ada@example.com registered for meeting 85746065432 (approved)
	// 200 OK
	// meeting.started: 92 bytes, not decoded
	// 200 OK
}

// The answer to Zoom's endpoint validation challenge, which the handler
// gives by itself.
func ExampleHandler_challenge() {
	h, err := webhook.New(webhook.Options{SecretTokens: []string{"secret-token"}})
	if err != nil {
		log.Fatal(err)
	}
	body := []byte(`{"event":"endpoint.url_validation","payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"}}`)
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	req := httptest.NewRequest(http.MethodPost, "/zoom/webhook", bytes.NewReader(body))
	req.Header.Set(webhook.HeaderTimestamp, ts)
	req.Header.Set(webhook.HeaderSignature, webhook.Sign("secret-token", ts, body))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Body.String())
	// Output:
	// 200 {"plainToken":"qgg8vlvZRS6UYooatFL8Aw","encryptedToken":"5b72bd117f184f54093c1c3c11499c1d13e6d56dc0d96e6b78fbfecedc953b75"}
}
