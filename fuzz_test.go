package zoom

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/zoomgen/zoom/gen"
)

// FuzzZoomAnswer feeds arbitrary error bodies and rate-limit headers —
// outside input — through the parsing and the 429 classifier: no panic,
// a known kind, always a reset time.
func FuzzZoomAnswer(f *testing.F) {
	f.Add(429, []byte(`{"code":429,"message":"You have reached the maximum per-second rate limit for this API. Try again later."}`), "QPS", "Heavy", "", "", "")
	f.Add(429, []byte(`{"code":429,"message":"You have exceeded the daily rate limit (3) of Perform batch registration API requests permitted for (a@b.c) this particular registrant. You may resume these requests at GMT 00:00:00."}`), "", "Heavy", "", "", "Wed, 11 Mar 2026 00:00:00 GMT")
	f.Add(429, []byte(`{"code":429,"message":"You have exceeded the daily rate limit of (3) for Add a webinar registrant API requests for the registrant (user@example.com). You can resume these API requests at GMT 00:00:00."}`), "", "", "", "", "")
	f.Add(429, []byte(`{"code":429,"message":"You have exceeded the daily rate limit of \"3\" for meeting Perform batch registration API requests for the registrant \"a@b.c\". You can resume these API requests at GMT 00:00:00."}`), "Daily-limit", "Heavy", "", "", "")
	f.Add(429, []byte(`{"code":429,"message":"for the registrant (() for the registrant \"\" for (x) this particular registrant"}`), "", "", "", "", "")
	f.Add(429, []byte(`{"code":429,"message":"You have reached the maximum daily rate limit for this API. Refer to the response header for details on when you can make another request."}`), "Daily-limit", "Heavy", "30000", "0", "Wed, 11 Mar 2026 00:00:00 GMT")
	f.Add(429, []byte(`{"code":429,"message":"You have exceeded the daily rate limit (100) of Add meeting registrant API requests permitted for this particular user. You may resume these requests at GMT 00:00:00."}`), "Daily-limit", "", "", "", "")
	f.Add(429, []byte(`{"code":429,"message":"daily"}`), "Daily-limit", "Heavy", "30000", "0", "2026-03-11T00:00:00Z")
	f.Add(400, []byte(`{"code":300,"message":"Validation Failed.","errors":[{"field":"registrants[3].email","message":"Invalid field."}]}`), "", "", "", "", "")
	f.Add(502, []byte(`<html>Bad Gateway</html>`), "", "", "", "", "120")
	f.Add(429, []byte(`{"code":"x"}`), "qps", "", "-1", "abc", "-5")
	f.Add(400, []byte(`{"code":300,"message":"echo Basic ZnV6ej pw fuzz-secret-xyz","errors":[{"field":"fuzz-secret-xyz","message":"Bearer abc"}]}`), "", "", "", "", "")
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	// A known secret, as the client registers its client secret and
	// tokens: whatever the body says, the error string must not show it.
	const secret = "fuzz-secret-xyz"
	var r redactor
	r.add(secret)
	f.Fuzz(func(t *testing.T, status int, body []byte, typ, cat, limit, remaining, retryAfter string) {
		h := http.Header{}
		h.Set("X-RateLimit-Type", typ)
		h.Set("X-RateLimit-Category", cat)
		h.Set("X-RateLimit-Limit", limit)
		h.Set("X-RateLimit-Remaining", remaining)
		h.Set("Retry-After", retryAfter)
		e := &Error{StatusCode: status, RateLimit: parseRateLimitHeaders(h, now)}
		fillZoomError(e, body, &r)
		// Message and Fields are printed as they are (%#v), so they are
		// checked too; headers (RateLimit) are not the server's text.
		if strings.Contains(e.Error(), secret) || strings.Contains(e.Message, secret) || strings.Contains(fmt.Sprint(e.Fields), secret) {
			t.Fatalf("a known secret in the error: %q", e.Error())
		}
		if e.RateLimit.Limit < -1 || e.RateLimit.Remaining < -1 {
			t.Fatalf("negative counters %+v", e.RateLimit)
		}
		rl := classify429(e, now)
		if rl.Kind < RateLimitQPS || rl.Kind > RateLimitRegistrantDaily {
			t.Fatalf("kind %v", rl.Kind)
		}
		if rl.ResetAt.IsZero() {
			t.Fatal("no reset time")
		}
		// A registrant is only ever a bracketed or quoted word of the
		// message, on a per-registrant limit.
		if rl.Registrant != "" {
			if rl.Kind != RateLimitRegistrantDaily || !strings.Contains(e.Message, rl.Registrant) || strings.ContainsAny(rl.Registrant, "\"") {
				t.Fatalf("registrant %q from %q (kind %v)", rl.Registrant, e.Message, rl.Kind)
			}
		}
		_ = rl.Error()
	})
}

// FuzzDecodeAnswer holds decodeAnswer (encoding/json/v2 with v1's
// reading) to what encoding/json makes of the same batch answer: both
// accept it with the same result, or both refuse it.
func FuzzDecodeAnswer(f *testing.F) {
	for _, s := range []string{
		`{"registrants":[{"registrant_id":"r1","email":"ada@example.com","join_url":"https://zoom.us/w/1?tk=x","participant_pin_code":123}]}`,
		`{"id":85746065432,"registrants":[{"Email":"a@b.c","REGISTRANT_ID":"r","extra":{"x":[1,2,null]}}]}`,
		`{"registrants":[{"email":"a@b.c","email":"d@e.f","participant_pin_code":-1}]}`,
		"{\"registrants\":[{\"email\":\"\xff\\u00e9\\ud800\"}]}",
		` { "registrants" : null } `,
		`{"registrants":[{"participant_pin_code":1e2}]}`,
		`{"registrants":[{"participant_pin_code":99999999999999999999}]}`,
		`{"registrants":[{"participant_pin_code":"123"}]}`,
		`{"registrants":"nope"}`,
		`{"registrants":[`,
		`{} {}`,
		`[]`,
		`null`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var v1, v2 gen.BatchRegistrationResult
		err1 := json.Unmarshal(body, &v1)
		err2 := decodeAnswer(body, &v2)
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("%q: encoding/json says %v, decodeAnswer %v", body, err1, err2)
		}
		if err1 == nil && !reflect.DeepEqual(v1, v2) {
			t.Fatalf("%q: encoding/json reads %+v, decodeAnswer %+v", body, v1, v2)
		}
	})
}
