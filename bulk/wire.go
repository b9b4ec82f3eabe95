package bulk

import (
	"context"
	"iter"

	openapi_types "github.com/oapi-codegen/runtime/types"

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
	PerformBatchRegistration(ctx context.Context, meetingID int64, body gen.PerformBatchRegistrationJSONRequestBody) (batchResult, error)
	MeetingRegistrants(ctx context.Context, meetingID int64, status gen.ListMeetingRegistrantsParamsStatus) iter.Seq2[gen.ListMeetingRegistrantsResultRegistrantsItem, error]
}

// *zoom.Client is what the engine was written against.
var _ registrar = (*zoom.Client)(nil)

// batchResult is the client's answer to a batch registration.
type batchResult = *gen.PerformBatchRegistrationResult

// listStatuses are the registrant lists reconciliation reads. Denied
// registrants are read too: sending them again would not undo the host's
// decision and would cost a registration.
var listStatuses = []struct {
	status gen.ListMeetingRegistrantsParamsStatus
	denied bool
}{{gen.Approved, false}, {gen.Pending, false}, {gen.Denied, true}}

// entry is one registrant as Zoom answered or listed it.
type entry struct{ email, id, joinURL string }

// listed reads an entry of the meeting's registrant list; false when it
// has no email to match.
func listed(item gen.ListMeetingRegistrantsResultRegistrantsItem) (entry, bool) {
	if item.Email == nil {
		return entry{}, false
	}
	return entry{email: *item.Email, id: deref(item.Id), joinURL: deref(item.JoinUrl)}, true
}

// answeredEntries reads the entries of a batch registration's answer
// that have an email to match.
func answeredEntries(res batchResult) []entry {
	if res == nil || res.Registrants == nil {
		return nil
	}
	out := make([]entry, 0, len(*res.Registrants))
	for _, item := range *res.Registrants {
		if item.Email != nil {
			out = append(out, entry{email: *item.Email, id: deref(item.RegistrantId), joinURL: deref(item.JoinUrl)})
		}
	}
	return out
}

// batchBody is the request for one batch.
func batchBody(attendees []Attendee, autoApprove bool) gen.PerformBatchRegistrationJSONRequestBody {
	body := gen.PerformBatchRegistrationJSONRequestBody{Registrants: make([]gen.PerformBatchRegistrationRequestRegistrantsItem, len(attendees))}
	for i, a := range attendees {
		item := &body.Registrants[i]
		item.Email = openapi_types.Email(a.Email)
		item.FirstName = a.FirstName
		if a.LastName != "" {
			item.LastName = &attendees[i].LastName
		}
	}
	if autoApprove {
		body.AutoApprove = &autoApprove
	}
	return body
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
