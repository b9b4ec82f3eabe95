// Package zoomtest runs a mock Zoom API on loopback for tests and demos.
//
// Routing and validation come from the generated OpenAPI document
// (spec/zoom.openapi.yaml) through kin-openapi, so a client that passes
// here sends what the contract allows, and an endpoint added to the spec is
// served at once (with its response example) before the mock has code for
// it. On top of that the mock keeps the state and enforces the rules a
// Zoom client has to live with:
//
//   - OAuth at /oauth/token: Server-to-Server (grant_type=account_credentials
//     with HTTP Basic client authentication, no refresh token),
//     authorization_code (single-use codes, redirect URI must match, PKCE
//     S256) and refresh_token (refresh tokens rotate; a spent one gets
//     invalid_grant). /oauth/authorize approves at once and redirects with a
//     code. Errors use OAuth's {"reason","error"} shape.
//   - API calls need a bearer token the mock issued that has not expired on
//     Options.Clock, else 401 with code 124 ("Invalid access token." or
//     "Access token is expired.").
//   - Meetings are state: seeded meetings (MeetingScheduled and one for each
//     refusal), AddMeeting for more. Batch registration takes 1 to 30
//     registrants, all or nothing, answers 201, and gives the same
//     registrant_id and join_url to the same email (case-insensitively).
//     Zoom's meeting errors: 3001, 303, 3038, 404 and 3043.
//   - Listing registrants filters by status (approved by default, as Zoom),
//     pages by next_page_token (valid 15 minutes) with page_size capped at
//     300.
//   - Body errors as Zoom words them: 400 code 300 "Request Body should be a
//     valid JSON object." or "Validation Failed." with one entry per field,
//     named like registrants[3].email. Multipart bodies carry the registrants
//     as one JSON part (package oasmultipart).
//   - Rate limits per account and per rate-limit label, read from the
//     operation's x-rate-limit-label: per second (a token bucket on
//     Options.Clock, so a fake clock gives exact budgets) and per UTC day
//     (Heavy and Resource-intensive share one budget), with Zoom's 429
//     bodies and X-RateLimit-* / Retry-After headers, and a registrant's
//     daily limit (3 registrations per meeting per UTC day, re-registrations
//     included), refused in the live API's words, which name the
//     registrant: "You have exceeded the daily rate limit of (3) for Add a
//     meeting registrant API requests for the registrant (a@example.com).
//     You can resume these API requests at GMT 00:00:00."
//   - Faults (Options.Faults, SetFaults): proxy 502/503s with HTML bodies
//     (single or in bursts), injected per-second 429s, latency and latency
//     spikes, connections closed after a registration was committed, and
//     answers cut off mid-body. Options.Seed makes them repeatable, and
//     InjectedFaults counts them. Registrations and Received count, per
//     email, what was committed and what was asked for, so a test can
//     judge a client by the mock's state rather than by its own report.
//   - Webhooks (Options.Webhooks, SetWebhooks): when registrants change
//     (batch or single registration of someone new, a status update) the
//     mock POSTs the matching meeting.registration_* notification, signed
//     as Zoom signs it, to a configured URL, and records the answers
//     (WebhookDeliveries). ResendWebhook sends the last one again as a
//     genuine retry, a replay, with a bad signature, a tampered body or a
//     stale timestamp; ValidateWebhookEndpoint sends the url_validation
//     challenge and checks the answer.
//   - Every answer has an x-zm-trackingid header; every request is logged
//     (Options.Logf, Requests) with credentials redacted.
//
// Not emulated, on purpose: Zoom's per-user daily limits on meeting
// creation and updates (no such operation is served yet); scopes (every
// token may call every operation, since the spec's scopes say which a
// real app needs, not what a test should prove); refresh-token expiry (90
// days at Zoom, beyond any test); registration questions, custom
// questions and confirmation emails; webinars as state (the webinar
// endpoint answers its example); and Zoom's exact wording of field
// messages other than "Invalid field.", which Zoom does not document.
package zoomtest
