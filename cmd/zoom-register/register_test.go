package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zoomgen/zoom/internal/roster"
	"github.com/zoomgen/zoom/zoomtest"
)

// TestMain lets the kill test run this binary as the command itself.
func TestMain(m *testing.M) {
	if os.Getenv("ZOOM_REGISTER_RUN_MAIN") == "1" {
		os.Exit(run(context.Background(), os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func column(t *testing.T, header []string, name string) int {
	t.Helper()
	i := slices.Index(header, name)
	if i < 0 {
		t.Fatalf("no %q column in %q", name, header)
	}
	return i
}

// TestDemoMode runs the README's main job: the sample file against the
// built-in mock, which must say so, and exit 0.
func TestDemoMode(t *testing.T) {
	out := filepath.Join(t.TempDir(), "results.csv")
	code, stdout, stderr := runCmd(t, env(), "-meeting", "85746065432", "-in", "../../examples/attendees.csv", "-out", out)
	if code != exitOK {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "*** DEMO MODE") || !strings.Contains(stdout, "[DEMO MODE") {
		t.Errorf("demo mode not announced:\n%s\n%s", stderr, stdout)
	}
	if strings.Contains(stdout+stderr, "tk=") || strings.Contains(stdout+stderr, "demo-client-secret") {
		t.Error("a join URL or the secret reached the output")
	}
	if !strings.Contains(stderr, "progress: 97/97 registered (100%), 0 failed") {
		t.Errorf("no plain progress line on a stderr that is not a terminal:\n%s", stderr)
	}
	if !strings.Contains(stdout, "97 registered, 0 already registered, 3 duplicate(s) sent once, 0 bad row(s), 0 failed") {
		t.Errorf("summary:\n%s", stdout)
	}
	fi, err := os.Stat(out)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("results file: %v, mode %v; want 0600", err, fi.Mode())
	}
	recs := readCSV(t, out)
	if len(recs) != 101 {
		t.Fatalf("%d records, want header + 100", len(recs))
	}
	h := recs[0]
	if !slices.Equal(h, []string{"first_name", "last_name", "email", "company", "registrant_id", "join_url", "status", "error"}) {
		t.Errorf("header %q", h)
	}
	count := map[string]int{}
	for _, r := range recs[1:] {
		count[r[column(t, h, "status")]]++
		if r[column(t, h, "status")] == "registered" && (r[column(t, h, "registrant_id")] == "" || !strings.Contains(r[column(t, h, "join_url")], "tk=")) {
			t.Errorf("registered row without id or join URL: %q", r)
		}
	}
	if count["registered"] != 97 || count["duplicate"] != 3 {
		t.Errorf("statuses %v", count)
	}
	if r := recs[41]; r[column(t, h, "status")] != "duplicate" || r[column(t, h, "error")] != "same email as line 5" || r[column(t, h, "company")] != "Acme Corp" {
		t.Errorf("line 42: %q", r)
	}
}

// TestDemoModeWithProblems: a bad row is reported by line, does not stop
// the others, lands in the results file, and makes the exit status 1.
func TestDemoModeWithProblems(t *testing.T) {
	out := filepath.Join(t.TempDir(), "results.csv")
	code, stdout, stderr := runCmd(t, env(), "-in", "../../examples/attendees-with-problems.csv", "-out", out)
	if code != exitProblems {
		t.Fatalf("exit %d, want %d\n%s\n%s", code, exitProblems, stdout, stderr)
	}
	want := `attendees-with-problems.csv:52: email: "bobby.tables(at)example.com" is not an email address`
	if !strings.Contains(stderr, want) || !strings.Contains(stdout, want) {
		t.Errorf("the bad row is not reported by line:\nstdout:\n%s\nstderr:\n%s", stdout, stderr)
	}
	if !strings.Contains(stdout, "97 registered") || !strings.Contains(stdout, "exit status 1") {
		t.Errorf("summary:\n%s", stdout)
	}
	recs := readCSV(t, out)
	h := recs[0]
	if r := recs[51]; r[column(t, h, "status")] != "invalid" || !strings.Contains(r[column(t, h, "error")], "email: ") || r[column(t, h, "last_name")] != "Tables" {
		t.Errorf("line 52 in the results: %q", r)
	}
}

func TestCredentialsAllOrNone(t *testing.T) {
	out := filepath.Join(t.TempDir(), "results.csv")
	code, _, stderr := runCmd(t, env("ZOOM_CLIENT_ID", "id", "ZOOM_CLIENT_SECRET", "sekrit-value"), "-meeting", "1", "-in", "../../examples/attendees.csv", "-out", out)
	if code != exitUsage || !strings.Contains(stderr, "ZOOM_ACCOUNT_ID not set") || strings.Contains(stderr, "sekrit-value") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// killInput writes an attendee file with an extra column, a duplicate and
// a bad row.
func killInput(t *testing.T, n int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("team,email,first_name,last_name\n")
	for i := range n {
		fmt.Fprintf(&b, "t%d,kill%05d@example.com,First,Last %d\n", i%7, i, i)
		if i == 100 {
			b.WriteString("dup,KILL00050@example.com,Again,Dup\n")
			b.WriteString("bad,not-an-address,Bad,Row\n")
		}
	}
	return writeFile(t, "attendees.csv", b.String())
}

// normalize checks that every registrant_id and join_url in a results
// file is what the mock holds for that email, then blanks them (they
// differ between servers), so results files from two servers compare.
func normalize(t *testing.T, srv *zoomtest.Server, meeting int64, recs [][]string) [][]string {
	t.Helper()
	held := map[string]zoomtest.Registrant{}
	for _, r := range srv.Registrants(meeting) {
		held[strings.ToLower(r.Email)] = r
	}
	h := recs[0]
	email, id, url := column(t, h, "email"), column(t, h, "registrant_id"), column(t, h, "join_url")
	out := [][]string{h}
	for _, r := range recs[1:] {
		r = slices.Clone(r)
		r[id] = roster.RestoreCell(r[id]) // Zoom's IDs may start with "-", neutralised in the file
		if r[id] != "" {
			got := held[strings.ToLower(r[email])]
			if got.ID != r[id] || got.JoinURL != r[url] {
				t.Errorf("results say %s has registrant %s, the mock says %s", r[email], r[id], got.ID)
			}
		}
		r[id], r[url] = "", ""
		out = append(out, r)
	}
	return out
}

// TestKilledRunResumes kills zoom-register with SIGKILL in the middle of a
// run, runs it again with the same journal, and checks that everyone is
// registered exactly once and that the results file is the one an
// uninterrupted run writes.
func TestKilledRunResumes(t *testing.T) {
	const n = 1500
	in := killInput(t, n)
	dir := t.TempDir()
	journalPath, outA, outB := filepath.Join(dir, "run.jsonl"), filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
	d := zoomtest.DemoCredentials
	envFor := func(srv *zoomtest.Server) []string {
		return []string{"ZOOM_ACCOUNT_ID=" + d.AccountID, "ZOOM_CLIENT_ID=" + d.ClientID, "ZOOM_CLIENT_SECRET=" + d.ClientSecret,
			"ZOOM_API_URL=" + srv.BaseURL(), "ZOOM_TOKEN_URL=" + srv.TokenURL(), "ZOOM_PLAN=unlimited"}
	}
	args := func(out string) []string {
		return []string{"-meeting", fmt.Sprint(zoomtest.MeetingScheduled), "-in", in, "-out", out, "-journal", journalPath, "-concurrency", "2"}
	}

	// Slow answers keep the run going long enough to kill it mid-way.
	srvA := zoomtest.NewServer(t, zoomtest.Options{Faults: zoomtest.Faults{Latency: 40 * time.Millisecond}})
	cmd := exec.Command(os.Args[0], args(outA)...)
	cmd.Env = append(append(os.Environ(), "ZOOM_REGISTER_RUN_MAIN=1"), envFor(srvA)...)
	var cmdErr bytes.Buffer
	cmd.Stderr = &cmdErr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for outcomes(t, journalPath) < 8 {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("the run recorded no progress in time:\n%s", cmdErr.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("the run was not killed (%v); it finished before the test could kill it", err)
	}
	killedAt := len(srvA.Registrants(zoomtest.MeetingScheduled))
	if killedAt == 0 || killedAt >= n {
		t.Fatalf("killed with %d of %d registered: not in the middle", killedAt, n)
	}
	if _, err := os.Stat(outA); !os.IsNotExist(err) {
		t.Errorf("the killed run left a results file: %v", err)
	}

	srvA.SetFaults(zoomtest.Faults{})
	envA := map[string]string{}
	for _, kv := range envFor(srvA) {
		k, v, _ := strings.Cut(kv, "=")
		envA[k] = v
	}
	code, stdout, stderr := runCmd(t, func(k string) string { return envA[k] }, args(outA)...)
	if code != exitProblems { // the bad row
		t.Fatalf("resumed run: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "continuing the run recorded in") {
		t.Errorf("the resumed run did not say it continues:\n%s", stderr)
	}
	seen := map[string]bool{}
	for i := range n {
		email := fmt.Sprintf("kill%05d@example.com", i)
		if got := srvA.Registrations(zoomtest.MeetingScheduled, email); got != 1 {
			t.Errorf("%s registered %d times", email, got)
		}
		seen[email] = true
	}

	// The same input, uninterrupted, on a fresh server.
	srvB := zoomtest.NewServer(t, zoomtest.Options{})
	envB := map[string]string{}
	for _, kv := range envFor(srvB) {
		k, v, _ := strings.Cut(kv, "=")
		envB[k] = v
	}
	argsB := args(outB)
	argsB[len(argsB)-3] = filepath.Join(dir, "b.jsonl")
	if code, stdout, stderr := runCmd(t, func(k string) string { return envB[k] }, argsB...); code != exitProblems {
		t.Fatalf("uninterrupted run: exit %d\n%s\n%s", code, stdout, stderr)
	}
	a := normalize(t, srvA, zoomtest.MeetingScheduled, readCSV(t, outA))
	b := normalize(t, srvB, zoomtest.MeetingScheduled, readCSV(t, outB))
	if len(a) != n+3 {
		t.Errorf("%d records, want header + %d rows + duplicate + bad row", len(a), n)
	}
	for i := range max(len(a), len(b)) {
		if i >= len(a) || i >= len(b) || !slices.Equal(a[i], b[i]) {
			t.Fatalf("results differ at record %d:\n resumed:       %q\n uninterrupted: %q", i, at(a, i), at(b, i))
		}
	}
}

func at(recs [][]string, i int) []string {
	if i < len(recs) {
		return recs[i]
	}
	return nil
}

// outcomes counts the outcome records in a journal so far.
func outcomes(t *testing.T, path string) int {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if bytes.Contains(sc.Bytes(), []byte(`"kind":"outcome"`)) {
			n++
		}
	}
	return n
}

// TestJournalForAnotherMeeting: a journal of another run is refused before
// anything is sent, and the results file of that run is left alone.
func TestJournalForAnotherMeeting(t *testing.T) {
	dir := t.TempDir()
	out, jnl := filepath.Join(dir, "results.csv"), filepath.Join(dir, "run.jsonl")
	args := []string{"-in", "../../examples/attendees.csv", "-out", out, "-journal", jnl}
	if code, stdout, stderr := runCmd(t, env(), args...); code != exitOK {
		t.Fatalf("first run: exit %d\n%s\n%s", code, stdout, stderr)
	}
	before, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCmd(t, env(), append(args, "-meeting", "85746065001")...)
	if code != exitUsage || !strings.Contains(stderr, "it is for meeting 85746065432, not 85746065001") {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	if after, _ := os.ReadFile(out); !bytes.Equal(before, after) {
		t.Error("the refused run overwrote the results file")
	}
}

// TestMalformedRowsByLine: rows the CSV parser or the checks refuse are
// reported by line (and column where there is one), are kept in the
// results file in their place, and do not stop the good rows.
func TestMalformedRowsByLine(t *testing.T) {
	in := writeFile(t, "people.csv", "email,first_name,last_name,note\n"+
		"a@example.com,Ann,A,ok\n"+
		"short@example.com,Short\n"+
		"b@example.com,Bob,B,\"multi\nline note\"\n"+
		"q@example.com,Q,\"bro\"ken\",x\n"+
		"c@example.com,,C,no first name\n"+
		"d@example.com,Dee,D,ok\n")
	out := filepath.Join(t.TempDir(), "results.csv")
	code, stdout, stderr := runCmd(t, env(), "-in", in, "-out", out)
	if code != exitProblems {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, want := range []string{
		"people.csv:3: has 2 fields, the header has 4",
		`people.csv:6: extraneous or missing " in quoted-field (at line 6, column 21)`,
		"people.csv:7: first_name: is empty",
	} {
		if !strings.Contains(stderr, want) || !strings.Contains(stdout, want) {
			t.Errorf("%q not reported on stderr and in the summary:\nstderr:\n%s\nstdout:\n%s", want, stderr, stdout)
		}
	}
	recs := readCSV(t, out)
	h := recs[0]
	var got []string
	for _, r := range recs[1:] {
		got = append(got, r[column(t, h, "email")]+" "+r[column(t, h, "status")])
	}
	want := []string{"a@example.com registered", "short@example.com invalid", "b@example.com registered", "q@example.com invalid", "c@example.com invalid", "d@example.com registered"}
	if !slices.Equal(got, want) {
		t.Errorf("results in file order:\n got %q\nwant %q", got, want)
	}
}

// TestInterruptedRunWritesPartialResults: Ctrl-C (a cancelled context) ends
// the run cleanly: a results file for what was done, exit status 1, and a
// journal from which the same command finishes the job.
func TestInterruptedRunWritesPartialResults(t *testing.T) {
	srv := zoomtest.NewServer(t, zoomtest.Options{Faults: zoomtest.Faults{Latency: 20 * time.Millisecond}})
	d := zoomtest.DemoCredentials
	getenv := env("ZOOM_ACCOUNT_ID", d.AccountID, "ZOOM_CLIENT_ID", d.ClientID, "ZOOM_CLIENT_SECRET", d.ClientSecret,
		"ZOOM_API_URL", srv.BaseURL(), "ZOOM_TOKEN_URL", srv.TokenURL(), "ZOOM_PLAN", "unlimited")
	in := killInput(t, 900)
	dir := t.TempDir()
	out := filepath.Join(dir, "results.csv")
	args := []string{"-meeting", fmt.Sprint(zoomtest.MeetingScheduled), "-in", in, "-out", out, "-journal", filepath.Join(dir, "run.jsonl"), "-concurrency", "1"}

	// Cancel once a few batches are on record, however slow the machine.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		for outcomes(t, filepath.Join(dir, "run.jsonl")) < 3 && ctx.Err() == nil {
			time.Sleep(2 * time.Millisecond)
		}
		cancel()
	}()
	var stdout, stderr bytes.Buffer
	if code := run(ctx, args, getenv, &stdout, &stderr); code != exitProblems {
		t.Fatalf("interrupted run: exit %d\n%s\n%s", code, stdout.String(), stderr.String())
	}
	if !strings.Contains(stdout.String(), "INTERRUPTED: run the same command again to continue.") {
		t.Errorf("summary:\n%s", stdout.String())
	}
	count := map[string]int{}
	recs := readCSV(t, out)
	for _, r := range recs[1:] {
		count[r[column(t, recs[0], "status")]]++
	}
	if count["registered"] == 0 || count["registered"] >= 900 || count["not_sent"] == 0 {
		t.Fatalf("partial results: %v", count)
	}

	code, o, e := runCmd(t, getenv, args...)
	if code != exitProblems { // the bad row
		t.Fatalf("continued run: exit %d\n%s\n%s", code, o, e)
	}
	if !strings.Contains(o, "900 registered") {
		t.Errorf("continued run:\n%s", o)
	}
	for i := range 900 {
		if n := srv.Registrations(zoomtest.MeetingScheduled, fmt.Sprintf("kill%05d@example.com", i)); n != 1 {
			t.Fatalf("kill%05d registered %d times", i, n)
		}
	}
}
