package bulk_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/zoomgen/zoom"
	"github.com/zoomgen/zoom/bulk"
	"github.com/zoomgen/zoom/zoomtest"
)

// exampleClient starts the mock Zoom API and a client for it. With a real
// account, build the client with zoom.WithServerToServer alone.
func exampleClient(ctx context.Context) (*zoom.Client, *zoomtest.Server, error) {
	srv, err := zoomtest.Start(ctx, zoomtest.Options{})
	if err != nil {
		return nil, nil, err
	}
	d := zoomtest.DemoCredentials
	c, err := zoom.NewClient(zoom.WithServerToServer(d.AccountID, d.ClientID, d.ClientSecret),
		zoom.WithBaseURL(srv.BaseURL()), zoom.WithTokenURL(srv.TokenURL()))
	if err != nil {
		srv.Close()
		return nil, nil, err
	}
	return c, srv, nil
}

// ExampleRegisterWebinar registers a list for a webinar: the same engine,
// options and report as for a meeting.
func ExampleRegisterWebinar() {
	ctx := context.Background()
	c, srv, err := exampleClient(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	rep, err := bulk.RegisterWebinar(ctx, c, zoomtest.WebinarScheduled, []bulk.Attendee{
		{Email: "jill@example.com", FirstName: "Jill"},
		{Email: "tom@example.com", FirstName: "Tom"},
	}, bulk.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rep.Target, rep.Registered, "registered in", rep.Requests, "request")
	// Output:
	// webinar 81746065432 2 registered in 1 request
}

// ExampleSetStatus approves registrants by email, 30 per request. Who is
// already approved is not sent; who is not a registrant is reported.
func ExampleSetStatus() {
	ctx := context.Background()
	c, srv, err := exampleClient(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	srv.AddRegistrants(zoomtest.MeetingScheduled, []zoomtest.Registrant{
		{Email: "ann@example.com", FirstName: "Ann", Status: "pending"},
		{Email: "bob@example.com", FirstName: "Bob", Status: "approved"},
	})
	rep, err := bulk.SetStatus(ctx, c, bulk.Meeting(zoomtest.MeetingScheduled), bulk.Approve,
		[]string{"ann@example.com", "bob@example.com", "cy@example.com"},
		bulk.Options{Journal: ""}) // a file path here makes the run resumable
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range rep.Results {
		fmt.Println(r.Email, r.Status)
	}
	// Output:
	// ann@example.com changed
	// bob@example.com unchanged
	// cy@example.com not_registrant
}

// ExampleExport writes every registrant of a meeting to CSV, a page at a
// time; a name typed as a formula is neutralised for spreadsheets.
func ExampleExport() {
	ctx := context.Background()
	c, srv, err := exampleClient(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	srv.AddRegistrants(zoomtest.MeetingScheduled, []zoomtest.Registrant{
		{ID: "r1", Email: "ann@example.com", FirstName: "Ann", Status: "pending"},
		{ID: "r2", Email: "eve@example.com", FirstName: "=1+1"},
	})
	// To a file, open it owner-only: the join_url column holds personal links.
	var buf bytes.Buffer
	n, err := bulk.Export(ctx, c, bulk.Meeting(zoomtest.MeetingScheduled), &buf, bulk.ExportOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		fmt.Println(strings.Join(strings.SplitN(line, ",", 6)[:5], ",")) // without create_time and join_url
	}
	fmt.Println(n, "exported")
	// Output:
	// "email","first_name","last_name","status","registrant_id"
	// "eve@example.com","'=1+1","","approved","r2"
	// "ann@example.com","Ann","","pending","r1"
	// 2 exported
}
