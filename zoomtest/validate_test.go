package zoomtest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/zoomgen/zoom/gen"
	"github.com/zoomgen/zoom/zoomtest"
)

func registrantsJSON(n int) string {
	items := make([]string, n)
	for i := range items {
		items[i] = fmt.Sprintf(`{"email":"p%d@example.com","first_name":"P%d"}`, i, i)
	}
	return "[" + strings.Join(items, ",") + "]"
}

// TestRequestsTheSpecForbids sends what the spec refuses, as JSON and as
// multipart, and checks Zoom's 400 names the field and says what is wrong.
func TestRequestsTheSpecForbids(t *testing.T) {
	type fieldErr struct{ field, message string }
	const path = "/meetings/85746065432/batch_registrants"
	cases := []struct {
		name        string
		contentType string
		body        string
		parts       [][2]string // multipart when set
		message     string
		fields      []fieldErr
	}{
		{name: "31 registrants", contentType: "application/json", body: `{"registrants":` + registrantsJSON(31) + `}`,
			message: "Validation Failed.", fields: []fieldErr{{"registrants", "Invalid field: at most 30 items are allowed."}}},
		{name: "no registrants", contentType: "application/json", body: `{"registrants":[]}`,
			message: "Validation Failed.", fields: []fieldErr{{"registrants", "Invalid field: at least 1 item(s) are required."}}},
		{name: "registrants missing", contentType: "application/json", body: `{"auto_approve":true}`,
			message: "Validation Failed.", fields: []fieldErr{{"registrants", "Required field is missing."}}},
		{name: "missing email", contentType: "application/json",
			body:    `{"registrants":[{"email":"a@example.com","first_name":"A"},{"first_name":"B"}]}`,
			message: "Validation Failed.", fields: []fieldErr{{"registrants[1].email", "Required field is missing."}}},
		{name: "invalid email at index 3", contentType: "application/json",
			body:    `{"registrants":[{"email":"a@x.io","first_name":"A"},{"email":"b@x.io","first_name":"B"},{"email":"c@x.io","first_name":"C"},{"email":"not-an-email","first_name":"D"}]}`,
			message: "Validation Failed.", fields: []fieldErr{{"registrants[3].email", "Invalid field."}}},
		{name: "several fields at once", contentType: "application/json",
			body:    `{"registrants":[{"email":"bad"},{"email":7,"first_name":"B"}],"auto_approve":"yes"}`,
			message: "Validation Failed.",
			fields: []fieldErr{{"auto_approve", "Invalid field: value must be a boolean."},
				{"registrants[0].email", "Invalid field."}, {"registrants[0].first_name", "Required field is missing."},
				{"registrants[1].email", "Invalid field: value must be a string."}}},
		{name: "not JSON", contentType: "application/json", body: `registrants=[{"email":"a@example.com"}]`,
			message: "Request Body should be a valid JSON object."},
		{name: "JSON but not an object", contentType: "application/json", body: `[1,2]`,
			message: "Request Body should be a valid JSON object."},
		{name: "empty body", contentType: "application/json", body: ``,
			message: "Request Body should be a valid JSON object."},
		{name: "a content type the operation does not take", contentType: "text/plain", body: `{"registrants":[]}`,
			message: "Request Body should be a valid JSON object."},
		{name: "multipart registrants not JSON", parts: [][2]string{{"registrants", "jill@example.com,Jill"}},
			message: "Validation Failed.", fields: []fieldErr{{"registrants", "Invalid field: must be a JSON array (a multipart part that is not JSON is refused)."}}},
		{name: "multipart, the seeds' true[...]", parts: [][2]string{{"auto_approve", "true"}, {"registrants", `true[{"email":"a@example.com","first_name":"A"}]`}},
			message: "Validation Failed.", fields: []fieldErr{{"registrants", "Invalid field: must be a JSON array (a multipart part that is not JSON is refused)."}}},
		{name: "multipart 31 registrants", parts: [][2]string{{"registrants", registrantsJSON(31)}},
			message: "Validation Failed.", fields: []fieldErr{{"registrants", "Invalid field: at most 30 items are allowed."}}},
		{name: "multipart missing email", parts: [][2]string{{"registrants", `[{"first_name":"A"}]`}},
			message: "Validation Failed.", fields: []fieldErr{{"registrants[0].email", "Required field is missing."}}},
	}
	srv := newMock(t, zoomtest.Options{})
	tok := srv.IssueToken()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ct, body := tc.contentType, strings.NewReader(tc.body)
			if tc.parts != nil {
				var buf fmt.Stringer
				ct, buf = multipartBody(t, tc.parts)
				body = strings.NewReader(buf.String())
			}
			r := do(t, srv, http.MethodPost, path, ct, body, bearer(tok))
			e := r.zoomError(t)
			if r.status != 400 || e.Code != 300 || e.Message != tc.message {
				t.Fatalf("got %d %s, want 400 code 300 %q", r.status, r.body, tc.message)
			}
			var got []fieldErr
			if e.Errors != nil {
				for _, f := range e.Errors {
					got = append(got, fieldErr{f.Field, f.Message})
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.fields) {
				t.Errorf("field errors\n got %v\nwant %v", got, tc.fields)
			}
		})
	}
	if n := len(srv.Registrants(zoomtest.MeetingScheduled)); n != 0 {
		t.Errorf("refused requests registered %d people", n)
	}
}

// TestMultipartRegistration registers through multipart/form-data, with
// and without the part labelled application/json.
func TestMultipartRegistration(t *testing.T) {
	srv := newMock(t, zoomtest.Options{})
	ct, body := multipartBody(t, [][2]string{{"auto_approve", "true"}, {"registrants", registrantsJSON(3)}})
	r := do(t, srv, http.MethodPost, "/meetings/85746065432/batch_registrants", ct, body, bearer(srv.IssueToken()))
	var res gen.PerformBatchRegistrationResult
	if err := json.Unmarshal(r.body, &res); r.status != 201 || err != nil || res.Registrants == nil || len(res.Registrants) != 3 {
		t.Fatalf("multipart batch: %d %s", r.status, r.body)
	}
	if n := srv.Registrations(zoomtest.MeetingScheduled, "p2@example.com"); n != 1 {
		t.Errorf("Registrations = %d, want 1", n)
	}
}

func TestParameterErrors(t *testing.T) {
	srv := newMock(t, zoomtest.Options{})
	tok := srv.IssueToken()
	cases := []struct{ name, path, field string }{
		{"meeting id not a number", "/meetings/abc/registrants", "meetingId"},
		{"unknown status", "/meetings/85746065432/registrants?status=maybe", "status"},
		{"page_size not a number", "/meetings/85746065432/registrants?page_size=many", "page_size"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := do(t, srv, http.MethodGet, tc.path, "", nil, bearer(tok))
			e := r.zoomError(t)
			if r.status != 400 || e.Code != 300 || len(e.Errors) == 0 || e.Errors[0].Field != tc.field {
				t.Errorf("got %d %s, want 400 code 300 naming %s", r.status, r.body, tc.field)
			}
		})
	}
	if r := do(t, srv, http.MethodGet, "/no/such/api", "", nil, bearer(tok)); r.status != 404 || r.header.Get("x-zm-trackingid") == "" {
		t.Errorf("unknown path: %d, want 404 with a tracking id", r.status)
	}
}

// TestMultipartFieldErrors: a multipart part kin-openapi cannot read as
// its type is named like any other field; unknown parts are ignored, as
// unknown JSON properties are.
func TestMultipartFieldErrors(t *testing.T) {
	srv := newMock(t, zoomtest.Options{})
	tok := srv.IssueToken()
	ct, body := multipartBody(t, [][2]string{{"auto_approve", "maybe"}, {"registrants", registrantsJSON(1)}})
	r := do(t, srv, http.MethodPost, "/meetings/85746065432/batch_registrants", ct, body, bearer(tok))
	if e := r.zoomError(t); r.status != 400 || e.Message != "Validation Failed." || e.Errors == nil ||
		e.Errors[0].Field != "auto_approve" || strings.Contains(string(r.body), "maybe") {
		t.Errorf("auto_approve=maybe: %d %s, want a field error naming auto_approve without quoting the value", r.status, r.body)
	}
	ct, body = multipartBody(t, [][2]string{{"registrants", registrantsJSON(1)}, {"unknown_part", "x"}})
	if r := do(t, srv, http.MethodPost, "/meetings/85746065432/batch_registrants", ct, body, bearer(tok)); r.status != 201 {
		t.Errorf("an unknown part: %d %s, want 201", r.status, r.body)
	}
}

func TestBodyTooLarge(t *testing.T) {
	srv := newMock(t, zoomtest.Options{})
	body := `{"registrants":[{"email":"a@example.com","first_name":"` + strings.Repeat("x", 2<<20) + `"}]}`
	r := do(t, srv, http.MethodPost, "/meetings/85746065432/batch_registrants", "application/json", strings.NewReader(body), bearer(srv.IssueToken()))
	if e := r.zoomError(t); r.status != http.StatusRequestEntityTooLarge || !strings.Contains(e.Message, "too large") {
		t.Errorf("a 2 MiB body: %d %s", r.status, r.body)
	}
}
