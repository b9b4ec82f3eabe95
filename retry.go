package zoom

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"
)

// RetryPolicy bounds the client's retries of requests that failed in a way
// that says nothing happened (a QPS 429, a 502 or 503, a connection error
// before the request was written) and, for GET/PUT/DELETE, of any 5xx or
// lost connection. Delays grow exponentially with full jitter (a uniformly
// random delay up to the exponential bound), which spreads out concurrent
// callers that failed together. The context bounds everything as well.
type RetryPolicy struct {
	// MaxAttempts is the number of tries including the first; 1 disables
	// retries, 0 means DefaultRetryPolicy's. A 401 replay after a token
	// refresh does not count.
	MaxAttempts int
	// BaseDelay is the bound of the first delay; it doubles per attempt up
	// to MaxDelay. Zero means DefaultRetryPolicy's.
	BaseDelay, MaxDelay time.Duration
	// ResendUnknownOutcome allows re-sending a non-idempotent request
	// (POST) whose outcome is unknown. Off by default; see ErrOutcomeUnknown.
	ResendUnknownOutcome bool
}

// DefaultRetryPolicy is used unless WithRetry says otherwise.
var DefaultRetryPolicy = RetryPolicy{MaxAttempts: 5, BaseDelay: 200 * time.Millisecond, MaxDelay: 10 * time.Second}

// withDefaults fills zero fields from DefaultRetryPolicy and refuses what
// cannot be honoured: a negative field, or a MaxDelay below BaseDelay.
func (p RetryPolicy) withDefaults() (RetryPolicy, error) {
	if p.MaxAttempts < 0 || p.BaseDelay < 0 || p.MaxDelay < 0 {
		return p, fmt.Errorf("zoom: WithRetry(%+v): MaxAttempts, BaseDelay and MaxDelay must not be negative (0 takes the default)", p)
	}
	if p.MaxAttempts == 0 {
		p.MaxAttempts = DefaultRetryPolicy.MaxAttempts
	}
	if p.BaseDelay == 0 {
		p.BaseDelay = DefaultRetryPolicy.BaseDelay
	}
	if p.MaxDelay == 0 {
		p.MaxDelay = max(p.BaseDelay, DefaultRetryPolicy.MaxDelay)
	}
	if p.MaxDelay < p.BaseDelay {
		return p, fmt.Errorf("zoom: WithRetry: MaxDelay %v is below BaseDelay %v", p.MaxDelay, p.BaseDelay)
	}
	return p, nil
}

// backoff returns the delay before attempt+1 (attempt counts from 1).
func (p RetryPolicy) backoff(attempt int) time.Duration {
	bound := p.BaseDelay
	for i := 1; i < attempt && bound < p.MaxDelay; i++ {
		bound *= 2
	}
	bound = min(bound, p.MaxDelay)
	return rand.N(bound + 1)
}

type resendKey struct{}

// WithResendOnUnknownOutcome returns a context under which a request whose
// outcome is unknown may be re-sent (per call, like
// RetryPolicy.ResendUnknownOutcome for the whole client). Use it after
// deciding that a duplicate costs less than a gap, or after reconciling.
func WithResendOnUnknownOutcome(ctx context.Context) context.Context {
	return context.WithValue(ctx, resendKey{}, true)
}

func resendAllowed(ctx context.Context) bool {
	v, _ := ctx.Value(resendKey{}).(bool)
	return v
}

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
