// Package bulk registers a list of attendees for a Zoom meeting through a
// *zoom.Client: duplicates sent once, people already registered not sent
// again, batches of zoom.MaxBatchRegistrants paced by the client, failures
// handled by kind (a bad row fails alone, a registrant at Zoom's daily
// limit is deferred while the others go on, a meeting-level error stops
// the job, an account daily limit pauses it), and an optional journal that
// makes a killed run resumable without registering anyone twice.
//
// Register runs a job, Resume continues one from its journal; both return
// a Report with one Result per input attendee, in input order.
// RegisterWebinar and ResumeWebinar do the same for a webinar.
//
// After registration: SetStatus approves, denies or cancels registrants
// of a meeting or webinar (a Target) in batches, journaled and resumable
// like registration, and Export streams every registrant to CSV.
//
// # Retries
//
// The client is the only layer that retries. One send of a batch is one
// call of Client.PerformBatchRegistration, which makes at most
// RetryPolicy.MaxAttempts HTTP requests (5 by default), plus the one
// replay after a refused token; the engine never sends a batch again after
// a failure the client gave up on (those attendees end NotSent, with the
// client's error). The engine sends a registrant again only when Zoom
// committed nothing for it: the rest of a batch refused for another
// registrant's fields or daily limit (once per registrant taken out, and
// once per halving while a batch is split to find a bad row Zoom did not
// name), and, after an answer was lost, those the meeting's registrant
// list shows Zoom does not hold (at most Options.MaxReconcileRounds
// rounds). Report.Requests counts the calls.
package bulk

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/zoomgen/zoom"
	"github.com/zoomgen/zoom/internal/journal"
)

// Attendee is one person to register for a meeting.
type Attendee struct {
	Email     string
	FirstName string
	LastName  string // optional
}

// Status is what became of one attendee in a bulk registration.
type Status string

// The statuses a Result can have. Only Failed, Deferred,
// NotSent and Unconfirmed leave someone without a registration.
const (
	// Registered: Zoom confirmed the registration (in this run or, with
	// a journal, in the run it resumes).
	Registered Status = "registered"
	// AlreadyRegistered: the meeting's registrant list had the email
	// before anything was sent, so nothing was.
	AlreadyRegistered Status = "already_registered"
	// Duplicate: the same email (ignoring case) appears earlier in the
	// input; only the first one is sent.
	Duplicate Status = "duplicate"
	// Failed: the registrant was refused for good for its fields: by
	// Zoom, or before sending by the client's check (Error names the field
	// and why, as in `email: "john..doe@example.com" is not an email
	// address: two dots in a row`).
	Failed Status = "failed"
	// Deferred: a daily limit refused the registrant; RetryAt says when
	// it may be sent again.
	Deferred Status = "deferred"
	// NotSent: Zoom did not register the attendee and nothing says it
	// cannot: the job stopped (meeting error, account limit,
	// cancellation) before the attendee was sent, or the client gave up
	// on its batch after its retries (a QPS 429, a connection that
	// failed); Error says which. Running again sends it.
	NotSent Status = "not_sent"
	// Unconfirmed: sent, but whether Zoom registered the attendee is
	// not known (the run was cancelled mid-request, or reconciliation did
	// not settle it); resume from the journal to find out.
	Unconfirmed Status = "unconfirmed"
)

// OK reports whether the status leaves the attendee registered (for
// SetStatus: with the status the action gives), or is a duplicate of one
// that is handled elsewhere in the input.
func (s Status) OK() bool {
	return s == Registered || s == AlreadyRegistered || s == Duplicate || s == Changed || s == Unchanged
}

// Result is the outcome for one input attendee.
type Result struct {
	Email        string
	Status       Status
	RegistrantID string
	// JoinURL is the attendee's personal join link. It carries a secret
	// token: never log it (String leaves it out).
	JoinURL string
	Code    int       // Zoom's error code, when Zoom refused
	Error   string    // why the attendee is not registered; empty when it is
	RetryAt time.Time // Deferred (and NotSent after an account limit): when it may be sent again
	// DuplicateOf is the input index of the first attendee with the same
	// email, for Duplicate; -1 otherwise.
	DuplicateOf int
}

// String describes the result without the join URL, so results can be
// logged safely.
func (r Result) String() string {
	s := fmt.Sprintf("%s: %s", r.Email, r.Status)
	if r.RegistrantID != "" {
		s += " (registrant " + r.RegistrantID + ")"
	}
	if r.Error != "" {
		s += ": " + r.Error
	}
	return s
}

// Progress is passed to Options.Progress after every batch.
type Progress struct {
	Done   int     // unique attendees now registered (including already registered)
	Failed int     // unique attendees refused or deferred
	Total  int     // unique attendees in the input
	Rate   float64 // attendees registered per second by this run so far
}

// Options tunes Register and Resume. The zero value is usable.
type Options struct {
	// Concurrency is the number of batches in flight at once (default 4).
	// The client's limiter paces them to the rate-limit label whatever
	// the number, so more only helps to hide latency.
	Concurrency int
	// AutoApprove asks Zoom to approve the registrants at once.
	AutoApprove bool
	// Journal, when set, is the path of an append-only journal of the run.
	// A run killed at any moment and started again with the same journal
	// (see Resume) sends only what Zoom has not confirmed.
	Journal string
	// Progress, when set, is called after every batch (never concurrently).
	Progress func(Progress)
	// Now is the clock (nil: time.Now); it decides whether a deferred
	// attendee in the journal may be sent again.
	Now func() time.Time
	// MaxReconcileRounds bounds how often outcome-unknown batches are
	// reconciled against the registrant list and re-sent (default 5).
	MaxReconcileRounds int
}

// Dup names an input attendee whose email appeared earlier.
type Dup struct {
	Email string
	Index int // input index of the duplicate
	First int // input index of the first attendee with that email
}

// Report is the outcome of Register or Resume: one result per input
// attendee, in input order, and counts over them.
type Report struct {
	// MeetingID is Target.ID, for a meeting or a webinar.
	MeetingID int64
	// Target is the meeting or webinar registered for.
	Target  Target
	Results []Result
	// Duplicates lists the input attendees skipped because the same email
	// came earlier.
	Duplicates []Dup
	// Counts of Results by status.
	Registered, AlreadyRegistered, Failed, Deferred, NotSent, Unconfirmed int
	// Requests is the number of batch registration calls made, each of
	// at most zoom.RetryPolicy.MaxAttempts HTTP requests (see Retries in the
	// package doc).
	Requests int
	// Stopped is the meeting-level (or otherwise job-wide) error that
	// stopped the job, nil when it ran to the end.
	Stopped error
	// PausedUntil is set when an account daily limit paused the job: run
	// it again (with the journal, Resume) after this time.
	PausedUntil time.Time
	// Resumed says the run continued a journal that already had batches.
	Resumed bool
	Elapsed time.Duration
}

// target is the report's Target, or the meeting MeetingID names in a
// Report made before Target existed.
func (r Report) target() Target {
	if r.Target.ID == 0 {
		return Meeting(r.MeetingID)
	}
	return r.Target
}

// Complete reports whether every attendee ended registered (or was a
// duplicate of one that did).
func (r Report) Complete() bool {
	return r.Failed == 0 && r.Deferred == 0 && r.NotSent == 0 && r.Unconfirmed == 0
}

// String summarizes the report by counts, without any join URL.
func (r Report) String() string {
	s := fmt.Sprintf("%s: %d registered, %d already registered, %d duplicates, %d failed, %d deferred, %d not sent, %d unconfirmed; %d requests in %s",
		r.target(), r.Registered, r.AlreadyRegistered, len(r.Duplicates), r.Failed, r.Deferred, r.NotSent, r.Unconfirmed, r.Requests, r.Elapsed.Round(time.Millisecond))
	if r.Stopped != nil {
		s += "; stopped: " + r.Stopped.Error()
	}
	if !r.PausedUntil.IsZero() {
		s += "; paused until " + r.PausedUntil.UTC().Format(time.RFC3339)
	}
	return s
}

// ErrPaused is matched (errors.Is) by the error of Register and Resume
// when an account daily limit paused the job; Report.PausedUntil says
// when to resume.
var ErrPaused = errors.New("bulk registration paused by the account's daily limit")

// digest identifies a list of attendees, so that a journal written
// for one list is not resumed with another.
func digest(attendees []Attendee) string {
	h := sha256.New()
	for _, a := range attendees {
		fmt.Fprintf(h, "%s\x00%s\x00%s\n", normEmail(a.Email), a.FirstName, a.LastName)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func normEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// person is one unique attendee as the engine tracks it.
type person struct {
	index   int // input index
	a       Attendee
	key     string // lower-cased email
	res     Result
	settled bool // res is final for this run
	sent    bool // the journal says a previous run sent it without an outcome
	unknown bool // in run.unknown
}

type batch struct {
	people []*person
}

// run is the state of one Register or Resume call.
type run struct {
	api       registrar
	target    Target
	meetingID int64
	opts      Options
	now       func() time.Time
	start     time.Time
	jnl       *journal.Journal
	batchNo   atomic.Int64
	requests  atomic.Int64
	total     int

	mu          sync.Mutex
	cond        *sync.Cond
	queue       []*batch
	inflight    int
	stopErr     error      // meeting-level or job-wide error: dispatch no more
	pauseErr    error      // account daily limit
	pausedUntil time.Time  // when pauseErr's limit resets
	unknown     []*person  // outcome unknown: reconcile before re-sending
	cancelled   []*person  // in flight when the context ended
	doneN       int        // settled OK
	failedN     int        // settled not OK
	sentOK      int        // registered by this run (for the rate)
	progressMu  sync.Mutex // Progress is never called concurrently
}

// register is the engine behind Register and Resume.
func register(ctx context.Context, api registrar, target Target, attendees []Attendee, opts Options) (Report, error) {
	meetingID := target.ID
	r := &run{api: api, target: target, meetingID: meetingID, opts: opts, now: opts.Now}
	if r.now == nil {
		r.now = time.Now
	}
	if r.opts.Concurrency <= 0 {
		r.opts.Concurrency = 4
	}
	if r.opts.MaxReconcileRounds <= 0 {
		r.opts.MaxReconcileRounds = 5
	}
	r.cond = sync.NewCond(&r.mu)
	r.start = r.now()
	rep := Report{MeetingID: meetingID, Target: target, Results: make([]Result, len(attendees))}

	people, dups := dedupe(attendees, rep.Results)
	rep.Duplicates = dups
	r.total = len(people)

	if opts.Journal != "" {
		j, st, err := journal.Open(opts.Journal, meetingID, target.journalInput(digest(attendees)), r.now())
		if err != nil {
			// Nothing was done: no results, so that a caller does not
			// overwrite the results of the run the journal belongs to.
			return Report{MeetingID: meetingID, Target: target}, fmt.Errorf("bulk registration: %w", err)
		}
		defer j.Close()
		r.jnl = j
		r.batchNo.Store(int64(st.Batches))
		rep.Resumed = st.Batches > 0
		r.applyJournal(people, st)
	}

	// A registrant the client would refuse (an address the request type
	// cannot encode, a missing first name) fails here, alone: sent in a
	// batch, it would cost the other 29 a round (or, before the client and
	// the encoder agreed on what an address is, every retry of the batch).
	// Those a previous run sent without an answer are left to
	// reconciliation: only Zoom knows whether it took them.
	for _, p := range people {
		if p.settled || p.sent {
			continue
		}
		if msg := check(p.a); msg != "" {
			r.settle(p, Result{Status: Failed, Error: msg}, false)
		}
	}

	// Registering someone already registered costs them one of their three
	// registrations a day at Zoom, and a previous run may have registered
	// people it never heard back about: ask Zoom first.
	var todo []*person
	for _, p := range people {
		if !p.settled {
			todo = append(todo, p)
		}
	}
	if len(todo) > 0 {
		if err := r.reconcile(ctx, todo, false); err != nil {
			// Sending blind could register people twice; stop instead.
			if ctx.Err() != nil {
				return r.finish(rep, people), fmt.Errorf("bulk registration interrupted: %w", context.Cause(ctx))
			}
			r.stopErr = err
			rep.Stopped = err
			return r.finish(rep, people), fmt.Errorf("bulk registration stopped: %w", err)
		}
	}
	r.report()

	for round := 0; ; round++ {
		var pending []*person
		for _, p := range people {
			if !p.settled && !p.unknown {
				pending = append(pending, p)
			}
		}
		r.enqueue(pending)
		r.work(ctx)
		if r.halted(ctx) || len(r.unknown) == 0 {
			break
		}
		if round >= r.opts.MaxReconcileRounds {
			break // what is still unknown is reported as such
		}
		// Before anything whose outcome is unknown is sent again, look it
		// up: a batch whose connection dropped after Zoom committed it
		// must not cost its registrants a second registration.
		unknown := r.unknown
		r.unknown = nil
		for _, p := range unknown {
			p.sent, p.unknown = true, false
		}
		if err := r.reconcile(ctx, unknown, true); err != nil {
			r.unknown = unknown
			if ctx.Err() == nil {
				r.stopErr = err
			}
			break
		}
	}
	if len(r.unknown) > 0 && ctx.Err() == nil {
		// The job stopped or paused, or ran out of rounds, with batches
		// whose outcome is unknown: look them up once more (listing is
		// not limited by the Heavy budget) so the report says what Zoom
		// holds. Nothing is re-sent.
		unknown := r.unknown
		r.unknown = nil
		for _, p := range unknown {
			p.sent, p.unknown = true, false
		}
		if err := r.reconcile(ctx, unknown, true); err != nil {
			r.unknown = unknown // still unknown: reported unconfirmed
		} else {
			for _, p := range unknown {
				if !p.settled {
					p.res.Error = "the answer was lost and Zoom does not list the registrant: not registered; run again to send it"
				}
			}
		}
	}
	rep.Stopped = r.stopErr
	rep.PausedUntil = r.pausedUntil
	rep = r.finish(rep, people)
	r.report()
	switch {
	case ctx.Err() != nil:
		return rep, fmt.Errorf("bulk registration interrupted: %w", context.Cause(ctx))
	case r.stopErr != nil:
		return rep, fmt.Errorf("bulk registration stopped: %w", r.stopErr)
	case r.pauseErr != nil:
		return rep, fmt.Errorf("%w until %s: %w", ErrPaused, r.pausedUntil.UTC().Format(time.RFC3339), r.pauseErr)
	}
	return rep, nil
}

// dedupe keeps the first attendee per email (ignoring case) and marks the
// others as duplicates in results.
func dedupe(attendees []Attendee, results []Result) ([]*person, []Dup) {
	first := make(map[string]int, len(attendees))
	people := make([]*person, 0, len(attendees))
	var dups []Dup
	for i, a := range attendees {
		key := normEmail(a.Email)
		a.Email = strings.TrimSpace(a.Email)
		if f, ok := first[key]; ok {
			dups = append(dups, Dup{Email: a.Email, Index: i, First: f})
			results[i] = Result{Email: a.Email, Status: Duplicate, DuplicateOf: f,
				Error: fmt.Sprintf("same email as attendee %d", f+1)}
			continue
		}
		first[key] = i
		people = append(people, &person{index: i, a: a, key: key,
			res: Result{Email: a.Email, Status: NotSent, DuplicateOf: -1}})
	}
	return people, dups
}

// applyJournal settles what a previous run confirmed.
func (r *run) applyJournal(people []*person, st *journal.State) {
	now := r.now()
	for _, p := range people {
		if o, ok := st.Outcomes[p.key]; ok {
			switch o.Status {
			case journal.StatusRegistered:
				r.settle(p, Result{Status: Registered, RegistrantID: o.RegistrantID, JoinURL: o.JoinURL}, false)
				continue
			case journal.StatusFailed:
				r.settle(p, Result{Status: Failed, Code: o.Code, Error: o.Error}, false)
				continue
			case journal.StatusDeferred:
				if o.RetryAt != nil && now.Before(*o.RetryAt) {
					r.settle(p, Result{Status: Deferred, Code: o.Code, Error: o.Error, RetryAt: *o.RetryAt}, false)
					continue
				}
			}
		}
		p.sent = st.Unconfirmed[p.key]
	}
}

// settle records p's final result for this run. counted says whether it
// was registered by this run (for the rate).
func (r *run) settle(p *person, res Result, counted bool) {
	res.Email = p.a.Email
	res.DuplicateOf = -1
	p.res = res
	p.settled = true
	if res.Status.OK() {
		r.doneN++
		if counted {
			r.sentOK++
		}
	} else {
		r.failedN++
	}
}

// reconcile looks people up in the meeting's registrant list and settles
// those found. wasSent marks people this tool sent (so found means
// registered by it, not before it).
func (r *run) reconcile(ctx context.Context, people []*person, wasSent bool) error {
	want := make(map[string]*person, len(people))
	for _, p := range people {
		want[p.key] = p
	}
	var outcomes []journal.Outcome
	// Denied registrants are listed too: sending them again would not
	// undo the host's decision and would cost a registration.
	for _, ls := range listStatuses {
		for item, err := range r.api.MeetingRegistrants(ctx, r.meetingID, ls.status) {
			if err != nil {
				if f := classify(err); f.kind == failMeeting {
					return f.err
				}
				return fmt.Errorf("listing the registrants of %s: %w", r.target, err)
			}
			e, ok := listed(item)
			if !ok {
				continue
			}
			p := want[normEmail(e.email)]
			if p == nil || p.settled {
				continue
			}
			res := Result{Status: AlreadyRegistered, RegistrantID: e.id, JoinURL: e.joinURL}
			switch {
			case ls.denied:
				res = Result{Status: Failed, RegistrantID: res.RegistrantID, Error: "the host denied (or cancelled) this registration; not sent again"}
			case wasSent || p.sent:
				res.Status = Registered
				outcomes = append(outcomes, journal.Outcome{Email: p.key, Status: journal.StatusRegistered, RegistrantID: res.RegistrantID, JoinURL: res.JoinURL})
			}
			r.mu.Lock()
			r.settle(p, res, false)
			r.mu.Unlock()
		}
	}
	if r.jnl != nil && len(outcomes) > 0 {
		// Batch 0: these outcomes come from the registrant list, not from
		// the answer to a batch.
		if err := r.jnl.Record(0, outcomes); err != nil {
			return fmt.Errorf("journal: %w", err)
		}
	}
	return nil
}

// enqueue splits people into batches of zoom.MaxBatchRegistrants, in order.
func (r *run) enqueue(people []*person) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for len(people) > 0 {
		n := min(zoom.MaxBatchRegistrants, len(people))
		r.queue = append(r.queue, &batch{people: people[:n:n]})
		people = people[n:]
	}
}

// halted reports whether dispatch must stop. The caller holds no lock.
func (r *run) halted(ctx context.Context) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.haltedLocked(ctx)
}

func (r *run) haltedLocked(ctx context.Context) bool {
	return ctx.Err() != nil || r.stopErr != nil || r.pauseErr != nil
}

// work runs the queue with opts.Concurrency workers until it is empty
// and nothing is in flight, or the job halts.
func (r *run) work(ctx context.Context) {
	stop := context.AfterFunc(ctx, func() {
		r.mu.Lock()
		r.cond.Broadcast()
		r.mu.Unlock()
	})
	defer stop()
	var wg sync.WaitGroup
	for range r.opts.Concurrency {
		wg.Go(func() {
			for {
				b := r.next(ctx)
				if b == nil {
					return
				}
				again := r.send(ctx, b)
				r.mu.Lock()
				r.queue = append(r.queue, again...)
				r.inflight--
				r.cond.Broadcast()
				r.mu.Unlock()
				r.report()
			}
		})
	}
	wg.Wait()
}

// next takes a batch off the queue, waiting while the queue is empty but
// batches in flight may put some back. nil means there is no more work.
func (r *run) next(ctx context.Context) *batch {
	r.mu.Lock()
	defer r.mu.Unlock()
	for {
		if r.haltedLocked(ctx) {
			return nil
		}
		if len(r.queue) > 0 {
			b := r.queue[0]
			r.queue = r.queue[1:]
			r.inflight++
			return b
		}
		if r.inflight == 0 {
			return nil
		}
		r.cond.Wait()
	}
}

// send sends one batch and books the outcome of every registrant in it.
// It returns the batches to send again: the rest of a batch after a bad
// row or a deferred registrant was taken out (Zoom committed nothing), or
// the whole batch when the job paused or stopped before it could go. A
// batch the client gave up on (see the package doc, Retries) is not sent
// again.
func (r *run) send(ctx context.Context, b *batch) []*batch {
	n := int(r.batchNo.Add(1))
	if r.jnl != nil {
		emails := make([]string, len(b.people))
		for i, p := range b.people {
			emails[i] = p.key
		}
		// On disk before the request goes out: a crash after this line
		// leaves the batch unconfirmed, to be reconciled, never forgotten.
		if err := r.jnl.Sent(n, emails); err != nil {
			r.halt(fmt.Errorf("journal: %w", err))
			return []*batch{b}
		}
	}
	attendees := make([]Attendee, len(b.people))
	for i, p := range b.people {
		attendees[i] = p.a
	}
	body := batchBody(attendees, r.opts.AutoApprove)
	r.requests.Add(1)
	res, err := r.api.PerformBatchRegistration(ctx, r.meetingID, body)
	if err == nil || res != nil {
		// A result with an error is a partial answer: what it lists is
		// registered, the rest is outcome unknown.
		return r.answered(n, b, res)
	}
	if ctx.Err() != nil {
		// The request may have reached Zoom before the context ended.
		r.mu.Lock()
		r.cancelled = append(r.cancelled, b.people...)
		r.mu.Unlock()
		return nil
	}
	f := classify(err)
	switch f.kind {
	case failRows:
		return r.refuseRows(n, b, f)
	case failRegistrantDaily:
		return r.deferRegistrant(n, b, f)
	case failAccountDaily:
		r.mu.Lock()
		if r.pauseErr == nil || f.resetAt.After(r.pausedUntil) {
			r.pauseErr, r.pausedUntil = f.err, f.resetAt
		}
		r.cond.Broadcast()
		r.mu.Unlock()
		return []*batch{b} // nothing was committed; left for the next run
	case failOutcomeUnknown:
		r.mu.Lock()
		r.markUnknown(b.people)
		r.mu.Unlock()
		return nil
	case failMeeting:
		r.halt(f.err)
		return []*batch{b}
	default:
		// Transient, and the client has already retried it as often as
		// its RetryPolicy allows: nothing was committed. Sending it again
		// here would multiply the client's bound; the attendees are left
		// unsettled (not sent, with this error) for a later run.
		r.mu.Lock()
		for _, p := range b.people {
			p.res.Error = f.err.Error()
		}
		r.mu.Unlock()
		return nil
	}
}

// halt stops dispatching for a job-wide reason.
func (r *run) halt(err error) {
	r.mu.Lock()
	if r.stopErr == nil {
		r.stopErr = err
	}
	r.cond.Broadcast()
	r.mu.Unlock()
}

// answered books a successful answer. Zoom answers in request order, but
// entries are matched by email (ignoring case), and anyone the answer
// leaves out is treated as outcome unknown.
func (r *run) answered(n int, b *batch, res batchResult) []*batch {
	got := map[string]entry{}
	for _, e := range answeredEntries(res) {
		got[normEmail(e.email)] = e
	}
	outcomes := make([]journal.Outcome, 0, len(b.people))
	var missing []*person
	for _, p := range b.people {
		e, ok := got[p.key]
		if !ok {
			missing = append(missing, p)
			continue
		}
		outcomes = append(outcomes, journal.Outcome{Email: p.key, Status: journal.StatusRegistered, RegistrantID: e.id, JoinURL: e.joinURL})
	}
	// What Zoom confirmed is settled even if the journal cannot take it:
	// the report must say so, and the next run reconciles from the "sent"
	// record.
	r.record(n, outcomes)
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, p := range b.people {
		if e, ok := got[p.key]; ok {
			r.settle(p, Result{Status: Registered, RegistrantID: e.id, JoinURL: e.joinURL}, true)
		}
	}
	r.markUnknown(missing)
	return nil
}

// markUnknown sets people aside for reconciliation. The caller holds r.mu.
func (r *run) markUnknown(people []*person) {
	for _, p := range people {
		p.unknown = true
	}
	r.unknown = append(r.unknown, people...)
}

// record writes outcomes to the journal. A journal that cannot be written
// halts the job: going on would lose what it is there to keep. The
// outcomes' people stay unsettled then, and the next run reconciles them.
func (r *run) record(n int, outcomes []journal.Outcome) bool {
	if r.jnl == nil {
		return true
	}
	if err := r.jnl.Record(n, outcomes); err != nil {
		r.halt(fmt.Errorf("journal: %w", err))
		return false
	}
	return true
}

// refuseRows handles a batch refused for the fields of some registrants
// (nothing was committed). Rows the error names fail; the rest go again.
// When no row is named, the batch is split in two until the bad rows are
// alone.
func (r *run) refuseRows(n int, b *batch, f failure) []*batch {
	bad := map[int]bool{}
	for _, i := range f.rows {
		if i >= 0 && i < len(b.people) {
			bad[i] = true
		}
	}
	if len(bad) == 0 && len(b.people) > 1 {
		half := len(b.people) / 2
		return []*batch{{people: b.people[:half:half]}, {people: b.people[half:]}}
	}
	if len(bad) == 0 {
		bad[0] = true
	}
	var rest []*person
	var outcomes []journal.Outcome
	for i, p := range b.people {
		if !bad[i] {
			rest = append(rest, p)
			continue
		}
		outcomes = append(outcomes, journal.Outcome{Email: p.key, Status: journal.StatusFailed, Code: f.code, Error: f.rowMsg(i)})
	}
	journaled := r.record(n, outcomes)
	r.mu.Lock()
	for i, p := range b.people {
		if bad[i] {
			r.settle(p, Result{Status: Failed, Code: f.code, Error: f.rowMsg(i)}, false)
		}
	}
	r.mu.Unlock()
	if len(rest) == 0 || !journaled {
		return nil
	}
	return []*batch{{people: rest}}
}

// deferRegistrant handles a per-registrant daily limit: Zoom refused the
// whole batch because of one registrant (nothing was committed). That one
// waits for the reset; the others go again at once.
func (r *run) deferRegistrant(n int, b *batch, f failure) []*batch {
	at := -1
	for i, p := range b.people {
		if p.key == normEmail(f.email) {
			at = i
			break
		}
	}
	if at < 0 && len(b.people) > 1 {
		// Zoom named someone not in the batch: find the culprit by halves.
		half := len(b.people) / 2
		return []*batch{{people: b.people[:half:half]}, {people: b.people[half:]}}
	}
	if at < 0 {
		at = 0
	}
	p := b.people[at]
	msg := fmt.Sprintf("daily registration limit for this registrant reached; retry after %s", f.resetAt.UTC().Format(time.RFC3339))
	retry := f.resetAt
	journaled := r.record(n, []journal.Outcome{{Email: p.key, Status: journal.StatusDeferred, Code: f.code, Error: msg, RetryAt: &retry}})
	r.mu.Lock()
	r.settle(p, Result{Status: Deferred, Code: f.code, Error: msg, RetryAt: retry}, false)
	r.mu.Unlock()
	rest := make([]*person, 0, len(b.people)-1)
	rest = append(rest, b.people[:at]...)
	rest = append(rest, b.people[at+1:]...)
	if len(rest) == 0 || !journaled {
		return nil
	}
	return []*batch{{people: rest}}
}

// report calls the progress callback with the current counts.
func (r *run) report() {
	if r.opts.Progress == nil {
		return
	}
	r.progressMu.Lock()
	defer r.progressMu.Unlock()
	r.mu.Lock()
	p := Progress{Done: r.doneN, Failed: r.failedN, Total: r.total}
	if secs := r.now().Sub(r.start).Seconds(); secs > 0 {
		p.Rate = float64(r.sentOK) / secs
	}
	r.mu.Unlock()
	r.opts.Progress(p)
}

// finish fills the report from the people's results.
func (r *run) finish(rep Report, people []*person) Report {
	r.mu.Lock()
	defer r.mu.Unlock()
	cancelled := map[*person]bool{}
	for _, p := range r.cancelled {
		cancelled[p] = true
	}
	for _, p := range r.unknown {
		cancelled[p] = true
	}
	for _, p := range people {
		res := p.res
		if !p.settled {
			switch {
			case cancelled[p]:
				res.Status = Unconfirmed
				res.Error = "sent, but whether Zoom registered it is not known; run again with the journal to reconcile"
			case r.stopErr != nil:
				res.Status = NotSent
				if res.Error == "" { // else a more precise reason is known
					res.Error = "the job stopped: " + r.stopErr.Error()
				}
			case r.pauseErr != nil:
				res.Status = NotSent
				res.RetryAt = r.pausedUntil
				if res.Error == "" {
					res.Error = fmt.Sprintf("the account's daily limit is reached; resume after %s", r.pausedUntil.UTC().Format(time.RFC3339))
				}
			default:
				res.Status = NotSent
				if res.Error == "" {
					res.Error = "the run was interrupted"
				}
			}
		}
		rep.Results[p.index] = res
	}
	for _, res := range rep.Results {
		switch res.Status {
		case Registered:
			rep.Registered++
		case AlreadyRegistered:
			rep.AlreadyRegistered++
		case Failed:
			rep.Failed++
		case Deferred:
			rep.Deferred++
		case NotSent:
			rep.NotSent++
		case Unconfirmed:
			rep.Unconfirmed++
		}
	}
	rep.Requests = int(r.requests.Load())
	rep.Elapsed = r.now().Sub(r.start)
	return rep
}
