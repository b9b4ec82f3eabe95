package zoom

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/oauth2"
)

// Whatever reaches the logger through this package is redacted, however
// it is formatted: message, string, error, group and bound attributes.
func TestRedactingHandler(t *testing.T) {
	t.Parallel()
	r := &redactor{}
	r.add("s3cr3t-client-secret")
	r.add("ab") // too short to redact: would mangle ordinary text
	var buf bytes.Buffer
	log := slog.New(redactingHandler{slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}), r})
	log = log.With("bound", "Authorization: Bearer eyJhbGciOi.payload.sig")
	log.Debug("join https://zoom.us/w/1?tk=TOPSECRETTK&uuid=WN_1 now",
		"err", errors.New(`oauth2: body {"access_token":"at-123456","refresh_token":"rt-987654"}`),
		"secret", "client says s3cr3t-client-secret",
		slog.Group("g", "basic", "Basic ZGVtbzpzZWNyZXQ=", "form", "client_secret=hunter22&x=1"),
		"n", 42, "label", "about",
	)
	out := buf.String()
	for _, leak := range []string{"eyJhbGciOi", "TOPSECRETTK", "at-123456", "rt-987654", "s3cr3t-client-secret", "ZGVtbzpzZWNyZXQ=", "hunter22"} {
		if strings.Contains(out, leak) {
			t.Errorf("%q leaked: %s", leak, out)
		}
	}
	for _, keep := range []string{"uuid=WN_1", "n=42", "label=about", "tk=REDACTED"} {
		if !strings.Contains(out, keep) {
			t.Errorf("%q lost: %s", keep, out)
		}
	}
}

// The errors' redaction: what a server echoes is removed whether it comes
// with its scheme ("Basic …") or bare (the base64 credentials alone, a
// token alone), in the error string and in the fields a caller prints;
// an *Error built outside a client still loses the recognisable patterns.
func TestErrorRedaction(t *testing.T) {
	t.Parallel()
	const id, secret, token = "cid-1", "client-secret-42", "access-token-77"
	basic := base64.StdEncoding.EncodeToString([]byte(id + ":" + secret))
	r := &redactor{}
	r.addClientCredentials(id, secret)
	r.add(token)
	for _, tt := range []struct {
		name, echo string
		keep       string // ordinary text that must survive
	}{
		{"Basic header", "got Authorization: Basic " + basic + " ok", "got Authorization"},
		{"bare Basic credentials", "credentials " + basic + " refused", "refused"},
		{"bare secret", "secret=" + secret, "secret="},
		{"bearer", "Bearer " + token, "Bearer REDACTED"},
		{"bare token", "token " + token + " expired", "expired"},
		{"token field", `{"access_token":"` + token + `"}`, "access_token"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			body := fmt.Sprintf(`{"code":300,"message":%q,"errors":[{"field":"f","message":%q}]}`, tt.echo, tt.echo)
			e := &Error{StatusCode: 400}
			fillZoomError(e, []byte(body), r)
			re := &oauth2.RetrieveError{Response: &http.Response{StatusCode: 400, Status: "400 Bad Request"}, Body: []byte(tt.echo)}
			ae := authError(re, r)
			var safe *oauth2.RetrieveError
			if !errors.As(ae, &safe) {
				t.Fatalf("errors.As(%T, *oauth2.RetrieveError) = false", ae)
			}
			out := fmt.Sprintf("%v %#v %v %v %s", e, e, ae, safe, safe.Body)
			for _, s := range []string{secret, basic, token} {
				if strings.Contains(out, s) {
					t.Errorf("%.6s… leaked: %s", s, out)
				}
			}
			if !strings.Contains(e.Error(), tt.keep) {
				t.Errorf("%q lost: %s", tt.keep, e.Error())
			}
		})
	}
	// Built by hand, with no redactor: the patterns still apply.
	e := &Error{StatusCode: 401, Message: "echo Bearer " + token, Fields: []FieldError{{Field: "x", Message: "Basic " + basic}}}
	if s := e.Error(); strings.Contains(s, token) || strings.Contains(s, basic) {
		t.Errorf("a hand-built *Error shows a credential: %s", s)
	}
	ae := &AuthError{StatusCode: 400, Reason: "echo Basic " + basic}
	if s := ae.Error(); strings.Contains(s, basic) {
		t.Errorf("a hand-built *AuthError shows a credential: %s", s)
	}
}
