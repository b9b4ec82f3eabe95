package bulk_test

import (
	"context"
	"fmt"

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
