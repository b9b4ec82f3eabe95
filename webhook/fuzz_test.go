package webhook_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/zoomgen/zoom/webhook"
)

// FuzzHandler sends arbitrary bodies and headers, signed correctly or
// not, and checks the handler's contract: no panic, only the documented
// statuses, an event delivered exactly when the answer is 200 for a
// correctly signed, fresh, small, JSON-object body, and a correct answer
// to every challenge.
func FuzzHandler(f *testing.F) {
	for _, name := range []string{webhook.EventMeetingRegistrationCreated, webhook.EventWebinarRegistrationCancelled} {
		f.Add(example(f, name), int64(0), uint8(0), "")
	}
	f.Add([]byte(`{"event":"endpoint.url_validation","payload":{"plainToken":"abc"}}`), int64(0), uint8(0), "")
	f.Add([]byte(`{"event":"meeting.registration_created","payload":{"object":{"id":"x"}}}`), int64(10), uint8(0), "")
	f.Add([]byte(`{"event":1}`), int64(0), uint8(0), "")
	f.Add([]byte(`[]`), int64(-400), uint8(1), "v0=00")
	f.Add([]byte(`{"event":"a"}`), int64(0), uint8(2), "v0=zz")
	f.Fuzz(func(t *testing.T, body []byte, offset int64, mode uint8, rawSig string) {
		const maxBody = 2048
		var delivered []webhook.Event
		h, err := webhook.New(webhook.Options{
			SecretTokens: []string{secret, oldSecret},
			Clock:        func() time.Time { return testNow },
			MaxBodyBytes: maxBody,
			OnEvent: func(_ context.Context, ev webhook.Event) error {
				delivered = append(delivered, ev)
				return nil
			},
		})
		if err != nil {
			t.Fatal(err)
		}
		ts := strconv.FormatInt(testNow.Unix()+offset%1000, 10)
		var sig string
		switch mode % 3 {
		case 0:
			sig = webhook.Sign(secret, ts, body)
		case 1:
			sig = webhook.Sign(oldSecret, ts, body)
		default:
			sig = rawSig
		}
		req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
		req.Header.Set(webhook.HeaderTimestamp, ts)
		req.Header.Set(webhook.HeaderSignature, sig)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)

		signed := sig == webhook.Sign(secret, ts, body) || sig == webhook.Sign(oldSecret, ts, body)
		fresh := offset%1000 >= -300 && offset%1000 <= 300
		small := len(body) <= maxBody
		var env struct {
			Event   string `json:"event"`
			EventTs int64  `json:"event_ts"`
		}
		isEvent := json.Unmarshal(body, &env) == nil && env.Event != ""
		if isEvent && env.Event == webhook.EventURLValidation {
			// A challenge is answerable only with a token to encrypt.
			var ch struct {
				Payload struct {
					PlainToken string `json:"plainToken"`
				} `json:"payload"`
			}
			isEvent = json.Unmarshal(body, &ch) == nil && ch.Payload.PlainToken != ""
		}

		switch rec.Code {
		case http.StatusOK, http.StatusBadRequest, http.StatusUnauthorized, http.StatusRequestEntityTooLarge:
		default:
			t.Fatalf("status %d is not one the handler documents for this request", rec.Code)
		}
		if rec.Code == http.StatusOK != (signed && fresh && small && isEvent) {
			t.Fatalf("status %d for signed=%v fresh=%v small=%v event=%v", rec.Code, signed, fresh, small, isEvent)
		}
		if rec.Code != http.StatusOK || env.Event == webhook.EventURLValidation {
			if len(delivered) != 0 {
				t.Fatalf("status %d, yet %d events delivered", rec.Code, len(delivered))
			}
		} else if len(delivered) != 1 || delivered[0].Name != env.Event || !bytes.Equal(delivered[0].Body, body) {
			t.Fatalf("200 but delivered %d events", len(delivered))
		}
		if rec.Code == http.StatusOK && env.Event == webhook.EventURLValidation {
			var got struct{ PlainToken, EncryptedToken string }
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			key := secret
			if mode%3 == 1 && sig != webhook.Sign(secret, ts, body) {
				key = oldSecret
			}
			m := hmac.New(sha256.New, []byte(key))
			m.Write([]byte(got.PlainToken))
			if got.PlainToken == "" || got.EncryptedToken != hex.EncodeToString(m.Sum(nil)) {
				t.Fatalf("challenge answered %+v", got)
			}
		}
	})
}

// FuzzDecode checks that Decode never panics and agrees with
// encoding/json on what is an event.
func FuzzDecode(f *testing.F) {
	f.Add(example(f, webhook.EventMeetingRegistrationDenied))
	f.Add([]byte(`{"event":"x","event_ts":1.5}`))
	f.Add([]byte(`{"event":"webinar.registration_approved","payload":[]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		ev, err := webhook.Decode(body)
		var env struct {
			Event   string `json:"event"`
			EventTs int64  `json:"event_ts"`
		}
		ok := json.Unmarshal(body, &env) == nil && env.Event != ""
		if (err == nil) != ok {
			t.Fatalf("Decode error %v, encoding/json says event=%v", err, ok)
		}
		if err != nil {
			return
		}
		known := slices.Contains(webhook.KnownEvents(), env.Event)
		typed, failed := ev.Data != nil, ev.DecodeErr != nil
		if ev.Name != env.Event || (known && typed == failed) || (!known && (typed || failed)) {
			t.Fatalf("Decode gave %+v (known event: %v)", ev, known)
		}
	})
}
