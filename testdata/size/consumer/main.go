// Command consumer is the smallest useful program using the client: one
// batch registration. BenchmarkBinarySize compares its size with
// testdata/size/baseline.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/zoomgen/zoom"
	"github.com/zoomgen/zoom/gen"
)

func main() {
	c, err := zoom.NewClient(zoom.WithServerToServer(os.Getenv("ZOOM_ACCOUNT_ID"), os.Getenv("ZOOM_CLIENT_ID"), os.Getenv("ZOOM_CLIENT_SECRET")))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	res, err := c.PerformBatchRegistration(context.Background(), 85746065432, gen.BatchRegistrationRequest{
		Registrants: []gen.Registrant{{Email: "jchill@example.com", FirstName: "Jill"}},
	})
	fmt.Println(res, err)
}
