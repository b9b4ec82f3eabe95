package zoomtest_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/zoomgen/zoom/zoomtest"
)

func TestServerToServerToken(t *testing.T) {
	srv := newMock(t, zoomtest.Options{TokenTTL: 90 * time.Minute})
	tok := s2s(t, srv)
	if tok.AccessToken == "" || tok.TokenType != "bearer" || tok.ExpiresIn != 5400 || tok.RefreshToken != "" {
		t.Errorf("token answer = %+v, want a bearer token valid 5400 s and no refresh token", tok)
	}
	if tok.APIURL != srv.URL || !strings.Contains(tok.Scope, "meeting:write:admin") {
		t.Errorf("api_url = %q (want %q), scope = %q", tok.APIURL, srv.URL, tok.Scope)
	}
	res, err := client(t, srv, tok.AccessToken).GetMeetingWithResponse(context.Background(), zoomtest.MeetingScheduled, nil)
	if err != nil || res.StatusCode() != http.StatusOK || res.JSON200 == nil || res.JSON200.ID != zoomtest.MeetingScheduled {
		t.Fatalf("get meeting with the fetched token: %v %s", err, res.Body)
	}
	if n := srv.TokenRequests(); n != 1 {
		t.Errorf("TokenRequests = %d, want 1", n)
	}
}

func TestTokenEndpointRefusals(t *testing.T) {
	c := zoomtest.DemoCredentials
	cases := []struct {
		name       string
		id, secret string
		form       url.Values
		status     int
		err        string
		reason     string
	}{
		{"wrong secret", c.ClientID, "nope", url.Values{"grant_type": {"account_credentials"}, "account_id": {c.AccountID}},
			401, "invalid_client", "Invalid client_id or client_secret"},
		{"no basic auth", "", "", url.Values{"grant_type": {"account_credentials"}, "account_id": {c.AccountID}},
			401, "invalid_client", "Invalid client_id or client_secret"},
		{"wrong account", c.ClientID, c.ClientSecret, url.Values{"grant_type": {"account_credentials"}, "account_id": {"other"}},
			400, "invalid_request", "Invalid account_id."},
		{"no grant type", c.ClientID, c.ClientSecret, url.Values{"account_id": {c.AccountID}},
			400, "invalid_request", "Missing grant_type."},
		{"unknown grant", c.ClientID, c.ClientSecret, url.Values{"grant_type": {"password"}},
			400, "unsupported_grant_type", `Unsupported grant type: "password".`},
		{"unknown code", c.ClientID, c.ClientSecret, url.Values{"grant_type": {"authorization_code"}, "code": {"made-up"}, "redirect_uri": {"http://localhost/cb"}},
			400, "invalid_grant", "Invalid authorization code."},
		{"unknown refresh token", c.ClientID, c.ClientSecret, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"made-up"}},
			400, "invalid_grant", "Invalid Token!"},
	}
	srv := newMock(t, zoomtest.Options{})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := tokenRequest(t, srv, tc.id, tc.secret, tc.form)
			got := r.token(t)
			if r.status != tc.status || got.Error != tc.err || got.Reason != tc.reason || got.AccessToken != "" {
				t.Errorf("got %d %+v, want %d error=%q reason=%q", r.status, got, tc.status, tc.err, tc.reason)
			}
			if r.header.Get("x-zm-trackingid") == "" {
				t.Error("no x-zm-trackingid on the token endpoint's answer")
			}
		})
	}
	if n := srv.TokenRequests(); n != len(cases) {
		t.Errorf("TokenRequests = %d, want %d (refused requests count too)", n, len(cases))
	}
}

func TestCustomCredentials(t *testing.T) {
	creds := zoomtest.Credentials{AccountID: "acct", ClientID: "id", ClientSecret: "s3cret"}
	srv := newMock(t, zoomtest.Options{Credentials: creds})
	d := zoomtest.DemoCredentials
	if r := tokenRequest(t, srv, d.ClientID, d.ClientSecret, url.Values{"grant_type": {"account_credentials"}, "account_id": {d.AccountID}}); r.status != 401 {
		t.Errorf("demo credentials on a mock with other credentials: %d, want 401", r.status)
	}
	if r := tokenRequest(t, srv, "id", "s3cret", url.Values{"grant_type": {"account_credentials"}, "account_id": {"acct"}}); r.status != 200 {
		t.Errorf("the configured credentials: %d %s, want 200", r.status, r.body)
	}
}

func TestAPIAuthentication(t *testing.T) {
	clock := newFakeClock(noon)
	srv := newMock(t, zoomtest.Options{Clock: clock.Now, TokenTTL: time.Hour})
	valid := srv.IssueToken()
	cases := []struct {
		name    string
		header  http.Header
		advance time.Duration
		status  int
		message string
	}{
		{"valid token", bearer(valid), 0, 200, ""},
		{"no Authorization", nil, 0, 401, "Invalid access token."},
		{"unknown token", bearer("not-a-token"), 0, 401, "Invalid access token."},
		{"basic instead of bearer", http.Header{"Authorization": {"Basic " + valid}}, 0, 401, "Invalid access token."},
		{"lower-case scheme", http.Header{"Authorization": {"bearer " + valid}}, 0, 200, ""},
		{"one second before expiry", bearer(valid), 59*time.Minute + 59*time.Second, 200, ""},
		{"at expiry", bearer(valid), time.Second, 401, "Access token is expired."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			clock.Advance(tc.advance)
			r := do(t, srv, http.MethodGet, "/meetings/85746065432", "", nil, tc.header)
			if r.status != tc.status {
				t.Fatalf("status %d, want %d: %s", r.status, tc.status, r.body)
			}
			if r.header.Get("x-zm-trackingid") == "" {
				t.Error("no x-zm-trackingid")
			}
			if tc.status == 401 {
				if e := r.zoomError(t); e.Code != 124 || e.Message != tc.message {
					t.Errorf("got %+v, want code 124 %q", e, tc.message)
				}
			}
		})
	}
}

func pkce(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

func TestAuthorizationCodeAndRefresh(t *testing.T) {
	srv := newMock(t, zoomtest.Options{})
	c := zoomtest.DemoCredentials
	const redirect = "http://127.0.0.1:9999/callback"
	verifier := strings.Repeat("v3rifier-", 6)
	exchange := func(code, redirectURI, verifier string) rawResponse {
		return tokenRequest(t, srv, c.ClientID, c.ClientSecret, url.Values{"grant_type": {"authorization_code"},
			"code": {code}, "redirect_uri": {redirectURI}, "code_verifier": {verifier}})
	}

	code := srv.AuthorizationCode(redirect, pkce(verifier))
	for _, tc := range []struct {
		name, redirect, verifier, reason string
	}{
		{"redirect mismatch", "http://127.0.0.1:9999/other", verifier, "Redirect URI mismatch"},
		{"wrong verifier", redirect, "not-the-verifier", "Invalid code_verifier"},
		{"no verifier", redirect, "", "Invalid code_verifier"},
	} {
		r := exchange(code, tc.redirect, tc.verifier)
		if got := r.token(t); r.status != 400 || got.Error != "invalid_grant" || !strings.HasPrefix(got.Reason, tc.reason) {
			t.Errorf("%s: %d %+v, want 400 invalid_grant %q…", tc.name, r.status, got, tc.reason)
		}
	}

	r := exchange(code, redirect, verifier)
	first := r.token(t)
	if r.status != 200 || first.AccessToken == "" || first.RefreshToken == "" || first.Scope != "meeting:read meeting:write" {
		t.Fatalf("code exchange: %d %s", r.status, r.body)
	}
	if r := exchange(code, redirect, verifier); r.status != 400 || r.token(t).Error != "invalid_grant" {
		t.Errorf("second use of a code: %d %s, want 400 invalid_grant", r.status, r.body)
	}

	refresh := func(rt string) rawResponse {
		return tokenRequest(t, srv, c.ClientID, c.ClientSecret, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}})
	}
	r = refresh(first.RefreshToken)
	second := r.token(t)
	if r.status != 200 || second.RefreshToken == "" || second.RefreshToken == first.RefreshToken || second.AccessToken == first.AccessToken {
		t.Fatalf("refresh: %d, rotated=%v", r.status, second.RefreshToken != first.RefreshToken)
	}
	if r := refresh(first.RefreshToken); r.status != 400 || r.token(t).Error != "invalid_grant" || r.token(t).Reason != "Invalid Token!" {
		t.Errorf("reused refresh token: %d %s, want 400 invalid_grant Invalid Token!", r.status, r.body)
	}
	if r := refresh(second.RefreshToken); r.status != 200 {
		t.Errorf("the rotated refresh token: %d %s, want 200", r.status, r.body)
	}
	res, err := client(t, srv, second.AccessToken).GetMeetingWithResponse(context.Background(), zoomtest.MeetingScheduled, nil)
	if err != nil || res.StatusCode() != 200 {
		t.Errorf("API call with a user token: %v %d", err, res.StatusCode())
	}
}

func TestAuthorizeRedirects(t *testing.T) {
	srv := newMock(t, zoomtest.Options{})
	noFollow := *srv.Client()
	noFollow.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	verifier := "a-verifier-of-enough-length-for-the-test-0123456789"
	q := url.Values{"response_type": {"code"}, "client_id": {zoomtest.DemoCredentials.ClientID},
		"redirect_uri": {"http://127.0.0.1:1/cb?keep=1"}, "state": {"xyz"},
		"code_challenge": {pkce(verifier)}, "code_challenge_method": {"S256"}}
	resp, err := noFollow.Get(srv.AuthURL() + "?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || err != nil {
		t.Fatalf("authorize: %d Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	back := loc.Query()
	if back.Get("state") != "xyz" || back.Get("keep") != "1" || back.Get("code") == "" {
		t.Fatalf("redirect %s lacks state, code or the redirect URI's own query", loc.Redacted())
	}
	c := zoomtest.DemoCredentials
	r := tokenRequest(t, srv, c.ClientID, c.ClientSecret, url.Values{"grant_type": {"authorization_code"},
		"code": {back.Get("code")}, "redirect_uri": {"http://127.0.0.1:1/cb?keep=1"}, "code_verifier": {verifier}})
	if r.status != 200 {
		t.Errorf("exchanging the redirected code: %d %s", r.status, r.body)
	}

	bad := url.Values{"response_type": {"token"}, "client_id": {c.ClientID}, "redirect_uri": {"http://127.0.0.1:1/cb"}}
	if r := do(t, srv, http.MethodGet, "/oauth/authorize?"+bad.Encode(), "", nil, nil); r.status != 400 || r.token(t).Error != "unsupported_response_type" {
		t.Errorf("implicit grant: %d %s, want 400 unsupported_response_type", r.status, r.body)
	}
}

func TestExpiredTokenThroughGeneratedClient(t *testing.T) {
	clock := newFakeClock(noon)
	srv := newMock(t, zoomtest.Options{Clock: clock.Now, TokenTTL: time.Minute})
	api := client(t, srv, s2s(t, srv).AccessToken)
	clock.Advance(time.Minute)
	res, err := api.PerformBatchRegistrationWithResponse(context.Background(), zoomtest.MeetingScheduled, batch(people(1, "late")))
	if err != nil {
		t.Fatal(err)
	}
	// The spec documents the 401 (an overlay fact), so the generated
	// client decodes it.
	if e := res.JSON401; res.StatusCode() != 401 || e == nil || e.Code != 124 || e.Message != "Access token is expired." {
		t.Errorf("got %d %s, want 401 code 124 Access token is expired.", res.StatusCode(), res.Body)
	}
	if got := srv.Registrations(zoomtest.MeetingScheduled, "late0@example.com"); got != 0 {
		t.Errorf("a refused request registered someone: Registrations = %d", got)
	}
}

func TestAuthorizeRefusals(t *testing.T) {
	srv := newMock(t, zoomtest.Options{})
	id := zoomtest.DemoCredentials.ClientID
	cases := []struct {
		name  string
		query url.Values
		error string
	}{
		{"implicit grant", url.Values{"response_type": {"token"}, "client_id": {id}, "redirect_uri": {"http://127.0.0.1/cb"}}, "unsupported_response_type"},
		{"unknown client", url.Values{"response_type": {"code"}, "client_id": {"other"}, "redirect_uri": {"http://127.0.0.1/cb"}}, "invalid_client"},
		{"plain PKCE", url.Values{"response_type": {"code"}, "client_id": {id}, "redirect_uri": {"http://127.0.0.1/cb"}, "code_challenge": {"abc"}, "code_challenge_method": {"plain"}}, "invalid_request"},
		{"relative redirect", url.Values{"response_type": {"code"}, "client_id": {id}, "redirect_uri": {"/cb"}}, "invalid_request"},
		{"no redirect", url.Values{"response_type": {"code"}, "client_id": {id}}, "invalid_request"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := do(t, srv, http.MethodGet, "/oauth/authorize?"+tc.query.Encode(), "", nil, nil)
			if got := r.token(t); r.status != 400 || got.Error != tc.error || got.Reason == "" {
				t.Errorf("got %d %s, want 400 %s with a reason", r.status, r.body, tc.error)
			}
		})
	}
	if r := do(t, srv, http.MethodGet, "/oauth/token", "", nil, nil); r.status != http.StatusMethodNotAllowed || r.token(t).Error != "invalid_request" {
		t.Errorf("GET /oauth/token: %d %s, want 405 invalid_request", r.status, r.body)
	}
}

// TestHandlerUnderOwnServer: served by a caller's http.Server, the token
// endpoint reports the host the client used as api_url.
func TestHandlerUnderOwnServer(t *testing.T) {
	h, err := zoomtest.NewHandler(context.Background(), zoomtest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(h)
	defer ts.Close()
	c := zoomtest.DemoCredentials
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/oauth/token?grant_type=account_credentials&account_id="+c.AccountID, nil)
	req.SetBasicAuth(c.ClientID, c.ClientSecret)
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var tok struct {
		APIURL string `json:"api_url"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || resp.StatusCode != 200 || tok.APIURL != ts.URL {
		t.Errorf("grant in the query string (as Zoom's docs show it): %d api_url %q, want 200 %q", resp.StatusCode, tok.APIURL, ts.URL)
	}
	if log := h.Requests(); len(log) != 1 || log[0].Query != "[REDACTED]" {
		t.Errorf("the token endpoint's query is logged as %q, want it redacted", log[0].Query)
	}
}
