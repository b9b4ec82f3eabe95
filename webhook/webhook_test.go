package webhook_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zoomgen/zoom/webhook"
)

const (
	secret    = "test-secret"
	oldSecret = "old-secret"
)

// testNow is the clock of every handler here.
var testNow = time.Unix(1764590400, 0)

// receiver is a webhook.Handler on loopback that records what it
// delivers and logs.
type receiver struct {
	URL string
	mu  sync.Mutex
	got []webhook.Event
	log []string
}

func (rc *receiver) events() []webhook.Event {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]webhook.Event(nil), rc.got...)
}

func (rc *receiver) logs() string {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return strings.Join(rc.log, "\n")
}

func newReceiver(t *testing.T, opts webhook.Options) *receiver {
	t.Helper()
	rc := &receiver{}
	if opts.SecretTokens == nil {
		opts.SecretTokens = []string{secret}
	}
	if opts.Clock == nil {
		opts.Clock = func() time.Time { return testNow }
	}
	next := opts.OnEvent
	opts.OnEvent = func(ctx context.Context, ev webhook.Event) error {
		if next != nil {
			if err := next(ctx, ev); err != nil {
				return err
			}
		}
		rc.mu.Lock()
		defer rc.mu.Unlock()
		rc.got = append(rc.got, ev)
		return nil
	}
	opts.Logf = func(format string, args ...any) {
		rc.mu.Lock()
		defer rc.mu.Unlock()
		rc.log = append(rc.log, fmt.Sprintf(format, args...))
	}
	h, err := webhook.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	rc.URL = srv.URL
	return rc
}

// post sends body with the given headers (empty ones are left out) and
// returns the status and body of the answer.
func post(t *testing.T, url string, body []byte, ts, sig string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if ts != "" {
		req.Header.Set(webhook.HeaderTimestamp, ts)
	}
	if sig != "" {
		req.Header.Set(webhook.HeaderSignature, sig)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out)
}

func example(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "spec", "webhooks", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func unix(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }

// TestSignKnownVector pins Sign to a MAC computed outside Go (Python's
// hmac module), so that the handler and Sign cannot agree on a wrong
// message format.
func TestSignKnownVector(t *testing.T) {
	t.Parallel()
	got := webhook.Sign("test-secret", "1764590400", []byte(`{"event":"x"}`))
	want := "v0=9cd4a79b15c59a31499add05011afa86a708385150dc0ace131e6554b09f6742"
	if got != want {
		t.Errorf("Sign = %s, want %s", got, want)
	}
}

func TestRefusals(t *testing.T) {
	t.Parallel()
	good := example(t, webhook.EventMeetingRegistrationCreated)
	ts := unix(testNow)
	tampered := bytes.Replace(good, []byte("ada@example.com"), []byte("eve@example.com"), 1)
	big := []byte(`{"event":"x.y","payload":{"pad":"` + strings.Repeat("a", 8192) + `"}}`)
	for _, tc := range []struct {
		name       string
		body       []byte
		ts, sig    string
		want       int
		wantReason string
	}{
		{"tampered body", tampered, ts, webhook.Sign(secret, ts, good), http.StatusUnauthorized, "signature matches none"},
		{"wrong secret", good, ts, webhook.Sign("not-the-secret", ts, good), http.StatusUnauthorized, "signature matches none"},
		{"signature for another timestamp", good, ts, webhook.Sign(secret, unix(testNow.Add(-time.Second)), good), http.StatusUnauthorized, "signature matches none"},
		{"stale timestamp", good, unix(testNow.Add(-6 * time.Minute)), webhook.Sign(secret, unix(testNow.Add(-6*time.Minute)), good), http.StatusUnauthorized, "more than the 5m0s allowed"},
		{"future timestamp", good, unix(testNow.Add(6 * time.Minute)), webhook.Sign(secret, unix(testNow.Add(6*time.Minute)), good), http.StatusUnauthorized, "more than the 5m0s allowed"},
		{"no signature", good, ts, "", http.StatusUnauthorized, "missing or malformed x-zm-signature"},
		{"signature without v0=", good, ts, strings.TrimPrefix(webhook.Sign(secret, ts, good), "v0="), http.StatusUnauthorized, "missing or malformed x-zm-signature"},
		{"signature not hex", good, ts, "v0=" + strings.Repeat("zz", 32), http.StatusUnauthorized, "malformed x-zm-signature"},
		{"signature too short", good, ts, webhook.Sign(secret, ts, good)[:40], http.StatusUnauthorized, "malformed x-zm-signature"},
		{"no timestamp", good, "", webhook.Sign(secret, "", good), http.StatusUnauthorized, "missing or malformed x-zm-request-timestamp"},
		{"timestamp in milliseconds", good, ts + "000", webhook.Sign(secret, ts+"000", good), http.StatusUnauthorized, "more than the 5m0s allowed"},
		{"oversized body", big, ts, webhook.Sign(secret, ts, big), http.StatusRequestEntityTooLarge, "over the 4096"},
		{"not JSON", []byte(`{"event":`), ts, webhook.Sign(secret, ts, []byte(`{"event":`)), http.StatusBadRequest, "not a JSON object"},
		{"JSON array", []byte(`[1,2]`), ts, webhook.Sign(secret, ts, []byte(`[1,2]`)), http.StatusBadRequest, "JSON array"},
		{"no event name", []byte(`{"payload":{}}`), ts, webhook.Sign(secret, ts, []byte(`{"payload":{}}`)), http.StatusBadRequest, "no \"event\""},
		{"event name not a string", []byte(`{"event":3}`), ts, webhook.Sign(secret, ts, []byte(`{"event":3}`)), http.StatusBadRequest, "field \"event\""},
		{"challenge without plainToken", []byte(`{"event":"endpoint.url_validation","payload":{}}`), ts,
			webhook.Sign(secret, ts, []byte(`{"event":"endpoint.url_validation","payload":{}}`)), http.StatusBadRequest, "plainToken"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rc := newReceiver(t, webhook.Options{MaxBodyBytes: 4096})
			status, reason := post(t, rc.URL, tc.body, tc.ts, tc.sig)
			if status != tc.want || !strings.Contains(reason, tc.wantReason) {
				t.Errorf("answer %d %q, want %d containing %q", status, reason, tc.want, tc.wantReason)
			}
			if got := rc.events(); len(got) != 0 {
				t.Errorf("%d events delivered for a refused request", len(got))
			}
			logs := rc.logs()
			if !strings.Contains(logs, strconv.Itoa(tc.want)) {
				t.Errorf("the refusal was not logged: %q", logs)
			}
			if strings.Contains(logs, secret) || (len(tc.sig) > 10 && strings.Contains(logs, tc.sig[3:])) {
				t.Errorf("the log shows the secret or the signature: %q", logs)
			}
		})
	}
}

func TestMethodNotAllowed(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, webhook.Options{})
	resp, err := http.Get(rc.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != http.MethodPost {
		t.Errorf("GET answered %d, Allow %q; want 405, POST", resp.StatusCode, resp.Header.Get("Allow"))
	}
}

// TestDeliversTypedEvents sends every committed example and checks that
// each arrives decoded into its own generated type, with its values.
func TestDeliversTypedEvents(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, webhook.Options{})
	ts := unix(testNow)
	names := webhook.KnownEvents()
	if len(names) != 8 {
		t.Fatalf("KnownEvents = %v, want the 8 registration events", names)
	}
	for _, name := range names {
		body := example(t, name)
		if status, reason := post(t, rc.URL, body, ts, webhook.Sign(secret, ts, body)); status != http.StatusOK {
			t.Fatalf("%s: answer %d %q", name, status, reason)
		}
	}
	got := rc.events()
	if len(got) != len(names) {
		t.Fatalf("%d events delivered, want %d", len(got), len(names))
	}
	for i, ev := range got {
		if ev.Name != names[i] || ev.DecodeErr != nil || ev.Secret != 0 {
			t.Errorf("event %d: name %q, DecodeErr %v, Secret %d", i, ev.Name, ev.DecodeErr, ev.Secret)
		}
		if want := time.UnixMilli(1764590400123); !ev.Time.Equal(want) {
			t.Errorf("%s: Time %v, want %v", ev.Name, ev.Time, want)
		}
		var email string
		var id int64
		switch d := ev.Data.(type) {
		case *webhook.MeetingRegistrationCreated:
			email, id = d.Payload.Object.Registrant.Email, d.Payload.Object.ID
			if d.Payload.Object.Registrant.CustomQuestions[0].Value != "A colleague" {
				t.Errorf("custom question not decoded: %+v", d.Payload.Object.Registrant.CustomQuestions)
			}
		case *webhook.MeetingRegistrationApproved:
			email, id = d.Payload.Object.Registrant.Email, d.Payload.Object.ID
			if d.Payload.Operator != "host@example.com" {
				t.Errorf("operator %q", d.Payload.Operator)
			}
		case *webhook.MeetingRegistrationCancelled:
			email, id = d.Payload.Object.Registrant.Email, d.Payload.Object.ID
		case *webhook.MeetingRegistrationDenied:
			email, id = d.Payload.Object.Registrant.Email, d.Payload.Object.ID
		case *webhook.WebinarRegistrationCreated:
			email, id = d.Payload.Object.Registrant.Email, d.Payload.Object.ID
		case *webhook.WebinarRegistrationApproved:
			email, id = d.Payload.Object.Registrant.Email, d.Payload.Object.ID
		case *webhook.WebinarRegistrationCancelled:
			email, id = d.Payload.Object.Registrant.Email, d.Payload.Object.ID
		case *webhook.WebinarRegistrationDenied:
			email, id = d.Payload.Object.Registrant.Email, d.Payload.Object.ID
		default:
			t.Errorf("%s: Data is %T", ev.Name, ev.Data)
		}
		wantID := int64(85746065432)
		if strings.HasPrefix(ev.Name, "webinar.") {
			wantID = 91827364501
		}
		if email != "ada@example.com" || id != wantID {
			t.Errorf("%s: registrant %q of %d, want ada@example.com of %d", ev.Name, email, id, wantID)
		}
	}
}

func TestUnknownEventDeliveredRaw(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, webhook.Options{})
	body := []byte(`{"event":"meeting.started","event_ts":1764590400000,"payload":{"object":{"id":1}}}`)
	ts := unix(testNow)
	if status, _ := post(t, rc.URL, body, ts, webhook.Sign(secret, ts, body)); status != http.StatusOK {
		t.Fatalf("answer %d", status)
	}
	got := rc.events()
	if len(got) != 1 || got[0].Name != "meeting.started" || got[0].Data != nil || !bytes.Equal(got[0].Body, body) {
		t.Fatalf("delivered %+v; want meeting.started, Data nil, the raw body", got)
	}
}

func TestKnownEventOfAnotherShapeDeliveredRaw(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, webhook.Options{})
	body := []byte(`{"event":"meeting.registration_created","payload":{"object":{"id":"not-a-number"}}}`)
	ts := unix(testNow)
	if status, _ := post(t, rc.URL, body, ts, webhook.Sign(secret, ts, body)); status != http.StatusOK {
		t.Fatalf("answer %d", status)
	}
	got := rc.events()
	if len(got) != 1 || got[0].Data != nil || got[0].DecodeErr == nil || !strings.Contains(got[0].DecodeErr.Error(), "payload.object.id") {
		t.Fatalf("delivered %+v; want Data nil and a DecodeErr naming payload.object.id", got)
	}
}

func TestReplay(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, webhook.Options{})
	body := example(t, webhook.EventMeetingRegistrationApproved)
	ts := unix(testNow)
	sig := webhook.Sign(secret, ts, body)
	if status, _ := post(t, rc.URL, body, ts, sig); status != http.StatusOK {
		t.Fatalf("first delivery answered %d", status)
	}
	status, reason := post(t, rc.URL, body, ts, sig)
	if status != http.StatusConflict || !strings.Contains(reason, "replay") {
		t.Errorf("replay answered %d %q, want 409", status, reason)
	}
	// The same body at another second is another request, as Zoom's
	// retries are.
	ts2 := unix(testNow.Add(time.Second))
	if status, _ := post(t, rc.URL, body, ts2, webhook.Sign(secret, ts2, body)); status != http.StatusOK {
		t.Errorf("the same body re-signed answered %d", status)
	}
	if n := len(rc.events()); n != 2 {
		t.Errorf("%d events delivered, want 2", n)
	}
}

// TestConcurrentReplays: of many copies of one request sent at once,
// exactly one is accepted.
func TestConcurrentReplays(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, webhook.Options{})
	body := example(t, webhook.EventWebinarRegistrationCreated)
	ts := unix(testNow)
	sig := webhook.Sign(secret, ts, body)
	const n = 16
	statuses := make(chan int, n)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			status, _ := post(t, rc.URL, body, ts, sig)
			statuses <- status
		}()
	}
	wg.Wait()
	close(statuses)
	count := map[int]int{}
	for s := range statuses {
		count[s]++
	}
	if count[http.StatusOK] != 1 || count[http.StatusConflict] != n-1 || len(rc.events()) != 1 {
		t.Errorf("answers %v and %d events; want one 200, %d 409 and one event", count, len(rc.events()), n-1)
	}
}

// TestReplayCacheBounded: with room for two signatures, a third request
// evicts the oldest; a request no newer than it is then refused, since the
// handler can no longer tell it from a replay, and the evicted one's
// replay is refused too.
func TestReplayCacheBounded(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, webhook.Options{ReplayCacheSize: 2})
	var first struct {
		body    []byte
		ts, sig string
	}
	for i := range 3 {
		ts := unix(testNow.Add(time.Duration(i-10) * time.Second))
		body := []byte(fmt.Sprintf(`{"event":"meeting.started","payload":{"n":%d}}`, i))
		sig := webhook.Sign(secret, ts, body)
		if i == 0 {
			first.body, first.ts, first.sig = body, ts, sig
		}
		if status, reason := post(t, rc.URL, body, ts, sig); status != http.StatusOK {
			t.Fatalf("request %d answered %d %q", i, status, reason)
		}
	}
	if status, _ := post(t, rc.URL, first.body, first.ts, first.sig); status == http.StatusOK {
		t.Error("the evicted request's replay was accepted")
	}
	body := []byte(`{"event":"meeting.started","payload":{"n":"new"}}`)
	if status, reason := post(t, rc.URL, body, first.ts, webhook.Sign(secret, first.ts, body)); status != http.StatusUnauthorized || !strings.Contains(reason, "cannot be told from a replay") {
		t.Errorf("a request as old as the evicted one answered %d %q, want 401", status, reason)
	}
	newer := unix(testNow)
	if status, _ := post(t, rc.URL, body, newer, webhook.Sign(secret, newer, body)); status != http.StatusOK {
		t.Errorf("a newer request answered %d", status)
	}
	if n := len(rc.events()); n != 4 {
		t.Errorf("%d events delivered, want 4", n)
	}
}

func TestRotation(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, webhook.Options{SecretTokens: []string{secret, oldSecret}})
	body := example(t, webhook.EventWebinarRegistrationDenied)
	ts := unix(testNow)
	for i, s := range []string{oldSecret, secret} {
		b := append(bytes.Clone(body), ' ') // another request each time
		b = b[:len(b)-1+i]
		if status, reason := post(t, rc.URL, b, ts, webhook.Sign(s, ts, b)); status != http.StatusOK {
			t.Fatalf("signed with token %d: %d %q", i, status, reason)
		}
	}
	got := rc.events()
	if len(got) != 2 || got[0].Secret != 1 || got[1].Secret != 0 {
		t.Fatalf("events %+v; want Secret 1 (old token) then 0", got)
	}
}

// TestChallenge checks the url_validation answer against a MAC computed
// outside Go, for each secret token of a rotation.
func TestChallenge(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, webhook.Options{SecretTokens: []string{"other-secret", secret}})
	body := []byte(`{"payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"},"event_ts":1764590400000,"event":"endpoint.url_validation"}`)
	ts := unix(testNow)
	status, answer := post(t, rc.URL, body, ts, webhook.Sign(secret, ts, body))
	if status != http.StatusOK {
		t.Fatalf("answer %d %q", status, answer)
	}
	var got map[string]string
	if err := json.Unmarshal([]byte(answer), &got); err != nil {
		t.Fatalf("answer %q: %v", answer, err)
	}
	want := map[string]string{
		"plainToken":     "qgg8vlvZRS6UYooatFL8Aw",
		"encryptedToken": "82079ed66225fed153e0854735aa9702e1d67137a69c96a00957941f942b8de7",
	}
	if len(got) != 2 || got["plainToken"] != want["plainToken"] || got["encryptedToken"] != want["encryptedToken"] {
		t.Errorf("answer %v, want %v", got, want)
	}
	if n := len(rc.events()); n != 0 {
		t.Errorf("the challenge was delivered as an event (%d)", n)
	}
	// An unsigned challenge is refused like any other request.
	if status, _ := post(t, rc.URL, body, ts, ""); status != http.StatusUnauthorized {
		t.Errorf("unsigned challenge answered %d, want 401", status)
	}
}

// TestCallbackFailure: an OnEvent error answers 500, and Zoom's retry of
// the same request is then accepted rather than refused as a replay.
func TestCallbackFailure(t *testing.T) {
	t.Parallel()
	var calls int
	var mu sync.Mutex
	rc := newReceiver(t, webhook.Options{OnEvent: func(context.Context, webhook.Event) error {
		mu.Lock()
		defer mu.Unlock()
		calls++
		if calls == 1 {
			return errors.New("database down")
		}
		return nil
	}})
	body := example(t, webhook.EventMeetingRegistrationCancelled)
	ts := unix(testNow)
	sig := webhook.Sign(secret, ts, body)
	if status, _ := post(t, rc.URL, body, ts, sig); status != http.StatusInternalServerError {
		t.Fatalf("failing callback answered %d, want 500", status)
	}
	if status, _ := post(t, rc.URL, body, ts, sig); status != http.StatusOK {
		t.Fatalf("retry answered %d, want 200", status)
	}
	if n := len(rc.events()); n != 1 {
		t.Errorf("%d events recorded, want 1", n)
	}
	if !strings.Contains(rc.logs(), "database down") {
		t.Errorf("the callback's error was not logged: %q", rc.logs())
	}
}

// TestCallbackPanic: after OnEvent panics (net/http then drops the
// connection), the same request is accepted when sent again.
func TestCallbackPanic(t *testing.T) {
	t.Parallel()
	calls := 0
	h, err := webhook.New(webhook.Options{
		SecretTokens: []string{secret},
		Clock:        func() time.Time { return testNow },
		OnEvent: func(context.Context, webhook.Event) error {
			calls++
			if calls == 1 {
				panic("bug in the callback")
			}
			return nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	body := example(t, webhook.EventMeetingRegistrationDenied)
	ts := unix(testNow)
	serve := func() (code int, panicked bool) {
		defer func() { panicked = recover() != nil }()
		req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
		req.Header.Set(webhook.HeaderTimestamp, ts)
		req.Header.Set(webhook.HeaderSignature, webhook.Sign(secret, ts, body))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code, false
	}
	if _, panicked := serve(); !panicked {
		t.Fatal("the callback's panic did not propagate")
	}
	if code, _ := serve(); code != http.StatusOK || calls != 2 {
		t.Fatalf("the retry after a panic answered %d after %d calls; want 200 after 2", code, calls)
	}
}

func TestNewRefusesMissingSecrets(t *testing.T) {
	t.Parallel()
	for _, opts := range []webhook.Options{{}, {SecretTokens: []string{"a", ""}}} {
		if _, err := webhook.New(opts); err == nil {
			t.Errorf("New(%d tokens) accepted", len(opts.SecretTokens))
		}
	}
}
