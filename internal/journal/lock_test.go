package journal

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// TestMain lets a test run this binary as a second process that holds a
// journal open until it is killed.
func TestMain(m *testing.M) {
	if path := os.Getenv("JOURNAL_TEST_HOLD"); path != "" {
		j, _, err := Open(path, 1, "d", t0)
		if err != nil {
			os.Stderr.WriteString(err.Error() + "\n")
			os.Exit(3)
		}
		if err := j.Sent(1, []string{"held@example.com"}); err != nil {
			os.Exit(4)
		}
		os.Stdout.WriteString("held\n")
		time.Sleep(time.Minute) // until killed; the test never lets it get here
		os.Exit(5)
	}
	os.Exit(m.Run())
}

// TestSecondOpenInUse: while one Open holds the journal, a second one in
// the same process fails with ErrInUse, names the file, and leaves it as
// it was; once the first is closed, the journal opens again.
func TestSecondOpenInUse(t *testing.T) {
	t.Parallel()
	for _, existing := range []bool{false, true} {
		name := map[bool]string{false: "new", true: "existing"}[existing]
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "run.jsonl")
			if existing {
				j, _, err := Open(path, 1, "d", t0)
				must(t, err)
				must(t, j.Sent(1, []string{"a@example.com"}))
				must(t, j.Close())
			}
			first, _, err := Open(path, 1, "d", t0)
			must(t, err)
			before, _ := os.ReadFile(path)

			_, _, err = Open(path, 1, "d", t0)
			if !errors.Is(err, ErrInUse) {
				t.Fatalf("second Open: %v, want ErrInUse", err)
			}
			if want := "journal " + path + " is in use by another run"; err.Error() != want {
				t.Errorf("error %q, want %q", err, want)
			}
			// A second run for another meeting is refused the same way,
			// before it reads the file: the lock comes first.
			if _, _, err := Open(path, 2, "other", t0); !errors.Is(err, ErrInUse) {
				t.Errorf("second Open for another run: %v, want ErrInUse", err)
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
				t.Errorf("the refused Open changed the journal:\n%q\n%q", before, after)
			}
			// The holder is unaffected.
			must(t, first.Sent(2, []string{"b@example.com"}))
			must(t, first.Close())
			must(t, first.Close()) // twice is harmless and must not unlock someone else's

			again, st, err := Open(path, 1, "d", t0)
			if err != nil {
				t.Fatalf("Open after Close: %v", err)
			}
			defer again.Close()
			if !st.Unconfirmed["b@example.com"] {
				t.Errorf("the holder's last record is lost: %+v", st)
			}
		})
	}
}

// TestOpenInUseByAnotherProcess: a journal held by another process is
// refused; when that process is killed with SIGKILL (no chance to clean
// up) the journal opens, with what the dead run wrote.
func TestOpenInUseByAnotherProcess(t *testing.T) {
	// Not parallel: a process started while a parallel test closes a
	// journal inherits its descriptor until exec, and so its flock.
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" || runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skip("no flock here: other processes are not excluded (see lock_other.go)")
	}
	path := filepath.Join(t.TempDir(), "run.jsonl")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "JOURNAL_TEST_HOLD="+path)
	stdout, err := cmd.StdoutPipe()
	must(t, err)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	must(t, cmd.Start())
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "held\n" {
		t.Fatalf("the holder did not start: %q %v\n%s", line, err, stderr.String())
	}

	_, _, err = Open(path, 1, "d", t0)
	if !errors.Is(err, ErrInUse) {
		t.Fatalf("Open while another process holds it: %v, want ErrInUse", err)
	}

	must(t, cmd.Process.Kill()) // SIGKILL on unix
	cmd.Wait()
	var j *Journal
	var st *State
	deadline := time.Now().Add(5 * time.Second)
	for {
		j, st, err = Open(path, 1, "d", t0)
		if err == nil || !errors.Is(err, ErrInUse) || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond) // the kernel may close the dead process's files a moment after wait returns
	}
	if err != nil {
		t.Fatalf("Open after the holder was killed: %v", err)
	}
	defer j.Close()
	if !st.Unconfirmed["held@example.com"] {
		t.Errorf("the killed run's record is missing: %+v", st)
	}
}
