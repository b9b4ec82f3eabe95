package zoom_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zoomgen/zoom"
	"github.com/zoomgen/zoom/gen"
	"github.com/zoomgen/zoom/internal/benchcpu"
	"github.com/zoomgen/zoom/zoomtest"
)

// One batch registration of 30 people, encode + send + decode, through the
// client and through the least code that does the same by hand. Two
// servers: the validating mock (what a test run pays) and a canned answer
// (what the client itself costs).
//
//	go test -run '^$' -bench . -count 6 -benchmem | go tool -modfile=tools/go.mod benchstat -

type benchServer struct {
	baseURL string
	token   string
}

// benchServerNames are the servers each benchmark runs against.
var benchServerNames = []string{"zoomtest", "canned"}

// startBenchServer starts the named server for one run of a benchmark
// (each of -count's runs gets its own, so that no run inherits another's
// state or clock).
func startBenchServer(b *testing.B, name string) benchServer {
	if name == "zoomtest" {
		// The mock's clock moves a day per request, so re-registering the
		// same 30 people never meets the three-a-day limit and its state
		// stays small; the token outlives the days a run takes (a
		// century, against some thousands of requests).
		var day atomic.Int64
		start := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
		mock := zoomtest.NewServer(b, zoomtest.Options{
			TokenTTL: 1 << 62,
			Clock:    func() time.Time { return start.Add(time.Duration(day.Load()) * 24 * time.Hour) },
		})
		mockHandler := mock.Config.Handler
		mock.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			day.Add(1)
			mockHandler.ServeHTTP(w, r)
		})
		return benchServer{mock.BaseURL(), mock.IssueToken()}
	}
	regs := benchRegistrants()
	var canned bytes.Buffer
	canned.WriteString(`{"registrants":[`)
	for i, r := range regs {
		if i > 0 {
			canned.WriteByte(',')
		}
		fmt.Fprintf(&canned, `{"registrant_id":"id%d","email":%q,"join_url":"https://zoom.us/w/1?tk=t%d","participant_pin_code":%d}`, i, r.Email, i, 100000+i)
	}
	canned.WriteString(`]}`)
	cannedBody := canned.Bytes()
	cannedSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("x-zm-trackingid", "bench")
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write(cannedBody)
	}))
	b.Cleanup(cannedSrv.Close)
	return benchServer{cannedSrv.URL + "/v2", "canned-token"}
}

func benchRegistrants() []gen.Registrant {
	return registrants(30, "bench")
}

func BenchmarkPerformBatchRegistration(b *testing.B) {
	regs := benchRegistrants()
	for _, name := range benchServerNames {
		for _, wire := range []string{"multipart", "json"} {
			b.Run(name+"/"+wire, func(b *testing.B) {
				srv := startBenchServer(b, name)
				opts := []zoom.Option{zoom.WithToken(srv.token), zoom.WithBaseURL(srv.baseURL), zoom.WithPlan(zoom.PlanUnlimited)}
				if wire == "multipart" {
					opts = append(opts, zoom.WithMultipart())
				}
				c, err := zoom.NewClient(opts...)
				if err != nil {
					b.Fatal(err)
				}
				ctx := context.Background()
				defer benchcpu.Report(b)()
				for b.Loop() {
					res, err := c.PerformBatchRegistration(ctx, zoomtest.MeetingScheduled, gen.BatchRegistrationRequest{Registrants: regs, AutoApprove: true})
					if err != nil {
						b.Fatal(err)
					}
					if len(res.Registrants) != len(regs) {
						b.Fatalf("%d results", len(res.Registrants))
					}
				}
			})
		}
	}
}

// BenchmarkHandWrittenBaseline does by hand what a careful caller without
// the client would: build the body in the same wire format as the client
// (JSON, or the Postman form's multipart), POST it with a bearer token,
// check the status and decode the JSON answer. No retries, pacing,
// validation or error typing. Compare like with like:
// PerformBatchRegistration/<server>/json with HandWrittenBaseline/<server>/json.
func BenchmarkHandWrittenBaseline(b *testing.B) {
	regs := benchRegistrants()
	type result struct {
		Registrants []struct {
			RegistrantID       string `json:"registrant_id"`
			Email              string `json:"email"`
			JoinURL            string `json:"join_url"`
			ParticipantPinCode int64  `json:"participant_pin_code"`
		} `json:"registrants"`
	}
	check := func(b *testing.B, resp *http.Response) {
		var res result
		err := json.NewDecoder(resp.Body).Decode(&res)
		resp.Body.Close()
		if err != nil || resp.StatusCode/100 != 2 || len(res.Registrants) != len(regs) {
			b.Fatalf("status %d, %d results, %v", resp.StatusCode, len(res.Registrants), err)
		}
		if !strings.EqualFold(res.Registrants[0].Email, regs[0].Email) {
			b.Fatal("wrong answer")
		}
	}
	for _, name := range benchServerNames {
		// The same JSON the client sends: {"auto_approve":true,"registrants":[...]}.
		b.Run(name+"/json", func(b *testing.B) {
			srv := startBenchServer(b, name)
			hc := &http.Client{}
			url := fmt.Sprintf("%s/meetings/%d/batch_registrants", srv.baseURL, zoomtest.MeetingScheduled)
			type request struct {
				AutoApprove bool `json:"auto_approve"`
				Registrants []struct {
					Email     string `json:"email"`
					FirstName string `json:"first_name"`
					LastName  string `json:"last_name,omitempty"`
				} `json:"registrants"`
			}
			var body request
			body.AutoApprove = true
			for _, r := range regs {
				body.Registrants = append(body.Registrants, struct {
					Email     string `json:"email"`
					FirstName string `json:"first_name"`
					LastName  string `json:"last_name,omitempty"`
				}{r.Email, r.FirstName, r.LastName})
			}
			defer benchcpu.Report(b)()
			for b.Loop() {
				payload, err := json.Marshal(body)
				if err != nil {
					b.Fatal(err)
				}
				req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, url, bytes.NewReader(payload))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+srv.token)
				resp, err := hc.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				check(b, resp)
			}
		})
		b.Run(name+"/multipart", func(b *testing.B) {
			srv := startBenchServer(b, name)
			hc := &http.Client{}
			url := fmt.Sprintf("%s/meetings/%d/batch_registrants", srv.baseURL, zoomtest.MeetingScheduled)
			defer benchcpu.Report(b)()
			for b.Loop() {
				var buf bytes.Buffer
				mw := multipart.NewWriter(&buf)
				_ = mw.WriteField("auto_approve", "true")
				h := textproto.MIMEHeader{}
				h.Set("Content-Disposition", `form-data; name="registrants"`)
				h.Set("Content-Type", "application/json")
				pw, _ := mw.CreatePart(h)
				if err := json.NewEncoder(pw).Encode(regs); err != nil {
					b.Fatal(err)
				}
				_ = mw.Close()
				req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, url, &buf)
				req.Header.Set("Content-Type", mw.FormDataContentType())
				req.Header.Set("Authorization", "Bearer "+srv.token)
				resp, err := hc.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				check(b, resp)
			}
		})
	}
}

// BenchmarkNewClient: building a client parses nothing (the operation
// table is generated code), so its cost does not grow with the number of
// operations in the spec.
func BenchmarkNewClient(b *testing.B) {
	for b.Loop() {
		c, err := zoom.NewClient(zoom.WithServerToServer("account", "client", "secret"), zoom.WithPlan(zoom.PlanPro))
		if err != nil || c == nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBinarySize builds the smallest program that uses the client
// (testdata/size/consumer) and the same program on the libraries the
// client builds on (testdata/size/baseline: the generated client, x/oauth2,
// x/time, singleflight), and reports their sizes and ratio: what the
// client layer adds to a user's binary. The loop measures nothing.
func BenchmarkBinarySize(b *testing.B) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		b.Skip("no go command:", err)
	}
	dir := b.TempDir()
	size := func(pkg string) float64 {
		out := filepath.Join(dir, filepath.Base(pkg))
		cmd := exec.Command(goCmd, "build", "-o", out, pkg)
		if msg, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("go build %s: %v\n%s", pkg, err, msg)
		}
		fi, err := os.Stat(out)
		if err != nil {
			b.Fatal(err)
		}
		return float64(fi.Size())
	}
	consumer, baseline := size("./testdata/size/consumer"), size("./testdata/size/baseline")
	for b.Loop() {
	}
	b.ReportMetric(consumer/1e6, "consumer-MB")
	b.ReportMetric(baseline/1e6, "baseline-MB")
	b.ReportMetric(consumer/baseline, "x-baseline")
}
