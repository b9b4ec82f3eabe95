//go:build demo

package main

import (
	"context"
	"fmt"

	"github.com/zoomgen/zoom/zoomtest"
)

// demoBuilt says whether this build has demo mode.
const demoBuilt = true

// demoWebinarNote tells -h which webinar the mock seeds, for -webinar.
func demoWebinarNote() string {
	return fmt.Sprintf(" (in demo mode the mock's is %d)", zoomtest.WebinarScheduled)
}

// startDemo starts the mock Zoom API in-process on loopback, with Pro
// limits so that the demo shows the pacing a real account gets. It is
// built only with -tags demo (as `make` runs the command): the mock links
// kin-openapi's validator, a router and net/http/httptest, which a build
// that talks to Zoom has no use for.
func startDemo(ctx context.Context) (*demo, error) {
	srv, err := zoomtest.Start(ctx, zoomtest.Options{Plan: zoomtest.PlanPro})
	if err != nil {
		return nil, fmt.Errorf("demo mode: starting the mock Zoom API: %w", err)
	}
	d := zoomtest.DemoCredentials
	return &demo{
		url: srv.URL, baseURL: srv.BaseURL(), tokenURL: srv.TokenURL(),
		creds:   []string{d.AccountID, d.ClientID, d.ClientSecret},
		meeting: zoomtest.MeetingScheduled, close: srv.Close,
	}, nil
}
