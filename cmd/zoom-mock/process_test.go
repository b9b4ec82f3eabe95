package main

import (
	"bufio"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets the test binary stand in for the command: with
// ZOOM_MOCK_RUN_MAIN=1 it runs main, so TestProcess can start zoom-mock as
// a real process and interrupt it as a user would.
func TestMain(m *testing.M) {
	if os.Getenv("ZOOM_MOCK_RUN_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

func TestProcess(t *testing.T) {
	t.Parallel()
	cmd := exec.Command(os.Args[0], "-addr", "127.0.0.1:0", "-quiet")
	cmd.Env = append(os.Environ(), "ZOOM_MOCK_RUN_MAIN=1")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })

	lines := bufio.NewScanner(stdout)
	base := ""
	for base == "" && lines.Scan() {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(lines.Text()), "base URL:"); ok {
			base = strings.TrimSpace(rest)
		}
	}
	if base == "" {
		t.Fatal("zoom-mock printed no base URL")
	}
	resp, err := http.Get(base + "/meetings/85746065432")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized || resp.Header.Get("x-zm-trackingid") == "" {
		t.Errorf("unauthenticated call to the process: %d, want 401 with a tracking id", resp.StatusCode)
	}

	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	rest := ""
	for lines.Scan() {
		rest += lines.Text() + "\n"
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil || !strings.Contains(rest, "stopping") {
			t.Errorf("after SIGINT: %v, output %q; want a clean stop", err, rest)
		}
	case <-time.After(10 * time.Second):
		t.Error("zoom-mock did not stop within 10s of SIGINT")
	}
}
