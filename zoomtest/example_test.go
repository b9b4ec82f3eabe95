package zoomtest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/zoomgen/zoom/gen"
	"github.com/zoomgen/zoom/zoomtest"
)

// Start a mock, fetch a Server-to-Server token from its token endpoint as
// from Zoom's, and register two people through the generated client.
func ExampleStart() {
	ctx := context.Background()
	srv, err := zoomtest.Start(ctx, zoomtest.Options{Plan: zoomtest.PlanPro})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()

	c := zoomtest.DemoCredentials
	form := url.Values{"grant_type": {"account_credentials"}, "account_id": {c.AccountID}}
	req, _ := http.NewRequest(http.MethodPost, srv.TokenURL(), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(c.ClientID, c.ClientSecret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	var tok struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
	}
	err = json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("token valid for", tok.ExpiresIn, "s")

	api, _ := gen.NewClientWithResponses(srv.BaseURL(), gen.WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
		r.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		return nil
	}))
	res, err := api.PerformBatchRegistrationWithResponse(ctx, zoomtest.MeetingScheduled, gen.PerformBatchRegistrationJSONRequestBody{
		Registrants: []gen.PerformBatchRegistrationRequestRegistrantsItem{
			{Email: "jchill@example.com", FirstName: "Jill"},
			{Email: "tom.wells@example.com", FirstName: "Tom"},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Status(), len(res.JSON201.Registrants), "registrants")
	fmt.Println("daily budget left:", res.HTTPResponse.Header.Get("X-RateLimit-Remaining"), "of", res.HTTPResponse.Header.Get("X-RateLimit-Limit"))
	// Output:
	// token valid for 3600 s
	// 201 Created 2 registrants
	// daily budget left: 29999 of 30000
}
