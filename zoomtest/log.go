package zoomtest

import (
	"net/http"
	"strings"
	"time"
)

// maxLoggedRequests bounds the request log: a bulk run sends thousands of
// requests and a test looks at the last few.
const maxLoggedRequests = 10000

// redacted replaces credentials in the request log: tests print the log
// when they fail, and CI logs are public.
const redacted = "[REDACTED]"

// LoggedRequest is one request as the mock saw it, credentials redacted.
type LoggedRequest struct {
	Method string
	// Path and Query are the request target; the token endpoint's query,
	// which may hold a code or refresh token, is redacted.
	Path, Query string
	// Header is the request's header with Authorization reduced to its
	// scheme ("Bearer [REDACTED]").
	Header http.Header
	// Operation is the spec's operationId, "oauth.token" or
	// "oauth.authorize", or "" for a path the mock does not serve.
	Operation  string
	Status     int // 0 when the connection was dropped
	TrackingID string
	Duration   time.Duration
}

type requestLog struct {
	entries []LoggedRequest
	next    int // where the oldest entry is once entries is full
}

func (l *requestLog) add(e LoggedRequest) {
	if len(l.entries) < maxLoggedRequests {
		l.entries = append(l.entries, e)
		return
	}
	l.entries[l.next] = e
	l.next = (l.next + 1) % maxLoggedRequests
}

// Requests returns the most recent requests (up to 10,000), oldest first,
// with credentials redacted.
func (h *Handler) Requests() []LoggedRequest {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]LoggedRequest, 0, len(h.log.entries))
	out = append(out, h.log.entries[h.log.next:]...)
	return append(out, h.log.entries[:h.log.next]...)
}

// redactAuthorization keeps the scheme, so a log still shows whether a
// client sent Bearer or Basic, and drops the credential.
func redactAuthorization(v string) string {
	if v == "" {
		return ""
	}
	scheme, _, _ := strings.Cut(v, " ")
	return scheme + " " + redacted
}

func (h *Handler) logRequest(r *http.Request, op, rid string, status int, d time.Duration) {
	hdr := r.Header.Clone()
	auth := redactAuthorization(hdr.Get("Authorization"))
	if auth != "" {
		hdr.Set("Authorization", auth)
	}
	for _, k := range []string{"Cookie", "Proxy-Authorization"} {
		if hdr.Get(k) != "" {
			hdr.Set(k, redacted)
		}
	}
	query, target := r.URL.RawQuery, r.URL.RequestURI()
	if r.URL.Path == tokenPath && query != "" {
		// Zoom takes grant parameters in the query too, codes and refresh
		// tokens included.
		query, target = redacted, r.URL.Path+"?"+redacted
	}
	h.mu.Lock()
	h.log.add(LoggedRequest{Method: r.Method, Path: r.URL.Path, Query: query, Header: hdr,
		Operation: op, Status: status, TrackingID: rid, Duration: d})
	h.mu.Unlock()
	if h.opts.Logf != nil {
		if auth == "" {
			auth = "none"
		}
		h.opts.Logf("zoomtest: %s %s %s auth=%q → %d in %s (%s)", rid, r.Method, target, auth, status, d.Round(time.Microsecond), op)
	}
}
