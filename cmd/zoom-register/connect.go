package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/zoomgen/zoom"
)

// connection is where the attendees go: Zoom, or the built-in mock.
type connection struct {
	demo           bool
	defaultMeeting int64 // the meeting to use when -meeting is not given (demo mode only)
	client         *zoom.Client
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
		plan, ok := zoom.ParsePlan(p)
		if !ok {
			return nil, fmt.Errorf("ZOOM_PLAN=%q: want free, pro or business", p)
		}
		opts = append(opts, zoom.WithPlan(plan))
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
		d, err := startDemo(ctx)
		if err != nil {
			return nil, fmt.Errorf("%s not set: %w", strings.Join(credentialVars, ", "), err)
		}
		conn.demo, conn.defaultMeeting, conn.close = true, d.meeting, d.close
		fmt.Fprintf(stderr, "\n*** DEMO MODE: %s are not set. ***\n*** Registering against the built-in mock Zoom API at %s; nothing reaches Zoom. ***\n\n",
			strings.Join(credentialVars, ", "), d.url)
		creds = d.creds
		opts = append(opts, zoom.WithBaseURL(d.baseURL), zoom.WithTokenURL(d.tokenURL))
	}
	opts = append(opts, zoom.WithServerToServer(creds[0], creds[1], creds[2]))
	client, err := zoom.NewClient(opts...)
	if err != nil {
		conn.close()
		return nil, err
	}
	conn.client = client
	return conn, nil
}

// demo is the mock Zoom API demo mode registers against.
type demo struct {
	url, baseURL, tokenURL string
	creds                  []string // account ID, client ID, client secret
	meeting                int64    // the seeded meeting -meeting defaults to
	close                  func()
}
