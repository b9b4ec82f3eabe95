package bulk

import (
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/zoomgen/zoom"
	"github.com/zoomgen/zoom/internal/journal"
)

// Register registers attendees for a meeting through c: duplicates (by
// email, ignoring case) are reported and sent once, people the meeting
// already has are not sent again, the rest go in batches of at most
// zoom.MaxBatchRegistrants, opts.Concurrency at a time, paced by c's
// limiter. Failures are handled by kind (see Status); the report has one
// result per input attendee, in input order, whatever happens.
//
// The error is nil when the job ran to its end, even if some attendees
// were refused (see Report.Complete). It is not nil when the job stopped
// early: a meeting-level error (the meeting does not exist, is over, is
// full, takes no registrations; the *zoom.Error is in the chain), an
// account daily limit (ErrPaused), cancellation of ctx, or a journal that
// cannot be used (ErrJournalMismatch, ErrJournalInUse; then nothing was
// done and the report is empty). The report is complete for what was done
// in every case.
func Register(ctx context.Context, c *zoom.Client, meetingID int64, attendees []Attendee, opts Options) (Report, error) {
	return register(ctx, c, Meeting(meetingID), attendees, opts)
}

// Resume continues a job recorded in the journal opts.Journal, which must
// exist: attendees Zoom confirmed are not sent again, and those sent
// without an answer are looked up in the meeting's registrant list first.
// meetingID and attendees must be those of the journaled run
// (ErrJournalMismatch otherwise). Errors are as for Register.
func Resume(ctx context.Context, c *zoom.Client, meetingID int64, attendees []Attendee, opts Options) (Report, error) {
	if err := resumable(opts); err != nil {
		return Report{}, err
	}
	return register(ctx, c, Meeting(meetingID), attendees, opts)
}

// resumable checks that opts name a journal with a run in it.
func resumable(opts Options) error {
	if opts.Journal == "" {
		return errors.New("bulk: Resume needs Options.Journal")
	}
	fi, err := os.Stat(opts.Journal)
	if err != nil {
		return fmt.Errorf("bulk: resume: %w", err)
	}
	if fi.Size() == 0 {
		return fmt.Errorf("bulk: resume: %s is empty: there is no run to resume", opts.Journal)
	}
	return nil
}

// ErrJournalInUse is matched (errors.Is) by the error of Register and
// Resume when another run, in this process or another, has
// Options.Journal open. Two runs on one journal would both send everyone
// not yet confirmed, so the second refuses to start; run it again once the
// first has ended. A run that was killed leaves no lock behind. On systems
// without flock (Windows among them) only runs within one process are
// detected.
var ErrJournalInUse = journal.ErrInUse

// ErrJournalMismatch is matched (errors.Is) by the error of Register and
// Resume when Options.Journal records a run for another meeting or another
// list of attendees (compared by a digest of emails and names). Nothing is
// sent; use a new journal path, or the meeting and list of that run.
var ErrJournalMismatch = journal.ErrMismatch

// check is the client's own check of one registrant
// (zoom.ValidateBatchRegistration), run before batching: a registrant the
// client would refuse fails alone instead of costing its batch a round.
// It returns "field: why", or "" when the registrant passes.
func check(a Attendee) string {
	var ve *zoom.ValidationError
	if err := zoom.ValidateBatchRegistration(batchBody([]Attendee{a}, false)); errors.As(err, &ve) {
		return ve.Field + ": " + ve.Message
	} else if err != nil {
		return err.Error()
	}
	return ""
}

// meetingCodes are Zoom error codes that refuse the meeting, not a
// registrant: every batch would get the same answer, so the job stops.
var meetingCodes = map[int]bool{
	zoom.CodeMeetingDoesNotExist:                         true,
	zoom.CodeMeetingIsOver:                               true,
	zoom.CodeThisAPICanOnlyBeUsedForScheduledMeeting:     true,
	zoom.CodeMeetingHasReachedMaximumAttendeeCapacity:    true,
	zoom.CodeRegistrationHasNotBeenEnabledForThisMeeting: true,
	zoom.CodeRegistrationHasNotBeenEnabledForThisWebinar: true,
	zoom.CodeWebinarPlanIsMissing:                        true,
}

// fieldIndex finds the registrant a Zoom field error names, as in
// "registrants[3].email".
var fieldIndex = regexp.MustCompile(`^registrants\[(\d+)\]\.?(.*)$`)

// classifyClient maps the client layer's typed errors to what the bulk
// engine does about them.
func classifyClient(err error) (failure, bool) {
	var ee eventError
	if errors.As(err, &ee) {
		f := failure{kind: failMeeting, err: err}
		var ze *zoom.Error
		if errors.As(err, &ze) {
			f.code = ze.Code
		}
		return f, true
	}
	if errors.Is(err, zoom.ErrOutcomeUnknown) {
		return failure{kind: failOutcomeUnknown, err: err}, true
	}
	var rl *zoom.RateLimitError
	if errors.As(err, &rl) {
		f := failure{resetAt: rl.ResetAt, code: 429, err: err}
		if rl.Err != nil && rl.Err.Code != 0 {
			f.code = rl.Err.Code
		}
		switch rl.Kind {
		case zoom.RateLimitRegistrantDaily:
			f.kind, f.email = failRegistrantDaily, rl.Registrant
		case zoom.RateLimitAccountDaily, zoom.RateLimitUserDaily:
			f.kind = failAccountDaily
		default:
			f.kind = failTransient
		}
		return f, true
	}
	var ve *zoom.ValidationError
	if errors.As(err, &ve) {
		f := failure{kind: failRows, err: err}
		if ve.Index >= 0 {
			f.rows, f.rowMsgs = []int{ve.Index}, []string{ve.Field + ": " + ve.Message}
		}
		return f, true
	}
	var ze *zoom.Error
	if errors.As(err, &ze) {
		f := failure{code: ze.Code, err: err}
		switch {
		case meetingCodes[ze.Code] || ze.StatusCode == 404:
			f.kind = failMeeting
		case ze.StatusCode == 400 && (ze.Code == 300 || len(ze.Fields) > 0):
			// Refused for the fields of some registrants: nothing was
			// registered. Rows Zoom names fail; if it names none, the
			// engine splits the batch to find them.
			f.kind = failRows
			for _, fe := range ze.Fields {
				m := fieldIndex.FindStringSubmatch(fe.Field)
				if m == nil {
					continue
				}
				i, err := strconv.Atoi(m[1])
				if err != nil {
					continue
				}
				f.rows = append(f.rows, i)
				f.rowMsgs = append(f.rowMsgs, strings.TrimSpace(m[2]+": "+fe.Message))
			}
		case ze.StatusCode == 429:
			f.kind = failTransient
		case ze.StatusCode >= 500:
			f.kind = failOutcomeUnknown
		default:
			// 401, 403 and the like: the credentials or the account, not
			// a registrant; every batch would fail alike.
			f.kind = failMeeting
		}
		return f, true
	}
	return failure{}, false
}
