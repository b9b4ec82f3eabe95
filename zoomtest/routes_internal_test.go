package zoomtest

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

func get(t *testing.T, url, token string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestExampleAnswerOnlyForExistingMeetings adds an operation the mock has
// no behaviour for under /meetings/{meetingId}/: an existing meeting gets
// the example, a meeting the mock does not hold gets Zoom's 404/3001
// instead of an example that pretends it exists.
func TestExampleAnswerOnlyForExistingMeetings(t *testing.T) {
	t.Parallel()
	ts, h := serveDoc(t, func(doc *openapi3.T) {
		get := doc.Paths.Value("/meetings/{meetingId}").Get
		op := *get
		op.OperationID = "meetingInvitation"
		resp := openapi3.NewResponse().WithDescription("OK").WithJSONSchema(openapi3.NewObjectSchema())
		resp.Content.Get("application/json").Example = map[string]any{"invitation": "Join the meeting"}
		op.Responses = openapi3.NewResponses(openapi3.WithStatus(200, &openapi3.ResponseRef{Value: resp}))
		doc.Paths.Set("/meetings/{meetingId}/invitation", &openapi3.PathItem{Get: &op})
	}, Options{}, t.Errorf)
	tok := h.IssueToken()
	if status, body := get(t, ts.URL+APIPrefix+"/meetings/85746065432/invitation", tok); status != 200 || !strings.Contains(body, "Join the meeting") {
		t.Errorf("existing meeting: %d %s, want 200 and the example", status, body)
	}
	status, body := get(t, ts.URL+APIPrefix+"/meetings/99999999999/invitation", tok)
	var e struct {
		Code    int
		Message string
	}
	if err := json.Unmarshal([]byte(body), &e); err != nil || status != 404 || e.Code != 3001 || !strings.Contains(e.Message, "99999999999") {
		t.Errorf("unknown meeting: %d %s, want 404 with code 3001 naming the id", status, body)
	}
}

// TestRouteMissIsNotAZoomCode: a path the API does not have (a base URL
// without /v2) is answered 404 without a Zoom error code (404 is Zoom's
// "registration has not been enabled"), with a message naming the prefix.
func TestRouteMissIsNotAZoomCode(t *testing.T) {
	t.Parallel()
	ts, h := serveDoc(t, func(*openapi3.T) {}, Options{}, t.Errorf)
	status, body := get(t, ts.URL+"/meetings/85746065432/registrants", h.IssueToken())
	var e map[string]any
	if err := json.Unmarshal([]byte(body), &e); err != nil || status != 404 {
		t.Fatalf("%d %s, want a JSON 404", status, body)
	}
	if _, has := e["code"]; has {
		t.Errorf("route miss carries a Zoom code: %s", body)
	}
	if msg, _ := e["message"].(string); !strings.Contains(msg, "No such API") || !strings.Contains(msg, "/v2 missing from the base URL") {
		t.Errorf("message %q does not point at the base URL", msg)
	}
}
