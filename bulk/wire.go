package bulk

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"strconv"

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
func (w webinarAPI) PerformBatchRegistration(ctx context.Context, webinarID int64, body gen.PerformBatchRegistrationJSONRequestBody) (batchResult, error) {
	if err := zoom.ValidateBatchRegistration(body); err != nil {
		return nil, err
	}
	resp, err := w.c.API().PerformBatchRegistrationForWebinarsWithResponse(ctx, strconv.FormatInt(webinarID, 10),
		gen.PerformBatchRegistrationForWebinarsJSONRequestBody{AutoApprove: body.AutoApprove, Registrants: body.Registrants})
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

// MeetingRegistrants lists a webinar's registrants with a status.
func (w webinarAPI) MeetingRegistrants(ctx context.Context, webinarID int64, status gen.ListMeetingRegistrantsParamsStatus) iter.Seq2[gen.ListMeetingRegistrantsResultRegistrantsItem, error] {
	return zoom.Pages(ctx, func(ctx context.Context, token string) ([]gen.ListMeetingRegistrantsResultRegistrantsItem, string, error) {
		params := &gen.ListWebinarRegistrantsParams{PageSize: &listPageSize}
		if status != "" {
			params.Status = &status
		}
		if token != "" {
			params.NextPageToken = &token
		}
		resp, err := w.c.API().ListWebinarRegistrantsWithResponse(ctx, webinarID, params)
		if err != nil {
			return nil, "", err
		}
		if resp.JSON200 == nil {
			return nil, "", &zoom.Error{StatusCode: resp.StatusCode(), Operation: "listWebinarRegistrants", Method: http.MethodGet, Message: "the answer has no registrants list"}
		}
		var items []gen.ListMeetingRegistrantsResultRegistrantsItem
		if resp.JSON200.Registrants != nil {
			items = make([]gen.ListMeetingRegistrantsResultRegistrantsItem, len(*resp.JSON200.Registrants))
			for i, r := range *resp.JSON200.Registrants {
				items[i] = gen.ListMeetingRegistrantsResultRegistrantsItem{CreateTime: r.CreateTime, Email: r.Email, FirstName: r.FirstName,
					Id: r.Id, JoinUrl: r.JoinUrl, LastName: r.LastName, Status: r.Status}
			}
		}
		return items, deref(resp.JSON200.NextPageToken), nil
	})
}

// listPageSize is Zoom's largest page of registrants.
var listPageSize = 300

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
		for item, err := range api.MeetingRegistrants(ctx, t.ID, gen.ListMeetingRegistrantsParamsStatus(status)) {
			if err != nil {
				yield(registrant{}, err)
				return
			}
			e, ok := listed(item)
			if !ok {
				continue
			}
			st := deref(item.Status)
			if st == "" {
				st = status
			}
			if !yield(registrant{entry: e, firstName: deref(item.FirstName), lastName: deref(item.LastName), status: st, created: deref(item.CreateTime)}, nil) {
				return
			}
		}
	}
}

// registrantStatuses are the statuses Zoom lists registrants by, each
// with its own listing.
var registrantStatuses = []string{string(gen.Approved), string(gen.Pending), string(gen.Denied)}

// updateStatus sends one status update for up to 30 registrants of a
// meeting or webinar, each named by email (and registrant ID when known).
func updateStatus(ctx context.Context, c *zoom.Client, t Target, action Action, regs []entry) error {
	items := make([]gen.UpdateRegistrantsStatusRequestRegistrantsItem, len(regs))
	for i := range regs {
		items[i].Email = &regs[i].email
		if regs[i].id != "" {
			items[i].Id = &regs[i].id
		}
	}
	act := string(action)
	body := gen.UpdateRegistrantsStatusRequest{Action: &act, Registrants: &items}
	if t.Webinar {
		_, err := c.API().UpdateWebinarRegistrantsStatusWithResponse(ctx, t.ID, nil, body)
		return err
	}
	_, err := c.API().UpdateRegistrantsStatusWithResponse(ctx, t.ID, nil, body)
	return err
}
