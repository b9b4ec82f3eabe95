package zoomtest

import (
	"net/http"
	"strconv"
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

	// ServerErrorBurst makes proxy failures come in bursts, as they do
	// when a Zoom edge node restarts: once ServerErrorRate draws a
	// failure, the next ServerErrorBurst-1 API requests fail too (0 or 1:
	// single failures).
	ServerErrorBurst int
	// TruncateRate is the share of API answers cut off mid-body: the work
	// is done (a batch registration is committed), the status line, the
	// headers with the full Content-Length and part of the body are sent,
	// then the TCP connection is closed. Unlike DropAfterCommitRate the
	// client has a 2xx status in hand and must still treat the outcome as
	// unknown, since it cannot read the result.
	TruncateRate float64
	// SpikeRate is the share of API answers delayed by Spike on top of
	// Latency, after the work is done: a client whose per-attempt timeout
	// is shorter gives up on a request that took effect.
	SpikeRate float64
	// Spike is the delay of a latency spike (SpikeRate).
	Spike time.Duration
}

// FaultCounts counts the faults a mock has injected, so that a test can
// show its client met them rather than assume it.
type FaultCounts struct {
	ServerErrors int // 502/503 answers (ServerErrorRate, bursts included)
	QPSErrors    int // injected per-second 429s (QPSErrorRate), not the limits' own
	Drops        int // committed batch registrations left unanswered (DropAfterCommitRate)
	Truncated    int // answers cut off mid-body (TruncateRate)
	Spikes       int // answers held back by a latency spike (SpikeRate)
}

// InjectedFaults returns the faults injected so far.
func (h *Handler) InjectedFaults() FaultCounts {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.injected
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

func (h *Handler) drawDropLocked() bool {
	if h.drawLocked(h.faults.DropAfterCommitRate) {
		h.injected.Drops++
		return true
	}
	return false
}

// drawAnswerFaults decides, once the answer is known, whether it is cut
// off mid-body (only an answer with a body of two bytes or more can be)
// and how long a latency spike holds it.
func (h *Handler) drawAnswerFaults(a *answer) (truncate bool, spike time.Duration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	truncate = len(a.body) >= 2 && h.drawLocked(h.faults.TruncateRate)
	if truncate {
		h.injected.Truncated++
	}
	if h.drawLocked(h.faults.SpikeRate) {
		spike = h.faults.Spike
		h.injected.Spikes++
	}
	return truncate, spike
}

// The bodies a proxy sends, as nginx words them.
const (
	html502 = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n"
	html503 = "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n</body>\r\n</html>\r\n"
)

// injectServerError draws a proxy failure: half 502s, half 503s. A burst
// in progress fails the request without a draw, so a burst's length does
// not depend on the rate.
func (h *Handler) injectServerError() *answer {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.burstLeft > 0 {
		h.burstLeft--
	} else {
		if !h.drawLocked(h.faults.ServerErrorRate) {
			return nil
		}
		h.burstLeft = max(h.faults.ServerErrorBurst-1, 0)
	}
	h.injected.ServerErrors++
	if h.rng.IntN(2) == 0 {
		return &answer{status: http.StatusBadGateway, contentType: "text/html", body: []byte(html502)}
	}
	return &answer{status: http.StatusServiceUnavailable, contentType: "text/html", body: []byte(html503)}
}

// truncateAnswer sends a's status, headers (with the full Content-Length)
// and the first half of its body, then closes the connection, so that the
// client sees a 2xx whose body ends early.
func truncateAnswer(w http.ResponseWriter, a *answer) {
	w.Header().Set("Content-Length", strconv.Itoa(len(a.body)))
	w.WriteHeader(a.status)
	_, _ = w.Write(a.body[:len(a.body)/2])
	rc := http.NewResponseController(w)
	// The half must be on the wire before the connection goes: Hijack
	// alone would drop what is still buffered.
	_ = rc.Flush()
	conn, _, err := rc.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
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
