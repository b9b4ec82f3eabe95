package zoom_test

import (
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zoomgen/zoom"
	"github.com/zoomgen/zoom/gen"
	"github.com/zoomgen/zoom/zoomtest"
)

// An option that cannot be honoured is NewClient's error, naming the
// option, instead of a client that quietly does something else.
func TestNewClientRefusesOptionsItCannotHonour(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		opt  zoom.Option
		want string
	}{
		{"unknown plan", zoom.WithPlan("gold"), "WithPlan"},
		{"unknown label", zoom.WithRateLimit("heavy", 5, 0), "WithRateLimit"},
		{"negative rate", zoom.WithRateLimit(zoom.LabelHeavy, -1, 0), "WithRateLimit"},
		{"NaN rate", zoom.WithRateLimit(zoom.LabelHeavy, math.NaN(), 0), "WithRateLimit"},
		{"negative daily", zoom.WithRateLimit(zoom.LabelLight, 1, -5), "WithRateLimit"},
		{"negative attempts", zoom.WithRetry(zoom.RetryPolicy{MaxAttempts: -1}), "WithRetry"},
		{"negative delay", zoom.WithRetry(zoom.RetryPolicy{BaseDelay: -time.Second}), "WithRetry"},
		{"max below base", zoom.WithRetry(zoom.RetryPolicy{BaseDelay: 2 * time.Second, MaxDelay: time.Second}), "WithRetry"},
	} {
		c, err := zoom.NewClient(zoom.WithToken("t"), tc.opt)
		if err == nil || c != nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: NewClient = %v, %v; want an error naming %s", tc.name, c, err, tc.want)
		}
	}
	p := zoom.NewPacer(zoom.PlanPro, nil)
	for _, opt := range []zoom.Option{zoom.WithPlan(zoom.PlanPro), zoom.WithRateLimit(zoom.LabelHeavy, 1, 0)} {
		if _, err := zoom.NewClient(zoom.WithToken("t"), zoom.WithPacer(p), opt); err == nil {
			t.Error("WithPacer together with WithPlan or WithRateLimit was accepted")
		}
	}
	for _, plan := range []zoom.Plan{zoom.PlanUnlimited, zoom.PlanFree, zoom.PlanPro, zoom.PlanBusiness} {
		if _, err := zoom.NewClient(zoom.WithToken("t"), zoom.WithPlan(plan)); err != nil {
			t.Errorf("WithPlan(%q): %v", plan, err)
		}
	}
}

// RetryPolicy{BaseDelay: time.Second} keeps retrying (zero MaxAttempts is
// the default's 5), where it used to mean one attempt.
func TestRetryPolicyZeroFieldsTakeDefaults(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) < 3 {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"id":1}`)
	}))
	defer api.Close()
	c, err := zoom.NewClient(zoom.WithToken("t"), zoom.WithBaseURL(api.URL), zoom.WithPlan(zoom.PlanUnlimited),
		zoom.WithRetry(zoom.RetryPolicy{BaseDelay: time.Millisecond}))
	must(t, err)
	res, err := c.API().GetMeetingWithResponse(t.Context(), 1, nil)
	if err != nil || res.JSON200 == nil || n.Load() != 3 {
		t.Fatalf("after %d attempts: %v", n.Load(), err)
	}
}

// Plans and labels are one vocabulary: the client's and the mock's names
// are the same values of the same types, and the zero Plan means
// "unlimited" in both.
func TestPlansAndLabelsMeanTheSameInClientAndMock(t *testing.T) {
	t.Parallel()
	var p zoom.Plan = zoomtest.PlanPro // the same type: this compiles
	var l zoomtest.Label = zoom.LabelHeavy
	if p != zoom.PlanPro || l != zoomtest.LabelHeavy || zoom.Plan("") != zoom.PlanUnlimited || zoomtest.Plan("") != zoomtest.PlanUnlimited {
		t.Fatal("plan or label constants differ between zoom and zoomtest")
	}
	for _, s := range []string{"", "unlimited", "Free", "pro", "BUSINESS"} {
		a, okA := zoom.ParsePlan(s)
		b, okB := zoomtest.ParsePlan(s)
		if a != b || !okA || !okB {
			t.Errorf("ParsePlan(%q): client %q %v, mock %q %v", s, a, okA, b, okB)
		}
	}
	if _, ok := zoom.ParsePlan("gold"); ok {
		t.Error(`ParsePlan("gold") accepted`)
	}
	// The mock refuses a label it would not apply, as the client does.
	if _, err := zoomtest.Start(t.Context(), zoomtest.Options{Limits: map[zoomtest.Label]zoomtest.Limit{"heavy": {PerSecond: 1}}}); err == nil {
		t.Error("zoomtest accepted an unknown label")
	}
	// The zero Plan limits nothing in the mock: far more Heavy calls than
	// any plan allows in a second all succeed.
	srv := zoomtest.NewServer(t, zoomtest.Options{Plan: ""})
	c := mockClient(t, srv, newRecorder(), zoom.WithPlan(""))
	for i := range 15 {
		_, err := c.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, body(registrants(1, fmt.Sprintf("zero%d-", i))))
		must(t, err)
	}
}

// A 2xx the operation does not document never comes back as a nil result
// with a nil error: it is an *Error naming the status, and for a POST it
// also matches ErrOutcomeUnknown (Zoom said it took effect).
func TestUndocumented2xxIsAnError(t *testing.T) {
	t.Parallel()
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusAccepted)
		_, _ = io.WriteString(w, `{"registrants":[{"email":"a@example.com","registrant_id":"r1"}],"id":1}`)
	}))
	defer api.Close()
	c, err := zoom.NewClient(zoom.WithToken("t"), zoom.WithBaseURL(api.URL), zoom.WithPlan(zoom.PlanUnlimited))
	must(t, err)

	res, err := c.API().GetMeetingWithResponse(t.Context(), 1, nil)
	var ze *zoom.Error
	if res != nil || !errors.As(err, &ze) || ze.StatusCode != http.StatusAccepted || ze.Operation != "getMeeting" ||
		!strings.Contains(err.Error(), "202") || errors.Is(err, zoom.ErrOutcomeUnknown) {
		t.Fatalf("GET answered 202: res %v, err %v", res, err)
	}
	bres, err := c.PerformBatchRegistration(t.Context(), 1, body(registrants(1, "a")))
	if bres != nil || !errors.As(err, &ze) || ze.StatusCode != http.StatusAccepted || !errors.Is(err, zoom.ErrOutcomeUnknown) {
		t.Fatalf("batch answered 202: res %v, err %v", bres, err)
	}
}

// Webinar batch registration answers 201 live; the overlay documents it,
// so the generated result is filled.
func TestWebinarBatchRegistration201Decodes(t *testing.T) {
	t.Parallel()
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, `{"registrants":[{"email":"w@example.com","registrant_id":"w1","join_url":"https://zoom.us/w/1?tk=x"}]}`)
	}))
	defer api.Close()
	c, err := zoom.NewClient(zoom.WithToken("t"), zoom.WithBaseURL(api.URL), zoom.WithPlan(zoom.PlanUnlimited))
	must(t, err)
	res, err := c.API().PerformBatchRegistrationForWebinarsWithResponse(t.Context(), "5", gen.WebinarBatchRegistrationRequest{
		Registrants: []gen.Registrant{{Email: "w@example.com", FirstName: "W"}},
	})
	if err != nil || res.JSON201 == nil || len(res.JSON201.Registrants) != 1 || res.JSON201.Registrants[0].RegistrantID != "w1" {
		t.Fatalf("201: err %v, res %+v", err, res)
	}
}

// The generated iterator passes the caller's filters on every page and
// pages by next_page_token.
func TestGeneratedIteratorKeepsParams(t *testing.T) {
	t.Parallel()
	srv := zoomtest.NewServer(t, zoomtest.Options{})
	rec := newRecorder()
	c := mockClient(t, srv, rec)
	for i := range 3 {
		_, err := c.PerformBatchRegistration(t.Context(), zoomtest.MeetingScheduled, body(registrants(5, fmt.Sprintf("it%d-", i))))
		must(t, err)
	}
	before := len(rec.api())
	n := 0
	params := &gen.ListMeetingRegistrantsParams{Status: zoom.Ptr(gen.RegistrantStatusApproved), PageSize: zoom.Ptr(4)}
	for r, err := range c.ListMeetingRegistrantsAll(t.Context(), zoomtest.MeetingScheduled, params) {
		must(t, err)
		if r.Email == "" || r.ID == "" {
			t.Fatalf("item %+v", r)
		}
		n++
	}
	reqs := rec.api()[before:]
	if n != 15 || len(reqs) != 4 {
		t.Fatalf("%d items in %d requests, want 15 in 4", n, len(reqs))
	}
	for i, r := range reqs {
		if !strings.Contains(r.Query, "status=approved") || !strings.Contains(r.Query, "page_size=4") ||
			strings.Contains(r.Query, "next_page_token") != (i > 0) {
			t.Errorf("page %d query %q", i, r.Query)
		}
	}
	if params.NextPageToken != nil {
		t.Error("the iterator changed the caller's params")
	}
}
