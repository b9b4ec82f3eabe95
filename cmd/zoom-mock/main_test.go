package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zoomgen/zoom/zoomtest"
)

// syncBuffer is written by the server's goroutines and read by the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// start runs the command on a free port and returns its base and token
// URLs once it has printed them.
func start(t *testing.T, args ...string) (base, tokenURL string, stdout, stderr *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr = &syncBuffer{}, &syncBuffer{}
	done := make(chan int, 1)
	go func() { done <- run(ctx, append([]string{"-addr", "127.0.0.1:0"}, args...), stdout, stderr) }()
	t.Cleanup(func() {
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("exit code %d after interrupt, want 0\n%s", code, stderr)
			}
		case <-time.After(5 * time.Second):
			t.Error("zoom-mock did not stop within 5s of its context ending")
		}
	})
	re := regexp.MustCompile(`base URL:\s+(\S+)\n\s+token URL:\s+(\S+)\n`)
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if m := re.FindStringSubmatch(stdout.String()); m != nil {
			return m[1], m[2], stdout, stderr
		}
		select {
		case code := <-done:
			t.Fatalf("zoom-mock exited with %d before serving:\n%s%s", code, stdout, stderr)
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatalf("zoom-mock printed no URLs within 5s:\n%s", stdout)
	return
}

func fetchToken(t *testing.T, tokenURL, id, secret, account string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, tokenURL, strings.NewReader(url.Values{"grant_type": {"account_credentials"}, "account_id": {account}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(id, secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&tok)
	return resp.StatusCode, tok.AccessToken
}

func call(t *testing.T, method, u, token, body string) (int, http.Header, string) {
	t.Helper()
	req, _ := http.NewRequest(method, u, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

func TestServesOverHTTP(t *testing.T) {
	t.Parallel()
	base, tokenURL, stdout, stderr := start(t, "-plan", "free", "-meeting", "123456789:2:capacity=1", "-meeting", "222:8", "-token-ttl", "10m")
	d := zoomtest.DemoCredentials
	for _, want := range []string{d.AccountID, d.ClientID, d.ClientSecret, "authorize URL:", "123456789"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("start-up output lacks %q:\n%s", want, stdout)
		}
	}
	status, tok := fetchToken(t, tokenURL, d.ClientID, d.ClientSecret, d.AccountID)
	if status != 200 || tok == "" {
		t.Fatalf("token: %d", status)
	}
	reg := func(meeting, email string) (int, http.Header, string) {
		return call(t, http.MethodPost, base+"/meetings/"+meeting+"/batch_registrants", tok,
			`{"registrants":[{"email":"`+email+`","first_name":"A"}]}`)
	}
	if status, h, body := reg("123456789", "a@example.com"); status != 201 || h.Get("X-RateLimit-Limit") != "1000" {
		t.Errorf("registration on the added meeting (free plan): %d Limit=%q %s", status, h.Get("X-RateLimit-Limit"), body)
	}
	time.Sleep(1100 * time.Millisecond) // free plan: Heavy 1/s
	if status, _, body := reg("123456789", "b@example.com"); status != 404 || !strings.Contains(body, `"code":3043`) {
		t.Errorf("second registrant on a meeting of capacity 1: %d %s", status, body)
	}
	time.Sleep(1100 * time.Millisecond)
	if status, _, body := reg("222", "a@example.com"); status != 400 || !strings.Contains(body, `"code":303`) {
		t.Errorf("recurring meeting added with -meeting 222:8: %d %s", status, body)
	}
	logs := stderr.String()
	if !strings.Contains(logs, `auth="Bearer [REDACTED]"`) || strings.Contains(logs, tok) || strings.Contains(logs, d.ClientSecret) {
		t.Errorf("request log does not redact credentials:\n%s", logs)
	}
}

func TestFaultFlags(t *testing.T) {
	t.Parallel()
	base, tokenURL, _, _ := start(t, "-quiet", "-server-error-rate", "1", "-client-secret", "not-the-demo-one")
	d := zoomtest.DemoCredentials
	if status, _ := fetchToken(t, tokenURL, d.ClientID, d.ClientSecret, d.AccountID); status != 401 {
		t.Errorf("demo secret when -client-secret is set: %d, want 401", status)
	}
	_, tok := fetchToken(t, tokenURL, d.ClientID, "not-the-demo-one", d.AccountID)
	if status, h, _ := call(t, http.MethodGet, base+"/meetings/85746065432", tok, ""); (status != 502 && status != 503) || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
		t.Errorf("-server-error-rate 1: %d %q", status, h.Get("Content-Type"))
	}
}

// TestAnswerFaultFlags: -truncate-rate cuts a 2xx off mid-body and
// -spike-rate with -spike holds an answer back.
func TestAnswerFaultFlags(t *testing.T) {
	t.Parallel()
	base, tokenURL, _, _ := start(t, "-quiet", "-truncate-rate", "1")
	d := zoomtest.DemoCredentials
	_, tok := fetchToken(t, tokenURL, d.ClientID, d.ClientSecret, d.AccountID)
	req, _ := http.NewRequest(http.MethodGet, base+"/meetings/85746065432", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, err = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || err == nil {
		t.Errorf("-truncate-rate 1: status %d, read error %v; want 200 and a body cut short", resp.StatusCode, err)
	}

	base, tokenURL, _, _ = start(t, "-quiet", "-spike-rate", "1", "-spike", "150ms")
	_, tok = fetchToken(t, tokenURL, d.ClientID, d.ClientSecret, d.AccountID)
	began := time.Now()
	if status, _, _ := call(t, http.MethodGet, base+"/meetings/85746065432", tok, ""); status != 200 || time.Since(began) < 150*time.Millisecond {
		t.Errorf("-spike-rate 1 -spike 150ms: status %d after %s", status, time.Since(began))
	}
}

func TestCustomSecretIsNotPrinted(t *testing.T) {
	t.Parallel()
	_, _, stdout, _ := start(t, "-quiet", "-client-secret", "s3cr3t-value")
	if strings.Contains(stdout.String(), "s3cr3t-value") {
		t.Errorf("a non-demo client secret was printed:\n%s", stdout)
	}
}

func TestFlagErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-h"}, 0, "-drop-after-commit-rate"},
		{[]string{"-plan", "enterprise"}, 2, `-plan "enterprise"`},
		{[]string{"-meeting", "abc:2"}, 2, `meeting id "abc"`},
		{[]string{"-meeting", "1:5"}, 2, `meeting type "5"`},
		{[]string{"-meeting", "1:2:vip"}, 2, `unknown option "vip"`},
		{[]string{"-meeting", "1:2:capacity=x"}, 2, `capacity "x"`},
		{[]string{"-limit", "Heavy=fast"}, 2, "label=perSecond/daily"},
		{[]string{"-limit", "Heavy=1/-3"}, 2, `daily limit "-3"`},
		{[]string{"-server-error-rate", "2"}, 2, "between 0 and 1"},
		{[]string{"-token-ttl", "0s"}, 2, "must be positive"},
		{[]string{"-server-error-burst", "0"}, 2, "must be positive"},
		{[]string{"-truncate-rate", "-0.5"}, 2, "between 0 and 1"},
		{[]string{"-spike-rate", "1.5"}, 2, "between 0 and 1"},
		{[]string{"extra"}, 2, `unexpected argument "extra"`},
		{[]string{"-addr", "256.0.0.1:1"}, 1, "-addr 256.0.0.1:1"},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			var out, errs bytes.Buffer
			if code := run(context.Background(), tc.args, &out, &errs); code != tc.code || !strings.Contains(errs.String(), tc.want) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit %d and %q", code, errs.String(), tc.code, tc.want)
			}
		})
	}
}

// FuzzMeetingFlag: -meeting takes anything a user types; it must accept
// only well-formed meetings and never panic.
func FuzzMeetingFlag(f *testing.F) {
	for _, s := range []string{"123:2", "123:2:capacity=5:over", "1:8:no-registration:manual-approval", "x:2", "1::", ":", "1:2:capacity=-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		var m meetingsFlag
		if err := m.Set(v); err != nil {
			if len(m) != 0 || !strings.Contains(err.Error(), strconv.Quote(v)) {
				t.Errorf("refused %q with %v but kept %d meeting(s) or did not name the value", v, err, len(m))
			}
			return
		}
		got := m[0]
		if len(m) != 1 || got.ID <= 0 || got.Capacity < 0 || (got.Type != 1 && got.Type != 2 && got.Type != 3 && got.Type != 8) {
			t.Errorf("accepted %q as %+v", v, got)
		}
	})
}

// TestPrintsZoomRegisterEnvironment: the start-up output ends with the
// export line the README tells users to paste, naming this server.
func TestPrintsZoomRegisterEnvironment(t *testing.T) {
	t.Parallel()
	base, tokenURL, stdout, _ := start(t, "-quiet")
	d := zoomtest.DemoCredentials
	want := "use it: export ZOOM_API_URL=" + base + " ZOOM_TOKEN_URL=" + tokenURL + " ZOOM_ACCOUNT_ID=" + d.AccountID +
		" ZOOM_CLIENT_ID=" + d.ClientID + " ZOOM_CLIENT_SECRET=" + d.ClientSecret + "\n"
	if !eventually(stdout, want) {
		t.Errorf("start-up output lacks %q:\n%s", want, stdout)
	}
	_, _, stdout, _ = start(t, "-quiet", "-client-secret", "s3cr3t-value")
	if !eventually(stdout, "ZOOM_CLIENT_SECRET=<client_secret>\n") {
		t.Errorf("custom secret: %s", stdout)
	}
}

// eventually waits a little for the command to print want: start returns
// as soon as the URLs are out.
func eventually(b *syncBuffer, want string) bool {
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if strings.Contains(b.String(), want) {
			return true
		}
	}
	return false
}
