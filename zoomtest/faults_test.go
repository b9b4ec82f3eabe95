package zoomtest_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zoomgen/zoom/zoomtest"
)

func TestServerErrorFault(t *testing.T) {
	srv := newMock(t, zoomtest.Options{Faults: zoomtest.Faults{ServerErrorRate: 1}})
	tok := srv.IssueToken()
	seen := map[int]bool{}
	for i := range 20 {
		ct, body := "application/json", strings.NewReader(`{"registrants":[{"email":"down@example.com","first_name":"D"}]}`)
		r := do(t, srv, http.MethodPost, "/meetings/85746065432/batch_registrants", ct, body, bearer(tok))
		seen[r.status] = true
		if (r.status != 502 && r.status != 503) || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") ||
			!strings.Contains(string(r.body), "<html>") || r.header.Get("x-zm-trackingid") == "" {
			t.Fatalf("request %d: %d %q %s", i, r.status, r.header.Get("Content-Type"), r.body)
		}
	}
	if !seen[502] || !seen[503] {
		t.Errorf("statuses seen %v, want both 502 and 503", seen)
	}
	if n := srv.Registrations(zoomtest.MeetingScheduled, "down@example.com"); n != 0 {
		t.Errorf("a request answered 5xx registered someone (%d)", n)
	}
	// The token endpoint is never faulted: it is another service at Zoom.
	s2s(t, srv)
}

func TestDropAfterCommit(t *testing.T) {
	srv := newMock(t, zoomtest.Options{Faults: zoomtest.Faults{DropAfterCommitRate: 1}})
	api := client(t, srv, srv.IssueToken())
	_, err := api.PerformBatchRegistrationWithResponse(context.Background(), zoomtest.MeetingScheduled, batch(people(2, "lost")))
	if err == nil {
		t.Fatal("the connection was to be dropped, but the client got an answer")
	}
	if n := srv.Registrations(zoomtest.MeetingScheduled, "lost1@example.com"); n != 1 {
		t.Fatalf("Registrations = %d after a dropped answer, want 1 (committed)", n)
	}
	// Only batch registrations are dropped; a client reconciles by listing.
	listed, err := api.ListMeetingRegistrantsWithResponse(context.Background(), zoomtest.MeetingScheduled, nil)
	if err != nil || listed.JSON200 == nil || listed.JSON200.TotalRecords != 2 {
		t.Fatalf("listing after the drop: %v", err)
	}
	srv.SetFaults(zoomtest.Faults{})
	again := register(t, api, zoomtest.MeetingScheduled, people(2, "lost"))
	if again[0].RegistrantID != listed.JSON200.Registrants[0].ID {
		t.Error("re-sending after a drop gave a new registrant_id")
	}
	if log := srv.Requests(); log[0].Status != 0 || log[0].Operation != "performBatchRegistration" {
		t.Errorf("the dropped request is logged as %+v, want status 0", log[0])
	}
}

func TestInjectedQPSFault(t *testing.T) {
	srv := newMock(t, zoomtest.Options{Faults: zoomtest.Faults{QPSErrorRate: 1}})
	api := client(t, srv, srv.IssueToken())
	res, err := api.PerformBatchRegistrationWithResponse(context.Background(), zoomtest.MeetingScheduled, batch(people(1, "busy")))
	if err != nil || res.StatusCode() != 429 || res.JSON429 == nil || res.JSON429.Message != qpsMessage ||
		res.HTTPResponse.Header.Get("X-RateLimit-Type") != "QPS" || res.HTTPResponse.Header.Get("X-RateLimit-Category") != "Heavy" {
		t.Fatalf("got %v %d %s", err, res.StatusCode(), res.Body)
	}
	if srv.Registrations(zoomtest.MeetingScheduled, "busy0@example.com") != 0 {
		t.Error("a request refused with a QPS 429 was committed")
	}
}

func TestLatencyFault(t *testing.T) {
	srv := newMock(t, zoomtest.Options{Faults: zoomtest.Faults{Latency: 80 * time.Millisecond}})
	api := client(t, srv, srv.IssueToken())
	start := time.Now()
	if m, err := api.GetMeetingWithResponse(context.Background(), zoomtest.MeetingScheduled, nil); err != nil || m.StatusCode() != 200 {
		t.Fatalf("%v", err)
	}
	if d := time.Since(start); d < 80*time.Millisecond {
		t.Errorf("answer after %s, want at least 80ms", d)
	}
	// A client that gives up does not keep the handler waiting.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if _, err := api.GetMeetingWithResponse(ctx, zoomtest.MeetingScheduled, nil); err == nil {
		t.Error("a 10ms deadline was met despite 80ms of latency")
	}
}

// TestFaultsAreRepeatable: the same seed and requests give the same
// faults, so a failing reliability test can be rerun exactly.
func TestFaultsAreRepeatable(t *testing.T) {
	run := func(seed int64) string {
		srv := newMock(t, zoomtest.Options{Seed: seed, Faults: zoomtest.Faults{ServerErrorRate: 0.3, QPSErrorRate: 0.3}})
		tok := srv.IssueToken()
		var b strings.Builder
		for range 40 {
			fmt.Fprint(&b, do(t, srv, http.MethodGet, "/meetings/85746065432", "", nil, bearer(tok)).status, " ")
		}
		return b.String()
	}
	a, b, c := run(7), run(7), run(8)
	if a != b {
		t.Errorf("seed 7 twice:\n%s\n%s", a, b)
	}
	if a == c {
		t.Errorf("seeds 7 and 8 gave the same faults: %s", a)
	}
	if !strings.Contains(a, "200") || !strings.Contains(a, "429") || !strings.Contains(a, "50") {
		t.Errorf("want a mix of 200, 429 and 5xx, got %s", a)
	}
}

func TestRequestLogRedactsCredentials(t *testing.T) {
	var (
		mu    sync.Mutex
		lines []string
	)
	srv := newMock(t, zoomtest.Options{Logf: func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		lines = append(lines, fmt.Sprintf(format, args...))
	}})
	tok := s2s(t, srv).AccessToken
	api := client(t, srv, tok)
	res, err := api.PerformBatchRegistrationWithResponse(context.Background(), zoomtest.MeetingScheduled, batch(people(1, "logged")))
	if err != nil || res.StatusCode() != 201 {
		t.Fatal(err)
	}
	joinURL := res.JSON201.Registrants[0].JoinURL
	secret := joinURL[strings.Index(joinURL, "tk=")+3:]
	mu.Lock()
	all := strings.Join(lines, "\n")
	mu.Unlock()
	if len(lines) != 2 {
		t.Fatalf("%d log lines for 2 requests:\n%s", len(lines), all)
	}
	for _, s := range []string{tok, zoomtest.DemoCredentials.ClientSecret, secret} {
		if strings.Contains(all, s) {
			t.Errorf("the log shows a secret:\n%s", all)
		}
	}
	if !strings.Contains(lines[0], `auth="Basic [REDACTED]"`) || !strings.Contains(lines[1], `auth="Bearer [REDACTED]"`) ||
		!strings.Contains(lines[1], "POST /v2/meetings/85746065432/batch_registrants") || !strings.Contains(lines[1], "201") {
		t.Errorf("log lines do not show method, path, status and the auth scheme:\n%s", all)
	}
	reqs := srv.Requests()
	if len(reqs) != 2 || reqs[1].Header.Get("Authorization") != "Bearer [REDACTED]" || reqs[1].Status != 201 ||
		reqs[1].TrackingID != res.HTTPResponse.Header.Get("x-zm-trackingid") || reqs[0].Operation != "oauth.token" {
		t.Errorf("Requests() = %+v", reqs)
	}
}

// TestEveryAnswerHasATrackingID covers each kind of answer: success,
// Zoom errors, 429s, proxy 5xx, the OAuth endpoints and unknown paths.
func TestEveryAnswerHasATrackingID(t *testing.T) {
	clock := newFakeClock(noon)
	srv := newMock(t, zoomtest.Options{Clock: clock.Now, Limits: map[zoomtest.Label]zoomtest.Limit{"Light": {PerSecond: 1}}})
	tok := srv.IssueToken()
	reg := `{"registrants":[{"email":"t@example.com","first_name":"T"}]}`
	cases := []struct {
		name   string
		method string
		path   string
		body   string
		header http.Header
		faults zoomtest.Faults
		status int
	}{
		{"201", http.MethodPost, "/meetings/85746065432/batch_registrants", reg, bearer(tok), zoomtest.Faults{}, 201},
		{"200", http.MethodGet, "/meetings/85746065432", "", bearer(tok), zoomtest.Faults{}, 200},
		{"429 QPS", http.MethodGet, "/meetings/85746065432", "", bearer(tok), zoomtest.Faults{}, 429},
		{"400", http.MethodPost, "/meetings/85746065432/batch_registrants", `{}`, bearer(tok), zoomtest.Faults{}, 400},
		{"401", http.MethodGet, "/meetings/85746065432", "", nil, zoomtest.Faults{}, 401},
		{"404 meeting", http.MethodPost, "/meetings/99999999999/batch_registrants", reg, bearer(tok), zoomtest.Faults{}, 404},
		{"404 path", http.MethodGet, "/nothing/here", "", bearer(tok), zoomtest.Faults{}, 404},
		{"405", http.MethodDelete, "/meetings/85746065432/batch_registrants", "", bearer(tok), zoomtest.Faults{}, 405},
		{"5xx", http.MethodGet, "/meetings/85746065432/registrants", "", bearer(tok), zoomtest.Faults{ServerErrorRate: 1}, 0},
		{"token 401", http.MethodPost, "/oauth/token", "grant_type=account_credentials", nil, zoomtest.Faults{}, 401},
		{"authorize 400", http.MethodGet, "/oauth/authorize", "", nil, zoomtest.Faults{}, 400},
	}
	seen := map[string]string{}
	for _, tc := range cases {
		srv.SetFaults(tc.faults)
		ct := "application/json"
		if strings.HasPrefix(tc.path, "/oauth/") {
			ct = "application/x-www-form-urlencoded"
		}
		r := do(t, srv, tc.method, tc.path, ct, strings.NewReader(tc.body), tc.header)
		if tc.status != 0 && r.status != tc.status || tc.status == 0 && r.status < 500 {
			t.Errorf("%s: status %d", tc.name, r.status)
		}
		id := r.header.Get("x-zm-trackingid")
		if id == "" {
			t.Errorf("%s: no x-zm-trackingid", tc.name)
		} else if other, dup := seen[id]; dup {
			t.Errorf("%s: tracking id %q repeats %s's", tc.name, id, other)
		}
		seen[id] = tc.name
	}
}

// TestServerErrorBurst: a drawn proxy failure is followed by burst-1 more,
// so a client sees runs of 5xx as long as the burst, and nothing is done.
func TestServerErrorBurst(t *testing.T) {
	srv := newMock(t, zoomtest.Options{Seed: 3, Faults: zoomtest.Faults{ServerErrorRate: 0.1, ServerErrorBurst: 4}})
	tok := srv.IssueToken()
	var runs []int
	run := 0
	for range 200 {
		r := do(t, srv, http.MethodGet, "/meetings/85746065432", "", nil, bearer(tok))
		switch {
		case r.status >= 500:
			run++
		case r.status == 200:
			if run > 0 {
				runs = append(runs, run)
			}
			run = 0
		default:
			t.Fatalf("status %d: %s", r.status, r.body)
		}
	}
	if len(runs) < 3 {
		t.Fatalf("only %d bursts in 200 requests at rate 0.1: %v", len(runs), runs)
	}
	total := run
	for _, n := range runs {
		total += n
	}
	if got := srv.InjectedFaults(); got.ServerErrors != total || got != (zoomtest.FaultCounts{ServerErrors: total}) {
		t.Errorf("InjectedFaults = %+v, want %d server errors and nothing else", got, total)
	}
	for _, n := range runs {
		// Back-to-back bursts merge into a multiple of 4.
		if n%4 != 0 {
			t.Errorf("a burst of %d failures, want multiples of 4: %v", n, runs)
		}
	}
}

// TestTruncatedAnswer: the registration is committed, the client gets the
// 201 status and headers, then the body ends early.
func TestTruncatedAnswer(t *testing.T) {
	srv := newMock(t, zoomtest.Options{Faults: zoomtest.Faults{TruncateRate: 1}})
	tok := srv.IssueToken()
	req, err := http.NewRequest(http.MethodPost, srv.BaseURL()+"/meetings/85746065432/batch_registrants",
		strings.NewReader(`{"registrants":[{"email":"cut@example.com","first_name":"C"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = bearer(tok)
	req.Header.Set("Content-Type", "application/json")
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatalf("the status and headers were to arrive: %v", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if resp.StatusCode != 201 || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("status %d, read error %v; want 201 and an unexpected EOF", resp.StatusCode, err)
	}
	if int64(len(body)) >= resp.ContentLength || len(body) == 0 || !strings.HasPrefix(string(body), `{"registrants":[`) {
		t.Errorf("got %d of %d bytes: %q; want the first half", len(body), resp.ContentLength, body)
	}
	if n := srv.Registrations(zoomtest.MeetingScheduled, "cut@example.com"); n != 1 {
		t.Errorf("Registrations = %d, want 1: the work is done before the answer is cut", n)
	}
	if got := srv.InjectedFaults(); got != (zoomtest.FaultCounts{Truncated: 1}) {
		t.Errorf("InjectedFaults = %+v, want one truncated answer", got)
	}
	if log := srv.Requests(); log[len(log)-1].Status != 201 {
		t.Errorf("the truncated answer is logged as %d, want 201 (what the client saw)", log[len(log)-1].Status)
	}
}

// TestLatencySpike: a spike delays the answer after the work is done, and
// a client that gives up first leaves a committed registration behind.
func TestLatencySpike(t *testing.T) {
	srv := newMock(t, zoomtest.Options{Faults: zoomtest.Faults{SpikeRate: 1, Spike: 5 * time.Second}})
	api := client(t, srv, srv.IssueToken())
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := api.PerformBatchRegistrationWithResponse(ctx, zoomtest.MeetingScheduled, batch(people(1, "spiked")))
	if err == nil || time.Since(start) > 3*time.Second {
		t.Fatalf("err %v after %s; want the 100ms deadline to end the call", err, time.Since(start))
	}
	if n := srv.Registrations(zoomtest.MeetingScheduled, "spiked0@example.com"); n != 1 {
		t.Errorf("Registrations = %d, want 1: the spike comes after the commit", n)
	}
	srv.SetFaults(zoomtest.Faults{SpikeRate: 0.5, Spike: 30 * time.Millisecond})
	slow := 0
	for range 20 {
		start := time.Now()
		if m, err := api.GetMeetingWithResponse(context.Background(), zoomtest.MeetingScheduled, nil); err != nil || m.StatusCode() != 200 {
			t.Fatal(err)
		}
		if time.Since(start) >= 30*time.Millisecond {
			slow++
		}
	}
	if slow == 0 || slow == 20 {
		t.Errorf("%d of 20 answers spiked at rate 0.5", slow)
	}
}
