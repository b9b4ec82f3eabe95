package zoomtest

import (
	"net/http"
	"time"
)

// Faults are failures the mock injects into API requests (never into the
// token endpoint), for testing a client's retries and reconciliation. Each
// rate is a share between 0 and 1, drawn from a generator seeded by
// Options.Seed.
type Faults struct {
	// ServerErrorRate is the share of API requests answered 502 or 503
	// with an HTML body, as a proxy in front of Zoom answers; nothing is
	// done.
	ServerErrorRate float64
	// DropAfterCommitRate is the share of batch registrations that are
	// committed, after which the TCP connection is closed with no answer:
	// the outcome-unknown case a client must reconcile.
	DropAfterCommitRate float64
	// QPSErrorRate is the share of API requests answered with a QPS 429
	// whatever the limits say; nothing is done.
	QPSErrorRate float64
	// Latency is added to every API answer.
	Latency time.Duration
}

// SetFaults replaces the faults injected from now on.
func (h *Handler) SetFaults(f Faults) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.faults = f
}

func (h *Handler) currentFaults() Faults {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.faults
}

// drawLocked reports whether a fault of the given rate happens now. A zero
// rate draws nothing, so turning one fault on does not change which
// requests another hits.
func (h *Handler) drawLocked(rate float64) bool {
	return rate > 0 && h.rng.Float64() < rate
}

func (h *Handler) drawDropLocked() bool { return h.drawLocked(h.faults.DropAfterCommitRate) }

// The bodies a proxy sends, as nginx words them.
const (
	html502 = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n"
	html503 = "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n</body>\r\n</html>\r\n"
)

// injectServerError draws a proxy failure: half 502s, half 503s.
func (h *Handler) injectServerError() *answer {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.drawLocked(h.faults.ServerErrorRate) {
		return nil
	}
	if h.rng.IntN(2) == 0 {
		return &answer{status: http.StatusBadGateway, contentType: "text/html", body: []byte(html502)}
	}
	return &answer{status: http.StatusServiceUnavailable, contentType: "text/html", body: []byte(html503)}
}

// dropConnection closes the client's connection without an answer. Only
// HTTP/1 connections can be taken over; elsewhere the handler panics with
// http.ErrAbortHandler, which net/http turns into a reset stream and does
// not log.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}
