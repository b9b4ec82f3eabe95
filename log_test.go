package zoom

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"
)

// Whatever reaches the logger through this package is redacted, however
// it is formatted: message, string, error, group and bound attributes.
func TestRedactingHandler(t *testing.T) {
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
