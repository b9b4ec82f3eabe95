package journal

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

func TestResumeState(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "run.jsonl")
	j, st, err := Open(path, 85746065432, "digest-a", t0)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Outcomes) != 0 || st.Batches != 0 {
		t.Fatalf("new journal has state %+v", st)
	}
	must(t, j.Sent(1, []string{"A@example.com", "b@example.com"}))
	must(t, j.Record(1, []Outcome{{Email: "A@example.com", Status: StatusRegistered, RegistrantID: "r1", JoinURL: "https://zoom.us/w/1?tk=x"}}))
	must(t, j.Sent(2, []string{"c@example.com"}))
	must(t, j.Close())

	st2 := reopen(t, path, 85746065432, "digest-a")
	if o := st2.Outcomes["a@example.com"]; o.Status != StatusRegistered || o.RegistrantID != "r1" {
		t.Errorf("outcome of a = %+v", o)
	}
	if !st2.Unconfirmed["b@example.com"] || !st2.Unconfirmed["c@example.com"] || st2.Unconfirmed["a@example.com"] {
		t.Errorf("unconfirmed = %v, want b and c", st2.Unconfirmed)
	}
	if st2.Batches != 2 {
		t.Errorf("batches = %d", st2.Batches)
	}
	info, _ := os.Stat(path)
	if info.Mode().Perm() != 0o600 {
		t.Errorf("journal mode %o, want 600: it holds join URLs", info.Mode().Perm())
	}
}

// TestTornTail simulates a crash in the middle of a write: the partial last
// line is dropped and appending continues on a clean line.
func TestTornTail(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "run.jsonl")
	j, _, err := Open(path, 1, "d", t0)
	if err != nil {
		t.Fatal(err)
	}
	must(t, j.Sent(1, []string{"a@example.com"}))
	must(t, j.Close())
	for _, tail := range []string{`{"kind":"outcome","batch":1,"outcomes":[{"email":"a@exa`, `{"kind":"outcome","batch":1,"outcomes":[{"email":"a@example.com","status":"registered"}]}`} {
		t.Run(tail[len(tail)-5:], func(t *testing.T) {
			data, _ := os.ReadFile(path)
			os.WriteFile(path, append(data, tail...), 0o600)
			j, st, err := Open(path, 1, "d", t0)
			if err != nil {
				t.Fatal(err)
			}
			if !st.Unconfirmed["a@example.com"] {
				t.Error("an outcome without its newline was trusted")
			}
			must(t, j.Record(1, []Outcome{{Email: "a@example.com", Status: StatusFailed}}))
			must(t, j.Close())
			if st := reopen(t, path, 1, "d"); st.Outcomes["a@example.com"].Status != StatusFailed {
				t.Errorf("after repair: %+v", st.Outcomes)
			}
			os.WriteFile(path, data, 0o600) // back to the state before the tail
		})
	}
}

func TestRefusals(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "run.jsonl")
	j, _, err := Open(path, 1, "digest-a", t0)
	if err != nil {
		t.Fatal(err)
	}
	j.Close()
	for _, tc := range []struct {
		meeting int64
		input   string
		want    string
	}{
		{2, "digest-a", "it is for meeting 1, not 2"},
		{1, "digest-b", "different registrant list"},
	} {
		_, _, err := Open(path, tc.meeting, tc.input, t0)
		if !errors.Is(err, ErrMismatch) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Open(%d, %s) = %v, want ErrMismatch saying %q", tc.meeting, tc.input, err, tc.want)
		}
	}
	other := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(other, []byte("{\"kind\":\"sent\"}\n"), 0o600)
	if _, _, err := Open(other, 1, "d", t0); err == nil || !strings.Contains(err.Error(), "not a registration journal") {
		t.Errorf("foreign file: %v", err)
	}
	corrupt := filepath.Join(t.TempDir(), "corrupt.jsonl")
	data, _ := os.ReadFile(path)
	os.WriteFile(corrupt, append(data, "garbage\n{\"kind\":\"sent\",\"batch\":1}\n"...), 0o600)
	if _, _, err := Open(corrupt, 1, "digest-a", t0); err == nil || !strings.Contains(err.Error(), ":2: corrupt journal line") {
		t.Errorf("corrupt middle line: %v", err)
	}
}

func reopen(t *testing.T, path string, meetingID int64, input string) *State {
	t.Helper()
	j, st, err := Open(path, meetingID, input, t0)
	if err != nil {
		t.Fatal(err)
	}
	j.Close()
	return st
}

// FuzzOpen: whatever a journal file holds, Open answers with a state or an
// error, never a panic.
func FuzzOpen(f *testing.F) {
	f.Add([]byte("{\"kind\":\"header\",\"header\":{\"version\":1,\"meeting_id\":1,\"input\":\"d\"}}\n{\"kind\":\"sent\",\"batch\":1,\"emails\":[\"a@x.io\"]}\n{\"kind\":\"outcome\""))
	f.Add([]byte("garbage"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "fuzz.jsonl")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		j, _, err := Open(path, 1, "d", t0)
		if err == nil {
			j.Close()
		}
	})
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
