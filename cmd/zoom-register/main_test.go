package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// env is a fake environment for run.
func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

// runCmd runs the command as main would. Without credentials it is demo
// mode, which only a -tags demo build has (make test runs this package
// with it too); elsewhere such a test is skipped, and TestBuiltWithoutDemo
// checks the refusal.
func runCmd(t *testing.T, getenv func(string) string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	if !demoBuilt && getenv("ZOOM_ACCOUNT_ID") == "" {
		t.Skip("demo mode is built only with -tags demo")
	}
	var out, errb bytes.Buffer
	code = run(context.Background(), args, getenv, &out, &errb)
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestUsageErrors(t *testing.T) {
	in := writeFile(t, "a.csv", "email,first_name\na@example.com,A\n")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-out", "r.csv"}, "-in is required"},
		{[]string{"-in", in}, "-out is required"},
		{[]string{"-in", in, "-out", in}, "-out must be a file of its own"},
		{[]string{"-in", in, "-out", "r.csv", "-concurrency", "0"}, "-concurrency 0"},
		{[]string{"-in", in, "-out", "r.csv", "extra"}, `unexpected argument "extra"`},
		{[]string{"-in", in, "-out", "r.csv", "-client-secret", "x"}, "flag provided but not defined: -client-secret"},
		{[]string{"-in", filepath.Join(t.TempDir(), "missing.csv"), "-out", "r.csv"}, "no such file"},
		{[]string{"-in", writeFile(t, "h.csv", "name,mail\n"), "-out", "r.csv"}, `h.csv: line 1: no "email" column`},
	} {
		code, _, stderr := runCmd(t, env(), tc.args...)
		if code != exitUsage || !strings.Contains(stderr, tc.want) {
			t.Errorf("%q: exit %d, stderr %q; want %d and %q", tc.args, code, stderr, exitUsage, tc.want)
		}
	}
}

func TestDryRun(t *testing.T) {
	code, stdout, stderr := runCmd(t, env(), "-meeting", "85746065432", "-in", "../../examples/attendees-with-problems.csv", "-dry-run")
	if code != exitProblems {
		t.Errorf("exit %d, want %d (the file has a bad row)", code, exitProblems)
	}
	for _, want := range []string{
		"DRY RUN: nothing sent. Would register 97 attendee(s) for meeting 85746065432 in 4 batch(es) of at most 30; 3 duplicate(s) skipped, 1 bad row(s).",
		"  batch 4: 7 registrant(s), lines ",
		"attendees-with-problems.csv:42: duplicate of line 5 (BJARNE.PERLMAN@EXAMPLE.COM); would be sent once",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	if want := `attendees-with-problems.csv:52: email: "bobby.tables(at)example.com" is not an email address`; !strings.Contains(stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, stderr)
	}
	if strings.Contains(stdout+stderr, "DEMO MODE") {
		t.Error("a dry run started the mock")
	}

	code, stdout, _ = runCmd(t, env(), "-in", "../../examples/attendees.csv", "-dry-run")
	if code != exitOK || !strings.Contains(stdout, "Would register 97 attendee(s)") {
		t.Errorf("clean file: exit %d\n%s", code, stdout)
	}
}

func TestStrictRefusesBadRows(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.csv")
	code, _, stderr := runCmd(t, env(), "-in", "../../examples/attendees-with-problems.csv", "-out", out, "-strict")
	if code != exitProblems || !strings.Contains(stderr, "has 1 bad row(s); nothing sent (-strict)") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("-strict wrote a results file: %v", err)
	}
}
