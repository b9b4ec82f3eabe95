package zoomtest

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Webhooks is where and how the mock sends Zoom's webhook notifications
// when registrants change: meeting.registration_created for each new
// registrant of a batch or single registration, and
// meeting.registration_approved, _denied or _cancelled for each registrant
// a status update names. Each is a POST of JSON signed as Zoom signs it:
// x-zm-request-timestamp (Unix seconds on Options.Clock) and
// x-zm-signature, "v0=" and the hex HMAC-SHA256 of "v0:{timestamp}:{body}"
// under SecretToken. Notifications go out one at a time in the order the
// changes were made, after the API answer, as Zoom's do; WaitWebhooks
// waits for them and WebhookDeliveries reports what the receiver answered.
type Webhooks struct {
	// URL receives the notifications; empty sends none.
	URL string
	// SecretToken signs them (the app's "Secret Token" at Zoom).
	SecretToken string
	// Client sends them; nil means a client with a 10 s timeout that does
	// not follow redirects.
	Client *http.Client
}

// WebhookTamper is how ResendWebhook alters the last notification, to
// test a receiver's refusals.
type WebhookTamper int

const (
	// WebhookGenuine sends it again correctly signed at a new timestamp
	// (at least one second after the last one's), as Zoom's retries are: a
	// receiver must accept it.
	WebhookGenuine WebhookTamper = iota
	// WebhookReplay sends the very same bytes and headers again.
	WebhookReplay
	// WebhookBadSignature signs it with a secret token that is not the
	// configured one.
	WebhookBadSignature
	// WebhookTamperedBody signs it correctly, then changes the body (the
	// first "@" of an email becomes "@attacker.", or a space is appended
	// when there is no email).
	WebhookTamperedBody
	// WebhookStaleTimestamp signs it correctly with a timestamp ten
	// minutes old.
	WebhookStaleTimestamp
)

func (t WebhookTamper) String() string {
	switch t {
	case WebhookGenuine:
		return "genuine"
	case WebhookReplay:
		return "replay"
	case WebhookBadSignature:
		return "bad signature"
	case WebhookTamperedBody:
		return "tampered body"
	case WebhookStaleTimestamp:
		return "stale timestamp"
	}
	return "WebhookTamper(" + strconv.Itoa(int(t)) + ")"
}

// WebhookDelivery is one notification the mock sent and what came back.
type WebhookDelivery struct {
	Event  string        // e.g. meeting.registration_created
	Tamper WebhookTamper // WebhookGenuine for the notifications of state changes
	Status int           // the receiver's answer; 0 when none came
	Err    error         // why no answer came
	Answer []byte        // the receiver's body, at most 4 KiB
}

// webhookStaleBy is how old WebhookStaleTimestamp's timestamp is: twice
// the usual 5-minute tolerance.
const webhookStaleBy = 10 * time.Minute

// sentWebhook is a request exactly as sent, for replays.
type sentWebhook struct {
	event, ts, sig string
	body           []byte
}

// webhookSender queues notifications and sends them one at a time from a
// goroutine that exists only while the queue is not empty.
type webhookSender struct {
	mu         sync.Mutex
	cfg        Webhooks
	queue      []outgoingWebhook
	running    bool
	idle       chan struct{} // closed when the running sender empties the queue
	last       *sentWebhook
	deliveries []WebhookDelivery
}

type outgoingWebhook struct {
	event string
	body  []byte
}

// SetWebhooks replaces where notifications go from now on (Options.Webhooks
// at start).
func (h *Handler) SetWebhooks(w Webhooks) {
	h.hooks.mu.Lock()
	defer h.hooks.mu.Unlock()
	h.hooks.cfg = w
}

// WebhookDeliveries returns every notification sent so far, in order.
func (h *Handler) WebhookDeliveries() []WebhookDelivery {
	h.hooks.mu.Lock()
	defer h.hooks.mu.Unlock()
	return append([]WebhookDelivery(nil), h.hooks.deliveries...)
}

// WaitWebhooks waits until every queued notification has been sent and
// answered (or failed), or ctx ends.
func (h *Handler) WaitWebhooks(ctx context.Context) error {
	for {
		h.hooks.mu.Lock()
		if !h.hooks.running {
			h.hooks.mu.Unlock()
			return nil
		}
		idle := h.hooks.idle
		h.hooks.mu.Unlock()
		select {
		case <-idle:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// notify queues a notification of event with the payload made by
// payload, if webhooks are configured (only then is it made). It does not
// block on the network.
func (h *Handler) notify(event string, now time.Time, payload func() map[string]any) {
	s := &h.hooks
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cfg.URL == "" {
		return
	}
	body, err := json.Marshal(map[string]any{"event": event, "event_ts": now.UnixMilli(), "payload": payload()})
	if err != nil {
		s.deliveries = append(s.deliveries, WebhookDelivery{Event: event, Err: err})
		return
	}
	s.queue = append(s.queue, outgoingWebhook{event: event, body: body})
	if !s.running {
		s.running = true
		s.idle = make(chan struct{})
		go h.sendQueued()
	}
}

func (h *Handler) sendQueued() {
	s := &h.hooks
	for {
		s.mu.Lock()
		if len(s.queue) == 0 {
			s.running = false
			close(s.idle)
			s.mu.Unlock()
			return
		}
		next := s.queue[0]
		s.queue = s.queue[1:]
		cfg := s.cfg
		s.mu.Unlock()
		ts := strconv.FormatInt(h.now().Unix(), 10)
		sent := sentWebhook{event: next.event, ts: ts, sig: signWebhook(cfg.SecretToken, ts, next.body), body: next.body}
		d := h.postWebhook(context.Background(), cfg, sent, WebhookGenuine)
		s.mu.Lock()
		s.last = &sent
		s.deliveries = append(s.deliveries, d)
		s.mu.Unlock()
	}
}

// ResendWebhook sends the last notification again, altered as how says,
// and returns what the receiver answered. It waits for queued
// notifications first, so that "last" is well defined.
func (h *Handler) ResendWebhook(ctx context.Context, how WebhookTamper) (WebhookDelivery, error) {
	if err := h.WaitWebhooks(ctx); err != nil {
		return WebhookDelivery{}, err
	}
	s := &h.hooks
	s.mu.Lock()
	cfg, last := s.cfg, s.last
	s.mu.Unlock()
	if last == nil {
		return WebhookDelivery{}, errors.New("zoomtest: no webhook was sent yet")
	}
	if cfg.URL == "" {
		return WebhookDelivery{}, errors.New("zoomtest: no webhook URL configured")
	}
	out := *last
	now := h.now()
	fresh := strconv.FormatInt(now.Unix(), 10)
	switch how {
	case WebhookReplay:
	case WebhookGenuine:
		// A retry is a new request: its timestamp must differ from the
		// last one's even within the same second, or its signature would
		// be the same (one second ahead is within any tolerance).
		out.ts = fresh
		if prev, err := strconv.ParseInt(last.ts, 10, 64); err == nil && now.Unix() <= prev {
			out.ts = strconv.FormatInt(prev+1, 10)
		}
		out.sig = signWebhook(cfg.SecretToken, out.ts, out.body)
	case WebhookBadSignature:
		out.ts = fresh
		out.sig = signWebhook("not-"+cfg.SecretToken, out.ts, out.body)
	case WebhookTamperedBody:
		out.ts = fresh
		out.sig = signWebhook(cfg.SecretToken, out.ts, out.body)
		if i := bytes.IndexByte(out.body, '@'); i >= 0 {
			out.body = append(append(append([]byte(nil), out.body[:i]...), "@attacker."...), out.body[i+1:]...)
		} else {
			out.body = append(append([]byte(nil), out.body...), ' ')
		}
	case WebhookStaleTimestamp:
		out.ts = strconv.FormatInt(now.Add(-webhookStaleBy).Unix(), 10)
		out.sig = signWebhook(cfg.SecretToken, out.ts, out.body)
	default:
		return WebhookDelivery{}, fmt.Errorf("zoomtest: unknown %v", how)
	}
	d := h.postWebhook(ctx, cfg, out, how)
	s.mu.Lock()
	s.deliveries = append(s.deliveries, d)
	if how == WebhookGenuine {
		s.last = &out
	}
	s.mu.Unlock()
	return d, d.Err
}

// ValidateWebhookEndpoint sends Zoom's endpoint.url_validation challenge
// with a random plainToken, signed like every notification, and checks
// the answer: 200 with JSON {"plainToken": the same, "encryptedToken":
// hex HMAC-SHA256 of plainToken under the secret token}. The error says
// what was wrong.
func (h *Handler) ValidateWebhookEndpoint(ctx context.Context) (WebhookDelivery, error) {
	s := &h.hooks
	s.mu.Lock()
	cfg := s.cfg
	s.mu.Unlock()
	if cfg.URL == "" {
		return WebhookDelivery{}, errors.New("zoomtest: no webhook URL configured")
	}
	now := h.now()
	plain := randomToken(16)
	body, err := json.Marshal(map[string]any{"payload": map[string]string{"plainToken": plain}, "event_ts": now.UnixMilli(), "event": "endpoint.url_validation"})
	if err != nil {
		return WebhookDelivery{}, err
	}
	ts := strconv.FormatInt(now.Unix(), 10)
	d := h.postWebhook(ctx, cfg, sentWebhook{event: "endpoint.url_validation", ts: ts, sig: signWebhook(cfg.SecretToken, ts, body), body: body}, WebhookGenuine)
	s.mu.Lock()
	s.deliveries = append(s.deliveries, d)
	s.mu.Unlock()
	if d.Err != nil {
		return d, d.Err
	}
	if d.Status != http.StatusOK {
		return d, fmt.Errorf("zoomtest: the endpoint answered the validation challenge with %d, not 200", d.Status)
	}
	var got map[string]any
	if err := json.Unmarshal(d.Answer, &got); err != nil {
		return d, fmt.Errorf("zoomtest: the validation answer is not a JSON object: %w", err)
	}
	m := hmac.New(sha256.New, []byte(cfg.SecretToken))
	m.Write([]byte(plain))
	want := hex.EncodeToString(m.Sum(nil))
	if got["plainToken"] != plain {
		return d, errors.New("zoomtest: the validation answer's plainToken is not the one sent")
	}
	if got["encryptedToken"] != want {
		return d, errors.New("zoomtest: the validation answer's encryptedToken is not the HMAC-SHA256 of plainToken under the secret token")
	}
	return d, nil
}

// signWebhook is Zoom's x-zm-signature, written here independently of
// package webhook so that each checks the other.
func signWebhook(secret, ts string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("v0:" + ts + ":"))
	m.Write(body)
	return "v0=" + hex.EncodeToString(m.Sum(nil))
}

func (h *Handler) postWebhook(ctx context.Context, cfg Webhooks, w sentWebhook, how WebhookTamper) WebhookDelivery {
	d := WebhookDelivery{Event: w.event, Tamper: how}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, cfg.URL, bytes.NewReader(w.body))
	if err != nil {
		d.Err = err
		return d
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", "Zoom Marketplace/1.0a (zoomtest)")
	req.Header.Set("x-zm-request-timestamp", w.ts)
	req.Header.Set("x-zm-signature", w.sig)
	client := cfg.Client
	if client == nil {
		// Connections are still reused: the transport is the default one.
		client = &http.Client{
			Timeout:       10 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	resp, err := client.Do(req)
	if err != nil {
		d.Err = fmt.Errorf("zoomtest: sending %s to the webhook URL: %w", w.event, err)
	} else {
		d.Status = resp.StatusCode
		d.Answer, _ = io.ReadAll(io.LimitReader(resp.Body, 4<<10))
		resp.Body.Close()
	}
	if h.opts.Logf != nil {
		// The URL and the event only: the signature and the body (names,
		// join URLs) stay out of logs.
		h.opts.Logf("zoomtest: webhook %s (%s) → %d %v", w.event, how, d.Status, errString(d.Err))
	}
	return d
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// registrationPayload is the payload of a meeting registration event.
func registrationPayload(account string, ms *meetingState, e *registrantEntry, now time.Time, operator bool) map[string]any {
	reg := map[string]any{
		"id": e.ID, "email": e.Email, "first_name": e.FirstName, "last_name": e.LastName,
		"join_url": e.JoinURL, "participant_pin_code": e.PinCode,
	}
	if !operator {
		reg["status"] = e.Status
	}
	p := map[string]any{
		"account_id": account,
		"object": map[string]any{
			"uuid": "mock-" + strconv.FormatInt(ms.ID, 10) + "==", "id": ms.ID, "host_id": "mock-host",
			"topic": ms.Topic, "type": ms.Type, "start_time": meetingStart(now).Format(time.RFC3339),
			"duration": 60, "timezone": "UTC", "registrant": reg,
		},
	}
	if operator {
		p["operator"] = "host@example.com"
		p["operator_id"] = "mock-host"
	}
	return p
}
