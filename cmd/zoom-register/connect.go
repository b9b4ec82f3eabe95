//go:build !zoomclient

package main

import (
	"context"
	"errors"
	"io"

	"github.com/zoomgen/zoom"
)

// connection is where the attendees go: Zoom, or the built-in mock.
type connection struct {
	demo           bool
	defaultMeeting int64 // the meeting to use when -meeting is not given (demo mode only)
	register       func(ctx context.Context, meetingID int64, attendees []zoom.Attendee, opts zoom.BulkOptions) (zoom.BulkReport, error)
	close          func()
}

// connect is replaced when the client layer lands.
func connect(ctx context.Context, cfg config, getenv func(string) string, stderr io.Writer) (*connection, error) {
	return nil, errors.New("the client layer has not landed yet")
}
