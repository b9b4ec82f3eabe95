package zoom

import (
	"context"
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
	// retries. A 401 replay after a token refresh does not count.
	MaxAttempts int
	// BaseDelay is the bound of the first delay; it doubles per attempt up
	// to MaxDelay.
	BaseDelay, MaxDelay time.Duration
	// ResendUnknownOutcome allows re-sending a non-idempotent request
	// (POST) whose outcome is unknown. Off by default; see ErrOutcomeUnknown.
	ResendUnknownOutcome bool
}

// DefaultRetryPolicy is used unless WithRetry says otherwise.
var DefaultRetryPolicy = RetryPolicy{MaxAttempts: 5, BaseDelay: 200 * time.Millisecond, MaxDelay: 10 * time.Second}

func (p RetryPolicy) normalized() RetryPolicy {
	if p.MaxAttempts < 1 {
		p.MaxAttempts = 1
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = DefaultRetryPolicy.BaseDelay
	}
	if p.MaxDelay < p.BaseDelay {
		p.MaxDelay = max(p.BaseDelay, DefaultRetryPolicy.MaxDelay)
	}
	return p
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
