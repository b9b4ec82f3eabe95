package zoom

import (
	"context"
	"encoding/base64"
	"log/slog"
	"net/url"
	"regexp"
	"strings"
	"sync"
)

// Version is this library's version, sent in the User-Agent.
const Version = "0.1.0"

// userAgent identifies the library to Zoom, which helps Zoom support
// reading a tracking id's request.
const userAgent = "zoomgen-go/" + Version + " (+https://github.com/zoomgen/zoom)"

// redactor removes secrets from text bound for logs: bearer tokens, the tk=
// of join URLs (a join URL with its tk lets anyone join as the
// registrant), and the exact values of the client secret and of every
// token the client has held.
type redactor struct {
	mu      sync.RWMutex
	secrets []string
}

var (
	bearerRE  = regexp.MustCompile(`(?i)(bearer|basic)\s+[A-Za-z0-9._~+/=-]+`)
	joinTkRE  = regexp.MustCompile(`([?&]tk=)[^&\s"'\\]+`)
	secretsRE = regexp.MustCompile(`(?i)("?(?:access_token|refresh_token|client_secret|id_token)"?\s*[:=]\s*"?)[^"&\s,}]+`)
)

func (r *redactor) add(s string) {
	if len(s) < 4 {
		return // too short to be a secret and would mangle ordinary text
	}
	// Called on every attempt with the current token: the common case,
	// already known, takes only the read lock.
	r.mu.RLock()
	for _, have := range r.secrets {
		if have == s {
			r.mu.RUnlock()
			return
		}
	}
	r.mu.RUnlock()
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, have := range r.secrets {
		if have == s {
			return
		}
	}
	r.secrets = append(r.secrets, s)
}

// redactPatterns removes what can be recognised without knowing the
// secrets: credentials after "Bearer"/"Basic", the tk= of join URLs and
// token fields. Error strings use it even for errors built outside a
// client, which have no list of known secrets.
func redactPatterns(s string) string {
	s = bearerRE.ReplaceAllString(s, "$1 REDACTED")
	s = joinTkRE.ReplaceAllString(s, "${1}REDACTED")
	return secretsRE.ReplaceAllString(s, "${1}REDACTED")
}

// redact applies redactPatterns and removes every known secret. A nil
// redactor knows no secrets, so it applies the patterns only.
// addClientCredentials registers an OAuth client's secret together with
// the HTTP Basic forms x/oauth2 sends it in (base64 of "id:secret", raw
// and query-escaped), so that a server echoing the Authorization header
// without its "Basic" prefix is redacted too.
func (r *redactor) addClientCredentials(id, secret string) {
	if secret == "" {
		return
	}
	r.add(secret)
	r.add(base64.StdEncoding.EncodeToString([]byte(id + ":" + secret)))
	r.add(base64.StdEncoding.EncodeToString([]byte(url.QueryEscape(id) + ":" + url.QueryEscape(secret))))
}

func (r *redactor) redact(s string) string {
	s = redactPatterns(s)
	if r == nil {
		return s
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	for _, secret := range r.secrets {
		if strings.Contains(s, secret) {
			s = strings.ReplaceAll(s, secret, "REDACTED")
		}
	}
	return s
}

// redactingHandler passes every message and string (or error) attribute
// through the redactor before the caller's handler sees it, so that no log
// line of this package can carry a secret, whatever it formats.
type redactingHandler struct {
	slog.Handler
	r *redactor
}

// Handle redacts the record, then hands it on.
func (h redactingHandler) Handle(ctx context.Context, rec slog.Record) error {
	out := slog.NewRecord(rec.Time, rec.Level, h.r.redact(rec.Message), rec.PC)
	rec.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(h.attr(a))
		return true
	})
	return h.Handler.Handle(ctx, out)
}

func (h redactingHandler) attr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, h.r.redact(v.String()))
	case slog.KindGroup:
		attrs := v.Group()
		out := make([]any, len(attrs))
		for i, g := range attrs {
			out[i] = h.attr(g)
		}
		return slog.Group(a.Key, out...)
	case slog.KindAny:
		if err, ok := v.Any().(error); ok {
			return slog.String(a.Key, h.r.redact(err.Error()))
		}
		return slog.String(a.Key, h.r.redact(v.String()))
	}
	return slog.Attr{Key: a.Key, Value: v}
}

// WithAttrs redacts attributes bound to a derived logger too.
func (h redactingHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	red := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		red[i] = h.attr(a)
	}
	return redactingHandler{h.Handler.WithAttrs(red), h.r}
}

// WithGroup keeps redacting inside the group.
func (h redactingHandler) WithGroup(name string) slog.Handler {
	return redactingHandler{h.Handler.WithGroup(name), h.r}
}

// discardHandler is the default: logging costs nothing unless asked for.
var discardLogger = slog.New(slog.DiscardHandler)
