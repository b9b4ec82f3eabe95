package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/zoomgen/zoom"
	"github.com/zoomgen/zoom/bulk"
	"github.com/zoomgen/zoom/zoomtest"
)

// connection is where the attendees go: Zoom, or the built-in mock.
type connection struct {
	demo           bool
	defaultMeeting int64 // the meeting to use when -meeting is not given (demo mode only)
	register       func(ctx context.Context, meetingID int64, attendees []bulk.Attendee, opts bulk.Options) (bulk.Report, error)
	close          func()
}

// credentialVars are the only place credentials come from: flags would
// put the secret in the shell history and the process list.
var credentialVars = []string{"ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET"}

// connect builds the client: for Zoom when the credentials are set, for a
// mock Zoom API started in-process (demo mode) when none is.
//
// ZOOM_PLAN (free, pro, business; default pro) sets the pacing. ZOOM_API_URL
// and ZOOM_TOKEN_URL point the client elsewhere than Zoom (a proxy, or a
// mock in tests); the credentials go to ZOOM_TOKEN_URL, so set it only to
// something you trust.
func connect(ctx context.Context, cfg config, getenv func(string) string, stderr io.Writer) (*connection, error) {
	var missing []string
	creds := make([]string, len(credentialVars))
	for i, v := range credentialVars {
		creds[i] = getenv(v)
		if creds[i] == "" {
			missing = append(missing, v)
		}
	}
	if len(missing) > 0 && len(missing) < len(credentialVars) {
		return nil, fmt.Errorf("%s not set: set all of %s, or none for demo mode", strings.Join(missing, " and "), strings.Join(credentialVars, ", "))
	}
	opts := []zoom.Option{zoom.WithUserAgent("zoom-register")}
	if p := getenv("ZOOM_PLAN"); p != "" {
		switch plan := zoom.Plan(strings.ToLower(p)); plan {
		case zoom.PlanFree, zoom.PlanPro, zoom.PlanBusiness, zoom.PlanUnlimited:
			opts = append(opts, zoom.WithPlan(plan))
		default:
			return nil, fmt.Errorf("ZOOM_PLAN=%q: want free, pro or business", p)
		}
	}
	conn := &connection{close: func() {}}
	if len(missing) == 0 {
		if u := getenv("ZOOM_API_URL"); u != "" {
			opts = append(opts, zoom.WithBaseURL(u))
		}
		if u := getenv("ZOOM_TOKEN_URL"); u != "" {
			opts = append(opts, zoom.WithTokenURL(u))
		}
	} else {
		// A mock with Pro limits, so that the demo shows the pacing a real
		// account gets.
		srv, err := zoomtest.Start(ctx, zoomtest.Options{Plan: zoomtest.PlanPro})
		if err != nil {
			return nil, fmt.Errorf("demo mode: starting the mock Zoom API: %w", err)
		}
		conn.demo, conn.defaultMeeting, conn.close = true, zoomtest.MeetingScheduled, srv.Close
		fmt.Fprintf(stderr, "\n*** DEMO MODE: %s are not set. ***\n*** Registering against the built-in mock Zoom API at %s; nothing reaches Zoom. ***\n\n",
			strings.Join(credentialVars, ", "), srv.URL)
		d := zoomtest.DemoCredentials
		creds = []string{d.AccountID, d.ClientID, d.ClientSecret}
		opts = append(opts, zoom.WithBaseURL(srv.BaseURL()), zoom.WithTokenURL(srv.TokenURL()))
	}
	opts = append(opts, zoom.WithServerToServer(creds[0], creds[1], creds[2]))
	client, err := zoom.NewClient(opts...)
	if err != nil {
		conn.close()
		return nil, err
	}
	conn.register = func(ctx context.Context, meetingID int64, attendees []bulk.Attendee, opts bulk.Options) (bulk.Report, error) {
		return bulk.Register(ctx, client, meetingID, attendees, opts)
	}
	return conn, nil
}
