package bulk

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/zoomgen/zoom"
	"github.com/zoomgen/zoom/internal/journal"
)

// Action is the change of status SetStatus applies to registrants.
type Action string

// The actions of Zoom's "Update registrant's status".
const (
	Approve Action = "approve" // approve a pending (or denied) registration
	Deny    Action = "deny"    // deny a pending registration
	Cancel  Action = "cancel"  // cancel an approved registration
)

// gives is the status Zoom lists a registrant with after the action
// (a cancelled registration is listed as denied).
func (a Action) gives() (string, bool) {
	switch a {
	case Approve:
		return "approved", true
	case Deny, Cancel:
		return "denied", true
	}
	return "", false
}

// The statuses only SetStatus gives (with Duplicate, Failed, NotSent and
// Unconfirmed, which mean for a status change what they mean for a
// registration).
const (
	// Changed: Zoom applied the action to the registrant (in this run or,
	// with a journal, in the run it resumes).
	Changed Status = "changed"
	// Unchanged: the registrant already had the status the action gives
	// before anything was sent, so nothing was.
	Unchanged Status = "unchanged"
	// NotRegistrant: the meeting or webinar has no registrant with the
	// email; nothing was sent.
	NotRegistrant Status = "not_registrant"
)

// StatusReport is the outcome of SetStatus: one result per input email,
// in input order, and counts over them.
type StatusReport struct {
	Target Target
	Action Action
	// Results hold Email, Status, RegistrantID (when Zoom lists the
	// registrant), Code and Error; JoinURL is left empty.
	Results    []Result
	Duplicates []Dup
	// Counts of Results by status.
	Changed, Unchanged, NotRegistrant, Failed, NotSent, Unconfirmed int
	// Requests is the number of status update calls made, each of at
	// most zoom.RetryPolicy.MaxAttempts HTTP requests.
	Requests int
	// Stopped is the error that stopped the job (the meeting or webinar
	// does not exist, the credentials are refused), nil when it ran to
	// the end.
	Stopped error
	// PausedUntil is set when an account daily limit paused the job.
	PausedUntil time.Time
	// Resumed says the run continued a journal that already had batches.
	Resumed bool
	Elapsed time.Duration
}

// Complete reports whether every registrant ended with the status the
// action gives (changed, unchanged, or a duplicate of one that did).
func (r StatusReport) Complete() bool {
	return r.NotRegistrant == 0 && r.Failed == 0 && r.NotSent == 0 && r.Unconfirmed == 0
}

// String summarizes the report by counts.
func (r StatusReport) String() string {
	s := fmt.Sprintf("%s, %s: %d changed, %d unchanged, %d not registrants, %d duplicates, %d failed, %d not sent, %d unconfirmed; %d requests in %s",
		r.Target, r.Action, r.Changed, r.Unchanged, r.NotRegistrant, len(r.Duplicates), r.Failed, r.NotSent, r.Unconfirmed, r.Requests, r.Elapsed.Round(time.Millisecond))
	if r.Stopped != nil {
		s += "; stopped: " + r.Stopped.Error()
	}
	if !r.PausedUntil.IsZero() {
		s += "; paused until " + r.PausedUntil.UTC().Format(time.RFC3339)
	}
	return s
}

// SetStatus applies action to the registrants of a meeting or webinar
// with the given emails: duplicates (ignoring case) are sent once; the
// registrant list is read first, so that someone who is not a registrant
// is reported as such and someone who already has the status is not sent
// again; the rest go in batches of zoom.MaxBatchRegistrants (Zoom's limit
// for a status update), opts.Concurrency at a time, paced by c.
//
// With opts.Journal the run is resumable: run it again with the same
// journal (after a crash, a kill or a pause at the account's daily limit)
// and it sends only what Zoom has not confirmed, looking up in the
// registrant list the batches whose answer was lost. A journal of another
// target, action or list is refused (ErrJournalMismatch). Failures are
// handled as Register handles them; errors are as for Register.
// opts.AutoApprove is not used.
func SetStatus(ctx context.Context, c *zoom.Client, t Target, action Action, emails []string, opts Options) (StatusReport, error) {
	gives, ok := action.gives()
	if !ok {
		return StatusReport{Target: t, Action: action}, fmt.Errorf("bulk: unknown action %q; want approve, deny or cancel", action)
	}
	s := &statusRun{c: c, api: apiFor(c, t), target: t, action: action, gives: gives, opts: opts, now: opts.Now}
	return s.run(ctx, emails)
}

// statusRun is the state of one SetStatus call.
type statusRun struct {
	c      *zoom.Client
	api    registrar
	target Target
	action Action
	gives  string
	opts   Options
	now    func() time.Time
	jnl    *journal.Journal

	mu          sync.Mutex
	batchNo     int
	requests    int
	unknown     []*person
	stopErr     error
	pauseErr    error
	pausedUntil time.Time
	settled     int
	failed      int
	total       int
	start       time.Time
}

func (s *statusRun) run(ctx context.Context, emails []string) (StatusReport, error) {
	if s.now == nil {
		s.now = time.Now
	}
	if s.opts.Concurrency <= 0 {
		s.opts.Concurrency = 4
	}
	if s.opts.MaxReconcileRounds <= 0 {
		s.opts.MaxReconcileRounds = 5
	}
	s.start = s.now()
	in := make([]Attendee, len(emails))
	for i, e := range emails {
		in[i] = Attendee{Email: e}
	}
	rep := StatusReport{Target: s.target, Action: s.action, Results: make([]Result, len(in))}
	people, dups := dedupe(in, rep.Results)
	rep.Duplicates = dups
	s.total = len(people)
	if s.opts.Journal != "" {
		input := s.target.journalInput("status:" + string(s.action) + ":" + digest(in))
		j, st, err := journal.Open(s.opts.Journal, s.target.ID, input, s.now())
		if err != nil {
			return StatusReport{Target: s.target, Action: s.action}, fmt.Errorf("bulk status change: %w", err)
		}
		defer j.Close()
		s.jnl = j
		s.batchNo = st.Batches
		rep.Resumed = st.Batches > 0
		for _, p := range people {
			switch o, ok := st.Outcomes[p.key]; {
			case ok && o.Status == journal.StatusChanged:
				s.settle(p, Result{Status: Changed, RegistrantID: o.RegistrantID})
			case ok && o.Status == journal.StatusFailed:
				s.settle(p, Result{Status: Failed, Code: o.Code, Error: o.Error})
			default:
				p.sent = st.Unconfirmed[p.key]
			}
		}
	}

	todo := unsettled(people)
	for round := 0; len(todo) > 0; round++ {
		// Read the list before sending: who is not a registrant, who
		// already has the status, and (after a lost answer) whom Zoom
		// already changed.
		send, err := s.reconcile(ctx, todo)
		if err != nil {
			if ctx.Err() == nil {
				s.stopErr = err
			}
			break
		}
		if round > s.opts.MaxReconcileRounds {
			for _, x := range send {
				x.p.res.Error = fmt.Sprintf("Zoom did not confirm the change after %d rounds; run again", round)
			}
			break
		}
		s.work(ctx, send)
		if ctx.Err() != nil || s.stopErr != nil || s.pauseErr != nil {
			break
		}
		todo, s.unknown = s.unknown, nil
		for _, p := range todo {
			p.sent, p.unknown = true, false
		}
	}
	if len(s.unknown) > 0 && ctx.Err() == nil {
		// The job stopped or paused with answers lost: look them up once
		// more so the report says what Zoom holds. Nothing is sent.
		unknown := s.unknown
		s.unknown = nil
		for _, p := range unknown {
			p.sent, p.unknown = true, false
		}
		if rest, err := s.reconcile(ctx, unknown); err != nil {
			s.unknown = unknown
			for _, p := range unknown {
				p.unknown = true
			}
		} else {
			for _, x := range rest {
				x.p.res.Error = "the answer was lost and Zoom does not list the change: not applied; run again to send it"
			}
		}
	}
	return s.finish(ctx, rep, people)
}

func unsettled(people []*person) []*person {
	var out []*person
	for _, p := range people {
		if !p.settled {
			out = append(out, p)
		}
	}
	return out
}

// settle records p's final result for this run.
func (s *statusRun) settle(p *person, res Result) {
	res.Email, res.DuplicateOf = p.a.Email, -1
	p.res, p.settled = res, true
	if res.Status == Changed || res.Status == Unchanged {
		s.settled++
	} else {
		s.failed++
	}
}

// reconcile reads the registrant list for people and settles those it
// can; it returns the others with the entry to send for each.
func (s *statusRun) reconcile(ctx context.Context, people []*person) ([]pending, error) {
	want := make(map[string]*person, len(people))
	for _, p := range people {
		want[p.key] = p
	}
	found := map[*person]registrant{}
	for _, status := range registrantStatuses {
		for reg, err := range registrantsOf(ctx, s.api, s.target, status) {
			if err != nil {
				return nil, fmt.Errorf("listing the registrants of %s: %w", s.target, err)
			}
			if p := want[normEmail(reg.email)]; p != nil {
				found[p] = reg
			}
		}
	}
	var send []pending
	var outcomes []journal.Outcome
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range people {
		reg, ok := found[p]
		switch {
		case !ok:
			s.settle(p, Result{Status: NotRegistrant, Error: fmt.Sprintf("%s has no registrant with this email", s.target)})
		case reg.status == s.gives && p.sent:
			s.settle(p, Result{Status: Changed, RegistrantID: reg.id})
			outcomes = append(outcomes, journal.Outcome{Email: p.key, Status: journal.StatusChanged, RegistrantID: reg.id})
		case reg.status == s.gives:
			s.settle(p, Result{Status: Unchanged, RegistrantID: reg.id})
		default:
			p.res.RegistrantID = reg.id
			send = append(send, pending{p, reg.entry})
		}
	}
	if s.jnl != nil && len(outcomes) > 0 {
		if err := s.jnl.Record(0, outcomes); err != nil {
			return nil, fmt.Errorf("journal: %w", err)
		}
	}
	return send, nil
}

// pending is a registrant to send, with what Zoom lists for it.
type pending struct {
	p   *person
	reg entry
}

// work sends the batches, opts.Concurrency at a time, until they are
// done or the job halts.
func (s *statusRun) work(ctx context.Context, send []pending) {
	batches := make(chan []pending)
	var wg sync.WaitGroup
	for range s.opts.Concurrency {
		wg.Go(func() {
			for b := range batches {
				s.send(ctx, b)
				s.report()
			}
		})
	}
	for len(send) > 0 && !s.halted(ctx) {
		n := min(zoom.MaxBatchRegistrants, len(send))
		batches <- send[:n:n]
		send = send[n:]
	}
	close(batches)
	wg.Wait()
}

func (s *statusRun) halted(ctx context.Context) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return ctx.Err() != nil || s.stopErr != nil || s.pauseErr != nil
}

// send sends one batch and books its outcome.
func (s *statusRun) send(ctx context.Context, b []pending) {
	if s.halted(ctx) {
		return
	}
	s.mu.Lock()
	s.batchNo++
	n := s.batchNo
	s.requests++
	s.mu.Unlock()
	regs := make([]entry, len(b))
	emails := make([]string, len(b))
	for i, x := range b {
		regs[i], emails[i] = x.reg, x.p.key
	}
	if s.jnl != nil {
		// On disk before the request goes out (see Register).
		if err := s.jnl.Sent(n, emails); err != nil {
			s.halt(fmt.Errorf("journal: %w", err))
			return
		}
	}
	err := updateStatus(ctx, s.c, s.target, s.action, regs)
	if err == nil {
		outcomes := make([]journal.Outcome, len(b))
		for i, x := range b {
			outcomes[i] = journal.Outcome{Email: x.p.key, Status: journal.StatusChanged, RegistrantID: x.reg.id}
		}
		if s.jnl != nil {
			if jerr := s.jnl.Record(n, outcomes); jerr != nil {
				s.halt(fmt.Errorf("journal: %w", jerr))
			}
		}
		s.mu.Lock()
		for _, x := range b {
			s.settle(x.p, Result{Status: Changed, RegistrantID: x.reg.id})
		}
		s.mu.Unlock()
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if ctx.Err() != nil {
		s.markUnknown(b)
		return
	}
	f := classify(err)
	switch f.kind {
	case failOutcomeUnknown:
		s.markUnknown(b)
	case failAccountDaily:
		if s.pauseErr == nil || f.resetAt.After(s.pausedUntil) {
			s.pauseErr, s.pausedUntil = f.err, f.resetAt
		}
	case failMeeting:
		if s.stopErr == nil {
			s.stopErr = f.err
		}
	case failRows:
		for _, x := range b {
			s.settle(x.p, Result{Status: Failed, RegistrantID: x.reg.id, Code: f.code, Error: f.err.Error()})
		}
	default:
		// The client retried it as often as its policy allows; left not
		// sent, with the reason, for a later run.
		for _, x := range b {
			x.p.res.Error = f.err.Error()
		}
	}
}

// markUnknown sets a batch aside for the next look at the list. The
// caller holds s.mu.
func (s *statusRun) markUnknown(b []pending) {
	for _, x := range b {
		x.p.unknown = true
		s.unknown = append(s.unknown, x.p)
	}
}

func (s *statusRun) halt(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopErr == nil {
		s.stopErr = err
	}
}

// report calls the progress callback (never concurrently: under s.mu).
func (s *statusRun) report() {
	if s.opts.Progress == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p := Progress{Done: s.settled, Failed: s.failed, Total: s.total}
	if secs := s.now().Sub(s.start).Seconds(); secs > 0 {
		p.Rate = float64(s.settled) / secs
	}
	s.opts.Progress(p)
}

// finish fills the report and says how the job ended.
func (s *statusRun) finish(ctx context.Context, rep StatusReport, people []*person) (StatusReport, error) {
	for _, p := range people {
		res := p.res
		if !p.settled {
			switch {
			case p.unknown || (p.sent && ctx.Err() != nil):
				res.Status = Unconfirmed
				res.Error = "sent, but whether Zoom applied it is not known; run again with the journal to reconcile"
			case res.Error != "":
				res.Status = NotSent
			case s.stopErr != nil:
				res.Status, res.Error = NotSent, "the job stopped: "+s.stopErr.Error()
			case s.pauseErr != nil:
				res.Status, res.RetryAt = NotSent, s.pausedUntil
				res.Error = fmt.Sprintf("the account's daily limit is reached; resume after %s", s.pausedUntil.UTC().Format(time.RFC3339))
			default:
				res.Status, res.Error = NotSent, "the run was interrupted"
			}
			res.Email, res.DuplicateOf = p.a.Email, -1
		}
		rep.Results[p.index] = res
	}
	for _, res := range rep.Results {
		switch res.Status {
		case Changed:
			rep.Changed++
		case Unchanged:
			rep.Unchanged++
		case NotRegistrant:
			rep.NotRegistrant++
		case Failed:
			rep.Failed++
		case NotSent:
			rep.NotSent++
		case Unconfirmed:
			rep.Unconfirmed++
		}
	}
	rep.Requests, rep.Stopped, rep.PausedUntil = s.requests, s.stopErr, s.pausedUntil
	rep.Elapsed = s.now().Sub(s.start)
	switch {
	case ctx.Err() != nil:
		return rep, fmt.Errorf("bulk status change interrupted: %w", context.Cause(ctx))
	case s.stopErr != nil:
		return rep, fmt.Errorf("bulk status change stopped: %w", s.stopErr)
	case s.pauseErr != nil:
		return rep, fmt.Errorf("%w until %s: %w", ErrPaused, s.pausedUntil.UTC().Format(time.RFC3339), s.pauseErr)
	}
	return rep, nil
}
