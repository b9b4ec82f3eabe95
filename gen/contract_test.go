package gen_test

// These tests hold the generated client to the generated contract: the
// requests it builds must pass kin-openapi's request validation against
// spec/zoom.openapi.yaml. They are hand-written tests of generated code;
// the code itself is never edited.

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/zoomgen/zoom/gen"
	"github.com/zoomgen/zoom/internal/oasmultipart"
	"github.com/zoomgen/zoom/spec"
)

func init() {
	openapi3.DefineStringFormatValidator("email", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForEmail))
	oasmultipart.Register()
}

// The trailing slash matters: oapi-codegen resolves operation paths
// relative to the server URL, as NewClient does after adding it.
const server = "https://api.zoom.us/v2/"

func validate(t *testing.T, req *http.Request) error {
	t.Helper()
	doc, err := spec.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	route, params, err := router.FindRoute(req)
	if err != nil {
		t.Fatalf("no route for %s %s: %v", req.Method, req.URL, err)
	}
	req.Header.Set("Authorization", "Bearer test")
	return openapi3filter.ValidateRequest(context.Background(), &openapi3filter.RequestValidationInput{
		Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
	})
}

func sampleBody() gen.PerformBatchRegistrationJSONRequestBody {
	last := "Chill"
	approve := true
	return gen.PerformBatchRegistrationJSONRequestBody{
		AutoApprove: approve,
		Registrants: []gen.PerformBatchRegistrationRequestRegistrantsItem{
			{Email: "jchill@example.com", FirstName: "Jill", LastName: last},
			{Email: "tom@example.com", FirstName: "Tom"},
		},
	}
}

// TestGeneratedJSONRequestValidates: the typed method exists (thanks to the
// JSON twin) and what it sends is valid, real JSON.
func TestGeneratedJSONRequestValidates(t *testing.T) {
	req, err := gen.NewPerformBatchRegistrationRequest(server, 85746065432, sampleBody())
	if err != nil {
		t.Fatal(err)
	}
	if got := req.URL.Path; got != "/v2/meetings/85746065432/batch_registrants" {
		t.Errorf("path = %q", got)
	}
	body, _ := req.GetBody()
	var decoded map[string]any
	if err := json.NewDecoder(body).Decode(&decoded); err != nil {
		t.Fatalf("body is not JSON: %v", err)
	}
	if _, ok := decoded["registrants"].([]any); !ok {
		t.Errorf("registrants = %T, want a JSON array (the seeds sent the string true[...])", decoded["registrants"])
	}
	if err := validate(t, req); err != nil {
		t.Errorf("generated request fails validation: %v", err)
	}
}

func multipartRequest(t *testing.T, registrants string) *http.Request {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.WriteField("auto_approve", "true")
	h := map[string][]string{"Content-Disposition": {`form-data; name="registrants"`}, "Content-Type": {"application/json"}}
	part, err := w.CreatePart(h)
	if err != nil {
		t.Fatal(err)
	}
	part.Write([]byte(registrants))
	w.Close()
	req, err := gen.NewPerformBatchRegistrationRequestWithBody(server, 85746065432, w.FormDataContentType(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

func TestGeneratedMultipartRequest(t *testing.T) {
	regs, _ := json.Marshal(sampleBody().Registrants)
	if err := validate(t, multipartRequest(t, string(regs))); err != nil {
		t.Errorf("multipart request with JSON registrants fails validation: %v", err)
	}
	// The seeds' bug: the Postman samples send registrants=true[...].
	err := validate(t, multipartRequest(t, "true"+string(regs)))
	if err == nil {
		t.Fatal("registrants=true[...] passed validation")
	}
	if !strings.Contains(err.Error(), "registrants") {
		t.Errorf("error %q does not name the registrants field", err)
	}
}

func TestContractLimits(t *testing.T) {
	body := sampleBody()
	for len(body.Registrants) <= 30 {
		body.Registrants = append(body.Registrants, body.Registrants[0])
	}
	req, err := gen.NewPerformBatchRegistrationRequest(server, 1, body)
	if err != nil {
		t.Fatal(err)
	}
	if err := validate(t, req); err == nil || !strings.Contains(err.Error(), "30") {
		t.Errorf("31 registrants: err = %v, want a maxItems 30 error", err)
	}
	raw := []byte(`{"registrants": [{"first_name": "No Email"}]}`)
	req, err = gen.NewPerformBatchRegistrationRequestWithBody(server, 1, "application/json", bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if err := validate(t, req); err == nil || !strings.Contains(err.Error(), "email") {
		t.Errorf("missing email: err = %v, want a required-email error", err)
	}
}

// TestWebinarBatchRegistration: the webinar endpoint, generated from its
// Postman item with no per-endpoint code, builds valid requests and keeps
// the 30-registrant limit; its name took the "For<path>" qualifier so that
// the meeting operation kept performBatchRegistration.
func TestWebinarBatchRegistration(t *testing.T) {
	body := gen.PerformBatchRegistrationForWebinarsJSONRequestBody{Registrants: sampleBody().Registrants}
	for _, tc := range []struct {
		name    string
		n       int
		wantErr string
	}{
		{"two registrants", 2, ""},
		{"thirty", 30, ""},
		{"thirty-one", 31, "30"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := body
			b.Registrants = nil
			for len(b.Registrants) < tc.n {
				b.Registrants = append(b.Registrants, body.Registrants[len(b.Registrants)%2])
			}
			req, err := gen.NewPerformBatchRegistrationForWebinarsRequest(server, "85746065432", b)
			if err != nil {
				t.Fatal(err)
			}
			if got := req.URL.Path; got != "/v2/webinars/85746065432/batch_registrants" {
				t.Errorf("path = %q", got)
			}
			err = validate(t, req)
			if tc.wantErr == "" && err != nil {
				t.Errorf("valid request refused: %v", err)
			}
			if tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Errorf("err = %v, want one naming %s", err, tc.wantErr)
			}
		})
	}
}

// TestListRegistrantsPagination: the list endpoint carries Zoom's
// token pagination parameters, and a request using them validates.
func TestListRegistrantsPagination(t *testing.T) {
	size, token := 300, "IAfJX3jsOLW7w3dokmFl84zOa0MAVGyMEB2"
	req, err := gen.NewListMeetingRegistrantsRequest(server, 85746065432, &gen.ListMeetingRegistrantsParams{PageSize: &size, NextPageToken: &token})
	if err != nil {
		t.Fatal(err)
	}
	q := req.URL.Query()
	if q.Get("page_size") != "300" || q.Get("next_page_token") != token {
		t.Errorf("query = %v", q)
	}
	if err := validate(t, req); err != nil {
		t.Errorf("paginated request refused: %v", err)
	}
}
