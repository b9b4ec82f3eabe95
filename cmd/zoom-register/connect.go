package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/zoomgen/zoom"
)

// connection is where the attendees go: Zoom, or the built-in mock.
type connection struct {
	demo           bool
	defaultMeeting int64  // the meeting to use when -meeting is not given (demo mode only)
	baseURL        string // where the API requests go, for messages
	client         *zoom.Client
	close          func()
}

// credentialVars are the only place credentials come from: flags would
// put the secret in the shell history and the process list.
var credentialVars = []string{"ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET"}

// envVars is every environment variable the command reads, with what -h
// says about it. TestEnvVarsDocumented holds connect to this list, and the
// README test holds the README to it.
var envVars = []struct{ name, doc string }{
	{"ZOOM_ACCOUNT_ID", "Server-to-Server OAuth app: account ID"},
	{"ZOOM_CLIENT_ID", "Server-to-Server OAuth app: client ID"},
	{"ZOOM_CLIENT_SECRET", "Server-to-Server OAuth app: client secret (never printed)"},
	{"ZOOM_PLAN", "the account's plan, which sets the pacing: free, pro (default) or business"},
	{"ZOOM_API_URL", "API base URL instead of " + zoom.DefaultBaseURL + ", e.g. a standalone zoom-mock's http://127.0.0.1:8089/v2 (with the three above)"},
	{"ZOOM_TOKEN_URL", "OAuth token URL instead of Zoom's, e.g. http://127.0.0.1:8089/oauth/token; the secret goes there, so only something you trust"},
}

// connect builds the client: for Zoom (or what ZOOM_API_URL names) when
// the credentials are set, for a mock Zoom API started in-process (demo
// mode) when none is.
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
	apiURL, tokenURL := getenv("ZOOM_API_URL"), getenv("ZOOM_TOKEN_URL")
	conn := &connection{close: func() {}, baseURL: zoom.DefaultBaseURL}
	if len(missing) == 0 {
		if apiURL != "" {
			opts = append(opts, zoom.WithBaseURL(apiURL))
			conn.baseURL = apiURL
		}
		if tokenURL != "" {
			opts = append(opts, zoom.WithTokenURL(tokenURL))
		}
	} else {
		if apiURL != "" || tokenURL != "" {
			// Demo mode would quietly ignore them and register against
			// another mock than the one meant.
			return nil, fmt.Errorf("ZOOM_API_URL or ZOOM_TOKEN_URL is set but %s are not: set them too (a standalone zoom-mock prints the ones it accepts)", strings.Join(credentialVars, ", "))
		}
		d, err := startDemo(ctx)
		if err != nil {
			return nil, fmt.Errorf("%s not set: %w", strings.Join(credentialVars, ", "), err)
		}
		conn.demo, conn.defaultMeeting, conn.close, conn.baseURL = true, d.meeting, d.close, d.baseURL
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

// apiPrefix is the path under which Zoom (and zoom-mock) serve the API,
// the part of a base URL most often left out.
const apiPrefix = "/v2"

// setupProblem says what is wrong with the setup when err, which stopped
// a run before any registration was sent, is about the credentials, the
// token endpoint or the base URL rather than the meeting or the
// attendees; "" when it is not.
func setupProblem(err error, conn *connection) string {
	var ae *zoom.AuthError
	if errors.As(err, &ae) {
		if ae.StatusCode == 0 {
			return "the OAuth token endpoint could not be reached (check ZOOM_TOKEN_URL and the network): " + err.Error()
		}
		return "the OAuth token endpoint refused the credentials (check ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET): " + err.Error()
	}
	var ze *zoom.Error
	if errors.As(err, &ze) {
		switch {
		case ze.StatusCode == 404 && ze.Code == 0:
			// Zoom's own 404s carry a code (3001, or 404 for registration
			// disabled); one without is a path the server does not have.
			return fmt.Sprintf("%s answered 404 without a Zoom error code: wrong base URL? Zoom's is %s; a zoom-mock's ends in %s (ZOOM_API_URL): %v",
				conn.baseURL, zoom.DefaultBaseURL, apiPrefix, err)
		case ze.StatusCode == 401 || ze.StatusCode == 403:
			return "the API refused the app's token (check the app's scopes: meeting:write:admin and meeting:read:admin): " + err.Error()
		}
		return ""
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return fmt.Sprintf("the API at %s could not be reached (check ZOOM_API_URL and the network): %v", conn.baseURL, err)
	}
	return ""
}

// demo is the mock Zoom API demo mode registers against.
type demo struct {
	url, baseURL, tokenURL string
	creds                  []string // account ID, client ID, client secret
	meeting                int64    // the seeded meeting -meeting defaults to
	close                  func()
}
