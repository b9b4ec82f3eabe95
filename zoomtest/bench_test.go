package zoomtest_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/zoomgen/zoom/zoomtest"
)

// BenchmarkBatchRegistration measures the mock as the bulk tool meets it:
// 8 concurrent clients, 30 new registrants per request, no rate limits.
// It reports registrants per second; the bulk stream needs 20,000/s on
// two cores.
func BenchmarkBatchRegistration(b *testing.B) {
	for _, validate := range []bool{false, true} {
		b.Run(fmt.Sprintf("validateResponses=%v", validate), func(b *testing.B) {
			srv := zoomtest.NewServer(b, zoomtest.Options{ValidateResponses: validate})
			tok := "Bearer " + srv.IssueToken()
			url := srv.BaseURL() + "/meetings/85746065432/batch_registrants"
			hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
			var seq atomic.Int64
			b.SetParallelism(4) // 8 clients on 2 cores
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				var body bytes.Buffer
				for pb.Next() {
					n := seq.Add(1)
					body.Reset()
					body.WriteString(`{"registrants":[`)
					for i := range 30 {
						if i > 0 {
							body.WriteByte(',')
						}
						fmt.Fprintf(&body, `{"email":"b%d-%d@example.com","first_name":"F","last_name":"L"}`, n, i)
					}
					body.WriteString(`]}`)
					req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body.Bytes()))
					req.Header.Set("Authorization", tok)
					req.Header.Set("Content-Type", "application/json")
					resp, err := hc.Do(req)
					if err != nil {
						b.Error(err)
						return
					}
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != http.StatusCreated {
						b.Errorf("status %d", resp.StatusCode)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N*30)/b.Elapsed().Seconds(), "registrants/s")
		})
	}
}
