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
		AutoApprove: &approve,
		Registrants: []gen.PerformBatchRegistrationRequestRegistrantsItem{
			{Email: "jchill@example.com", FirstName: "Jill", LastName: &last},
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
