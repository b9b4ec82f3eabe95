package zoomtest_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/zoomgen/zoom/gen"
	"github.com/zoomgen/zoom/zoomtest"
)

const qpsMessage = "You have reached the maximum per-second rate limit for this API. Try again later."

func TestPerSecondLimit(t *testing.T) {
	clock := newFakeClock(noon)
	srv := newMock(t, zoomtest.Options{Clock: clock.Now, Plan: zoomtest.PlanPro})
	api := client(t, srv, srv.IssueToken())
	send := func(i int) *gen.PerformBatchRegistrationResponse {
		res, err := api.PerformBatchRegistrationWithResponse(context.Background(), zoomtest.MeetingScheduled, batch(people(1, "qps"+string(rune('a'+i%26)))))
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	// The clock stands still: Pro's Heavy budget is 10 in this second.
	for i := range 10 {
		if res := send(i); res.StatusCode() != 201 {
			t.Fatalf("request %d of 10 in one second: %d %s", i+1, res.StatusCode(), res.Body)
		}
	}
	res := send(10)
	h := res.HTTPResponse.Header
	if res.StatusCode() != 429 || res.JSON429 == nil || res.JSON429.Code != 429 || res.JSON429.Message != qpsMessage ||
		h.Get("X-RateLimit-Type") != "QPS" || h.Get("X-RateLimit-Category") != "Heavy" {
		t.Fatalf("11th request in one second: %d %v %s", res.StatusCode(), h, res.Body)
	}
	// Other labels have budgets of their own.
	if m, _ := api.GetMeetingWithResponse(context.Background(), zoomtest.MeetingScheduled, nil); m.StatusCode() != 200 || m.HTTPResponse.Header.Get("X-RateLimit-Category") != "Light" {
		t.Errorf("a Light call while Heavy is exhausted: %d", m.StatusCode())
	}
	clock.Advance(100 * time.Millisecond) // a tenth of a second buys one request
	if res := send(11); res.StatusCode() != 201 {
		t.Errorf("after 100 ms: %d", res.StatusCode())
	}
	if res := send(12); res.StatusCode() != 429 {
		t.Errorf("second request after 100 ms: %d, want 429", res.StatusCode())
	}
	clock.Advance(time.Second)
	for i := range 10 {
		if res := send(13 + i); res.StatusCode() != 201 {
			t.Fatalf("request %d in the next second: %d", i+1, res.StatusCode())
		}
	}
}

func TestDailyLimit(t *testing.T) {
	clock := newFakeClock(time.Date(2026, 3, 14, 23, 59, 0, 0, time.UTC))
	srv := newMock(t, zoomtest.Options{Clock: clock.Now, TokenTTL: 48 * time.Hour,
		Limits: map[zoomtest.Label]zoomtest.Limit{"Heavy": {Daily: 3}}})
	api := client(t, srv, srv.IssueToken())
	for i, want := range []string{"2", "1", "0"} {
		res, err := api.PerformBatchRegistrationWithResponse(context.Background(), zoomtest.MeetingScheduled, batch(people(1, "day")))
		if err != nil || res.StatusCode() != 201 {
			t.Fatalf("request %d: %v %d", i+1, err, res.StatusCode())
		}
		h := res.HTTPResponse.Header
		if h.Get("X-RateLimit-Category") != "Heavy" || h.Get("X-RateLimit-Limit") != "3" || h.Get("X-RateLimit-Remaining") != want {
			t.Errorf("request %d: Category=%q Limit=%q Remaining=%q, want Heavy 3 %s", i+1,
				h.Get("X-RateLimit-Category"), h.Get("X-RateLimit-Limit"), h.Get("X-RateLimit-Remaining"), want)
		}
	}
	// Requests without a valid token are refused before they count.
	if r := do(t, srv, http.MethodPost, "/meetings/85746065432/batch_registrants", "application/json", nil, bearer("nope")); r.status != 401 {
		t.Fatalf("bad token: %d", r.status)
	}
	res, err := api.PerformBatchRegistrationWithResponse(context.Background(), zoomtest.MeetingScheduled, batch(people(1, "over")))
	if err != nil {
		t.Fatal(err)
	}
	h := res.HTTPResponse.Header
	want := map[string]string{"X-RateLimit-Category": "Heavy", "X-RateLimit-Type": "Daily-limit", "X-RateLimit-Limit": "3",
		"X-RateLimit-Remaining": "0", "Retry-After": "Sun, 15 Mar 2026 00:00:00 GMT"}
	for k, v := range want {
		if h.Get(k) != v {
			t.Errorf("%s = %q, want %q", k, h.Get(k), v)
		}
	}
	if res.StatusCode() != 429 || res.JSON429 == nil || res.JSON429.Message != "You have reached the maximum daily rate limit for this API. Refer to the response header for details on when you can make another request." {
		t.Errorf("over the daily budget: %d %s", res.StatusCode(), res.Body)
	}
	if srv.Registrations(zoomtest.MeetingScheduled, "over0@example.com") != 0 {
		t.Error("a request over the daily budget was committed")
	}
	clock.Advance(time.Minute) // 00:00:00 UTC
	res, err = api.PerformBatchRegistrationWithResponse(context.Background(), zoomtest.MeetingScheduled, batch(people(1, "over")))
	if err != nil || res.StatusCode() != 201 || res.HTTPResponse.Header.Get("X-RateLimit-Remaining") != "2" {
		t.Errorf("after midnight UTC: %v %d remaining %q", err, res.StatusCode(), res.HTTPResponse.Header.Get("X-RateLimit-Remaining"))
	}
}

func TestPlanHeaders(t *testing.T) {
	cases := []struct {
		plan             zoomtest.Plan
		heavyLimit       string
		lightLimit       string
		heavyDailyInPlan int
	}{
		{zoomtest.PlanUnlimited, "", "", 0},
		{zoomtest.PlanFree, "1000", "6000", 1000},
		{zoomtest.PlanPro, "30000", "", 30000},
		{zoomtest.PlanBusiness, "60000", "", 60000},
	}
	for _, tc := range cases {
		t.Run(string(tc.plan), func(t *testing.T) {
			srv := newMock(t, zoomtest.Options{Plan: tc.plan})
			api := client(t, srv, srv.IssueToken())
			res, err := api.PerformBatchRegistrationWithResponse(context.Background(), zoomtest.MeetingScheduled, batch(people(1, "plan")))
			if err != nil || res.StatusCode() != 201 {
				t.Fatalf("%v %d", err, res.StatusCode())
			}
			if got := res.HTTPResponse.Header.Get("X-RateLimit-Limit"); got != tc.heavyLimit {
				t.Errorf("Heavy X-RateLimit-Limit = %q, want %q", got, tc.heavyLimit)
			}
			m, _ := api.GetMeetingWithResponse(context.Background(), zoomtest.MeetingScheduled, nil)
			if got := m.HTTPResponse.Header.Get("X-RateLimit-Limit"); got != tc.lightLimit {
				t.Errorf("Light X-RateLimit-Limit = %q, want %q", got, tc.lightLimit)
			}
			if got := zoomtest.PlanLimits(tc.plan)["Heavy"].Daily; got != tc.heavyDailyInPlan {
				t.Errorf("PlanLimits Heavy daily = %d, want %d", got, tc.heavyDailyInPlan)
			}
		})
	}
}

func TestParsePlan(t *testing.T) {
	for in, want := range map[string]zoomtest.Plan{"": zoomtest.PlanUnlimited, "unlimited": zoomtest.PlanUnlimited,
		"free": zoomtest.PlanFree, "pro": zoomtest.PlanPro, "business": zoomtest.PlanBusiness} {
		if got, ok := zoomtest.ParsePlan(in); !ok || got != want {
			t.Errorf("ParsePlan(%q) = %q, %v", in, got, ok)
		}
	}
	if _, ok := zoomtest.ParsePlan("enterprise"); ok {
		t.Error("ParsePlan accepted a plan the mock does not know")
	}
}

// TestLimitsOverrideOneLabel: Options.Limits replaces the plan's limit for
// the labels it names and leaves the others as the plan has them.
func TestLimitsOverrideOneLabel(t *testing.T) {
	srv := newMock(t, zoomtest.Options{Plan: zoomtest.PlanPro, Limits: map[zoomtest.Label]zoomtest.Limit{"Light": {Daily: 5}}})
	api := client(t, srv, srv.IssueToken())
	m, _ := api.GetMeetingWithResponse(context.Background(), zoomtest.MeetingScheduled, nil)
	if got := m.HTTPResponse.Header.Get("X-RateLimit-Limit"); got != "5" {
		t.Errorf("Light daily limit %q, want the override's 5", got)
	}
	res, _ := api.PerformBatchRegistrationWithResponse(context.Background(), zoomtest.MeetingScheduled, batch(people(1, "o")))
	if got := res.HTTPResponse.Header.Get("X-RateLimit-Limit"); got != "30000" {
		t.Errorf("Heavy daily limit %q, want Pro's 30000", got)
	}
}
