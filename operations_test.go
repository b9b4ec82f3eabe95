package zoom

import "testing"

func TestOperationMatch(t *testing.T) {
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
