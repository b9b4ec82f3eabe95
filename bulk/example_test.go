package bulk_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/zoomgen/zoom"
	"github.com/zoomgen/zoom/bulk"
	"github.com/zoomgen/zoom/zoomtest"
)

// ExampleRegister registers a list with a duplicate in it
// against the mock Zoom API. With a real account, build the client with
// zoom.WithServerToServer and leave out the mock.
func ExampleRegister() {
	ctx := context.Background()
	srv, err := zoomtest.Start(ctx, zoomtest.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	d := zoomtest.DemoCredentials
	c, err := zoom.NewClient(zoom.WithServerToServer(d.AccountID, d.ClientID, d.ClientSecret),
		zoom.WithBaseURL(srv.BaseURL()), zoom.WithTokenURL(srv.TokenURL()))
	if err != nil {
		fmt.Println(err)
		return
	}
	attendees := []bulk.Attendee{
		{Email: "jill@example.com", FirstName: "Jill", LastName: "Chill"},
		{Email: "tom@example.com", FirstName: "Tom"},
		{Email: "JILL@example.com", FirstName: "Jill"}, // the same person again
	}
	rep, err := bulk.Register(ctx, c, zoomtest.MeetingScheduled, attendees, bulk.Options{
		Journal: "", // a file path here makes the run resumable
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range rep.Results {
		// Never print r.JoinURL to a log: it is the attendee's personal link.
		fmt.Println(r.Email, r.Status, r.RegistrantID != "")
	}
	fmt.Println("complete:", rep.Complete(), "requests:", rep.Requests)
	// Output:
	// jill@example.com registered true
	// tom@example.com registered true
	// JILL@example.com duplicate false
	// complete: true requests: 1
}

// ExampleResume runs a job with a journal, then continues it from the
// journal, as after a crash or an account daily limit (bulk.ErrPaused):
// what Zoom confirmed is not sent again.
func ExampleResume() {
	ctx := context.Background()
	srv, err := zoomtest.Start(ctx, zoomtest.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	d := zoomtest.DemoCredentials
	c, err := zoom.NewClient(zoom.WithServerToServer(d.AccountID, d.ClientID, d.ClientSecret),
		zoom.WithBaseURL(srv.BaseURL()), zoom.WithTokenURL(srv.TokenURL()))
	if err != nil {
		fmt.Println(err)
		return
	}
	dir, err := os.MkdirTemp("", "bulk-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	opts := bulk.Options{Journal: filepath.Join(dir, "run.jsonl")}
	attendees := []bulk.Attendee{
		{Email: "jill@example.com", FirstName: "Jill"},
		{Email: "tom@example.com", FirstName: "Tom"},
	}
	rep, err := bulk.Register(ctx, c, zoomtest.MeetingScheduled, attendees, opts)
	switch {
	case errors.Is(err, bulk.ErrPaused):
		fmt.Println("paused until", rep.PausedUntil) // run Resume after that
		return
	case err != nil:
		fmt.Println(err)
		return
	}
	fmt.Println("first run:", rep.Registered, "registered in", rep.Requests, "request")

	rep, err = bulk.Resume(ctx, c, zoomtest.MeetingScheduled, attendees, opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("resumed:", rep.Resumed, rep.Registered, "registered in", rep.Requests, "requests")
	// Output:
	// first run: 2 registered in 1 request
	// resumed: true 2 registered in 0 requests
}
