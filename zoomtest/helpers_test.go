package zoomtest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zoomgen/zoom/gen"
	"github.com/zoomgen/zoom/zoomtest"
)

// fakeClock is a settable clock for token expiry and daily resets.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock(t time.Time) *fakeClock { return &fakeClock{t: t} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// noon is a day's middle, far from the 00:00 UTC reset unless a test
// moves the clock there.
var noon = time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)

// newMock starts a mock that checks its own answers against the spec.
func newMock(t *testing.T, opts zoomtest.Options) *zoomtest.Server {
	t.Helper()
	opts.ValidateResponses = true
	return zoomtest.NewServer(t, opts)
}

// client is the generated client with a static bearer token.
func client(t testing.TB, srv *zoomtest.Server, token string) *gen.ClientWithResponses {
	t.Helper()
	c, err := gen.NewClientWithResponses(srv.BaseURL(), gen.WithHTTPClient(srv.Client()),
		gen.WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
			req.Header.Set("Authorization", "Bearer "+token)
			return nil
		}))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// people builds n valid registrants: user0@example.com, ...
func people(n int, prefix string) []gen.PerformBatchRegistrationRequestRegistrantsItem {
	out := make([]gen.PerformBatchRegistrationRequestRegistrantsItem, n)
	for i := range out {
		out[i] = gen.PerformBatchRegistrationRequestRegistrantsItem{
			Email: fmt.Sprintf("%s%d@example.com", prefix, i), FirstName: fmt.Sprintf("First%d", i)}
	}
	return out
}

func batch(ps []gen.PerformBatchRegistrationRequestRegistrantsItem) gen.PerformBatchRegistrationJSONRequestBody {
	return gen.PerformBatchRegistrationJSONRequestBody{Registrants: ps}
}

// register sends a batch and fails the test unless it is a 201.
func register(t *testing.T, c *gen.ClientWithResponses, meeting int64, ps []gen.PerformBatchRegistrationRequestRegistrantsItem) []gen.PerformBatchRegistrationResultRegistrantsItem {
	t.Helper()
	res, err := c.PerformBatchRegistrationWithResponse(context.Background(), meeting, batch(ps))
	if err != nil {
		t.Fatalf("batch registration: %v", err)
	}
	if res.StatusCode() != http.StatusCreated || res.JSON201 == nil || res.JSON201.Registrants == nil {
		t.Fatalf("batch registration: %s %s", res.Status(), res.Body)
	}
	return res.JSON201.Registrants
}

// rawResponse is an answer read in full.
type rawResponse struct {
	status int
	header http.Header
	body   []byte
}

func (r rawResponse) zoomError(t *testing.T) gen.ZoomError {
	t.Helper()
	var e gen.ZoomError
	if err := json.Unmarshal(r.body, &e); err != nil {
		t.Fatalf("answer %d is not a Zoom error: %v: %s", r.status, err, r.body)
	}
	return e
}

// do sends a hand-made request, for what the generated client cannot
// send (bodies the spec forbids, form posts).
func do(t *testing.T, srv *zoomtest.Server, method, path, contentType string, body io.Reader, header http.Header) rawResponse {
	t.Helper()
	target := srv.URL + path
	if !strings.HasPrefix(path, "/oauth/") {
		target = srv.BaseURL() + path
	}
	req, err := http.NewRequest(method, target, body)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return rawResponse{resp.StatusCode, resp.Header, b}
}

func bearer(tok string) http.Header { return http.Header{"Authorization": {"Bearer " + tok}} }

// multipartBody builds a form with the given parts in order.
func multipartBody(t *testing.T, parts [][2]string) (string, *bytes.Buffer) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, p := range parts {
		if err := w.WriteField(p[0], p[1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return w.FormDataContentType(), &buf
}

// tokenRequest posts a form to the token endpoint with HTTP Basic client
// authentication.
func tokenRequest(t *testing.T, srv *zoomtest.Server, id, secret string, form url.Values) rawResponse {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, srv.TokenURL(), strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if id != "" || secret != "" {
		req.SetBasicAuth(id, secret)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return rawResponse{resp.StatusCode, resp.Header, b}
}

type tokenAnswer struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	RefreshToken string `json:"refresh_token"`
	ExpiresIn    int    `json:"expires_in"`
	Scope        string `json:"scope"`
	APIURL       string `json:"api_url"`
	Error        string `json:"error"`
	Reason       string `json:"reason"`
}

func (r rawResponse) token(t *testing.T) tokenAnswer {
	t.Helper()
	var a tokenAnswer
	if err := json.Unmarshal(r.body, &a); err != nil {
		t.Fatalf("token endpoint answer %d is not JSON: %v", r.status, err)
	}
	return a
}

func s2s(t *testing.T, srv *zoomtest.Server) tokenAnswer {
	t.Helper()
	c := zoomtest.DemoCredentials
	r := tokenRequest(t, srv, c.ClientID, c.ClientSecret, url.Values{"grant_type": {"account_credentials"}, "account_id": {c.AccountID}})
	if r.status != http.StatusOK {
		t.Fatalf("token endpoint: %d %s", r.status, r.body)
	}
	return r.token(t)
}
