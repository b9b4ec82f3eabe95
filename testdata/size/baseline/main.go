// Command baseline is what testdata/size/consumer would be without the
// client layer: the generated client, x/oauth2's client credentials,
// x/time's limiter and singleflight, the libraries the client builds on.
package main

import (
	"context"
	"fmt"
	"os"

	"golang.org/x/oauth2/clientcredentials"
	"golang.org/x/sync/singleflight"
	"golang.org/x/time/rate"

	"github.com/zoomgen/zoom/gen"
)

func main() {
	ctx := context.Background()
	cfg := clientcredentials.Config{
		ClientID: os.Getenv("ZOOM_CLIENT_ID"), ClientSecret: os.Getenv("ZOOM_CLIENT_SECRET"),
		TokenURL:       "https://zoom.us/oauth/token",
		EndpointParams: map[string][]string{"grant_type": {"account_credentials"}, "account_id": {os.Getenv("ZOOM_ACCOUNT_ID")}},
	}
	lim := rate.NewLimiter(10, 1)
	var g singleflight.Group
	_, err, _ := g.Do("wait", func() (any, error) { return nil, lim.Wait(ctx) })
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	api, err := gen.NewClientWithResponses("https://api.zoom.us/v2", gen.WithHTTPClient(cfg.Client(ctx)))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	res, err := api.PerformBatchRegistrationWithResponse(ctx, 85746065432, gen.BatchRegistrationRequest{
		Registrants: []gen.Registrant{{Email: "jchill@example.com", FirstName: "Jill"}},
	})
	fmt.Println(res, err)
}
