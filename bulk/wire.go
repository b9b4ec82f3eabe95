package bulk

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"strconv"

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

// apiFor is the registrar for a target: the client itself for a meeting,
// its webinar endpoints for a webinar.
func apiFor(c *zoom.Client, t Target) registrar {
	if t.Webinar {
		return webinarAPI{c}
	}
	return c
}

// webinarAPI serves the engine's two calls from a client's webinar
// endpoints, answering in the meeting calls' types (the shapes are Zoom's
// same registrant) so that the engine has one code path.
type webinarAPI struct{ c *zoom.Client }

// PerformBatchRegistration registers a batch for a webinar, checked
// first as the client checks a meeting's (zoom.ValidateBatchRegistration).
// It is always sent as JSON. Zoom's 400 code 300 without field errors is
// its answer for a webinar that is not a scheduled one, so it stops the
// job (every batch would get it) instead of splitting the batch.
func (w webinarAPI) PerformBatchRegistration(ctx context.Context, webinarID int64, body gen.BatchRegistrationRequest) (batchResult, error) {
	if err := zoom.ValidateBatchRegistration(body); err != nil {
		return nil, err
	}
	resp, err := w.c.API().PerformBatchRegistrationForWebinarsWithResponse(ctx, strconv.FormatInt(webinarID, 10),
		gen.WebinarBatchRegistrationRequest{AutoApprove: body.AutoApprove, Registrants: body.Registrants})
	if err != nil {
		var ze *zoom.Error
		if errors.As(err, &ze) && ze.StatusCode == 400 && ze.Code == zoom.CodeInvalidRequest && len(ze.Fields) == 0 {
			return nil, eventError{err}
		}
		return nil, err
	}
	res := resp.JSON201 // what the live API answers
	if res == nil {
		res = resp.JSON200 // what the published example shows
	}
	if res == nil {
		return nil, &zoom.Error{StatusCode: resp.StatusCode(), Operation: "performBatchRegistrationForWebinars", Method: http.MethodPost,
			Message: "the answer has no registrants result"}
	}
	return res, nil
}

// MeetingRegistrants lists a webinar's registrants with a status, through
// the generated webinar iterator, in the meeting listing's type.
func (w webinarAPI) MeetingRegistrants(ctx context.Context, webinarID int64, status gen.RegistrantStatus) iter.Seq2[gen.MeetingRegistrant, error] {
	size := maxListPage
	params := &gen.ListWebinarRegistrantsParams{PageSize: &size}
	if status != "" {
		params.Status = &status
	}
	return func(yield func(gen.MeetingRegistrant, error) bool) {
		for r, err := range w.c.ListWebinarRegistrantsAll(ctx, webinarID, params) {
			item := gen.MeetingRegistrant{CreateTime: r.CreateTime, Email: r.Email, FirstName: r.FirstName,
				ID: r.ID, JoinURL: r.JoinURL, LastName: r.LastName, Status: r.Status}
			if !yield(item, err) || err != nil {
				return
			}
		}
	}
}

// maxListPage is Zoom's largest page of registrants.
const maxListPage = 300

// registrant is one registrant as a listing gives it, for export and
// status changes.
type registrant struct {
	entry
	firstName, lastName, status, created string
}

// registrantsOf iterates over a target's registrants with the status
// given, one page in memory at a time.
func registrantsOf(ctx context.Context, api registrar, t Target, status string) iter.Seq2[registrant, error] {
	return func(yield func(registrant, error) bool) {
		for item, err := range api.MeetingRegistrants(ctx, t.ID, gen.RegistrantStatus(status)) {
			if err != nil {
				yield(registrant{}, err)
				return
			}
			e, ok := listed(item)
			if !ok {
				continue
			}
			st := item.Status
			if st == "" {
				st = status
			}
			if !yield(registrant{entry: e, firstName: item.FirstName, lastName: item.LastName, status: st, created: item.CreateTime}, nil) {
				return
			}
		}
	}
}

// registrantStatuses are the statuses Zoom lists registrants by, each
// with its own listing.
var registrantStatuses = []string{string(gen.RegistrantStatusApproved), string(gen.RegistrantStatusPending), string(gen.RegistrantStatusDenied)}

// updateStatus sends one status update for up to 30 registrants of a
// meeting or webinar, each named by email (and registrant ID when known).
func updateStatus(ctx context.Context, c *zoom.Client, t Target, action Action, regs []entry) error {
	items := make([]gen.UpdateRegistrantsStatusRequestRegistrantsItem, len(regs))
	for i := range regs {
		items[i] = gen.UpdateRegistrantsStatusRequestRegistrantsItem{Email: regs[i].email, ID: regs[i].id}
	}
	body := gen.UpdateRegistrantsStatusRequest{Action: string(action), Registrants: items}
	if t.Webinar {
		_, err := c.API().UpdateWebinarRegistrantsStatusWithResponse(ctx, t.ID, nil, body)
		return err
	}
	_, err := c.API().UpdateRegistrantsStatusWithResponse(ctx, t.ID, nil, body)
	return err
}
