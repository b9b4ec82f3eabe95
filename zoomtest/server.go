// Package zoomtest runs a mock Zoom API on loopback for tests and demos.
// It routes and validates every request against the generated OpenAPI
// document (spec/zoom.openapi.yaml) with kin-openapi, so a client that
// passes here sends what the contract allows.
package zoomtest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/zoomgen/zoom/internal/oasmultipart"
	"github.com/zoomgen/zoom/spec"
)

// APIPrefix is where the mock serves the API, as Zoom serves it under /v2.
const APIPrefix = "/v2"

func init() {
	// kin-openapi checks string formats only when told how.
	openapi3.DefineStringFormatValidator("email", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForEmail))
	oasmultipart.Register()
}

// Options configures a mock server.
type Options struct {
	// Logf, when set, receives one line per request.
	Logf func(format string, args ...any)
}

// Server is a running mock Zoom API.
type Server struct {
	*httptest.Server
	handler *Handler
}

// BaseURL is the API base URL to give a client, e.g. http://127.0.0.1:1234/v2.
func (s *Server) BaseURL() string { return s.URL + APIPrefix }

// NewServer starts a mock on loopback and closes it when the test ends.
func NewServer(t testing.TB, opts Options) *Server {
	t.Helper()
	srv, err := Start(context.Background(), opts)
	if err != nil {
		t.Fatalf("zoomtest: %v", err)
	}
	t.Cleanup(srv.Close)
	return srv
}

// Start starts a mock on a free loopback port; the caller closes it.
func Start(ctx context.Context, opts Options) (*Server, error) {
	h, err := NewHandler(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &Server{Server: httptest.NewServer(h), handler: h}, nil
}

// Handler is the mock's http.Handler.
type Handler struct {
	opts   Options
	router routers.Router
}

// NewHandler builds the handler from the embedded OpenAPI document.
func NewHandler(ctx context.Context, opts Options) (*Handler, error) {
	doc, err := spec.Load(ctx)
	if err != nil {
		return nil, err
	}
	// Route on the path alone: the mock answers on whatever host it runs.
	doc.Servers = openapi3.Servers{{URL: APIPrefix}}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("zoomtest: routing the OpenAPI document: %w", err)
	}
	return &Handler{opts: opts, router: router}, nil
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	status := h.serve(w, r)
	if h.opts.Logf != nil {
		h.opts.Logf("%s %s → %d", r.Method, r.URL.Path, status)
	}
}

func (h *Handler) serve(w http.ResponseWriter, r *http.Request) int {
	route, pathParams, err := h.router.FindRoute(r)
	if err != nil {
		return writeError(w, http.StatusNotFound, 404, "No such API: "+r.Method+" "+r.URL.Path)
	}
	in := &openapi3filter.RequestValidationInput{
		Request:    r,
		PathParams: pathParams,
		Route:      route,
		Options: &openapi3filter.Options{
			MultiError:         false,
			AuthenticationFunc: requireBearer,
		},
	}
	if err := openapi3filter.ValidateRequest(r.Context(), in); err != nil {
		var secErr *openapi3filter.SecurityRequirementsError
		if errors.As(err, &secErr) {
			return writeError(w, http.StatusUnauthorized, 124, "Invalid access token.")
		}
		return writeError(w, http.StatusBadRequest, 300, "Validation Failed: "+err.Error())
	}
	switch route.Operation.OperationID {
	case "performBatchRegistration":
		return h.batchRegistration(w, r, pathParams["meetingId"])
	}
	return writeExample(w, route.Operation)
}

func requireBearer(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	auth := in.RequestValidationInput.Request.Header.Get("Authorization")
	if token, ok := strings.CutPrefix(auth, "Bearer "); !ok || token == "" {
		return errors.New("no bearer token")
	}
	return nil
}

type registrant struct {
	Email     string `json:"email"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name,omitempty"`
}

// batchRegistration answers as the live API does: 201 with one entry per
// registrant. IDs derive from meeting and email, so registering the same
// person again gives the same registrant_id and join_url.
func (h *Handler) batchRegistration(w http.ResponseWriter, r *http.Request, meetingID string) int {
	regs, err := readRegistrants(r)
	if err != nil {
		return writeError(w, http.StatusBadRequest, 300, "Request Body should be a valid JSON object.")
	}
	type out struct {
		RegistrantID       string `json:"registrant_id"`
		Email              string `json:"email"`
		JoinURL            string `json:"join_url"`
		ParticipantPinCode int64  `json:"participant_pin_code"`
	}
	res := struct {
		Registrants []out `json:"registrants"`
	}{Registrants: []out{}}
	for _, reg := range regs {
		sum := sha256.Sum256([]byte(meetingID + "\x00" + strings.ToLower(reg.Email)))
		id := hex.EncodeToString(sum[:8])
		pin := int64(sum[8])<<16 | int64(sum[9])<<8 | int64(sum[10])
		res.Registrants = append(res.Registrants, out{
			RegistrantID:       id,
			Email:              reg.Email,
			JoinURL:            "https://zoom.us/w/" + meetingID + "?tk=" + hex.EncodeToString(sum[16:28]),
			ParticipantPinCode: pin % 1000000,
		})
	}
	return writeJSON(w, http.StatusCreated, res)
}

// readRegistrants reads the registrants from a JSON or multipart body that
// has already passed validation.
func readRegistrants(r *http.Request) ([]registrant, error) {
	var body struct {
		Registrants []registrant `json:"registrants"`
	}
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		return nil, err
	}
	if mt != "multipart/form-data" {
		err := json.NewDecoder(r.Body).Decode(&body)
		return body.Registrants, err
	}
	mr := multipart.NewReader(r.Body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return body.Registrants, nil
		}
		if err != nil {
			return nil, err
		}
		if part.FormName() == "registrants" {
			if err := json.NewDecoder(part).Decode(&body.Registrants); err != nil {
				return nil, err
			}
		}
	}
}

// writeExample answers an operation that has no behaviour of its own with
// the example of its first success response.
func writeExample(w http.ResponseWriter, op *openapi3.Operation) int {
	for _, code := range []int{200, 201, 204} {
		resp := op.Responses.Status(code)
		if resp == nil || resp.Value == nil {
			continue
		}
		if mt := resp.Value.Content.Get("application/json"); mt != nil && mt.Example != nil {
			return writeJSON(w, code, mt.Example)
		}
		w.WriteHeader(code)
		return code
	}
	return writeError(w, http.StatusNotImplemented, 501, "The mock has no example response for "+op.OperationID)
}

func writeError(w http.ResponseWriter, status, code int, msg string) int {
	return writeJSON(w, status, map[string]any{"code": code, "message": msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) int {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v) // the client went away; nothing to tell it
	return status
}
