package zoomtest_test

import (
	"net/http"
	"testing"

	"github.com/zoomgen/zoom/zoomtest"
)

// TestPathParametersDecoded: the mock matches the escaped path, so an
// escaped "/" stays inside its parameter, and hands the operation the
// decoded value; the request log keeps the target as it was sent.
func TestPathParametersDecoded(t *testing.T) {
	t.Parallel()
	srv := newMock(t, zoomtest.Options{})
	tok := srv.IssueToken()
	for _, tc := range []struct{ segment, id string }{
		{"..%2F..%2Fusers%2Fme", "../../users/me"},
		{"a%3Fb%23c", "a?b#c"},
		{"a%252Fb", "a%2Fb"},
		{"plain", "plain"},
	} {
		r := do(t, srv, http.MethodDelete, "/meetings/85746065432/registrants/"+tc.segment, "", nil, bearer(tok))
		if e := r.zoomError(t); r.status != 404 || e.Message != "Registrant does not exist: "+tc.id+"." {
			t.Errorf("%s: %d %q; want 404 naming registrant %q", tc.segment, r.status, e.Message, tc.id)
		}
		log := srv.Requests()
		got := log[len(log)-1]
		if got.Operation != "deleteMeetingRegistrant" || got.Target != "/v2/meetings/85746065432/registrants/"+tc.segment {
			t.Errorf("%s: logged as %q with target %q", tc.segment, got.Operation, got.Target)
		}
	}
}
