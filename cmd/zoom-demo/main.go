// Command zoom-demo sends one batch registration through the generated
// client and prints the registrant IDs and join URLs it got back.
//
// With Zoom credentials it talks to Zoom: ZOOM_ACCESS_TOKEN, or a
// Server-to-Server app's ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and
// ZOOM_CLIENT_SECRET (exchanged for a token at Zoom's token endpoint).
// Without them it starts the built-in mock Zoom API on loopback, which
// validates the request against the generated OpenAPI document, gets its
// token from the mock's token endpoint the same way, and says so.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/zoomgen/zoom/gen"
	"github.com/zoomgen/zoom/zoomtest"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "zoom-demo:", err)
		os.Exit(1)
	}
}

// zoomTokenURL is Zoom's OAuth token endpoint.
const zoomTokenURL = "https://zoom.us/oauth/token"

func run(ctx context.Context, out io.Writer) error {
	baseURL, token := "https://api.zoom.us/v2", os.Getenv("ZOOM_ACCESS_TOKEN")
	meetingID := zoomtest.MeetingScheduled
	if v := os.Getenv("ZOOM_MEETING_ID"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return fmt.Errorf("ZOOM_MEETING_ID %q is not a meeting ID: %w", v, err)
		}
		meetingID = id
	}
	creds := zoomtest.Credentials{AccountID: os.Getenv("ZOOM_ACCOUNT_ID"), ClientID: os.Getenv("ZOOM_CLIENT_ID"), ClientSecret: os.Getenv("ZOOM_CLIENT_SECRET")}
	switch {
	case token != "":
	case creds.AccountID != "" && creds.ClientID != "" && creds.ClientSecret != "":
		tok, apiURL, err := serverToServerToken(ctx, http.DefaultClient, zoomTokenURL, creds)
		if err != nil {
			return err
		}
		token, baseURL = tok, apiURL+"/v2"
	default:
		srv, err := zoomtest.Start(ctx, zoomtest.Options{})
		if err != nil {
			return err
		}
		defer srv.Close()
		fmt.Fprintf(out, "DEMO MODE: no Zoom credentials set (ZOOM_ACCESS_TOKEN, or ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET); using the built-in mock Zoom API at %s\n", srv.BaseURL())
		tok, apiURL, err := serverToServerToken(ctx, srv.Client(), srv.TokenURL(), zoomtest.DemoCredentials)
		if err != nil {
			return err
		}
		token, baseURL = tok, apiURL+"/v2"
	}
	client, err := gen.NewClientWithResponses(baseURL, gen.WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
		req.Header.Set("Authorization", "Bearer "+token)
		return nil
	}))
	if err != nil {
		return err
	}
	body := gen.BatchRegistrationRequest{
		Registrants: []gen.Registrant{
			{Email: "jchill@example.com", FirstName: "Jill", LastName: "Chill"},
			{Email: "tom.wells@example.com", FirstName: "Tom"},
		},
	}
	res, err := client.PerformBatchRegistrationWithResponse(ctx, meetingID, body)
	if err != nil {
		return err
	}
	result := res.JSON201
	if result == nil {
		result = res.JSON200
	}
	if result == nil {
		return fmt.Errorf("unexpected answer %s: %s", res.Status(), res.Body)
	}
	fmt.Fprintf(out, "meeting %d: %s, %d registrant(s)\n", meetingID, res.Status(), len(result.Registrants))
	for _, r := range result.Registrants {
		fmt.Fprintf(out, "  %-24s registrant_id=%s join_url=%s\n", r.Email, r.RegistrantID, redactJoinURL(r.JoinURL))
	}
	return nil
}

// redactJoinURL hides the tk= secret of a join URL: whoever has it can
// join as the registrant, and demo output ends up in terminals and CI logs.
func redactJoinURL(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return "(unparseable join URL)"
	}
	q := u.Query()
	if q.Has("tk") {
		q.Set("tk", "REDACTED")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// serverToServerToken gets an access token the way a Zoom Server-to-Server
// app does, and the API URL Zoom says to use with it. Errors name the
// endpoint and Zoom's reason, never the secret.
func serverToServerToken(ctx context.Context, hc *http.Client, tokenURL string, c zoomtest.Credentials) (token, apiURL string, err error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	form := url.Values{"grant_type": {"account_credentials"}, "account_id": {c.AccountID}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, tokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return "", "", fmt.Errorf("token endpoint %s: %w", tokenURL, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(c.ClientID, c.ClientSecret)
	resp, err := hc.Do(req)
	if err != nil {
		return "", "", fmt.Errorf("token endpoint %s: %w", tokenURL, err)
	}
	defer resp.Body.Close()
	var body struct {
		AccessToken string `json:"access_token"`
		APIURL      string `json:"api_url"`
		Reason      string `json:"reason"`
		Error       string `json:"error"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&body); err != nil {
		return "", "", fmt.Errorf("token endpoint %s: %s with an unreadable body: %w", tokenURL, resp.Status, err)
	}
	if resp.StatusCode != http.StatusOK || body.AccessToken == "" {
		return "", "", fmt.Errorf("token endpoint %s: %s: %s (%s)", tokenURL, resp.Status, body.Reason, body.Error)
	}
	if body.APIURL == "" {
		body.APIURL = "https://api.zoom.us"
	}
	return body.AccessToken, strings.TrimSuffix(body.APIURL, "/"), nil
}
