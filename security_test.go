package zoom_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/zoomgen/zoom"
	"github.com/zoomgen/zoom/bulk"
	"github.com/zoomgen/zoom/gen"
	"github.com/zoomgen/zoom/zoomtest"
)

// Security checks that fill the gaps left by the client's own tests
// (wire_test.go checks escaping against a scripted server and the simple
// http:// cases; mock_test.go checks Server-to-Server secrets in logs and
// errors). Here: what the MOCK received for hostile path and query values,
// hostile base URLs and api_urls and redirects to plain http, servers that
// echo credentials back, user OAuth's refresh tokens, panics on hostile
// input, and zoom-register's output.
//
// Meeting IDs are int64 in the generated API, so "../../users/me" cannot
// be passed as one: the type system is the check. Registrant IDs and page
// tokens are strings, and are what these tests aim at.

// TestSecurityPathEscapingAtTheMock: a hostile registrant ID reaches the
// mock as one escaped path segment of the operation it was meant for, and
// the mock reads back exactly the ID that was given.
func TestSecurityPathEscapingAtTheMock(t *testing.T) {
	srv := zoomtest.NewServer(t, zoomtest.Options{})
	c := relClient(t, srv, relTimeout)
	prefix := fmt.Sprintf("%s/meetings/%d/registrants/", zoomtest.APIPrefix, zoomtest.MeetingScheduled)
	for _, tt := range []struct{ id, wantSegment string }{
		{"../../users/me", "..%2F..%2Fusers%2Fme"},
		{"../../../oauth/token", "..%2F..%2F..%2Foauth%2Ftoken"},
		{"a?status=denied", "a%3Fstatus=denied"},
		{"a#frag", "a%23frag"},
		{"a%2Fb", "a%252Fb"},
		{"..%2F..%2Fusers", "..%252F..%252Fusers"},
		{"a/b", "a%2Fb"},
		{"x y", "x%20y"},
		{"a\r\nHost: evil.example.com", "a%0D%0AHost:%20evil.example.com"},
		{"%00", "%2500"},
		{"...", "..."},
	} {
		t.Run(tt.id, func(t *testing.T) {
			_, err := c.API().DeleteMeetingRegistrantWithResponse(t.Context(), zoomtest.MeetingScheduled, tt.id, nil)
			log := srv.Requests()
			got := log[len(log)-1]
			if got.Operation != "deleteMeetingRegistrant" || got.Method != http.MethodDelete || got.Target != prefix+tt.wantSegment || got.Query != "" {
				t.Errorf("the mock saw %s %q as %q; want DELETE %q as deleteMeetingRegistrant", got.Method, got.Target, got.Operation, prefix+tt.wantSegment)
			}
			// The mock names the registrant it looked for: the ID as given.
			var ze *zoom.Error
			if !errors.As(err, &ze) || ze.StatusCode != 404 || ze.Message != "Registrant does not exist: "+tt.id+"." {
				t.Errorf("err = %v; want the mock's 404 for registrant %q", err, tt.id)
			}
		})
	}
	// "." and ".." would be collapsed by URL resolution into another
	// resource: the client refuses them before anything is sent.
	for _, id := range []string{".", ".."} {
		before := len(srv.Requests())
		if _, err := c.API().DeleteMeetingRegistrantWithResponse(t.Context(), zoomtest.MeetingScheduled, id, nil); err == nil || len(srv.Requests()) != before {
			t.Errorf("id %q: err %v, %d requests; want a refusal with nothing sent", id, err, len(srv.Requests())-before)
		}
	}
}

// TestSecurityQueryEscapingAtTheMock: a hostile page token stays one
// query value; it adds no parameters and overrides none.
func TestSecurityQueryEscapingAtTheMock(t *testing.T) {
	srv := zoomtest.NewServer(t, zoomtest.Options{})
	c := relClient(t, srv, relTimeout)
	for _, tok := range []string{"x&page_size=1&status=denied", "x#frag", "x;status=denied", "x%26page_size%3D1", "x\r\nX-Evil: 1"} {
		size, status := 300, gen.RegistrantStatusApproved
		_, err := c.API().ListMeetingRegistrantsWithResponse(t.Context(), zoomtest.MeetingScheduled,
			&gen.ListMeetingRegistrantsParams{NextPageToken: &tok, PageSize: &size, Status: &status})
		if err == nil {
			t.Errorf("token %q: the mock accepted a page token it never issued", tok)
		}
		log := srv.Requests()
		got := log[len(log)-1]
		q, perr := url.ParseQuery(got.Query)
		if perr != nil || got.Operation != "listMeetingRegistrants" || len(q) != 3 ||
			!equalValues(q["next_page_token"], tok) || !equalValues(q["page_size"], "300") || !equalValues(q["status"], "approved") {
			t.Errorf("token %q: the mock saw %s query %q (%v)", tok, got.Operation, got.Query, perr)
		}
	}
}

func equalValues(vs []string, want string) bool { return len(vs) == 1 && vs[0] == want }

// dialRecorder is a transport that dials loopback only and records every
// other address it was asked to reach, so a test can prove nothing left
// the machine.
type dialRecorder struct {
	mu      sync.Mutex
	foreign []string
}

func (d *dialRecorder) client() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = nil
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, _, _ := net.SplitHostPort(addr)
		if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
			d.mu.Lock()
			d.foreign = append(d.foreign, addr)
			d.mu.Unlock()
			return nil, fmt.Errorf("test transport: refusing to dial %s", addr)
		}
		var dl net.Dialer
		return dl.DialContext(ctx, network, addr)
	}
	return &http.Client{Transport: tr, Timeout: 5 * time.Second}
}

func (d *dialRecorder) dialed() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.foreign...)
}

// TestSecurityPlainHTTPHostileURLs: URLs that look like loopback but are
// not (user info, look-alike host names, wildcard and private addresses)
// are refused for the base and token URLs unless WithInsecureHTTP.
func TestSecurityPlainHTTPHostileURLs(t *testing.T) {
	for _, tt := range []struct {
		url string
		ok  bool
	}{
		{"http://localhost@evil.example.com/v2", false},
		{"http://127.0.0.1@evil.example.com/v2", false},
		{"http://127.0.0.1.evil.example.com/v2", false},
		{"http://localhost.evil.example.com/v2", false},
		{"http://evil.example.com/v2#@127.0.0.1", false},
		{"http://evil.example.com/v2?@127.0.0.1", false},
		{"HTTP://evil.example.com/v2", false},
		{"http://0.0.0.0/v2", false},
		{"http://10.0.0.1/v2", false},
		{"http://[::ffff:8.8.8.8]/v2", false},
		{"http://127.0.0.2:9/v2", true},
		{"http://[::1]:9/v2", true},
		{"https://evil.example.com/v2", true},
	} {
		for _, opt := range []func(string) zoom.Option{zoom.WithBaseURL, zoom.WithTokenURL} {
			_, err := zoom.NewClient(zoom.WithServerToServer("acct", "id", "secret-value"), opt(tt.url))
			if (err == nil) != tt.ok {
				t.Errorf("%s: err = %v, want accepted=%v", tt.url, err, tt.ok)
			}
			if err != nil && strings.Contains(err.Error(), "secret-value") {
				t.Errorf("%s: the refusal names the secret: %v", tt.url, err)
			}
			if _, err := zoom.NewClient(zoom.WithServerToServer("acct", "id", "secret-value"), opt(tt.url), zoom.WithInsecureHTTP()); err != nil {
				t.Errorf("%s with WithInsecureHTTP: %v", tt.url, err)
			}
		}
	}
}

// TestSecurityPlainHTTPFromTheNetwork: the URLs a client did not configure
// itself, an api_url in a token answer and a redirect, must not take a
// token or a request body to plain http off this machine either.
func TestSecurityPlainHTTPFromTheNetwork(t *testing.T) {
	t.Run("api_url", func(t *testing.T) {
		// A token endpoint (on loopback, so it is allowed) names a plain
		// http API host; without WithBaseURL the client follows api_url.
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"access_token":"tok-from-evil-api-url","token_type":"bearer","expires_in":3600,"api_url":"http://api.evil.example.com"}`)
		}))
		t.Cleanup(ts.Close)
		var d dialRecorder
		c, err := zoom.NewClient(zoom.WithServerToServer("acct", "id", "secret-value"), zoom.WithTokenURL(ts.URL+"/oauth/token"),
			zoom.WithHTTPClient(d.client()), zoom.WithRetry(fastRetry(2)), zoom.WithPlan(zoom.PlanUnlimited))
		must(t, err)
		_, err = c.PerformBatchRegistration(t.Context(), 1, one)
		if err == nil || !strings.Contains(err.Error(), "plain http") || len(d.dialed()) != 0 {
			t.Errorf("err = %v, dialed %v; want a refusal naming plain http and no dial", err, d.dialed())
		}
	})
	t.Run("redirect", func(t *testing.T) {
		// The API (on loopback) redirects the batch registration to a
		// plain http host elsewhere. Following it would send the
		// registrants' names and emails in clear text. The caller's
		// client would follow any redirect (its CheckRedirect says so);
		// the Zoom client must not.
		for _, code := range []int{http.StatusTemporaryRedirect, http.StatusPermanentRedirect, http.StatusFound} {
			var posts atomic.Int32
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				posts.Add(1)
				http.Redirect(w, r, "http://api.evil.example.com"+r.URL.Path+"?x=1", code)
			}))
			t.Cleanup(ts.Close)
			var d dialRecorder
			hc := d.client()
			hc.CheckRedirect = func(*http.Request, []*http.Request) error { return nil }
			c, err := zoom.NewClient(zoom.WithToken("static-token-secret"), zoom.WithBaseURL(ts.URL+"/v2"),
				zoom.WithHTTPClient(hc), zoom.WithRetry(fastRetry(2)), zoom.WithPlan(zoom.PlanUnlimited))
			must(t, err)
			_, err = c.PerformBatchRegistration(t.Context(), 1, one)
			var ze *zoom.Error
			if !errors.As(err, &ze) || ze.StatusCode != code || !strings.Contains(err.Error(), "redirect to http://api.evil.example.com;") ||
				errors.Is(err, zoom.ErrOutcomeUnknown) {
				t.Errorf("%d: err = %v; want an *Error naming the redirect's host, not of unknown outcome", code, err)
			}
			if got := d.dialed(); len(got) != 0 || posts.Load() != 1 {
				t.Errorf("%d: dialed %v, the API saw %d POSTs; want no dial and one POST (not retried)", code, got, posts.Load())
			}
			if _, plain := hc.Transport.(*http.Transport); hc.CheckRedirect == nil || !plain {
				t.Errorf("%d: the caller's http.Client was changed", code)
			}
		}
	})
	t.Run("redirect on loopback, default client", func(t *testing.T) {
		// Another port on loopback passes the plain-http rule, so only
		// the redirect policy stops the body (and the token) going there;
		// the token endpoint's redirect would re-send the form body.
		var elsewhere atomic.Int32
		other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { elsewhere.Add(1) }))
		t.Cleanup(other.Close)
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, other.URL+r.URL.Path, http.StatusTemporaryRedirect)
		}))
		t.Cleanup(ts.Close)
		for name, opts := range map[string][]zoom.Option{
			"API":            {zoom.WithToken("static-token-secret"), zoom.WithBaseURL(ts.URL + "/v2")},
			"token endpoint": {zoom.WithServerToServer("acct", "id", "secret-value"), zoom.WithBaseURL(ts.URL + "/v2"), zoom.WithTokenURL(ts.URL + "/oauth/token")},
		} {
			c, err := zoom.NewClient(append(opts, zoom.WithRetry(fastRetry(2)), zoom.WithPlan(zoom.PlanUnlimited))...)
			must(t, err)
			if _, err := c.PerformBatchRegistration(t.Context(), 1, one); err == nil {
				t.Errorf("%s: a redirected call succeeded", name)
			}
		}
		if n := elsewhere.Load(); n != 0 {
			t.Errorf("the redirect target received %d requests; want none", n)
		}
	})
	t.Run("user OAuth token URL", func(t *testing.T) {
		// A user OAuth config names its own token endpoint, which
		// NewClient does not see as a URL option: the transport's check
		// refuses plain http there before dialling.
		var d dialRecorder
		cfg := zoom.UserOAuthConfig("id", "secret-value", "http://127.0.0.1/cb")
		cfg.Endpoint.TokenURL = "http://zoom.evil.example.com/oauth/token"
		c, err := zoom.NewClient(zoom.WithUserOAuth(cfg, &oauth2.Token{RefreshToken: "refresh-secret"}, nil),
			zoom.WithBaseURL("http://127.0.0.1:9/v2"), zoom.WithHTTPClient(d.client()), zoom.WithRetry(fastRetry(1)))
		must(t, err)
		_, err = c.PerformBatchRegistration(t.Context(), 1, one)
		if err == nil || !strings.Contains(err.Error(), "plain http") || len(d.dialed()) != 0 {
			t.Errorf("err = %v, dialed %v; want a refusal naming plain http and no dial", err, d.dialed())
		}
	})
}

// echoServer plays a token endpoint and an API that put everything they
// were sent (Authorization header and body) back into their error
// answers, as a debugging proxy or a careless gateway might.
func echoServer(t *testing.T) *httptest.Server {
	var n atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		echo := strings.NewReplacer(`"`, `'`, "\n", " ").Replace(r.Header.Get("Authorization") + " " + string(b))
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("x-zm-trackingid", "echo")
		if r.URL.Path == "/oauth/token" {
			if n.Add(1) == 1 {
				w.WriteHeader(http.StatusBadRequest)
				fmt.Fprintf(w, `{"reason":"bad request: %s","error":"invalid_request"}`, echo)
				return
			}
			io.WriteString(w, `{"access_token":"echo-access-token-123","token_type":"bearer","expires_in":3600}`)
			return
		}
		switch n.Add(1) {
		case 2:
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, `{"code":300,"message":"Validation Failed: %s","errors":[{"field":"registrants[0].email","message":"%s"}]}`, echo, echo)
		case 3:
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprintf(w, `{"code":3001,"message":"Meeting does not exist: %s"}`, echo)
		case 4:
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusBadGateway)
			fmt.Fprintf(w, "<html><body>502 Bad Gateway for %s</body></html>", echo)
		default:
			w.Header().Set("X-RateLimit-Type", "Daily-limit")
			w.Header().Set("Retry-After", "Thu, 01 Jan 2099 00:00:00 GMT")
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprintf(w, `{"code":429,"message":"limit for %s"}`, echo)
		}
	}))
	t.Cleanup(ts.Close)
	return ts
}

// TestSecurityEchoedCredentials: whatever a server echoes back, the
// client's errors (in every fmt form) and its debug log keep the client
// secret, its HTTP Basic form and the access token out.
func TestSecurityEchoedCredentials(t *testing.T) {
	ts := echoServer(t)
	const id, secret = "echo-client-id", "echo-client-secret-456"
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, err := zoom.NewClient(zoom.WithServerToServer("acct", id, secret), zoom.WithTokenURL(ts.URL+"/oauth/token"),
		zoom.WithBaseURL(ts.URL+"/v2"), zoom.WithLogger(logger), zoom.WithRetry(fastRetry(1)), zoom.WithPlan(zoom.PlanUnlimited))
	must(t, err)
	var errs []error
	for range 5 {
		_, err := c.PerformBatchRegistration(t.Context(), 1, one)
		if err == nil {
			t.Fatal("the echo server accepted a registration")
		}
		errs = append(errs, err)
	}
	var all strings.Builder
	for _, err := range errs {
		fmt.Fprintf(&all, "%v\n%+v\n%#v\n%s\n", err, err, err, err)
		for u := errors.Unwrap(err); u != nil; u = errors.Unwrap(u) {
			fmt.Fprintf(&all, "%v\n", u)
		}
	}
	secrets := []string{secret, base64.StdEncoding.EncodeToString([]byte(id + ":" + secret)), base64.StdEncoding.EncodeToString([]byte(url.QueryEscape(id) + ":" + url.QueryEscape(secret))), "echo-access-token-123"}
	for _, s := range secrets {
		if strings.Contains(logs.String(), s) {
			t.Errorf("the debug log shows a secret (%.6s…)", s)
		}
	}
	if !strings.Contains(all.String(), "echo") {
		t.Fatalf("the errors do not show the echo server's answers; the check proves nothing:\n%s", all.String())
	}
	for _, s := range secrets {
		if strings.Contains(all.String(), s) {
			t.Errorf("an error shows a secret (%.6s…)", s)
		}
	}
	// The fields a caller may print on their own hold no secret either.
	for _, err := range errs {
		var ze *zoom.Error
		var ae *zoom.AuthError
		var re *oauth2.RetrieveError
		var fields string
		if errors.As(err, &ze) {
			fields += fmt.Sprintf("%s %v", ze.Message, ze.Fields)
		}
		if errors.As(err, &ae) {
			fields += ae.Reason + ae.ErrorCode
		}
		if errors.As(err, &re) {
			fields += string(re.Body) + re.ErrorDescription
		}
		for _, s := range secrets {
			if strings.Contains(fields, s) {
				t.Errorf("a field of %T shows a secret (%.6s…)", err, s)
			}
		}
	}
}

// TestSecurityUserOAuthSecrets: with user OAuth the refresh tokens (the
// old one and the rotated one) and access tokens stay out of the debug
// log and the errors, including the error of a refresh that fails.
func TestSecurityUserOAuthSecrets(t *testing.T) {
	clock := newFakeClock()
	srv := zoomtest.NewServer(t, zoomtest.Options{Clock: clock.Now, TokenTTL: time.Hour})
	creds := zoomtest.DemoCredentials
	const redirect = "http://127.0.0.1/callback"
	cfg := zoom.UserOAuthConfig(creds.ClientID, creds.ClientSecret, redirect, "meeting:write")
	cfg.Endpoint.AuthURL, cfg.Endpoint.TokenURL = srv.AuthURL(), srv.TokenURL()
	verifier := oauth2.GenerateVerifier()
	sum := sha256.Sum256([]byte(verifier))
	tok, err := cfg.Exchange(t.Context(), srv.AuthorizationCode(redirect, base64.RawURLEncoding.EncodeToString(sum[:])), oauth2.VerifierOption(verifier))
	must(t, err)

	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	var persisted []*oauth2.Token
	c, err := zoom.NewClient(zoom.WithUserOAuth(cfg, tok, func(_ context.Context, nt *oauth2.Token) error {
		persisted = append(persisted, nt)
		return nil
	}), zoom.WithBaseURL(srv.BaseURL()), zoom.WithClock(clock.Now), zoom.WithPlan(zoom.PlanUnlimited), zoom.WithLogger(logger))
	must(t, err)
	_, err = c.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, body(registrants(1, "uo1-")))
	must(t, err)
	clock.Advance(58 * time.Minute) // refresh, rotating the refresh token
	_, err = c.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, body(registrants(1, "uo2-")))
	must(t, err)
	if len(persisted) != 1 {
		t.Fatalf("%d tokens persisted, want 1 rotation", len(persisted))
	}
	// A second client still holding the spent refresh token: its refresh
	// fails, and the failure is reported without the token.
	stale, err := zoom.NewClient(zoom.WithUserOAuth(cfg, &oauth2.Token{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken, Expiry: clock.Now().Add(-time.Minute)}, nil),
		zoom.WithBaseURL(srv.BaseURL()), zoom.WithClock(clock.Now), zoom.WithPlan(zoom.PlanUnlimited), zoom.WithLogger(logger))
	must(t, err)
	_, staleErr := stale.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, body(registrants(1, "uo3-")))
	if staleErr == nil {
		t.Fatal("a spent refresh token was accepted")
	}
	out := logs.String() + fmt.Sprintf("%v\n%+v\n%#v\n", staleErr, staleErr, staleErr)
	for _, s := range []string{creds.ClientSecret, tok.AccessToken, tok.RefreshToken, persisted[0].AccessToken, persisted[0].RefreshToken} {
		if strings.Contains(out, s) {
			t.Errorf("a secret (%.6s…) appears in the log or the refresh error", s)
		}
	}
	if !strings.Contains(logs.String(), "zoom request") {
		t.Errorf("nothing logged; the check proves nothing")
	}
}

// TestSecurityNoPanicOnHostileInput: hostile arguments give errors, not
// panics; were one to panic, its value and stack must not hold a secret
// either (a panic ends up in logs and crash reports).
func TestSecurityNoPanicOnHostileInput(t *testing.T) {
	srv := zoomtest.NewServer(t, zoomtest.Options{})
	c := relClient(t, srv, relTimeout)
	long := strings.Repeat("a", 100_000)
	cases := map[string]func() error{
		"empty batch": func() error {
			_, err := c.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, gen.PerformBatchRegistrationRequest{})
			return err
		},
		"31 registrants": func() error {
			_, err := c.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, body(registrants(31, "many")))
			return err
		},
		"hostile fields": func() error {
			items := []gen.PerformBatchRegistrationRequestRegistrantsItem{
				{Email: long + "@example.com", FirstName: long},
				{Email: "a\r\nb@example.com", FirstName: "\x00"},
				{Email: "\"><script>@example.com", FirstName: "x", LastName: "\xff\xfe"},
			}
			_, err := c.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, body(items))
			return err
		},
		"negative meeting": func() error {
			_, err := c.PerformBatchRegistration(t.Context(), -1, body(registrants(1, "neg")))
			return err
		},
		"unknown status": func() error {
			for _, err := range c.MeetingRegistrants(t.Context(), zoomtest.MeetingScheduled, "'; DROP TABLE --") {
				return err
			}
			return nil
		},
		"bulk with hostile attendees": func() error {
			_, err := bulk.Register(t.Context(), c, zoomtest.MeetingScheduled, []bulk.Attendee{
				{}, {Email: long}, {Email: "x@example.com"}, {Email: "\xff@example.com", FirstName: "F"}, {Email: "ok@example.com", FirstName: "Ok"},
			}, bulk.Options{})
			return err
		},
		"cancelled context": func() error {
			ctx, cancel := context.WithCancel(t.Context())
			cancel()
			_, err := c.PerformBatchRegistration(ctx, zoomtest.MeetingScheduled, body(registrants(1, "cancel")))
			if err == nil {
				return errors.New("a cancelled call succeeded")
			}
			return nil
		},
	}
	secrets := []string{zoomtest.DemoCredentials.ClientSecret}
	for name, call := range cases {
		func() {
			defer func() {
				if v := recover(); v != nil {
					msg := fmt.Sprintf("%v\n%+v\n%s", v, v, debug.Stack())
					t.Errorf("%s: panic: %v", name, v)
					for _, s := range secrets {
						if strings.Contains(msg, s) {
							t.Errorf("%s: the panic holds a secret", name)
						}
					}
				}
			}()
			if err := call(); err != nil {
				for _, s := range secrets {
					if strings.Contains(err.Error(), s) {
						t.Errorf("%s: the error holds a secret", name)
					}
				}
			}
		}()
	}
	// Formatting the client itself (as a panic or a careless log line
	// would) shows pointers, not credentials.
	for _, form := range []string{"%v", "%+v", "%#v"} {
		if s := fmt.Sprintf(form, c); strings.Contains(s, zoomtest.DemoCredentials.ClientSecret) {
			t.Errorf("fmt %s of the client shows the client secret", form)
		}
	}
}

// TestSecurityZoomRegisterOutput: zoom-register, refused by the token
// endpoint or talking to one that echoes the credentials, prints neither
// the secret nor its HTTP Basic form.
func TestSecurityZoomRegisterOutput(t *testing.T) {
	if testing.Short() {
		t.Skip("builds zoom-register")
	}
	bin := buildZoomRegister(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	if err := os.WriteFile(in, []byte("email,first_name\na@example.com,A\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	m := startSecretMock(t, zoomtest.Options{})
	echo := echoServer(t)
	for _, tt := range []struct {
		name string
		env  []string
	}{
		{"wrong secret", replaceEnv(m.env(), "ZOOM_CLIENT_SECRET", "wrong-secret-789xyz")},
		{"echoing token endpoint", replaceEnv(replaceEnv(m.env(), "ZOOM_TOKEN_URL", echo.URL+"/oauth/token"), "ZOOM_API_URL", echo.URL+"/v2")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(bin, "-meeting", fmt.Sprint(zoomtest.MeetingScheduled), "-in", in, "-out", filepath.Join(dir, "out.csv"))
			cmd.Env = tt.env
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("zoom-register succeeded:\n%s", out)
			}
			var secret, id string
			for _, kv := range tt.env {
				if v, ok := strings.CutPrefix(kv, "ZOOM_CLIENT_SECRET="); ok {
					secret = v
				}
				if v, ok := strings.CutPrefix(kv, "ZOOM_CLIENT_ID="); ok {
					id = v
				}
			}
			if len(out) == 0 {
				t.Fatal("zoom-register said nothing about the failure")
			}
			for _, s := range []string{secret, base64.StdEncoding.EncodeToString([]byte(id + ":" + secret)), "echo-access-token-123"} {
				if strings.Contains(string(out), s) {
					t.Errorf("zoom-register printed a secret (%.6s…):\n%s", s, out)
				}
			}
		})
	}
}

func replaceEnv(env []string, key, value string) []string {
	out := make([]string, 0, len(env))
	for _, kv := range env {
		if !strings.HasPrefix(kv, key+"=") {
			out = append(out, kv)
		}
	}
	return append(out, key+"="+value)
}
