package bulk

import (
	"context"
	"iter"

	"github.com/zoomgen/zoom"
	"github.com/zoomgen/zoom/gen"
)

// This file holds everything the engine knows of the generated types
// (package gen): when their names or shapes change, this is what follows.

// registrar is what the engine needs of a *zoom.Client: two of its calls.
// The engine's bookkeeping tests give it a fake that answers with the
// client's own typed errors (*zoom.Error, *zoom.RateLimitError,
// zoom.ErrOutcomeUnknown); the other tests use *zoom.Client against the
// mock over HTTP.
type registrar interface {
	PerformBatchRegistration(ctx context.Context, meetingID int64, body gen.BatchRegistrationRequest) (batchResult, error)
	MeetingRegistrants(ctx context.Context, meetingID int64, status gen.RegistrantStatus) iter.Seq2[gen.MeetingRegistrant, error]
}

// *zoom.Client is what the engine was written against.
var _ registrar = (*zoom.Client)(nil)

// batchResult is the client's answer to a batch registration.
type batchResult = *gen.BatchRegistrationResult

// listStatuses are the registrant lists reconciliation reads. Denied
// registrants are read too: sending them again would not undo the host's
// decision and would cost a registration.
var listStatuses = []struct {
	status gen.RegistrantStatus
	denied bool
}{{gen.RegistrantStatusApproved, false}, {gen.RegistrantStatusPending, false}, {gen.RegistrantStatusDenied, true}}

// entry is one registrant as Zoom answered or listed it.
type entry struct{ email, id, joinURL string }

// listed reads an entry of the meeting's registrant list; false when it
// has no email to match.
func listed(item gen.MeetingRegistrant) (entry, bool) {
	if item.Email == "" {
		return entry{}, false
	}
	return entry{email: item.Email, id: item.ID, joinURL: item.JoinURL}, true
}

// answeredEntries reads the entries of a batch registration's answer
// that have an email to match.
func answeredEntries(res batchResult) []entry {
	if res == nil {
		return nil
	}
	out := make([]entry, 0, len(res.Registrants))
	for _, item := range res.Registrants {
		if item.Email != "" {
			out = append(out, entry{email: item.Email, id: item.RegistrantID, joinURL: item.JoinURL})
		}
	}
	return out
}

// batchBody is the request for one batch.
func batchBody(attendees []Attendee, autoApprove bool) gen.BatchRegistrationRequest {
	body := gen.BatchRegistrationRequest{Registrants: make([]gen.Registrant, len(attendees)), AutoApprove: autoApprove}
	for i, a := range attendees {
		body.Registrants[i] = gen.Registrant{Email: a.Email, FirstName: a.FirstName, LastName: a.LastName}
	}
	return body
}
