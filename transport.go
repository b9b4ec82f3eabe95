package zoom

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/oauth2"
)

// Caps on how much of an answer is read. An error body is a small JSON
// object; a success body is the operation's result. Bounding both keeps a
// misbehaving proxy from exhausting memory.
const (
	maxErrorBody   = 64 << 10
	maxSuccessBody = 32 << 20
)

// guardedHTTPClient returns the *http.Client the client sends through: a
// copy of hc (or a new one), so that the caller's stays as it was, which
// never follows a redirect and whose transport checks the scheme of every
// request it is given.
//
// Redirects: the transport's scheme check in target covers only the URL
// the client chose; a 307/308 from the API would have http.Client re-send
// the body (names, emails) to whatever Location says, plain http on
// another host included, and keep the Authorization header on the same
// host. Zoom's API does not redirect, so no redirect is followed:
// http.ErrUseLastResponse hands the 3xx to attempt, which reports it as
// an *Error, neither retried nor of unknown outcome (the server said
// "elsewhere", not "done").
//
// The scheme check in the RoundTripper covers requests the client did not
// address itself (a user OAuth config's token endpoint) and any hop a
// future redirect policy might follow, whichever *http.Client sends it.
func (c *Client) guardedHTTPClient(hc *http.Client) *http.Client {
	out := &http.Client{}
	if hc != nil {
		*out = *hc // Transport, Jar and Timeout stay the caller's
	}
	base := out.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	out.Transport = schemeGuard{base: base, check: c.checkScheme}
	out.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return out
}

// schemeGuard is a RoundTripper that refuses, before anything is dialled,
// a request the client's scheme rules forbid (plain http off loopback
// without WithInsecureHTTP).
type schemeGuard struct {
	base  http.RoundTripper
	check func(*url.URL) error
}

// RoundTrip checks req's URL, then sends it through the wrapped transport.
func (g schemeGuard) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := g.check(req.URL); err != nil {
		// A RoundTripper must close the body it was given, even when it
		// sends nothing.
		if req.Body != nil {
			_ = req.Body.Close()
		}
		return nil, err
	}
	return g.base.RoundTrip(req)
}

// redirectMessage is an *Error's message for a 3xx: where the answer
// pointed, by scheme and host only (a Location's path or query could
// carry anything), and that it was not followed.
func redirectMessage(location string) string {
	const why = "; redirects are not followed, since Zoom's API does not redirect and following one would re-send the request elsewhere"
	u, err := url.Parse(location)
	if location == "" || err != nil {
		return "the answer is a redirect without a usable Location" + why
	}
	if u.Host == "" {
		return "the answer is a redirect to another path on the same host" + why
	}
	return "the answer is a redirect to " + u.Scheme + "://" + u.Host + why
}

// doer is the gen.HttpRequestDoer the generated client sends through. It
// does, for every generated operation alike: authentication, pacing by the
// operation's rate-limit label, retries, and turning every failed answer
// into an error.
type doer struct{ c *Client }

// Do sends req as described on doer.
func (d doer) Do(req *http.Request) (*http.Response, error) { return d.c.do(req) }

// attemptResult is what one try produced, for the retry decision.
type attemptResult struct {
	resp *http.Response
	err  error
	// retry: the failure says nothing happened, or the request may be
	// repeated safely.
	retry bool
	// delay: a minimum wait before the retry (QPS 429 Retry-After).
	delay time.Duration
	// unknown: a non-idempotent request may have taken effect.
	unknown bool
}

func (c *Client) do(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	rel, ok := strings.CutPrefix(req.URL.EscapedPath(), c.basePath)
	if !ok {
		return nil, fmt.Errorf("zoom: %s %s is outside the API base URL %s", req.Method, req.URL.Redacted(), c.baseURL)
	}
	op := c.ops.match(req.Method, rel)
	if op == nil {
		op = adHocOperation(req) // NewRequest's, for a path not in the document
	}
	if op == nil {
		// Refusing what the document does not describe also stops a path
		// parameter of "." or ".." (which url.ResolveReference collapses in
		// the generated code) from quietly aiming at another resource.
		return nil, fmt.Errorf("zoom: %s %s matches no operation of the OpenAPI document; not sent (use Client.NewRequest for an endpoint not in spec/)", req.Method, rel)
	}
	if req.Body != nil && req.Body != http.NoBody && req.GetBody == nil {
		// Retries and the 401 replay send the body again.
		b, err := io.ReadAll(req.Body)
		_ = req.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("zoom: %s: reading the request body: %w", op.ID, err)
		}
		req.Body = io.NopCloser(bytes.NewReader(b))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
	}
	resend := c.retry.ResendUnknownOutcome || resendAllowed(ctx)
	replayed := false
	var last attemptResult
	for attempt := 1; ; attempt++ {
		if err := c.pacer.Wait(ctx, c.account, op.Label); err != nil {
			var rl *RateLimitError
			if errors.As(err, &rl) {
				c.logf(ctx, op, req.Method, rel, attempt, nil, 0, err)
				return nil, err
			}
			return nil, c.giveUp(ctx, op, err, last)
		}
		tok, err := c.tokens.token(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return nil, c.giveUp(ctx, op, ctx.Err(), last)
			}
			c.logf(ctx, op, req.Method, rel, attempt, nil, 0, err)
			// Nothing was sent: a token endpoint that was unreachable or
			// answered 5xx may be tried again; refused credentials may not.
			if transientAuthFailure(err) && attempt < c.retry.MaxAttempts {
				last = attemptResult{err: err, retry: true}
				if err := sleep(ctx, c.retry.backoff(attempt)); err != nil {
					return nil, c.giveUp(ctx, op, err, last)
				}
				continue
			}
			return nil, err
		}
		c.secrets.add(tok.AccessToken)
		c.secrets.add(tok.RefreshToken)
		res := c.attempt(ctx, req, op, rel, tok, attempt, resend)
		if res.resp != nil {
			return res.resp, nil
		}
		var ze *Error
		if errors.As(res.err, &ze) && ze.StatusCode == http.StatusUnauthorized && ze.Code == CodeInvalidAccessToken && !replayed {
			// The token was refused (expired early, revoked, or the clock
			// is off): drop it and replay once with a fresh one.
			c.tokens.invalidate(tok)
			next, err := c.tokens.token(ctx)
			if err != nil {
				// Why a new token could not be had says more than the 401.
				return nil, err
			}
			if next.AccessToken != tok.AccessToken {
				replayed = true
				attempt--
				continue
			}
		}
		last = res
		if !res.retry || attempt >= c.retry.MaxAttempts {
			if res.unknown {
				return nil, &OutcomeUnknownError{Operation: op.ID, Err: res.err}
			}
			return nil, res.err
		}
		if err := sleep(ctx, max(res.delay, c.retry.backoff(attempt))); err != nil {
			return nil, c.giveUp(ctx, op, err, last)
		}
	}
}

// transientAuthFailure reports whether a token fetch failed on the way
// (connection, timeout) or with a 5xx from the token endpoint.
func transientAuthFailure(err error) bool {
	var ae *AuthError
	if !errors.As(err, &ae) {
		return false
	}
	if ae.StatusCode >= 500 {
		return true
	}
	var ue *url.Error
	return ae.StatusCode == 0 && errors.As(ae.Err, &ue)
}

// giveUp reports a context that ended between attempts, keeping the last
// failure visible; a POST whose last try may have landed stays "unknown".
func (c *Client) giveUp(_ context.Context, op *operation, ctxErr error, last attemptResult) error {
	if last.err == nil {
		return ctxErr
	}
	err := fmt.Errorf("zoom: %s: stopped retrying: %w (last attempt: %w)", op.ID, ctxErr, last.err)
	if last.unknown {
		return &OutcomeUnknownError{Operation: op.ID, Err: err}
	}
	return err
}

func (c *Client) attempt(ctx context.Context, req *http.Request, op *operation, rel string, tok *oauth2.Token, attempt int, resend bool) attemptResult {
	idempotent := op.idempotent(req.Method)
	target, err := c.target(req.URL, rel, tok)
	if err != nil {
		return attemptResult{err: err}
	}
	// Whether the whole request reached the connection decides whether a
	// failed POST may have taken effect. The trace runs on the transport's
	// writer goroutine, hence the atomic.
	var wroteFlag atomic.Bool
	trace := &httptrace.ClientTrace{WroteRequest: func(i httptrace.WroteRequestInfo) {
		if i.Err == nil {
			wroteFlag.Store(true)
		}
	}}
	// Each attempt has its own deadline, so that a server that accepts
	// the connection and never answers costs one attempt, not the call.
	// It covers reading the body too: cancel runs when attempt returns,
	// after the body has been read into memory.
	actx := ctx
	if c.timeout > 0 {
		var cancel context.CancelFunc
		actx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	// A shallow copy: the generated client built req for this call alone,
	// so its header map can take this attempt's Authorization.
	out := req.WithContext(httptrace.WithClientTrace(actx, trace))
	out.URL, out.Host = target, ""
	if req.GetBody != nil {
		if out.Body, err = req.GetBody(); err != nil {
			return attemptResult{err: fmt.Errorf("zoom: %s: request body: %w", op.ID, err)}
		}
	}
	out.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	out.Header.Set("User-Agent", c.userAgent)
	if out.Header.Get("Accept") == "" {
		out.Header.Set("Accept", "application/json")
	}
	start := time.Now()
	resp, err := c.hc.Do(out)
	elapsed := time.Since(start)
	if err != nil {
		wrote := wroteFlag.Load()
		if ctx.Err() == nil && actx.Err() != nil {
			err = fmt.Errorf("zoom: %s: no answer within the per-attempt timeout of %v (WithRequestTimeout): %w", op.ID, c.timeout, err)
		} else {
			err = fmt.Errorf("zoom: %s: %w", op.ID, err)
		}
		c.logf(ctx, op, req.Method, rel, attempt, nil, elapsed, err)
		if ctx.Err() != nil {
			return attemptResult{err: err, unknown: wrote && !idempotent}
		}
		if !wrote || idempotent || resend {
			return attemptResult{err: err, retry: true, unknown: wrote && !idempotent}
		}
		return attemptResult{err: err, unknown: true}
	}
	defer resp.Body.Close()
	now := c.now()
	rlh := parseRateLimitHeaders(resp.Header, now)
	zerr := &Error{
		StatusCode: resp.StatusCode,
		TrackingID: resp.Header.Get("x-zm-trackingid"),
		RateLimit:  rlh,
		Operation:  op.ID,
		Method:     req.Method,
		Path:       rel,
	}
	if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		body, err := readCapped(resp.Body, resp.ContentLength, maxSuccessBody)
		if err != nil {
			err = fmt.Errorf("zoom: %s: reading the answer: %w", op.ID, err)
			c.logf(ctx, op, req.Method, rel, attempt, resp, elapsed, err)
			// The request was answered 2xx: it took effect, but the result
			// is lost. Re-reading is safe only for idempotent requests.
			return attemptResult{err: err, retry: idempotent || resend, unknown: !idempotent}
		}
		if !op.documents(resp.StatusCode) {
			// The generated client fills a result field only for a status
			// the document lists; any other 2xx would come back as a nil
			// result with a nil error. Zoom said the request succeeded, so
			// for a POST the caller must reconcile rather than re-send.
			zerr.Message = fmt.Sprintf("the answer's status %d is not one the API documents for this operation (%s), so its result cannot be read; the request took effect", resp.StatusCode, statusList(op.Success))
			c.pacer.observe(c.account, op.Label, rlh, nil)
			c.logf(ctx, op, req.Method, rel, attempt, resp, elapsed, zerr)
			return attemptResult{err: zerr, unknown: !idempotent}
		}
		if bad := checkSuccessBody(op, resp, body, zerr, c.secrets, !decodesItself(ctx)); bad != nil {
			c.pacer.observe(c.account, op.Label, rlh, zerr)
			c.logf(ctx, op, req.Method, rel, attempt, resp, elapsed, bad)
			return attemptResult{err: bad}
		}
		// A success that spent the last of the budget is not an error
		// to quote later, hence nil.
		c.pacer.observe(c.account, op.Label, rlh, nil)
		c.logf(ctx, op, req.Method, rel, attempt, resp, elapsed, nil)
		resp.Body = &memBody{Reader: bytes.NewReader(body), b: body}
		resp.ContentLength = int64(len(body))
		return attemptResult{resp: resp}
	}
	body, _ := readCapped(resp.Body, resp.ContentLength, maxErrorBody) // a truncated error body still has its status
	fillZoomError(zerr, body, c.secrets)
	if resp.StatusCode >= 300 && resp.StatusCode <= 399 {
		zerr.Message = redirectMessage(resp.Header.Get("Location"))
	}
	c.pacer.observe(c.account, op.Label, rlh, zerr)
	c.logf(ctx, op, req.Method, rel, attempt, resp, elapsed, zerr)
	switch s := resp.StatusCode; {
	case s == http.StatusTooManyRequests:
		rl := classify429(zerr, now)
		switch rl.Kind {
		case RateLimitQPS:
			c.pacer.slowDown(c.account, op.Label)
			// Honour a Retry-After Zoom sent (within MaxDelay); otherwise
			// the jittered backoff decides.
			var delay time.Duration
			if !rlh.RetryAfter.IsZero() {
				delay = min(max(rlh.RetryAfter.Sub(now), 0), c.retry.MaxDelay)
			}
			return attemptResult{err: rl, retry: true, delay: delay}
		case RateLimitAccountDaily:
			c.pacer.spent(c.account, op.Label, rl)
		}
		return attemptResult{err: rl}
	case s == http.StatusBadGateway || s == http.StatusServiceUnavailable:
		// Zoom's edge answers these when the request did not reach the
		// API; they are retried even for POST. Still, after the last try
		// nobody can say for sure, so a POST ends "unknown".
		return attemptResult{err: zerr, retry: true, unknown: !idempotent}
	case s >= 500:
		if idempotent || resend {
			return attemptResult{err: zerr, retry: true, unknown: !idempotent}
		}
		return attemptResult{err: zerr, unknown: true}
	}
	return attemptResult{err: zerr}
}

// memBody is a 2xx answer's body, read into memory by attempt. Callers in
// this package take the bytes directly (answerBytes) instead of copying
// them out again through io.ReadAll.
type memBody struct {
	*bytes.Reader
	b []byte
}

// Close does nothing: there is nothing left to release.
func (*memBody) Close() error { return nil }

// answerBytes returns the body of an answer the client received.
func answerBytes(resp *http.Response) ([]byte, error) {
	if mb, ok := resp.Body.(*memBody); ok {
		return mb.b, nil
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

type decodesItselfKey struct{}

// withOwnDecoding marks a call whose caller in this package decodes the
// answer itself and reports broken JSON as an *Error, so that attempt
// need not scan the body once more to find out.
func withOwnDecoding(ctx context.Context) context.Context {
	return context.WithValue(ctx, decodesItselfKey{}, true)
}

func decodesItself(ctx context.Context) bool {
	v, _ := ctx.Value(decodesItselfKey{}).(bool)
	return v
}

// statusList prints documented statuses as "200 or 201".
func statusList(codes []int) string {
	parts := make([]string, len(codes))
	for i, c := range codes {
		parts[i] = strconv.Itoa(c)
	}
	return strings.Join(parts, " or ")
}

// target is the URL to send to: the request's own, or — when no base URL
// was configured — the same path under the api_url Zoom returned with the
// token. http:// is refused except on loopback unless WithInsecureHTTP.
func (c *Client) target(u *url.URL, rel string, tok *oauth2.Token) (*url.URL, error) {
	t := u
	if !c.baseSet {
		if api := apiURLFromToken(tok); api != "" {
			b, err := c.apiBase(api)
			if err != nil {
				return nil, err
			}
			cp := *u
			cp.Scheme, cp.Host = b.Scheme, b.Host
			cp.Path = b.Path + rel
			cp.RawPath = ""
			if esc := b.EscapedPath() + rel; esc != cp.EscapedPath() {
				cp.RawPath = esc
			}
			t = &cp
		}
	}
	if err := c.checkScheme(t); err != nil {
		return nil, err
	}
	return t, nil
}

// apiBase parses an api_url once per distinct value.
func (c *Client) apiBase(api string) (*url.URL, error) {
	if p := c.apiURL.Load(); p != nil && p.raw == api {
		return p.u, nil
	}
	u, err := url.Parse(strings.TrimRight(api, "/") + "/v2")
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("zoom: the token's api_url %q is not a URL", api)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	c.apiURL.Store(&apiBase{raw: api, u: u})
	return u, nil
}

type apiBase struct {
	raw string
	u   *url.URL
}

func (c *Client) checkScheme(u *url.URL) error {
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if c.insecure || isLoopback(u.Hostname()) {
			return nil
		}
		return fmt.Errorf("zoom: refusing to send a token over plain http to %s (use https, or WithInsecureHTTP)", u.Host)
	}
	return fmt.Errorf("zoom: unsupported URL scheme %q in %s", u.Scheme, u.Redacted())
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// readCapped reads at most limit bytes of r; size, when known
// (Content-Length), sizes the buffer at once.
func readCapped(r io.Reader, size, limit int64) ([]byte, error) {
	if size > 0 && size <= limit {
		b := make([]byte, size)
		n, err := io.ReadFull(r, b)
		return b[:n], err
	}
	// Unknown length (a chunked answer): start at a size that holds a
	// typical Zoom result at once, instead of io.ReadAll's 512 bytes
	// doubled several times.
	b, err := readAllFrom(io.LimitReader(r, limit+1), 8<<10)
	if err != nil {
		return b, err
	}
	if int64(len(b)) > limit {
		return b[:limit], fmt.Errorf("answer larger than %d bytes", limit)
	}
	return b, nil
}

// readAllFrom is io.ReadAll with an initial capacity.
func readAllFrom(r io.Reader, capacity int) ([]byte, error) {
	b := make([]byte, 0, capacity)
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}

type zoomErrorBody struct {
	Code    *int   `json:"code"`
	Message string `json:"message"`
	Errors  []struct {
		Field   string `json:"field"`
		Message string `json:"message"`
	} `json:"errors"`
}

// fillZoomError reads Zoom's {"code","message","errors"} body into e. A
// body that is not one (an HTML 502 page) leaves a message naming the
// status, not the page. The texts are stored redacted by r, because a
// server or gateway may echo the request (Authorization included) and the
// fields are printed as they are (%#v, or a caller's own formatting).
func fillZoomError(e *Error, body []byte, r *redactor) {
	var zb zoomErrorBody
	if json.Unmarshal(body, &zb) == nil && zb.Code != nil {
		e.Code, e.Message = *zb.Code, r.redact(zb.Message)
		for _, f := range zb.Errors {
			e.Fields = append(e.Fields, FieldError{Field: r.redact(f.Field), Message: r.redact(f.Message)})
		}
		return
	}
	e.Message = http.StatusText(e.StatusCode)
}

// checkSuccessBody refuses a 2xx that the generated client would turn into
// a zero value: a body that is a Zoom error, or not the JSON the document
// promises for this status.
func checkSuccessBody(op *operation, resp *http.Response, body []byte, e *Error, r *redactor, validate bool) error {
	trimmed := bytes.TrimSpace(body)
	mt := resp.Header.Get("Content-Type")
	if mt != "application/json" && !strings.HasPrefix(mt, "application/json;") {
		mt, _, _ = mime.ParseMediaType(mt) // the common case above needs no parse
	} else {
		mt = "application/json"
	}
	isJSON := mt == "application/json" || strings.HasSuffix(mt, "+json")
	documented := op.jsonResult(resp.StatusCode)
	if len(trimmed) > 0 && isJSON {
		// The generated parser would report broken JSON too, but as a bare
		// encoding/json error without status, operation or tracking id;
		// the scan costs less than the decode that follows it.
		if validate && !json.Valid(trimmed) {
			e.Message = "the answer's body is not valid JSON"
			return e
		}
		// The bytes.Contains guard keeps the full decode off the path of
		// ordinary results, which is most of them.
		if trimmed[0] == '{' && bytes.Contains(trimmed, []byte(`"code"`)) && bytes.Contains(trimmed, []byte(`"message"`)) {
			var probe map[string]json.RawMessage
			if json.Unmarshal(trimmed, &probe) == nil && len(probe) <= 3 && probe["code"] != nil && probe["message"] != nil {
				var zb zoomErrorBody
				if json.Unmarshal(trimmed, &zb) == nil && zb.Code != nil && *zb.Code != 0 {
					fillZoomError(e, trimmed, r)
					return e
				}
			}
		}
		return nil
	}
	if documented {
		if len(trimmed) == 0 {
			e.Message = "the answer has no body, but the API documents a JSON result"
		} else {
			e.Message = fmt.Sprintf("the answer is %q, but the API documents a JSON result", mt)
		}
		return e
	}
	return nil
}

// logf writes one debug line per attempt. Every line carries the tracking
// id (empty when no answer came), which is what Zoom support needs.
func (c *Client) logf(ctx context.Context, op *operation, method, path string, attempt int, resp *http.Response, elapsed time.Duration, err error) {
	if !c.log.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := make([]slog.Attr, 0, 9)
	attrs = append(attrs,
		slog.String("operation", op.ID),
		slog.String("method", method),
		slog.String("path", path),
		slog.Int("attempt", attempt),
	)
	tracking := ""
	if resp != nil {
		tracking = resp.Header.Get("x-zm-trackingid")
		attrs = append(attrs, slog.Int("status", resp.StatusCode))
	}
	attrs = append(attrs, slog.String("tracking_id", tracking), slog.Duration("elapsed", elapsed))
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	c.log.LogAttrs(ctx, slog.LevelDebug, "zoom request", attrs...)
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
