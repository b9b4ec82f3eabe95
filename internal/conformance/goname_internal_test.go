package conformance

import "testing"

func TestGoOperationName(t *testing.T) {
	t.Parallel()
	parsers := map[string]bool{"AssignSIPTrunks": true, "AssignSIPTrunksForPostAccountsSIPTrunkTrunks": true, "GetAbc": true, "GetABC": true}
	for _, tc := range []struct{ in, want string }{
		{"AssignSIPTrunks", "AssignSIPTrunks"},
		{"AssignSIPTrunksForPostAccountsSipTrunkTrunks", "AssignSIPTrunksForPostAccountsSIPTrunkTrunks"},
		{"GetAbc", "GetAbc"},
		{"GetAbC", "GetAbC"}, // two parsers differ from it only in case: neither is certain
		{"Missing", "Missing"},
	} {
		if got := goOperationName(tc.in, parsers); got != tc.want {
			t.Errorf("goOperationName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
