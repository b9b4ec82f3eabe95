package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/zoomgen/zoom/zoomtest"
)

// TestMainJobInDemoMode runs the README's main job end to end: the mock on
// loopback, the generated client, a 201 with one line per registrant.
func TestMainJobInDemoMode(t *testing.T) {
	for _, v := range []string{"ZOOM_ACCESS_TOKEN", "ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET", "ZOOM_MEETING_ID"} {
		t.Setenv(v, "")
	}
	var out bytes.Buffer
	if err := run(context.Background(), &out); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	text := out.String()
	if !strings.HasPrefix(text, "DEMO MODE") {
		t.Errorf("output does not start by saying it is in demo mode:\n%s", text)
	}
	lines := regexp.MustCompile(`(?m)^  \S+@\S+ +registrant_id=[\w-]+ join_url=https://\S+\?tk=REDACTED$`).FindAllString(text, -1)
	if len(lines) != 2 || !strings.Contains(text, "201 Created") {
		// The join URLs' tk= secrets must not reach the output either.
		t.Errorf("want 201 Created and two registrant lines, got:\n%s", text)
	}
}

// TestServerToServerTokenErrors: a refused token request names the
// endpoint and Zoom's reason and never shows the secret.
func TestServerToServerTokenErrors(t *testing.T) {
	srv := zoomtest.NewServer(t, zoomtest.Options{})
	bad := zoomtest.DemoCredentials
	bad.ClientSecret = "wrong-secret-value"
	_, _, err := serverToServerToken(context.Background(), srv.Client(), srv.TokenURL(), bad)
	if err == nil || !strings.Contains(err.Error(), srv.TokenURL()) || !strings.Contains(err.Error(), "invalid_client") ||
		strings.Contains(err.Error(), bad.ClientSecret) {
		t.Errorf("error = %v, want one naming the endpoint and invalid_client without the secret", err)
	}
	tok, apiURL, err := serverToServerToken(context.Background(), srv.Client(), srv.TokenURL(), zoomtest.DemoCredentials)
	if err != nil || tok == "" || apiURL != srv.URL {
		t.Errorf("demo credentials: token %t, api_url %q, %v", tok != "", apiURL, err)
	}
}
