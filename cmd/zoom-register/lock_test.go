package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zoomgen/zoom/zoomtest"
)

// TestSecondRunOnTheSameJournal starts zoom-register as a process, and
// while it runs, runs it again with the same -journal: the second exits 2
// saying the journal is in use, sends nothing and writes no results file;
// the first finishes with everyone registered once.
func TestSecondRunOnTheSameJournal(t *testing.T) {
	// Not parallel: a process started while a parallel test closes a
	// journal inherits its descriptor until exec, and so its flock.
	const n = 600
	in := killInput(t, n)
	dir := t.TempDir()
	jnl, outA, outB := filepath.Join(dir, "run.jsonl"), filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
	// Slow answers and one batch at a time keep the first run going for
	// a few seconds: long enough for the second to meet it.
	srv := zoomtest.NewServer(t, zoomtest.Options{Faults: zoomtest.Faults{Latency: 100 * time.Millisecond}})
	d := zoomtest.DemoCredentials
	vars := map[string]string{"ZOOM_ACCOUNT_ID": d.AccountID, "ZOOM_CLIENT_ID": d.ClientID, "ZOOM_CLIENT_SECRET": d.ClientSecret,
		"ZOOM_API_URL": srv.BaseURL(), "ZOOM_TOKEN_URL": srv.TokenURL(), "ZOOM_PLAN": "unlimited"}
	args := func(out string) []string {
		return []string{"-meeting", fmt.Sprint(zoomtest.MeetingScheduled), "-in", in, "-out", out, "-journal", jnl, "-concurrency", "1"}
	}

	first := exec.Command(os.Args[0], args(outA)...)
	first.Env = append(os.Environ(), "ZOOM_REGISTER_RUN_MAIN=1")
	for k, v := range vars {
		first.Env = append(first.Env, k+"="+v)
	}
	var firstErr bytes.Buffer
	first.Stderr = &firstErr
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { first.Process.Kill(); first.Wait() })
	deadline := time.Now().Add(20 * time.Second)
	for outcomes(t, jnl) < 1 {
		if time.Now().After(deadline) {
			t.Fatalf("the first run recorded no progress in time:\n%s", firstErr.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	registeredBefore := len(srv.Registrants(zoomtest.MeetingScheduled))

	code, stdout, stderr := runCmd(t, func(k string) string { return vars[k] }, args(outB)...)
	if code != exitUsage {
		t.Errorf("second run: exit %d, want %d\n%s\n%s", code, exitUsage, stdout, stderr)
	}
	if want := "journal " + jnl + " is in use by another run"; !strings.Contains(stderr, want) {
		t.Errorf("second run's stderr lacks %q:\n%s", want, stderr)
	}
	if !strings.Contains(stderr, "nothing was sent. Run this again once it has ended.") {
		t.Errorf("second run's stderr does not say what to do:\n%s", stderr)
	}
	if strings.Contains(stderr, "continuing the run recorded in") || strings.Contains(stderr, "progress:") {
		t.Errorf("the refused run announced a run it did not make:\n%s", stderr)
	}
	if _, err := os.Stat(outB); !os.IsNotExist(err) {
		t.Errorf("the refused run wrote a results file: %v", err)
	}
	if err := first.Wait(); first.ProcessState.ExitCode() != exitProblems { // the input's bad row
		t.Fatalf("first run: %v, exit %d\n%s", err, first.ProcessState.ExitCode(), firstErr.String())
	}
	if registeredBefore >= n {
		t.Fatalf("the first run had finished (%d registered) before the second started: the test proved nothing", registeredBefore)
	}
	for i := range n {
		email := fmt.Sprintf("kill%05d@example.com", i)
		if got := srv.Received(zoomtest.MeetingScheduled, email); got != 1 {
			t.Errorf("%s reached the registration %d times, want 1", email, got)
		}
	}
}
