package zoom

import (
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/zoomgen/zoom/internal/journal"
)

// BulkRegister registers attendees for a meeting: duplicates (by email,
// ignoring case) are reported and sent once, people the meeting already
// has are not sent again, the rest go in batches of at most MaxBatch,
// opts.Concurrency at a time, paced by the client's limiter for the
// operation's rate-limit label. Failures are handled by kind (see
// BulkStatus); the report has one result per input attendee, in input
// order, whatever happens.
//
// The error is nil when the job ran to its end, even if some attendees
// were refused (see BulkReport.Complete). It is not nil when the job
// stopped early: a meeting-level error (the meeting does not exist, is
// over, is full, takes no registrations), an account daily limit
// (errors.Is(err, ErrPaused); BulkReport.PausedUntil says when to go on),
// cancellation of ctx, or a journal that cannot be used (for another
// meeting or input: errors.Is(err, journal.ErrMismatch); open in another
// run: errors.Is(err, ErrJournalInUse), and then nothing was done and the
// report is empty). The report is complete for what was done in every
// case.
func (c *Client) BulkRegister(ctx context.Context, meetingID int64, attendees []Attendee, opts BulkOptions) (BulkReport, error) {
	return bulkRegister(ctx, c, meetingID, attendees, opts)
}

// ErrJournalInUse is matched (errors.Is) by the error of BulkRegister and
// Resume when another run, in this process or another, has
// BulkOptions.Journal open. Two runs on one journal would both send
// everyone not yet confirmed, so the second refuses to start; run it again
// once the first has ended. A run that was killed leaves no lock behind.
// On systems without flock (Windows among them) only runs within one
// process are detected.
var ErrJournalInUse = journal.ErrInUse

// Resume continues a bulk registration recorded in the journal
// opts.Journal, which must exist: attendees Zoom confirmed are not sent
// again, and those sent without an answer are looked up in the meeting's
// registrant list first. meetingID and attendees must be those of the
// journaled run.
func (c *Client) Resume(ctx context.Context, meetingID int64, attendees []Attendee, opts BulkOptions) (BulkReport, error) {
	if opts.Journal == "" {
		return BulkReport{}, errors.New("zoom: Resume needs BulkOptions.Journal")
	}
	fi, err := os.Stat(opts.Journal)
	if err != nil {
		return BulkReport{}, fmt.Errorf("zoom: resume: %w", err)
	}
	if fi.Size() == 0 {
		return BulkReport{}, fmt.Errorf("zoom: resume: %s is empty: there is no run to resume", opts.Journal)
	}
	return bulkRegister(ctx, c, meetingID, attendees, opts)
}

// meetingCodes are Zoom error codes that refuse the meeting, not a
// registrant: every batch would get the same answer, so the job stops.
var meetingCodes = map[int]bool{
	CodeMeetingDoesNotExist:                         true,
	CodeMeetingIsOver:                               true,
	CodeThisAPICanOnlyBeUsedForScheduledMeeting:     true,
	CodeMeetingHasReachedMaximumAttendeeCapacity:    true,
	CodeRegistrationHasNotBeenEnabledForThisMeeting: true,
}

// fieldIndex finds the registrant a Zoom field error names, as in
// "registrants[3].email".
var fieldIndex = regexp.MustCompile(`^registrants\[(\d+)\]\.?(.*)$`)

// classifyClient maps the client layer's typed errors to what the bulk
// engine does about them.
func classifyClient(err error) (failure, bool) {
	if errors.Is(err, ErrOutcomeUnknown) {
		return failure{kind: failOutcomeUnknown, err: err}, true
	}
	var rl *RateLimitError
	if errors.As(err, &rl) {
		f := failure{resetAt: rl.ResetAt, code: 429, err: err}
		if rl.Err != nil && rl.Err.Code != 0 {
			f.code = rl.Err.Code
		}
		switch rl.Kind {
		case RateLimitRegistrantDaily:
			f.kind, f.email = failRegistrantDaily, rl.Registrant
		case RateLimitAccountDaily, RateLimitUserDaily:
			f.kind = failAccountDaily
		default:
			f.kind = failTransient
		}
		return f, true
	}
	var ve *ValidationError
	if errors.As(err, &ve) {
		f := failure{kind: failRows, err: err}
		if ve.Index >= 0 {
			f.rows, f.rowMsgs = []int{ve.Index}, []string{ve.Field + ": " + ve.Message}
		}
		return f, true
	}
	var ze *Error
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

// *Client is what the engine was written against.
var _ registrar = (*Client)(nil)
