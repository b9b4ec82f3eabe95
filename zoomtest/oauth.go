package zoomtest

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Credentials identify the one OAuth client (a Server-to-Server app of one
// account) the mock accepts.
type Credentials struct{ AccountID, ClientID, ClientSecret string }

// DemoCredentials are the mock's default credentials. They are public demo
// values, not secrets: anyone may print them.
var DemoCredentials = Credentials{AccountID: "demo-account", ClientID: "demo-client-id", ClientSecret: "demo-client-secret"}

// Scopes granted to the two kinds of token, as Zoom reports them in the
// token endpoint's answer.
const (
	serverScopes = "meeting:read:admin meeting:write:admin"
	userScopes   = "meeting:read meeting:write"
)

// authCodeTTL is how long an authorization code can be exchanged; Zoom's
// codes are short-lived too.
const authCodeTTL = 10 * time.Minute

type accessToken struct {
	account string
	expires time.Time
}

type authCode struct {
	redirectURI string
	challenge   string // PKCE S256 code_challenge; "" when the client sent none
	expires     time.Time
}

type refreshGrant struct{ account string }

// oauthError is the token endpoint's error body: OAuth's shape, not the
// API's {"code","message"}.
func oauthError(status int, kind, reason string) *answer {
	return jsonAnswer(status, struct {
		Reason string `json:"reason"`
		Error  string `json:"error"`
	}{reason, kind})
}

type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	RefreshToken string `json:"refresh_token,omitempty"`
	ExpiresIn    int64  `json:"expires_in"`
	Scope        string `json:"scope"`
	APIURL       string `json:"api_url"`
}

// randomToken returns n random bytes, base64url-encoded. Tokens, codes and
// join-URL secrets are unguessable, as Zoom's: a test that passes by
// guessing one would prove nothing.
func randomToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails since Go 1.24
	return base64.RawURLEncoding.EncodeToString(b)
}

// IssueToken returns a valid Server-to-Server access token without going
// through the token endpoint (it does not count in TokenRequests), for
// tests that give a client a static token.
func (h *Handler) IssueToken() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.issueAccessLocked(h.creds.AccountID, h.now())
}

func (h *Handler) issueAccessLocked(account string, now time.Time) string {
	tok := randomToken(32)
	h.tokens[tok] = accessToken{account: account, expires: now.Add(h.ttl)}
	return tok
}

// AuthorizationCode returns an authorization code as if the user had
// approved the app, to be exchanged at the token endpoint with the same
// redirect URI and, when codeChallenge (PKCE S256) is not empty, the
// matching code_verifier.
func (h *Handler) AuthorizationCode(redirectURI, codeChallenge string) string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.issueCodeLocked(redirectURI, codeChallenge)
}

func (h *Handler) issueCodeLocked(redirectURI, codeChallenge string) string {
	code := randomToken(24)
	h.codes[code] = authCode{redirectURI: redirectURI, challenge: codeChallenge, expires: h.now().Add(authCodeTTL)}
	return code
}

// TokenRequests is how many requests reached the token endpoint, failed
// ones included, so that a test can prove a client fetches tokens once
// for many concurrent calls.
func (h *Handler) TokenRequests() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.tokenCalls
}

// authenticateLocked checks the bearer token of an API request and names
// its account, or gives Zoom's 401.
func (h *Handler) authenticateLocked(r *http.Request, now time.Time) (string, *answer) {
	scheme, tok, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	at, known := h.tokens[strings.TrimSpace(tok)]
	if !strings.EqualFold(scheme, "Bearer") || !known {
		return "", zoomError(http.StatusUnauthorized, 124, "Invalid access token.")
	}
	if !now.Before(at.expires) {
		return "", zoomError(http.StatusUnauthorized, 124, "Access token is expired.")
	}
	return at.account, nil
}

// token serves POST /oauth/token for the account_credentials
// (Server-to-Server), authorization_code and refresh_token grants. Like
// Zoom's, it reads parameters from the form body or the query string and
// the client from HTTP Basic authentication.
func (h *Handler) token(r *http.Request) *answer {
	h.mu.Lock()
	h.tokenCalls++
	h.mu.Unlock()
	if r.Method != http.MethodPost {
		return oauthError(http.StatusMethodNotAllowed, "invalid_request", "The token endpoint takes POST, not "+r.Method+".")
	}
	if err := r.ParseForm(); err != nil {
		return oauthError(http.StatusBadRequest, "invalid_request", "The form body could not be read: "+err.Error())
	}
	id, secret, ok := r.BasicAuth()
	if !ok || !equal(id, h.creds.ClientID) || !equal(secret, h.creds.ClientSecret) {
		return oauthError(http.StatusUnauthorized, "invalid_client", "Invalid client_id or client_secret")
	}
	form := r.Form

	h.mu.Lock()
	defer h.mu.Unlock()
	now := h.now()
	switch grant := form.Get("grant_type"); grant {
	case "account_credentials":
		if acct := form.Get("account_id"); acct != h.creds.AccountID {
			if acct == "" {
				return oauthError(http.StatusBadRequest, "invalid_request", "Missing account_id.")
			}
			return oauthError(http.StatusBadRequest, "invalid_request", "Invalid account_id.")
		}
		return h.tokenAnswer(r, h.issueAccessLocked(h.creds.AccountID, now), "", serverScopes)
	case "authorization_code":
		code := form.Get("code")
		c, ok := h.codes[code]
		if !ok || !now.Before(c.expires) {
			return oauthError(http.StatusBadRequest, "invalid_grant", "Invalid authorization code.")
		}
		if form.Get("redirect_uri") != c.redirectURI {
			return oauthError(http.StatusBadRequest, "invalid_grant", "Redirect URI mismatch: redirect_uri must be the one the code was issued for.")
		}
		if c.challenge != "" && !equal(pkceS256(form.Get("code_verifier")), c.challenge) {
			return oauthError(http.StatusBadRequest, "invalid_grant", "Invalid code_verifier: its S256 hash does not match the code_challenge.")
		}
		delete(h.codes, code) // single use
		return h.userTokenAnswerLocked(r, now)
	case "refresh_token":
		rt := form.Get("refresh_token")
		if _, ok := h.refresh[rt]; !ok {
			return oauthError(http.StatusBadRequest, "invalid_grant", "Invalid Token!")
		}
		delete(h.refresh, rt) // rotation: the old refresh token is spent
		return h.userTokenAnswerLocked(r, now)
	case "":
		return oauthError(http.StatusBadRequest, "invalid_request", "Missing grant_type.")
	default:
		return oauthError(http.StatusBadRequest, "unsupported_grant_type", "Unsupported grant type: "+strconv.Quote(grant)+".")
	}
}

func (h *Handler) userTokenAnswerLocked(r *http.Request, now time.Time) *answer {
	rt := randomToken(32)
	h.refresh[rt] = refreshGrant{account: h.creds.AccountID}
	return h.tokenAnswer(r, h.issueAccessLocked(h.creds.AccountID, now), rt, userScopes)
}

func (h *Handler) tokenAnswer(r *http.Request, access, refresh, scope string) *answer {
	a := jsonAnswer(http.StatusOK, tokenResponse{
		AccessToken:  access,
		TokenType:    "bearer",
		RefreshToken: refresh,
		ExpiresIn:    int64(h.ttl / time.Second),
		Scope:        scope,
		APIURL:       h.baseURL(r),
	})
	a.setHeader("Cache-Control", "no-store")
	return a
}

// authorize serves GET /oauth/authorize as if the user approved at once:
// it redirects to redirect_uri with a code (and the state), so a
// user-OAuth client can run its whole flow against the mock.
func (h *Handler) authorize(r *http.Request) *answer {
	q := r.URL.Query()
	switch {
	case q.Get("response_type") != "code":
		return oauthError(http.StatusBadRequest, "unsupported_response_type", "response_type must be code.")
	case q.Get("client_id") != h.creds.ClientID:
		return oauthError(http.StatusBadRequest, "invalid_client", "Invalid client_id.")
	case q.Get("code_challenge") != "" && q.Get("code_challenge_method") != "S256":
		return oauthError(http.StatusBadRequest, "invalid_request", "code_challenge_method must be S256.")
	}
	redirect, err := url.Parse(q.Get("redirect_uri"))
	if err != nil || !redirect.IsAbs() {
		return oauthError(http.StatusBadRequest, "invalid_request", "redirect_uri must be an absolute URL.")
	}
	h.mu.Lock()
	code := h.issueCodeLocked(q.Get("redirect_uri"), q.Get("code_challenge"))
	h.mu.Unlock()
	back := redirect.Query()
	back.Set("code", code)
	if s := q.Get("state"); s != "" {
		back.Set("state", s)
	}
	redirect.RawQuery = back.Encode()
	a := &answer{status: http.StatusFound}
	a.setHeader("Location", redirect.String())
	return a
}

// pkceS256 is RFC 7636's S256 transform of a code verifier.
func pkceS256(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// equal compares secrets in constant time, so the mock does not teach a
// client to rely on anything a real server would not leak either.
func equal(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }
