package zoomtest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/zoomgen/zoom/spec"
)

// serveDoc serves a handler built from a changed copy of the document,
// reporting drift to report instead of failing the test.
func serveDoc(t *testing.T, change func(*openapi3.T), opts Options, report func(string, ...any)) (*httptest.Server, *Handler) {
	t.Helper()
	doc, err := spec.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	change(doc)
	router, err := newRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	h := newHandler(router, opts)
	h.report = report
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	h.setBaseURL(ts.URL)
	return ts, h
}

func post(t *testing.T, url, token, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestResponseValidationCatchesDrift proves Options.ValidateResponses
// works: when the document says registrant_id is an integer (or requires
// a field the mock does not send), the mock's answer no longer matches,
// and the test that started the mock is told so.
func TestResponseValidationCatchesDrift(t *testing.T) {
	cases := []struct {
		name   string
		change func(doc *openapi3.T)
		want   string
	}{
		{"registrant_id became an integer", func(doc *openapi3.T) {
			doc.Components.Schemas["PerformBatchRegistrationResultRegistrantsItem"].Value.Properties["registrant_id"].Value.Type = &openapi3.Types{"integer"}
		}, "registrant_id"},
		{"a new required field", func(doc *openapi3.T) {
			doc.Components.Schemas["PerformBatchRegistrationResult"].Value.Required = []string{"topic"}
		}, `topic`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var (
				mu      sync.Mutex
				reports []string
			)
			ts, h := serveDoc(t, tc.change, Options{ValidateResponses: true}, func(f string, a ...any) {
				mu.Lock()
				defer mu.Unlock()
				reports = append(reports, fmt.Sprintf(f, a...))
			})
			status, body := post(t, ts.URL+APIPrefix+"/meetings/85746065432/batch_registrants", h.IssueToken(),
				`{"registrants":[{"email":"drift@example.com","first_name":"D"}]}`)
			mu.Lock()
			defer mu.Unlock()
			if status != 500 || !strings.Contains(body, "does not match the OpenAPI document") || !strings.Contains(body, tc.want) ||
				strings.Contains(body, "tk=") {
				t.Errorf("got %d %s, want a 500 naming %s and not quoting the answer", status, body, tc.want)
			}
			if len(reports) != 1 || !strings.Contains(reports[0], "performBatchRegistration") {
				t.Errorf("reports to the test: %q", reports)
			}
		})
	}
	// Without drift, the same request passes validation.
	ts, h := serveDoc(t, func(*openapi3.T) {}, Options{ValidateResponses: true}, t.Errorf)
	if status, body := post(t, ts.URL+APIPrefix+"/meetings/85746065432/batch_registrants", h.IssueToken(),
		`{"registrants":[{"email":"fine@example.com","first_name":"F"}]}`); status != 201 {
		t.Errorf("unchanged document: %d %s", status, body)
	}
}

// TestHeavyAndResourceIntensiveShareADailyBudget labels getMeeting
// Resource-intensive (no operation in the spec is yet) to show that the
// label comes from the document and that the two labels draw on one
// daily budget, as at Zoom.
func TestHeavyAndResourceIntensiveShareADailyBudget(t *testing.T) {
	ts, h := serveDoc(t, func(doc *openapi3.T) {
		doc.Paths.Value("/meetings/{meetingId}").Get.Extensions["x-rate-limit-label"] = "Resource-intensive"
	}, Options{ValidateResponses: true, Limits: map[Label]Limit{"Heavy": {Daily: 3}, "Resource-intensive": {Daily: 3}}}, t.Errorf)
	tok := h.IssueToken()
	get := func() *http.Response {
		req, _ := http.NewRequest(http.MethodGet, ts.URL+APIPrefix+"/meetings/85746065432", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if resp := get(); resp.StatusCode != 200 || resp.Header.Get("X-RateLimit-Category") != "Resource-intensive" || resp.Header.Get("X-RateLimit-Remaining") != "2" {
		t.Fatalf("first Resource-intensive call: %d %v", resp.StatusCode, resp.Header)
	}
	for i := range 2 {
		if status, body := post(t, ts.URL+APIPrefix+"/meetings/85746065432/batch_registrants", tok,
			fmt.Sprintf(`{"registrants":[{"email":"r%d@example.com","first_name":"R"}]}`, i)); status != 201 {
			t.Fatalf("Heavy call %d: %d %s", i, status, body)
		}
	}
	if resp := get(); resp.StatusCode != 429 || resp.Header.Get("X-RateLimit-Type") != "Daily-limit" {
		t.Errorf("fourth call on the shared budget: %d, want 429 Daily-limit", resp.StatusCode)
	}
}

func TestFieldPath(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"registrants"}, "registrants"},
		{[]string{"registrants", "3", "email"}, "registrants[3].email"},
		{[]string{"a", "0", "1", "b"}, "a[0][1].b"},
		{[]string{"0"}, "0"},
	} {
		if got := fieldPath(tc.in); got != tc.want {
			t.Errorf("fieldPath(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestRegistrantLimitMessage holds the mock to Zoom's live wording of the
// per-registrant daily limit, for meetings and webinars alike.
func TestRegistrantLimitMessage(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ path, want string }{
		{"/meetings/{meetingId}/batch_registrants", "You have exceeded the daily rate limit of (3) for Add a meeting registrant API requests for the registrant (user@example.com). You can resume these API requests at GMT 00:00:00."},
		{"/meetings/{meetingId}/registrants", "You have exceeded the daily rate limit of (3) for Add a meeting registrant API requests for the registrant (user@example.com). You can resume these API requests at GMT 00:00:00."},
		{"/webinars/{webinarId}/batch_registrants", "You have exceeded the daily rate limit of (3) for Add a webinar registrant API requests for the registrant (user@example.com). You can resume these API requests at GMT 00:00:00."},
	} {
		if got := registrantLimitMessage(tt.path, 3, "user@example.com"); got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.path, got, tt.want)
		}
	}
}

// TestOperationWithoutBehaviourServesItsExample: an endpoint the mock has
// no code for (here webinar batch registration under an operation ID the
// mock does not know) is routed, validated and answered with its spec
// example as soon as it is in the spec.
func TestOperationWithoutBehaviourServesItsExample(t *testing.T) {
	ts, h := serveDoc(t, func(doc *openapi3.T) {
		doc.Paths.Value("/webinars/{webinarId}/batch_registrants").Post.OperationID = "notServedByTheMock"
	}, Options{Plan: PlanPro}, t.Errorf)
	tok := h.IssueToken()
	url := ts.URL + APIPrefix + "/webinars/81234567890/batch_registrants"
	status, body := post(t, url, tok, `{"registrants":[{"email":"w@example.com","first_name":"W"}]}`)
	if status != 200 || strings.Count(body, `"registrant_id"`) != 3 {
		t.Fatalf("an operation without behaviour: %d %s, want the spec's 200 example with 3 registrants", status, body)
	}
	status, body = post(t, url, tok, `{"registrants":[{"first_name":"W"}]}`)
	if status != 400 || !strings.Contains(body, `"registrants[0].email"`) {
		t.Errorf("a registrant without email: %d %s, want 400 naming registrants[0].email", status, body)
	}
}
