package zoomtest

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Seeded meetings: one for each answer a batch registration can get.
const (
	MeetingScheduled      int64 = 85746065432 // type 2, registration required, unlimited capacity
	MeetingInstant        int64 = 85746065001 // type 1  → 400 code 303
	MeetingRecurring      int64 = 85746065008 // type 8  → 400 code 303
	MeetingOver           int64 = 85746065038 // ended   → 400 code 3038
	MeetingFull           int64 = 85746065043 // at capacity → 404 code 3043
	MeetingNoRegistration int64 = 85746065404 // registration disabled → 404 code 404
	MeetingMissing        int64 = 99999999999 // never seeded → 404 code 3001
)

// Seeded webinars, one for each answer a webinar batch registration can
// get. Zoom draws meeting and webinar IDs from one number space, so the
// mock keeps both in one table; a webinar's ID under /meetings (or a
// meeting's under /webinars) is unknown, as at Zoom.
const (
	WebinarScheduled      int64 = 81746065432 // type 5, registration required, unlimited capacity
	WebinarRecurring      int64 = 81746065009 // type 9  → 400 code 300
	WebinarOver           int64 = 81746065038 // ended   → 400 code 3038
	WebinarFull           int64 = 81746065043 // at capacity → 404 code 3043
	WebinarNoRegistration int64 = 81746065300 // registration disabled → 400 code 3000
	WebinarMissing        int64 = 88888888888 // never seeded → 404 code 3001
)

// FullMeetingRegistrant is the one registrant that fills MeetingFull (its
// capacity is 1). Registering this email again is a re-registration and
// succeeds; anyone else gets code 3043.
const FullMeetingRegistrant = "seated@example.com"

// Meeting is a meeting or webinar the mock knows.
type Meeting struct {
	ID    int64
	Topic string
	// Webinar makes it a webinar, served under /webinars/{webinarId}
	// only, with Zoom's webinar error codes.
	Webinar bool
	// Type is Zoom's meeting type: 1 instant, 2 scheduled, 3 recurring
	// without fixed time, 8 recurring with fixed time; for a webinar, 5
	// scheduled, 6 and 9 recurring. Batch registration serves types 2
	// and 5 only.
	Type int
	// Over marks a meeting that has ended (code 3038).
	Over bool
	// Capacity is the most registrants the meeting takes; 0 means no limit.
	Capacity int
	// RegistrationDisabled marks a meeting that does not take
	// registrations (code 404).
	RegistrationDisabled bool
	// ManualApproval (Zoom's approval_type 1) leaves new registrants
	// pending unless the request sets auto_approve.
	ManualApproval bool
}

// Registrant is a person registered for a meeting.
type Registrant struct {
	ID, Email, FirstName, LastName, JoinURL, Status string
	PinCode                                         int64
	// Created is when the registrant was first registered, on the mock's
	// clock.
	Created time.Time
}

func seedMeetings() []Meeting {
	return []Meeting{
		{ID: MeetingScheduled, Topic: "Scheduled meeting (registration required)", Type: 2},
		{ID: MeetingInstant, Topic: "Instant meeting", Type: 1},
		{ID: MeetingRecurring, Topic: "Recurring meeting with fixed time", Type: 8},
		{ID: MeetingOver, Topic: "Meeting that is over", Type: 2, Over: true},
		{ID: MeetingFull, Topic: "Meeting at capacity", Type: 2, Capacity: 1},
		{ID: MeetingNoRegistration, Topic: "Meeting without registration", Type: 2, RegistrationDisabled: true},
		{ID: WebinarScheduled, Webinar: true, Topic: "Scheduled webinar (registration required)", Type: 5},
		{ID: WebinarRecurring, Webinar: true, Topic: "Recurring webinar with fixed time", Type: 9},
		{ID: WebinarOver, Webinar: true, Topic: "Webinar that is over", Type: 5, Over: true},
		{ID: WebinarFull, Webinar: true, Topic: "Webinar at capacity", Type: 5, Capacity: 1},
		{ID: WebinarNoRegistration, Webinar: true, Topic: "Webinar without registration", Type: 5, RegistrationDisabled: true},
	}
}

type meetingState struct {
	Meeting
	order   []*registrantEntry // by seq: pagination walks it
	byEmail map[string]*registrantEntry
	seq     uint64
}

type registrantEntry struct {
	Registrant
	seq uint64
	// action is the last status update applied ("approve", "deny",
	// "cancel"; "" for none): a denial and a cancellation both list the
	// registrant as denied, yet cancelling a denied registrant is a change.
	action string
}

// registrantKey names a registrant of a meeting: Zoom treats emails case
// insensitively.
type registrantKey struct {
	meeting int64
	email   string
}

// registrantCount counts registrations of one registrant: today's for the
// daily limit, all for Registrations.
type registrantCount struct {
	day   int
	today int
	total int
}

// AddMeeting adds a meeting, or changes the settings of the meeting with
// that ID and keeps its registrants. A webinar is a Meeting with Webinar
// set.
func (h *Handler) AddMeeting(m Meeting) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.addMeetingLocked(m)
}

func (h *Handler) addMeetingLocked(m Meeting) {
	if ms, ok := h.meetings[m.ID]; ok {
		ms.Meeting = m
		return
	}
	ms := &meetingState{Meeting: m, byEmail: map[string]*registrantEntry{}}
	h.meetings[m.ID] = ms
	if m.ID == MeetingFull || m.ID == WebinarFull {
		h.registerLocked(ms, FullMeetingRegistrant, "Seated", "", true, time.Time{})
	}
}

// Registrants returns the current registrants of a meeting in the order
// they were first registered; nil for an unknown meeting.
func (h *Handler) Registrants(meetingID int64) []Registrant {
	h.mu.Lock()
	defer h.mu.Unlock()
	ms, ok := h.meetings[meetingID]
	if !ok {
		return nil
	}
	out := make([]Registrant, len(ms.order))
	for i, e := range ms.order {
		out[i] = e.Registrant
	}
	return out
}

// Registrations is how many times email was registered (sent and
// committed) for the meeting, on all days, case-insensitively.
// Re-registrations count; refused attempts do not.
func (h *Handler) Registrations(meetingID int64, email string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	if rc := h.registrants[registrantKey{meetingID, strings.ToLower(email)}]; rc != nil {
		return rc.total
	}
	return 0
}

// Received is how many registration requests for the meeting named
// email (case-insensitively) and got as far as the registration itself:
// authenticated, within the account's rate limits and valid, whether
// they were then committed or refused (meeting state, the registrant's
// daily limit). A test tells "never sent" from "sent and refused" by it.
func (h *Handler) Received(meetingID int64, email string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.received[registrantKey{meetingID, strings.ToLower(email)}]
}

// StatusChanges is how many times a status update changed the status of
// the registrant with email (case-insensitively) of the meeting or
// webinar: an update to the status the registrant already has is not a
// change. Each approval, denial or cancellation sent once counts one.
func (h *Handler) StatusChanges(meetingID int64, email string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.statusChanges[registrantKey{meetingID, strings.ToLower(email)}]
}

// StatusReceived is how many status updates for the meeting or webinar
// named email (or the id of its registrant) and got as far as the update
// itself, whether they changed anything or not.
func (h *Handler) StatusReceived(meetingID int64, email string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.statusReceived[registrantKey{meetingID, strings.ToLower(email)}]
}

// AddRegistrants puts registrants straight into a meeting's or webinar's
// state, as if each had registered (without counting registrations or
// sending webhooks): for tests that need many registrants, or some with
// a given status, without registering them through the API. Empty
// Status means approved; ID and JoinURL are made up when empty, Created
// is the mock's now when zero. It
// returns the registrants as stored, or nil for an unknown meeting.
// Emails the meeting already has are left as they are.
func (h *Handler) AddRegistrants(meetingID int64, rs []Registrant) []Registrant {
	h.mu.Lock()
	defer h.mu.Unlock()
	ms := h.meetings[meetingID]
	if ms == nil {
		return nil
	}
	out := make([]Registrant, len(rs))
	for i, r := range rs {
		_, had := ms.byEmail[strings.ToLower(r.Email)]
		if r.Created.IsZero() {
			r.Created = h.now()
		}
		e := h.registerLocked(ms, r.Email, r.FirstName, r.LastName, true, r.Created)
		if !had && r.Status != "" {
			e.Status = r.Status
		}
		if !had && r.ID != "" {
			e.ID = r.ID
		}
		out[i] = e.Registrant
	}
	return out
}

// registerLocked adds a registrant or returns the one with that email.
func (h *Handler) registerLocked(ms *meetingState, email, first, last string, approve bool, now time.Time) *registrantEntry {
	key := strings.ToLower(email)
	if e, ok := ms.byEmail[key]; ok {
		return e
	}
	ms.seq++
	status := "approved"
	if ms.ManualApproval && !approve {
		status = "pending"
	}
	e := &registrantEntry{seq: ms.seq, Registrant: Registrant{
		ID:        randomToken(16),
		Email:     email,
		FirstName: first,
		LastName:  last,
		Status:    status,
		// Zoom's join URLs carry the registrant's secret as tk=; clients
		// must keep it out of logs, so the mock's has one too.
		JoinURL: "https://zoom.us/w/" + strconv.FormatInt(ms.ID, 10) + "?tk=" + randomToken(32),
		PinCode: 100000 + rand.Int64N(900000),
		Created: now,
	}}
	ms.byEmail[key] = e
	ms.order = append(ms.order, e)
	return e
}

// meetingRefusal gives Zoom's answer for a meeting or webinar that
// cannot take registrations, checked in the order Zoom reports them.
func meetingRefusal(ms *meetingState, id int64, webinar bool) *answer {
	if webinar {
		return webinarRefusal(ms, id)
	}
	switch {
	case ms == nil:
		return zoomError(http.StatusNotFound, 3001, fmt.Sprintf("Meeting does not exist: %d.", id))
	case ms.Type != 2:
		return zoomError(http.StatusBadRequest, 303, "This API can only be used for scheduled meeting.")
	case ms.Over:
		return zoomError(http.StatusBadRequest, 3038, "Meeting is over, you can not register now. If you have any questions, please contact the Meeting host.")
	case ms.RegistrationDisabled:
		return zoomError(http.StatusNotFound, 404, fmt.Sprintf("Registration has not been enabled for this meeting: %d.", id))
	}
	return nil
}

// webinarRefusal is meetingRefusal for webinars, with the codes Zoom's
// reference gives for them.
func webinarRefusal(ms *meetingState, id int64) *answer {
	switch {
	case ms == nil:
		return zoomError(http.StatusNotFound, 3001, fmt.Sprintf("Webinar does not exist: %d.", id))
	case ms.Type != 5:
		return zoomError(http.StatusBadRequest, 300, "This API can only be used for scheduled webinar(webinar type: 5). Batch registration is not supported for other webinar types.")
	case ms.Over:
		return zoomError(http.StatusBadRequest, 3038, "This webinar is over, you can no longer register for this webinar. If you have any questions, please contact the webinar host.")
	case ms.RegistrationDisabled:
		return zoomError(http.StatusBadRequest, 3000, fmt.Sprintf("Registration has not been enabled for this webinar: %d.", id))
	}
	return nil
}

// unknownEvent is the 404 of the listing and status endpoints for an ID
// that is not a meeting (or webinar) of the account.
func unknownEvent(id int64, webinar bool) *answer {
	if webinar {
		return zoomError(http.StatusNotFound, 3001, fmt.Sprintf("Webinar %d not found or has expired.", id))
	}
	return zoomError(http.StatusNotFound, 3001, fmt.Sprintf("Meeting does not exist: %d.", id))
}

// eventLocked is the meeting or webinar the call's path names, nil when
// there is none of that kind. The caller holds h.mu.
func (h *Handler) eventLocked(c *call) (*meetingState, int64) {
	id, _ := c.meetingID()
	ms := h.meetings[id]
	if ms != nil && ms.Webinar != c.webinar() {
		return nil, id
	}
	return ms, id
}

// eventName is the webhook event for what happened to a registrant of
// ms, e.g. "webinar.registration_approved".
func eventName(ms *meetingState, what string) string {
	if ms.Webinar {
		return "webinar." + what
	}
	return "meeting." + what
}

// person is one registrant of a request, as validated.
type person struct{ email, first, last string }

func readPerson(v any) person {
	m, _ := v.(map[string]any)
	s := func(k string) string { x, _ := m[k].(string); return x }
	return person{email: s("email"), first: s("first_name"), last: s("last_name")}
}

// registerAll is batch registration's core, shared with the single
// registration endpoint: all or nothing, under one lock, so that a refused
// batch leaves no trace and concurrent batches cannot overbook.
func (h *Handler) registerAll(c *call, people []person, approve bool) ([]*registrantEntry, bool, *answer) {
	h.mu.Lock()
	defer h.mu.Unlock()
	ms, id := h.eventLocked(c)
	for _, p := range people {
		h.received[registrantKey{id, strings.ToLower(p.email)}]++
	}
	if a := meetingRefusal(ms, id, c.webinar()); a != nil {
		return nil, false, a
	}
	day := dayNumber(c.now)
	seen := make(map[string]int, len(people))
	fresh := 0
	for _, p := range people {
		key := strings.ToLower(p.email)
		used := seen[key]
		if rc := h.registrants[registrantKey{id, key}]; rc != nil && rc.day == day {
			used += rc.today
		}
		if used >= h.regCap {
			a := zoomError(http.StatusTooManyRequests, 429, registrantLimitMessage(c.route.Path, h.regCap, p.email))
			if c.label != "" {
				a.setHeader("X-RateLimit-Category", string(c.label))
			}
			a.setHeader("Retry-After", nextMidnight(c.now).Format(http.TimeFormat))
			return nil, false, a
		}
		if seen[key] == 0 && ms.byEmail[key] == nil {
			fresh++
		}
		seen[key]++
	}
	if ms.Capacity > 0 && len(ms.order)+fresh > ms.Capacity {
		if ms.Webinar {
			return nil, false, zoomError(http.StatusNotFound, 3043, "Webinar has reached maximum attendee capacity.")
		}
		return nil, false, zoomError(http.StatusNotFound, 3043, "Meeting has reached maximum attendee capacity.")
	}
	out := make([]*registrantEntry, len(people))
	for i, p := range people {
		key := strings.ToLower(p.email)
		rc := h.registrants[registrantKey{id, key}]
		if rc == nil {
			rc = &registrantCount{}
			h.registrants[registrantKey{id, key}] = rc
		}
		if rc.day != day {
			rc.day, rc.today = day, 0
		}
		rc.today++
		rc.total++
		isNew := ms.byEmail[key] == nil
		e := h.registerLocked(ms, p.email, p.first, p.last, approve, c.now)
		out[i] = e
		if isNew {
			h.notify(eventName(ms, "registration_created"), c.now, func() map[string]any {
				return registrationPayload(c.account, ms, e, c.now, false)
			})
		}
	}
	return out, h.drawDropLocked(), nil
}

// registrantLimitMessage is the live API's message for a registrant at
// the daily limit, worded as Zoom words it, e.g. "You have exceeded the
// daily rate limit of (3) for Add a webinar registrant API requests for
// the registrant (user@example.com). You can resume these API requests at
// GMT 00:00:00." The API it names is the add-registrant API of the
// resource (meeting or webinar, from path), as in the one live answer
// known, whichever endpoint was called. Clients find the registrant in it
// by this wording: a mock that worded it its own way would test a parser
// Zoom never feeds.
func registrantLimitMessage(path string, limit int, email string) string {
	resource := "meeting"
	if strings.HasPrefix(path, "/webinars/") {
		resource = "webinar"
	}
	return fmt.Sprintf("You have exceeded the daily rate limit of (%d) for Add a %s registrant API requests for the registrant (%s). You can resume these API requests at GMT 00:00:00.",
		limit, resource, email)
}

type batchEntry struct {
	RegistrantID       string `json:"registrant_id"`
	Email              string `json:"email"`
	JoinURL            string `json:"join_url"`
	ParticipantPinCode int64  `json:"participant_pin_code"`
}

// batchRegistration answers as the live API does: 201 with one entry per
// registrant in request order, the email as sent, the same registrant_id
// and join_url for someone registered before.
func (h *Handler) batchRegistration(c *call) *answer {
	body, _ := c.body.(map[string]any)
	items, _ := body["registrants"].([]any)
	approve, _ := body["auto_approve"].(bool)
	people := make([]person, len(items))
	for i, it := range items {
		people[i] = readPerson(it)
	}
	regs, drop, refused := h.registerAll(c, people, approve)
	if refused != nil {
		return refused
	}
	out := struct {
		Registrants []batchEntry `json:"registrants"`
	}{make([]batchEntry, len(regs))}
	for i, e := range regs {
		out.Registrants[i] = batchEntry{RegistrantID: e.ID, Email: people[i].email, JoinURL: e.JoinURL, ParticipantPinCode: e.PinCode}
	}
	a := jsonAnswer(http.StatusCreated, out)
	a.drop = drop
	return a
}

// addRegistrant serves the single-registrant endpoint with the same rules.
func (h *Handler) addRegistrant(c *call) *answer {
	body, _ := c.body.(map[string]any)
	p := readPerson(body)
	if p.email == "" || p.first == "" {
		// The Postman item does not mark them required; Zoom does.
		var errs []fieldError
		if p.email == "" {
			errs = append(errs, fieldError{"email", "Required field is missing."})
		}
		if p.first == "" {
			errs = append(errs, fieldError{"first_name", "Required field is missing."})
		}
		return jsonAnswer(http.StatusBadRequest, apiError{Code: 300, Message: "Validation Failed.", Errors: errs})
	}
	approve, _ := body["auto_approve"].(bool)
	regs, _, refused := h.registerAll(c, []person{p}, approve)
	if refused != nil {
		return refused
	}
	h.mu.Lock()
	ms, id := h.eventLocked(c)
	topic := ms.Topic
	h.mu.Unlock()
	e := regs[0]
	return jsonAnswer(http.StatusCreated, map[string]any{
		"id": id, "registrant_id": e.ID, "join_url": e.JoinURL, "participant_pin_code": e.PinCode,
		"topic": topic, "start_time": meetingStart(c.now).Format(time.RFC3339),
	})
}

// meetingStart is when every mock meeting starts: tomorrow at 15:00 UTC,
// so that none is in the past (Over is a flag, not a date).
func meetingStart(now time.Time) time.Time {
	return nextMidnight(now).Add(15 * time.Hour)
}

func (h *Handler) deleteRegistrant(c *call) *answer {
	rid := c.params["registrantId"]
	h.mu.Lock()
	defer h.mu.Unlock()
	ms, id := h.eventLocked(c)
	if ms == nil {
		return unknownEvent(id, c.webinar())
	}
	for i, e := range ms.order {
		if e.ID == rid {
			ms.order = append(ms.order[:i:i], ms.order[i+1:]...)
			delete(ms.byEmail, strings.ToLower(e.Email))
			return &answer{status: http.StatusNoContent}
		}
	}
	return zoomError(http.StatusNotFound, 3001, fmt.Sprintf("Registrant does not exist: %s.", rid))
}

// updateRegistrantsStatus approves, denies or cancels registrants of a
// meeting or webinar named by id or email. Only a change is applied
// (counted by StatusChanges, notified by webhook): approving someone
// approved, or denying someone denied, leaves them as they are.
func (h *Handler) updateRegistrantsStatus(c *call) *answer {
	body, _ := c.body.(map[string]any)
	action, _ := body["action"].(string)
	status, ok := map[string]string{"approve": "approved", "deny": "denied", "cancel": "denied"}[action]
	what := map[string]string{"approve": "registration_approved", "deny": "registration_denied", "cancel": "registration_cancelled"}[action]
	if !ok {
		return jsonAnswer(http.StatusBadRequest, apiError{Code: 300, Message: "Validation Failed.",
			Errors: []fieldError{{"action", "Invalid field: must be approve, deny or cancel."}}})
	}
	items, _ := body["registrants"].([]any)
	h.mu.Lock()
	defer h.mu.Unlock()
	ms, id := h.eventLocked(c)
	if ms == nil {
		return unknownEvent(id, c.webinar())
	}
	for _, it := range items {
		m, _ := it.(map[string]any)
		rid, _ := m["id"].(string)
		email, _ := m["email"].(string)
		if email != "" {
			h.statusReceived[registrantKey{id, strings.ToLower(email)}]++
		}
		for _, e := range ms.order {
			if (rid != "" && e.ID == rid) || (email != "" && strings.EqualFold(e.Email, email)) {
				if email == "" {
					h.statusReceived[registrantKey{id, strings.ToLower(e.Email)}]++
				}
				if e.Status == status && (e.action == action || action == "approve") {
					continue
				}
				e.Status, e.action = status, action
				h.statusChanges[registrantKey{id, strings.ToLower(e.Email)}]++
				h.notify(eventName(ms, what), c.now, func() map[string]any {
					return registrationPayload(c.account, ms, e, c.now, true)
				})
			}
		}
	}
	return &answer{status: http.StatusNoContent, drop: h.drawDropLocked()}
}

func (h *Handler) getMeeting(c *call) *answer {
	h.mu.Lock()
	ms, id := h.eventLocked(c)
	var m Meeting
	if ms != nil {
		m = ms.Meeting
	}
	h.mu.Unlock()
	if ms == nil {
		return zoomError(http.StatusNotFound, 3001, fmt.Sprintf("Meeting does not exist: %d.", id))
	}
	status, approval, registration := "waiting", 0, 1
	if m.Over {
		status = "finished"
	}
	if m.ManualApproval {
		approval = 1
	}
	if m.RegistrationDisabled {
		approval = 2 // Zoom's "no registration required"
	}
	sid := strconv.FormatInt(id, 10)
	return jsonAnswer(http.StatusOK, map[string]any{
		"id": id, "uuid": "mock-" + sid + "==", "topic": m.Topic, "type": m.Type, "status": status,
		"host_id": "mock-host", "duration": 60, "timezone": "UTC",
		"start_time": meetingStart(c.now).Format(time.RFC3339),
		"created_at": c.now.UTC().Add(-24 * time.Hour).Format(time.RFC3339),
		"join_url":   "https://zoom.us/j/" + sid,
		"settings": map[string]any{
			"approval_type": approval, "registration_type": registration,
			"meeting_authentication": false, "registrants_confirmation_email": true,
		},
	})
}

// Registrant listing: Zoom's defaults and ceiling.
const (
	defaultPageSize = 30
	maxPageSize     = 300
	pageTokenTTL    = 15 * time.Minute
)

// pageCursor is what a next_page_token stands for: where the previous page
// ended (by sequence, so deletions do not shift pages) and the filter.
type pageCursor struct {
	meeting int64
	status  string
	after   uint64
	page    int // the page number the token leads to
	expires time.Time
}

type listedRegistrant struct {
	ID                 string `json:"id"`
	Email              string `json:"email"`
	FirstName          string `json:"first_name"`
	LastName           string `json:"last_name,omitempty"`
	JoinURL            string `json:"join_url"`
	Status             string `json:"status"`
	ParticipantPinCode int64  `json:"participant_pin_code"`
	CreateTime         string `json:"create_time"`
}

type registrantPage struct {
	PageCount     int                `json:"page_count"`
	PageNumber    int                `json:"page_number"`
	PageSize      int                `json:"page_size"`
	TotalRecords  int                `json:"total_records"`
	NextPageToken string             `json:"next_page_token"`
	Registrants   []listedRegistrant `json:"registrants"`
}

// listRegistrants pages through a meeting's registrants with a status
// filter (approved by default, as Zoom's), page_size at most 300 (larger
// values are served as 300, as Zoom does) and opaque next_page_tokens that
// expire after 15 minutes. The deprecated page_number still works, for
// clients that have not moved on.
func (h *Handler) listRegistrants(c *call) *answer {
	q := c.r.URL.Query()
	size := defaultPageSize
	if v := q.Get("page_size"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return jsonAnswer(http.StatusBadRequest, apiError{Code: 300, Message: "Validation Failed.",
				Errors: []fieldError{{"page_size", "Invalid field: must be a positive integer."}}})
		}
		size = min(n, maxPageSize)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	ms, id := h.eventLocked(c)
	if ms == nil {
		return unknownEvent(id, c.webinar())
	}
	cur := pageCursor{meeting: id, status: q.Get("status"), page: 1}
	if cur.status == "" {
		cur.status = "approved"
	}
	skip := 0 // registrants before the deprecated page_number's page
	if v := q.Get("page_number"); v != "" && q.Get("next_page_token") == "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return jsonAnswer(http.StatusBadRequest, apiError{Code: 300, Message: "Validation Failed.",
				Errors: []fieldError{{"page_number", "Invalid field: must be a positive integer."}}})
		}
		cur.page, skip = n, (n-1)*size
	}
	if tok := q.Get("next_page_token"); tok != "" {
		saved, ok := h.pages[tok]
		if !ok || saved.meeting != id || !c.now.Before(saved.expires) {
			return zoomError(http.StatusBadRequest, 300, "The next page token is invalid or expired.")
		}
		cur = saved
	}
	total := 0
	for _, e := range ms.order {
		if e.Status == cur.status {
			total++
		}
	}
	page := registrantPage{PageSize: size, PageNumber: cur.page, TotalRecords: total, PageCount: (total + size - 1) / size,
		Registrants: make([]listedRegistrant, 0, min(size, total))}
	start := sort.Search(len(ms.order), func(i int) bool { return ms.order[i].seq > cur.after })
	var last uint64
	more := false
	for _, e := range ms.order[start:] {
		if e.Status != cur.status {
			continue
		}
		if skip > 0 {
			skip--
			continue
		}
		if len(page.Registrants) == size {
			more = true
			break
		}
		page.Registrants = append(page.Registrants, listedRegistrant{
			ID: e.ID, Email: e.Email, FirstName: e.FirstName, LastName: e.LastName, JoinURL: e.JoinURL,
			Status: e.Status, ParticipantPinCode: e.PinCode, CreateTime: e.Created.UTC().Format(time.RFC3339),
		})
		last = e.seq
	}
	if more {
		h.forgetExpiredPagesLocked(c.now)
		tok := randomToken(24)
		h.pages[tok] = pageCursor{meeting: id, status: cur.status, after: last, page: cur.page + 1, expires: c.now.Add(pageTokenTTL)}
		page.NextPageToken = tok
	}
	return jsonAnswer(http.StatusOK, page)
}

// forgetExpiredPagesLocked drops expired cursors once there are many, so a
// long bulk run that lists often does not grow the mock without bound.
func (h *Handler) forgetExpiredPagesLocked(now time.Time) {
	if len(h.pages) < 1000 {
		return
	}
	for tok, cur := range h.pages {
		if !now.Before(cur.expires) {
			delete(h.pages, tok)
		}
	}
}
