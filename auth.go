package zoom

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
	"golang.org/x/oauth2/endpoints"
	"golang.org/x/sync/singleflight"
)

// DefaultTokenURL is Zoom's OAuth token endpoint, for Server-to-Server
// OAuth and user OAuth alike.
const DefaultTokenURL = "https://zoom.us/oauth/token"

// refreshEarly is how long before expiry a cached token is replaced. Zoom
// tokens last an hour; replacing them five minutes early keeps a request
// from leaving with a token that expires while it queues behind the pacer.
// A token that lives less than twice as long is replaced half way.
const refreshEarly = 5 * time.Minute

// tokenFetchTimeout bounds a token fetch that runs on behalf of several
// callers and so cannot use any one caller's context.
const tokenFetchTimeout = 30 * time.Second

// tokenProvider is what the transport asks for tokens.
type tokenProvider interface {
	token(ctx context.Context) (*oauth2.Token, error)
	// invalidate drops tok if it is still the cached token, so that the
	// next call fetches a new one.
	invalidate(tok *oauth2.Token)
}

// cachingSource caches the token of a fetch function, replaces it
// refreshEarly before expiry, and lets one fetch serve all concurrent
// callers. It exists because oauth2.ReuseTokenSource cannot do two things
// the client needs: it fetches with the context it was built with (so a
// cancelled first caller, or none at all, decides for everyone), and it
// cannot be told that Zoom has rejected its token (401 code 124).
type cachingSource struct {
	fetch func(ctx context.Context) (*oauth2.Token, error)
	now   func() time.Time
	// base supplies values (oauth2.HTTPClient) but no deadline to fetches.
	base context.Context
	// secrets redacts what the token endpoint says in its errors.
	secrets *redactor

	mu  sync.Mutex
	tok *oauth2.Token
	// renew is when tok is replaced, on s.now's clock: refreshEarly before
	// it expires, or half way for a token that lives less than twice
	// that (else every call would fetch). x/oauth2 computes Expiry from
	// expires_in on the wall clock; keeping the remaining lifetime on the
	// client's clock makes WithClock govern refreshes too.
	renew time.Time
	sf    singleflight.Group
}

// cached is the token while it is fresh, or nil.
func (s *cachingSource) cached() *oauth2.Token {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tok != nil && (s.renew.IsZero() || s.now().Before(s.renew)) {
		return s.tok
	}
	return nil
}

func (s *cachingSource) token(ctx context.Context) (*oauth2.Token, error) {
	if tok := s.cached(); tok != nil {
		return tok, nil
	}
	ch := s.sf.DoChan("token", func() (any, error) {
		// A fetch that ended between the check above and this flight has
		// left a fresh token: taking it saves a second token request.
		if tok := s.cached(); tok != nil {
			return tok, nil
		}
		// Whoever came first may give up; the fetch serves everyone, so
		// it runs on its own bounded context.
		fctx, cancel := context.WithTimeout(s.base, tokenFetchTimeout)
		defer cancel()
		tok, err := s.fetch(fctx)
		if err != nil {
			return nil, authError(err, s.secrets)
		}
		if tok == nil || tok.AccessToken == "" {
			return nil, &AuthError{Err: errors.New("token endpoint returned no access token")}
		}
		var renew time.Time
		if !tok.Expiry.IsZero() {
			life := time.Until(tok.Expiry)
			renew = s.now().Add(life - min(refreshEarly, life/2))
		}
		s.mu.Lock()
		s.tok, s.renew = tok, renew
		s.mu.Unlock()
		return tok, nil
	})
	select {
	case r := <-ch:
		if r.Err != nil {
			return nil, r.Err
		}
		return r.Val.(*oauth2.Token), nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (s *cachingSource) invalidate(tok *oauth2.Token) {
	s.mu.Lock()
	defer s.mu.Unlock()
	// Another caller may already have replaced it; keep the new one.
	if s.tok != nil && tok != nil && s.tok.AccessToken == tok.AccessToken {
		s.tok = nil
	}
}

// foreignSource adapts a caller's oauth2.TokenSource, which does its own
// caching (x/oauth2 sources are ReuseTokenSources) and takes no context.
type foreignSource struct {
	ts      oauth2.TokenSource
	secrets *redactor // redacts what a token endpoint says in its errors
}

func (f foreignSource) token(ctx context.Context) (*oauth2.Token, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	tok, err := f.ts.Token()
	if err != nil {
		return nil, authError(err, f.secrets)
	}
	return tok, nil
}

// invalidate cannot reach into someone else's cache; a replay is worth it
// only if the source has meanwhile moved on, which token() will show.
func (f foreignSource) invalidate(*oauth2.Token) {}

// serverToServer is the Server-to-Server OAuth fetch: x/oauth2's
// client-credentials flow with Zoom's grant type. x/oauth2 deliberately
// lets EndpointParams override grant_type, for servers like Zoom's.
func serverToServer(accountID, clientID, clientSecret, tokenURL string) func(context.Context) (*oauth2.Token, error) {
	cfg := &clientcredentials.Config{
		ClientID:     clientID,
		ClientSecret: clientSecret,
		TokenURL:     tokenURL,
		EndpointParams: url.Values{
			"grant_type": {"account_credentials"},
			"account_id": {accountID},
		},
		// Zoom wants HTTP Basic; saying so saves x/oauth2's probing, which
		// would send the secret in the form body on its first try.
		AuthStyle: oauth2.AuthStyleInHeader,
	}
	return cfg.Token
}

// UserOAuthConfig returns the x/oauth2 configuration for Zoom user OAuth
// (authorization code with PKCE): endpoints.Zoom, HTTP Basic client
// authentication. Use it for the consent redirect and the code exchange,
// then hand the token to WithUserOAuth:
//
//	verifier := oauth2.GenerateVerifier()
//	url := cfg.AuthCodeURL(state, oauth2.S256ChallengeOption(verifier))
//	tok, err := cfg.Exchange(ctx, code, oauth2.VerifierOption(verifier))
func UserOAuthConfig(clientID, clientSecret, redirectURL string, scopes ...string) *oauth2.Config {
	ep := endpoints.Zoom
	ep.AuthStyle = oauth2.AuthStyleInHeader
	return &oauth2.Config{
		ClientID:     clientID,
		ClientSecret: clientSecret,
		Endpoint:     ep,
		RedirectURL:  redirectURL,
		Scopes:       scopes,
	}
}

// PersistTokenFunc stores a token whose refresh token Zoom has just rotated.
// Zoom invalidates the previous refresh token as soon as it issues a new
// one, so the new one must be saved before anything else happens: if the
// process died after using it but before saving it, the user would have to
// authorize the app again. An error stops the client from using the token;
// the client keeps it in memory and calls PersistTokenFunc again on the
// next request, using the token only once that succeeds.
type PersistTokenFunc func(ctx context.Context, tok *oauth2.Token) error

// userOAuth refreshes a user's token through x/oauth2, persisting each
// rotated refresh token before the new access token is handed out.
type userOAuth struct {
	cfg     *oauth2.Config
	persist PersistTokenFunc

	mu   sync.Mutex
	last *oauth2.Token // the newest persisted token, holding the refresh token to use
	used bool          // whether the initial access token has been handed out
	// unsaved is a rotated token whose persisting failed. Zoom has already
	// invalidated last's refresh token, so unsaved is the only way on: it
	// is persisted again before anything else, and used once that works.
	unsaved *oauth2.Token
}

func (u *userOAuth) fetch(ctx context.Context) (*oauth2.Token, error) {
	u.mu.Lock()
	defer u.mu.Unlock() // singleflight already serialises; this guards the fields
	if u.unsaved != nil {
		if err := u.persist(ctx, u.unsaved); err != nil {
			return nil, fmt.Errorf("persisting the rotated refresh token: %w", err)
		}
		u.last, u.unsaved = u.unsaved, nil
		if u.last.Valid() {
			return u.last, nil
		}
	}
	if !u.used && u.last.AccessToken != "" && u.last.Valid() {
		u.used = true
		return u.last, nil
	}
	u.used = true
	if u.last.RefreshToken == "" {
		return nil, errors.New("the user's access token has expired and there is no refresh token")
	}
	// A source built per refresh, from the refresh token alone, so x/oauth2
	// refreshes now and with this context (its ReuseTokenSource would keep
	// the context of its construction).
	tok, err := u.cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: u.last.RefreshToken}).Token()
	if err != nil {
		return nil, err
	}
	if tok.RefreshToken != u.last.RefreshToken && u.persist != nil {
		if err := u.persist(ctx, tok); err != nil {
			u.unsaved = tok
			return nil, fmt.Errorf("persisting the rotated refresh token: %w", err)
		}
	}
	u.last = tok
	return tok, nil
}

// apiURLFromToken reads the api_url Zoom returns with a token (e.g.
// https://api.zoom.us, or a regional host), which says where this
// account's API lives.
func apiURLFromToken(tok *oauth2.Token) string {
	if tok == nil {
		return ""
	}
	s, _ := tok.Extra("api_url").(string)
	return s
}

// withHTTPClient makes x/oauth2 use the client's own *http.Client for the
// token endpoint (so a custom transport, proxy or test server applies).
func withHTTPClient(ctx context.Context, hc *http.Client) context.Context {
	if hc == nil {
		return ctx
	}
	return context.WithValue(ctx, oauth2.HTTPClient, hc)
}
