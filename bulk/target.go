package bulk

import (
	"context"
	"strconv"

	"github.com/zoomgen/zoom"
)

// Target is the meeting or webinar a bulk job works on. Make one with
// Meeting or Webinar.
type Target struct {
	ID      int64
	Webinar bool // the ID is a webinar's
}

// Meeting is the target for the meeting with this ID.
func Meeting(id int64) Target { return Target{ID: id} }

// Webinar is the target for the webinar with this ID.
func Webinar(id int64) Target { return Target{ID: id, Webinar: true} }

// String names the target, as "meeting 85746065432".
func (t Target) String() string {
	if t.Webinar {
		return "webinar " + strconv.FormatInt(t.ID, 10)
	}
	return "meeting " + strconv.FormatInt(t.ID, 10)
}

// journalInput is what a journal records as its input: the digest of
// the list, marked for a webinar, so that a journal of a meeting's run is
// never resumed for a webinar with the same number or the other way round.
func (t Target) journalInput(digest string) string {
	if t.Webinar {
		return "webinar:" + digest
	}
	return digest
}

// RegisterWebinar is Register for a webinar: the same engine, batches and
// journal, through Zoom's webinar batch registration (always sent as
// JSON) and the webinar's registrant list. A webinar that is not a
// scheduled one, is over, is full or takes no registrations stops the job
// with Zoom's error, as a meeting does.
func RegisterWebinar(ctx context.Context, c *zoom.Client, webinarID int64, attendees []Attendee, opts Options) (Report, error) {
	return register(ctx, apiFor(c, Webinar(webinarID)), Webinar(webinarID), attendees, opts)
}

// ResumeWebinar is Resume for a webinar (see RegisterWebinar).
func ResumeWebinar(ctx context.Context, c *zoom.Client, webinarID int64, attendees []Attendee, opts Options) (Report, error) {
	if err := resumable(opts); err != nil {
		return Report{}, err
	}
	return RegisterWebinar(ctx, c, webinarID, attendees, opts)
}

// eventError marks an error that refuses the meeting or webinar itself,
// which the generic classification cannot tell from a refused row.
type eventError struct{ error }

func (e eventError) Unwrap() error { return e.error }
