// Package zoom is a typed Go client for the Zoom API, generated from Zoom's
// Postman collection items. The request and response types, and one method
// per operation, live in the generated package gen; this package adds what
// code generation cannot, the same way for every generated operation:
//
//   - Authentication through golang.org/x/oauth2 only: Server-to-Server
//     OAuth (WithServerToServer), user OAuth with PKCE and rotating refresh
//     tokens (UserOAuthConfig, WithUserOAuth), a fixed token (WithToken) or
//     any oauth2.TokenSource. Tokens are cached, replaced five minutes
//     before they expire, fetched once for any number of concurrent
//     callers, and a request refused with Zoom's 401 code 124 is replayed
//     once with a new token.
//   - Pacing per rate-limit label (LabelLight, LabelMedium, LabelHeavy,
//     ...; each operation's x-rate-limit-label, in the generated operation
//     table) with golang.org/x/time/rate and plan presets (WithPlan), and
//     local refusal once Zoom has said a daily budget is spent (a
//     *RateLimitError with Local set). Nothing is parsed at run time.
//   - Retries with exponential backoff and full jitter of what Zoom did not
//     act on (QPS 429, 502, 503, a connection that failed before the
//     request was written), bounded by RetryPolicy and by the context. A
//     request that may have taken effect is not re-sent blindly: its error
//     matches ErrOutcomeUnknown.
//   - Typed errors: every non-2xx answer is an *Error (status, Zoom code,
//     message, field errors, tracking id, rate-limit headers), a 429 is a
//     *RateLimitError of one of four kinds, and a 2xx whose body is a Zoom
//     error, not the documented JSON, or a status the operation does not
//     document is an error too — never a zero value. The Code... constants
//     are generated from the document's x-error-codes.
//
// Client.API exposes every generated operation with all of the above;
// Client.PerformBatchRegistration adds validation before sending and
// matches results back to the request; every paginated operation has a
// generated iterator (Client.ListMeetingRegistrantsAll, ...), and
// Client.NewRequest and Client.Do reach endpoints not in the spec yet.
//
// Batch registration bodies go out as JSON, which Zoom's API reference
// documents; WithMultipart sends the multipart/form-data of Zoom's Postman
// collection instead (MultipartBody encodes any generated body that way).
//
// Debug logs (WithLogger) carry the tracking id on every line and never a
// token, a client secret, an Authorization header or the tk= of a join URL.
package zoom
