package zoom

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// DefaultRequestLabel paces a request made with NewRequest for a path the
// OpenAPI document does not describe, unless ContextWithLabel names
// another. Zoom's rate-limit page gives no default, so it is the most
// conservative label an ordinary endpoint has: Heavy (Resource-intensive
// is kept for the few reporting endpoints Zoom names).
const DefaultRequestLabel = LabelHeavy

type labelKey struct{}

// ContextWithLabel returns a context under which NewRequest paces a path
// the document does not describe by label (see DefaultRequestLabel). A
// path the document describes keeps its own label.
func ContextWithLabel(ctx context.Context, label Label) context.Context {
	return context.WithValue(ctx, labelKey{}, label)
}

type adHocKey struct{}

// NewRequest builds a request for any Zoom endpoint, including one that is
// not in spec/ yet, for Do to send. path is relative to the API base URL
// and may carry a query ("/users/me/meetings?type=upcoming"); a path with
// "." or ".." segments, or a full URL, is refused. body, unless nil, is
// sent as JSON.
//
// A path the OpenAPI document describes is paced, checked and named as the
// generated method for it would be; any other is paced by the label in
// ctx (ContextWithLabel, default DefaultRequestLabel), and any 2xx answer
// is its success.
func (c *Client) NewRequest(ctx context.Context, method, path string, body any) (*http.Request, error) {
	rel, err := url.Parse(path)
	if err != nil || rel.Scheme != "" || rel.Host != "" || rel.User != nil || !strings.HasPrefix(rel.Path, "/") || rel.Fragment != "" {
		return nil, fmt.Errorf("zoom: NewRequest: %q is not a path under the API base URL (want e.g. /users/me)", path)
	}
	for _, seg := range strings.Split(rel.Path, "/")[1:] {
		if seg == "" || seg == "." || seg == ".." {
			return nil, fmt.Errorf("zoom: NewRequest: path %q has an empty, \".\" or \"..\" segment", path)
		}
	}
	if method == "" || strings.ContainsAny(method, " \t\r\n") {
		return nil, fmt.Errorf("zoom: NewRequest: invalid method %q", method)
	}
	var r io.Reader
	var payload []byte
	if body != nil {
		payload, err = json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("zoom: NewRequest %s %s: encoding the body: %w", method, rel.Path, err)
		}
		r = bytes.NewReader(payload)
	}
	u := strings.TrimRight(c.baseURL, "/") + rel.EscapedPath()
	if rel.RawQuery != "" {
		u += "?" + rel.RawQuery
	}
	label := DefaultRequestLabel
	if l, ok := ctx.Value(labelKey{}).(Label); ok {
		if !l.Valid() {
			return nil, fmt.Errorf("zoom: NewRequest: unknown rate-limit label %q", l)
		}
		label = l
	}
	op := &operation{ID: method + " " + rel.Path, Method: method, Label: label, adHoc: true}
	req, err := http.NewRequestWithContext(context.WithValue(ctx, adHocKey{}, op), method, u, r)
	if err != nil {
		return nil, fmt.Errorf("zoom: NewRequest: %w", err)
	}
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req, nil
}

// Do sends req — from NewRequest, or any request under the API base URL
// that the OpenAPI document describes — with the client's authentication,
// pacing, retries and typed errors, and decodes a JSON answer into v
// unless v is nil. As for generated calls, any non-2xx answer is an error
// (*Error, *RateLimitError, or one matching ErrOutcomeUnknown), never a
// response to inspect. The returned response's body holds the answer and
// may be read again.
func (c *Client) Do(req *http.Request, v any) (*http.Response, error) {
	resp, err := c.do(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body) // in memory already (see attempt)
	_ = resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	if v != nil && len(bytes.TrimSpace(body)) > 0 {
		if err := json.Unmarshal(body, v); err != nil {
			return resp, fmt.Errorf("zoom: %s %s: the answer does not decode into %T: %w", req.Method, req.URL.Path, v, err)
		}
	}
	return resp, nil
}

// adHocOperation returns the operation NewRequest made up for req, or nil.
func adHocOperation(req *http.Request) *operation {
	op, _ := req.Context().Value(adHocKey{}).(*operation)
	return op
}
