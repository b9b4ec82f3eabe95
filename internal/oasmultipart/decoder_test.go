package oasmultipart_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/zoomgen/zoom/internal/oasmultipart"
)

const doc = `
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /batch:
    post:
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [people]
              properties:
                note: {type: string}
                tags: {type: array, items: {type: string}}
                people:
                  type: array
                  maxItems: 2
                  items:
                    type: object
                    required: [email]
                    properties: {email: {type: string}}
            encoding:
              people: {contentType: application/json}
      responses:
        "200": {description: ok}
  /strict:
    post:
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              additionalProperties: false
              properties:
                people: {type: array, items: {type: object}}
            encoding:
              people: {contentType: application/json}
      responses:
        "200": {description: ok}
`

type part struct{ name, contentType, value string }

func requestTo(t *testing.T, path string, parts ...part) *http.Request {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, p := range parts {
		h := textproto.MIMEHeader{"Content-Disposition": {`form-data; name="` + p.name + `"`}}
		if p.contentType != "" {
			h.Set("Content-Type", p.contentType)
		}
		pw, err := w.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		pw.Write([]byte(p.value))
	}
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, path, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return req
}

func TestDecode(t *testing.T) {
	t.Parallel()
	oasmultipart.Register()
	spec, err := openapi3.NewLoader().LoadFromData([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	router, err := gorillamux.NewRouter(spec)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		parts   []part
		wantErr string // "" for valid
		path    string // "" for /batch
	}{
		{"JSON array in one labelled part", []part{{"people", "application/json", `[{"email":"a@x"},{"email":"b@x"}]`}}, "", ""},
		{"JSON array in an unlabelled part (curl --form)", []part{{"people", "", `[{"email":"a@x"}]`}, {"note", "", "hi"}}, "", ""},
		{"plain repeated parts still work", []part{{"people", "", `[{"email":"a@x"}]`}, {"tags", "", "a"}, {"tags", "", "b"}}, "", ""},
		{"seeds' true[...] is refused", []part{{"people", "", `true[{"email":"a@x"}]`}}, "people", ""},
		{"item schema still applies", []part{{"people", "application/json", `[{"name":"no email"}]`}}, "email", ""},
		{"maxItems still applies", []part{{"people", "application/json", `[{"email":"a"},{"email":"b"},{"email":"c"}]`}}, "2", ""},
		{"required still applies", []part{{"note", "", "hi"}}, "people", ""},
		{"unknown parts are ignored, as unknown JSON properties are", []part{{"people", "", `[{"email":"a@x"}]`}, {"extra", "", "x"}}, "", ""},
		{"additionalProperties: false still refuses unknown parts", []part{{"people", "", `[{}]`}, {"extra", "", "x"}}, "extra", "/strict"},
		{"additionalProperties: false still takes known parts", []part{{"people", "", `[{}]`}}, "", "/strict"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := tc.path
			if path == "" {
				path = "/batch"
			}
			req := requestTo(t, path, tc.parts...)
			route, params, err := router.FindRoute(req)
			if err != nil {
				t.Fatal(err)
			}
			err = openapi3filter.ValidateRequest(context.Background(), &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route})
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("valid request refused: %v", err)
			case tc.wantErr != "" && err == nil:
				t.Error("invalid request accepted")
			case tc.wantErr != "" && !strings.Contains(err.Error(), tc.wantErr):
				t.Errorf("error %q does not mention %q", err, tc.wantErr)
			}
		})
	}
}
