package zoomtest_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/zoomgen/zoom/spec"
	"github.com/zoomgen/zoom/zoomtest"
)

// TestEveryMeetingRouteKnowsUnknownMeetings sends every operation under
// /meetings/{meetingId} of the document, with its example body, for a
// meeting the mock does not hold: each must answer Zoom's 404 with code
// 3001, whether it has behaviour of its own or answers its example.
func TestEveryMeetingRouteKnowsUnknownMeetings(t *testing.T) {
	t.Parallel()
	doc, err := spec.Load(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	srv := zoomtest.NewServer(t, zoomtest.Options{})
	tok := srv.IssueToken()
	n := 0
	for path, item := range doc.Paths.Map() {
		if !strings.HasPrefix(path, "/meetings/{meetingId}") {
			continue
		}
		for method, op := range item.Operations() {
			n++
			p := strings.ReplaceAll(path, "{meetingId}", "99999999999")
			for _, prm := range op.Parameters {
				if v := prm.Value; v.In == "path" && v.Name != "meetingId" {
					p = strings.ReplaceAll(p, "{"+v.Name+"}", "abc")
				}
			}
			q := url.Values{}
			for _, prm := range op.Parameters {
				if v := prm.Value; v.In == "query" && v.Required {
					q.Set(v.Name, "1")
				}
			}
			var body io.Reader
			if op.RequestBody != nil {
				mt := op.RequestBody.Value.Content.Get("application/json")
				if mt == nil || mt.Example == nil {
					t.Errorf("%s %s: no JSON example body to send", method, path)
					continue
				}
				b, _ := json.Marshal(mt.Example)
				body = bytes.NewReader(b)
			}
			req, _ := http.NewRequest(method, srv.BaseURL()+p+"?"+q.Encode(), body)
			req.Header.Set("Authorization", "Bearer "+tok)
			if body != nil {
				req.Header.Set("Content-Type", "application/json")
			}
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			var e struct{ Code int }
			_ = json.Unmarshal(b, &e)
			if resp.StatusCode != 404 || e.Code != 3001 {
				t.Errorf("%s %s (%s) for an unknown meeting: %d %s, want 404 with code 3001", method, p, op.OperationID, resp.StatusCode, b)
			}
		}
	}
	if n < 6 {
		t.Errorf("only %d operations under /meetings/{meetingId}", n)
	}
}
