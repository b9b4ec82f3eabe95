package zoom

import "testing"

func TestOperationMatch(t *testing.T) {
	t.Parallel()
	ops, err := loadOperations()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		method, path, want string
	}{
		{"POST", "/meetings/1/batch_registrants", "performBatchRegistration"},
		{"GET", "/meetings/1/registrants", "listMeetingRegistrants"},
		{"PUT", "/meetings/1/registrants/status", "updateRegistrantsStatus"},
		{"DELETE", "/meetings/1/registrants/abc", "deleteMeetingRegistrant"},
		{"DELETE", "/meetings/1/registrants/..%2Fx", "deleteMeetingRegistrant"},
		{"GET", "/meetings/1", "getMeeting"},
		{"GET", "/meetings/1/", ""},
		{"GET", "/meetings//registrants", ""},
		{"GET", "/meetings/1/registrants/extra", ""},
		{"DELETE", "/meetings/1/registrants", ""},
		{"PATCH", "/meetings/1", ""},
		{"GET", "/", ""},
		{"GET", "", ""},
	} {
		got := ""
		if op := ops.match(tt.method, tt.path); op != nil {
			got = op.ID
		}
		if got != tt.want {
			t.Errorf("match(%s %s) = %q, want %q", tt.method, tt.path, got, tt.want)
		}
	}
	if op := ops.byID["performBatchRegistration"]; op.Label != "Heavy" || op.Multipart["registrants"] != "application/json" || !op.JSONSuccess[201] || !op.JSONSuccess[200] {
		t.Errorf("performBatchRegistration read from the spec as %+v", op)
	}
}

// Every operation of the document is known to the transport by its own
// path with its rate-limit label, so an endpoint added to the spec is
// paced and checked with no code here.
func TestEveryOperationMatchedByItsTemplate(t *testing.T) {
	t.Parallel()
	ops, err := loadOperations()
	if err != nil {
		t.Fatal(err)
	}
	if len(ops.byID) < 7 {
		t.Fatalf("only %d operations", len(ops.byID))
	}
	for id, op := range ops.byID {
		path := ""
		for _, seg := range op.segments {
			if seg[0] == '{' {
				seg = "123"
			}
			path += "/" + seg
		}
		if got := ops.match(op.Method, path); got != op {
			t.Errorf("%s: %s %s matched %v", id, op.Method, path, got)
		}
		if op.Label == "" {
			t.Errorf("%s has no x-rate-limit-label", id)
		}
	}
}
