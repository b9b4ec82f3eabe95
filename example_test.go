package zoom_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/zoomgen/zoom"
	"github.com/zoomgen/zoom/gen"
	"github.com/zoomgen/zoom/zoomtest"
)

// startMock runs the mock Zoom API on loopback; real code leaves out
// WithBaseURL and WithTokenURL and talks to Zoom.
func startMock() *zoomtest.Server {
	srv, err := zoomtest.Start(context.Background(), zoomtest.Options{})
	if err != nil {
		log.Fatal(err)
	}
	return srv
}

// Example_readme is the README's "Calling Zoom from Go", every code block
// of it, run against the mock: a meeting that exists, one that does not
// (an error, never a panic), the generated iterator and the escape hatch.
// TestREADMEGoBlocksAreExamples keeps the README's blocks and these
// closures the same code.
func Example_readme() {
	srv := startMock()
	defer srv.Close()
	creds := zoomtest.DemoCredentials // your Server-to-Server OAuth app's
	accountID, clientID, clientSecret := creds.AccountID, creds.ClientID, creds.ClientSecret
	apiURL, tokenURL := srv.BaseURL(), srv.TokenURL()
	ctx := context.Background()

	register := func(meetingID int64) error {
		c, err := zoom.NewClient(
			zoom.WithServerToServer(accountID, clientID, clientSecret),
			zoom.WithPlan(zoom.PlanPro),                           // pace requests at your plan's rate limits
			zoom.WithBaseURL(apiURL), zoom.WithTokenURL(tokenURL), // for a mock only; leave out for Zoom
		)
		if err != nil {
			return err
		}
		res, err := c.PerformBatchRegistration(ctx, meetingID, gen.BatchRegistrationRequest{
			Registrants: []gen.Registrant{
				{Email: "jchill@example.com", FirstName: "Jill", LastName: "Chill"},
			},
		})
		var rl *zoom.RateLimitError
		switch {
		case zoom.IsMeetingNotFound(err): // Zoom's code 3001
			return fmt.Errorf("meeting %d: %w", meetingID, err)
		case errors.Is(err, zoom.ErrOutcomeUnknown):
			// the request may have taken effect: list the registrants before re-sending
			return err
		case errors.As(err, &rl): // QPS, account daily, user daily or registrant daily
			return fmt.Errorf("rate limited (%s) until %s: %w", rl.Kind, rl.ResetAt, err)
		case err != nil:
			return err
		}
		for _, r := range res.Registrants { // in request order
			fmt.Println("registered", r.Email, r.JoinURL != "")
		}
		return nil
	}
	list := func(c *zoom.Client, meetingID int64) error {
		params := &gen.ListMeetingRegistrantsParams{Status: zoom.Ptr(gen.RegistrantStatusApproved)}
		for r, err := range c.ListMeetingRegistrantsAll(ctx, meetingID, params) {
			if err != nil {
				return err
			}
			fmt.Println("listed", r.Email)
		}
		return nil
	}
	whoAmI := func(c *zoom.Client) error {
		req, err := c.NewRequest(zoom.ContextWithLabel(ctx, zoom.LabelLight), http.MethodGet, "/users/me", nil)
		if err != nil {
			return err
		}
		var me struct {
			ID    string `json:"id"`
			Email string `json:"email"`
		}
		if _, err := c.Do(req, &me); err != nil {
			return err
		}
		fmt.Println("I am", me.Email)
		return nil
	}

	fmt.Println(register(zoomtest.MeetingScheduled))
	err := register(zoomtest.MeetingMissing)
	fmt.Println(err != nil, zoom.IsMeetingNotFound(err))

	c, err := zoom.NewClient(zoom.WithServerToServer(accountID, clientID, clientSecret), zoom.WithBaseURL(apiURL), zoom.WithTokenURL(tokenURL))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(list(c, zoomtest.MeetingScheduled))
	var ze *zoom.Error
	err = whoAmI(c)
	fmt.Println(errors.As(err, &ze), ze.StatusCode)
	// Output:
	// registered jchill@example.com true
	// <nil>
	// true true
	// listed jchill@example.com
	// <nil>
	// true 404
}

func ExampleNewClient() {
	srv := startMock()
	defer srv.Close()

	creds := zoomtest.DemoCredentials // from your Server-to-Server OAuth app
	c, err := zoom.NewClient(
		zoom.WithServerToServer(creds.AccountID, creds.ClientID, creds.ClientSecret),
		zoom.WithPlan(zoom.PlanPro),
		zoom.WithBaseURL(srv.BaseURL()), zoom.WithTokenURL(srv.TokenURL()),
	)
	if err != nil {
		log.Fatal(err)
	}
	res, err := c.PerformBatchRegistration(context.Background(), zoomtest.MeetingScheduled, gen.BatchRegistrationRequest{
		AutoApprove: true,
		Registrants: []gen.Registrant{
			{Email: "ada@example.com", FirstName: "Ada", LastName: "Lovelace"},
			{Email: "Grace@Example.com", FirstName: "Grace"},
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range res.Registrants { // in request order
		fmt.Println(r.Email, r.RegistrantID != "", strings.Contains(r.JoinURL, "tk="))
	}
	// Output:
	// ada@example.com true true
	// Grace@Example.com true true
}

// Every generated operation is available through API, with the same
// authentication, pacing, retries and typed errors.
func ExampleClient_API() {
	srv := startMock()
	defer srv.Close()
	c, err := zoom.NewClient(zoom.WithToken(srv.IssueToken()), zoom.WithBaseURL(srv.BaseURL()))
	if err != nil {
		log.Fatal(err)
	}
	resp, err := c.API().GetMeetingWithResponse(context.Background(), zoomtest.MeetingScheduled, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.JSON200.ID)

	_, err = c.API().GetMeetingWithResponse(context.Background(), zoomtest.MeetingMissing, nil)
	fmt.Println(zoom.IsMeetingNotFound(err))
	// Output:
	// 85746065432
	// true
}

func ExampleClient_MeetingRegistrants() {
	srv := startMock()
	defer srv.Close()
	c, err := zoom.NewClient(zoom.WithToken(srv.IssueToken()), zoom.WithBaseURL(srv.BaseURL()))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.PerformBatchRegistration(ctx, zoomtest.MeetingScheduled, gen.BatchRegistrationRequest{
		AutoApprove: true,
		Registrants: registrants(3, "listed"),
	}); err != nil {
		log.Fatal(err)
	}
	n := 0
	for r, err := range c.MeetingRegistrants(ctx, zoomtest.MeetingScheduled, gen.RegistrantStatusApproved) {
		if err != nil {
			log.Fatal(err)
		}
		if strings.HasPrefix(r.Email, "listed") {
			n++
		}
	}
	fmt.Println(n, "registrants")
	// Output: 3 registrants
}

func ExampleIsMeetingNotFound() {
	srv := startMock()
	defer srv.Close()
	c, err := zoom.NewClient(zoom.WithToken(srv.IssueToken()), zoom.WithBaseURL(srv.BaseURL()))
	if err != nil {
		log.Fatal(err)
	}
	_, err = c.PerformBatchRegistration(context.Background(), zoomtest.MeetingMissing, gen.BatchRegistrationRequest{
		Registrants: []gen.Registrant{{Email: "ada@example.com", FirstName: "Ada"}},
	})
	var ze *zoom.Error
	if errors.As(err, &ze) {
		fmt.Println(ze.StatusCode, ze.Code == zoom.CodeMeetingDoesNotExist, zoom.IsMeetingNotFound(err))
	}
	// Output: 404 true true
}

// A registrant may be registered three times a day; the fourth batch is
// refused as a whole, naming the registrant, and is never retried.
func ExampleRateLimitError() {
	srv := startMock()
	defer srv.Close()
	c, err := zoom.NewClient(zoom.WithToken(srv.IssueToken()), zoom.WithBaseURL(srv.BaseURL()))
	if err != nil {
		log.Fatal(err)
	}
	body := gen.BatchRegistrationRequest{
		Registrants: []gen.Registrant{{Email: "ada@example.com", FirstName: "Ada"}},
	}
	for range 4 {
		_, err = c.PerformBatchRegistration(context.Background(), zoomtest.MeetingScheduled, body)
	}
	var rl *zoom.RateLimitError
	if errors.As(err, &rl) {
		fmt.Println(rl.Kind, rl.Registrant, rl.ResetAt.Hour(), rl.Kind.Daily())
	}
	// Output: per-registrant daily ada@example.com 0 true
}

// Registering without knowing whether an earlier attempt landed: list the
// registrants first (see ErrOutcomeUnknown).
func ExampleErrOutcomeUnknown() {
	srv := startMock()
	defer srv.Close()
	srv.SetFaults(zoomtest.Faults{DropAfterCommitRate: 1})
	c, err := zoom.NewClient(zoom.WithToken(srv.IssueToken()), zoom.WithBaseURL(srv.BaseURL()))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	_, err = c.PerformBatchRegistration(ctx, zoomtest.MeetingScheduled, gen.BatchRegistrationRequest{
		Registrants: []gen.Registrant{{Email: "ada@example.com", FirstName: "Ada"}},
	})
	fmt.Println(errors.Is(err, zoom.ErrOutcomeUnknown))
	for r, err := range c.MeetingRegistrants(ctx, zoomtest.MeetingScheduled, "") {
		if err == nil && r.Email == "ada@example.com" {
			fmt.Println("registered after all")
		}
	}
	// Output:
	// true
	// registered after all
}

// Send the Postman collection's multipart/form-data instead of JSON.
func ExampleWithMultipart() {
	srv := startMock()
	defer srv.Close()
	c, err := zoom.NewClient(zoom.WithToken(srv.IssueToken()), zoom.WithBaseURL(srv.BaseURL()), zoom.WithMultipart())
	if err != nil {
		log.Fatal(err)
	}
	res, err := c.PerformBatchRegistration(context.Background(), zoomtest.MeetingScheduled, gen.BatchRegistrationRequest{
		Registrants: []gen.Registrant{{Email: "ada@example.com", FirstName: "Ada"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(res.Registrants))
	// Output: 1
}

// User OAuth: the consent URL and code exchange are x/oauth2's, with PKCE;
// WithUserOAuth then refreshes and persists rotated refresh tokens.
func ExampleUserOAuthConfig() {
	cfg := zoom.UserOAuthConfig("client-id", "client-secret", "https://app.example.com/callback", "meeting:write")
	verifier := oauth2.GenerateVerifier() // keep it with the session
	u := cfg.AuthCodeURL("state-123", oauth2.S256ChallengeOption(verifier))
	fmt.Println(strings.HasPrefix(u, "https://zoom.us/oauth/authorize?"), strings.Contains(u, "code_challenge_method=S256"))
	// After the redirect:
	//   tok, err := cfg.Exchange(ctx, code, oauth2.VerifierOption(verifier))
	//   c, err := zoom.NewClient(zoom.WithUserOAuth(cfg, tok, saveToken))

	// Output: true true
}

// Pages turns a next_page_token listing into an iterator, for code that
// pages by hand (every paginated operation of the spec already has a
// generated ...All method); here the pending registrants of a meeting
// with manual approval, 30 a page.
func ExamplePages() {
	srv := startMock()
	defer srv.Close()
	const meeting = 85746065777
	srv.AddMeeting(zoomtest.Meeting{ID: meeting, Topic: "Approval needed", Type: 2, ManualApproval: true})
	c, err := zoom.NewClient(zoom.WithToken(srv.IssueToken()), zoom.WithBaseURL(srv.BaseURL()))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	for i := 0; i < 45; i += 15 {
		body := gen.BatchRegistrationRequest{Registrants: registrants(15, fmt.Sprintf("pending%d-", i))}
		if _, err := c.PerformBatchRegistration(ctx, meeting, body); err != nil {
			log.Fatal(err)
		}
	}

	pages := 0
	pending := zoom.Pages(ctx, func(ctx context.Context, token string) ([]gen.MeetingRegistrant, string, error) {
		pages++
		params := &gen.ListMeetingRegistrantsParams{Status: zoom.Ptr(gen.RegistrantStatusPending), PageSize: zoom.Ptr(30)}
		if token != "" {
			params.NextPageToken = &token
		}
		resp, err := c.API().ListMeetingRegistrantsWithResponse(ctx, meeting, params)
		if err != nil {
			return nil, "", err
		}
		return resp.JSON200.Registrants, resp.JSON200.NextPageToken, nil
	})
	n := 0
	for _, err := range pending {
		if err != nil {
			log.Fatal(err)
		}
		n++
	}
	fmt.Println(n, "pending in", pages, "pages")
	// Output: 45 pending in 2 pages
}

// A per-attempt timeout shorter than the default: a server that holds an
// answer costs one attempt. A batch registration that was sent and then
// timed out may have been committed, so it is reported, not re-sent.
func ExampleWithRequestTimeout() {
	srv, err := zoomtest.Start(context.Background(), zoomtest.Options{Faults: zoomtest.Faults{SpikeRate: 1, Spike: 2 * time.Second}})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	c, err := zoom.NewClient(zoom.WithToken(srv.IssueToken()), zoom.WithBaseURL(srv.BaseURL()),
		zoom.WithRequestTimeout(100*time.Millisecond))
	if err != nil {
		log.Fatal(err)
	}
	_, err = c.PerformBatchRegistration(context.Background(), zoomtest.MeetingScheduled, gen.BatchRegistrationRequest{
		Registrants: []gen.Registrant{{Email: "ada@example.com", FirstName: "Ada"}},
	})
	fmt.Println(errors.Is(err, zoom.ErrOutcomeUnknown), srv.Registrations(zoomtest.MeetingScheduled, "ada@example.com"))
	// Output:
	// true 1
}
