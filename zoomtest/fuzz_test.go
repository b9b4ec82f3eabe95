package zoomtest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/zoomgen/zoom/zoomtest"
)

// FuzzBatchRegistrationBody feeds the mock arbitrary batch-registration
// bodies, JSON or multipart. Whatever arrives, the mock must answer (never
// panic) with 201 or with a Zoom error body whose code fits the status,
// and a 201 must list exactly the registrants it now holds.
func FuzzBatchRegistrationBody(f *testing.F) {
	f.Add("application/json", `{"registrants":[{"email":"a@example.com","first_name":"A"}]}`)
	f.Add("application/json", `{"registrants":[{"email":"a@example.com"}],"auto_approve":"x"}`)
	f.Add("application/json", `{"registrants":true[]}`)
	f.Add("multipart/form-data; boundary=XX", "--XX\r\nContent-Disposition: form-data; name=\"registrants\"\r\n\r\ntrue[{\"email\":\"a@example.com\",\"first_name\":\"A\"}]\r\n--XX--\r\n")
	f.Add("multipart/form-data; boundary=XX", "--XX\r\nContent-Disposition: form-data; name=\"registrants\"\r\n\r\n[{\"email\":\"a@example.com\",\"first_name\":\"A\"}]\r\n--XX--\r\n")
	f.Add("text/plain", "")
	h, err := zoomtest.NewHandler(context.Background(), zoomtest.Options{})
	if err != nil {
		f.Fatal(err)
	}
	tok := h.IssueToken()
	f.Fuzz(func(t *testing.T, contentType, body string) {
		req := httptest.NewRequest(http.MethodPost, "/v2/meetings/85746065432/batch_registrants", strings.NewReader(body))
		req.Header.Set("Content-Type", contentType)
		req.Header.Set("Authorization", "Bearer "+tok)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Header().Get("x-zm-trackingid") == "" {
			t.Error("no x-zm-trackingid")
		}
		switch rec.Code {
		case http.StatusCreated:
			var res struct {
				Registrants []struct {
					ID    string `json:"registrant_id"`
					Email string `json:"email"`
				} `json:"registrants"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil || len(res.Registrants) == 0 || len(res.Registrants) > 30 {
				t.Fatalf("201 with %d registrants (%v)", len(res.Registrants), err)
			}
			for _, r := range res.Registrants {
				if h.Registrations(zoomtest.MeetingScheduled, r.Email) == 0 {
					t.Errorf("201 lists %q, who is not registered", r.Email)
				}
			}
		case http.StatusBadRequest, http.StatusTooManyRequests:
			var e struct {
				Code    int    `json:"code"`
				Message string `json:"message"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Message == "" ||
				(rec.Code == 400 && e.Code != 300) || (rec.Code == 429 && e.Code != 429) {
				t.Fatalf("%d with body %q", rec.Code, rec.Body)
			}
		default:
			t.Fatalf("unexpected status %d: %s", rec.Code, rec.Body)
		}
	})
}
