// Package journal records a bulk registration as it happens, so that a run
// killed at any moment (kill -9, power loss) can resume and send only what
// Zoom has not confirmed.
//
// The file is append-only JSON lines: a header naming the meeting and a
// digest of the input, then for each batch a "sent" record written and
// fsynced before the request goes out, and an "outcome" record written and
// fsynced when the answer is known. An email with a "sent" record and no
// outcome is exactly the outcome-unknown case: the caller must reconcile it
// against Zoom's registrant list before sending it again.
package journal

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// Version is the journal format version written in headers.
const Version = 1

// Header identifies the run a journal belongs to.
type Header struct {
	Version   int       `json:"version"`
	MeetingID int64     `json:"meeting_id"`
	Input     string    `json:"input"` // digest of the registrant list
	Created   time.Time `json:"created"`
}

// Status of one registrant in the journal.
const (
	StatusRegistered = "registered" // Zoom confirmed; RegistrantID and JoinURL are set
	StatusFailed     = "failed"     // Zoom refused for good (validation, meeting error)
	StatusDeferred   = "deferred"   // a daily limit; RetryAt says when it may go again
	StatusChanged    = "changed"    // a status change Zoom confirmed (bulk.SetStatus); RegistrantID is set
)

// Outcome is what is known of one registrant after a batch.
type Outcome struct {
	Email        string     `json:"email"`
	Status       string     `json:"status"`
	RegistrantID string     `json:"registrant_id,omitempty"`
	JoinURL      string     `json:"join_url,omitempty"`
	Code         int        `json:"code,omitempty"`
	Error        string     `json:"error,omitempty"`
	RetryAt      *time.Time `json:"retry_at,omitempty"`
}

// record is one line after the header.
type record struct {
	Kind     string    `json:"kind"` // "header", "sent" or "outcome"
	Header   *Header   `json:"header,omitempty"`
	Batch    int       `json:"batch,omitempty"`
	Emails   []string  `json:"emails,omitempty"`
	Outcomes []Outcome `json:"outcomes,omitempty"`
}

// State is what a journal says about a run so far.
type State struct {
	Header Header
	// Outcomes holds the last outcome per email (lower-cased).
	Outcomes map[string]Outcome
	// Unconfirmed lists emails (lower-cased) that were sent but have no
	// outcome: Zoom may or may not have registered them.
	Unconfirmed map[string]bool
	// Batches is the number of batches recorded, so new ones continue the
	// numbering.
	Batches int
}

// Journal is an open journal file. Its methods are safe for concurrent use.
// While it is open no other Open of the same file succeeds (see ErrInUse).
type Journal struct {
	mu     sync.Mutex
	f      *os.File
	unlock func() // releases what lockFile took beyond the descriptor
}

// ErrMismatch is returned (wrapped) when a journal belongs to another
// meeting or another input.
var ErrMismatch = errors.New("journal belongs to another run")

// ErrInUse is matched (errors.Is) by the error of Open when another run
// has the journal open. Two runs on one journal would both reconcile the
// same unconfirmed batches and both send everyone not yet confirmed, so
// the second is refused rather than made to wait: it would only repeat
// what the first is doing.
var ErrInUse = errors.New("journal is in use by another run")

// inUseError names the journal that is in use.
type inUseError struct{ path string }

func (e *inUseError) Error() string        { return "journal " + e.path + " is in use by another run" }
func (e *inUseError) Is(target error) bool { return target == ErrInUse }

// Open opens the journal at path for the run (meetingID, input). A missing
// or empty file is started with a header; an existing one is read back,
// refused if it belongs to another meeting or input, and its torn last
// line (a write cut by a crash) is dropped before appending.
//
// The journal is locked until Close: while it is open, another Open of the
// same file, from this process or another, fails with an error matching
// ErrInUse, before it reads or changes anything. A run that dies (kill -9
// included) releases the lock with its file descriptor. Where flock is not
// available (not Linux, macOS or the BSDs) only Opens within one process
// are excluded; see lock_other.go.
func Open(path string, meetingID int64, input string, now time.Time) (*Journal, *State, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, nil, err
	}
	unlock, err := lockFile(f, path)
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	j, st, err := open(f, path, meetingID, input, now)
	if err != nil {
		f.Close() // releases the flock
		unlock()
		return nil, nil, err
	}
	j.unlock = unlock
	return j, st, nil
}

// open reads the locked journal f back, or starts it.
func open(f *os.File, path string, meetingID int64, input string, now time.Time) (*Journal, *State, error) {
	st, good, err := read(f, path)
	if err != nil {
		return nil, nil, err
	}
	j := &Journal{f: f}
	if st == nil {
		st = &State{Header: Header{Version: Version, MeetingID: meetingID, Input: input, Created: now.UTC()}, Outcomes: map[string]Outcome{}, Unconfirmed: map[string]bool{}}
		if err := f.Truncate(0); err != nil {
			return nil, nil, err
		}
		if err := j.append(record{Kind: "header", Header: &st.Header}); err != nil {
			return nil, nil, err
		}
		return j, st, nil
	}
	if st.Header.MeetingID != meetingID {
		return nil, nil, fmt.Errorf("%s: %w: it is for meeting %d, not %d; use another journal file", path, ErrMismatch, st.Header.MeetingID, meetingID)
	}
	if st.Header.Input != input {
		return nil, nil, fmt.Errorf("%s: %w: it was written for a different registrant list (digest %.12s…, this one %.12s…); use another journal file", path, ErrMismatch, st.Header.Input, input)
	}
	if err := f.Truncate(good); err != nil {
		return nil, nil, err
	}
	if _, err := f.Seek(good, io.SeekStart); err != nil {
		return nil, nil, err
	}
	return j, st, nil
}

// read replays the journal. It returns a nil state for an empty file, and
// the offset after the last complete line.
func read(f *os.File, path string) (*State, int64, error) {
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, 0, err
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, 0, nil
	}
	var st *State
	var good int64
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 16<<20)
	line := 0
	for sc.Scan() {
		line++
		text := sc.Bytes()
		complete := int(good)+len(text) < len(data) // followed by a newline
		var rec record
		if err := json.Unmarshal(text, &rec); err != nil {
			if !complete {
				break // the torn tail of an interrupted write
			}
			return nil, 0, fmt.Errorf("%s:%d: corrupt journal line: %v", path, line, err)
		}
		if !complete {
			break // valid JSON but no newline: the write may have been cut; redo it
		}
		good += int64(len(text)) + 1
		switch {
		case line == 1 && rec.Kind == "header" && rec.Header != nil:
			if rec.Header.Version != Version {
				return nil, 0, fmt.Errorf("%s: journal version %d, this program writes %d", path, rec.Header.Version, Version)
			}
			st = &State{Header: *rec.Header, Outcomes: map[string]Outcome{}, Unconfirmed: map[string]bool{}}
		case line == 1:
			return nil, 0, fmt.Errorf("%s:1: not a registration journal (no header)", path)
		case rec.Kind == "sent":
			st.Batches = max(st.Batches, rec.Batch)
			for _, e := range rec.Emails {
				st.Unconfirmed[strings.ToLower(e)] = true
			}
		case rec.Kind == "outcome":
			for _, o := range rec.Outcomes {
				key := strings.ToLower(o.Email)
				st.Outcomes[key] = o
				delete(st.Unconfirmed, key)
			}
		default:
			return nil, 0, fmt.Errorf("%s:%d: unknown journal record %q", path, line, rec.Kind)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, 0, fmt.Errorf("%s: %w", path, err)
	}
	if st == nil {
		return nil, 0, fmt.Errorf("%s:1: not a registration journal (no header)", path)
	}
	return st, good, nil
}

// Sent records that batch is about to be sent with these emails. It returns
// once the record is on disk.
func (j *Journal) Sent(batch int, emails []string) error {
	return j.append(record{Kind: "sent", Batch: batch, Emails: emails})
}

// Record stores outcomes. It returns once they are on disk.
func (j *Journal) Record(batch int, outcomes []Outcome) error {
	if len(outcomes) == 0 {
		return nil
	}
	return j.append(record{Kind: "outcome", Batch: batch, Outcomes: outcomes})
}

func (j *Journal) append(r record) error {
	line, err := json.Marshal(r)
	if err != nil {
		return err
	}
	line = append(line, '\n')
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return os.ErrClosed
	}
	if _, err := j.f.Write(line); err != nil {
		return err
	}
	return j.f.Sync()
}

// Close closes the file, which releases the lock. It may be called more
// than once.
func (j *Journal) Close() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return nil
	}
	err := j.f.Close()
	j.f = nil
	if j.unlock != nil {
		j.unlock()
	}
	return err
}
