package webhook_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/zoomgen/zoom/webhook"
)

// BenchmarkServeHTTP is one registration notification end to end in
// process: signature check against one token or a rotation's two, replay
// cache, decoding into the generated type and delivery. Each iteration is
// a new request one second after the previous, so the replay cache works
// as under a steady stream of Zoom's notifications.
func BenchmarkServeHTTP(b *testing.B) {
	body := example(b, webhook.EventMeetingRegistrationCreated)
	for _, bc := range []struct {
		name    string
		secrets []string
	}{{"tokens=1", []string{secret}}, {"tokens=2", []string{oldSecret, secret}}} {
		b.Run(bc.name, func(b *testing.B) {
			now := testNow
			delivered := 0
			h, err := webhook.New(webhook.Options{
				SecretTokens: bc.secrets,
				Clock:        func() time.Time { return now },
				OnEvent: func(_ context.Context, ev webhook.Event) error {
					if ev.Data != nil {
						delivered++
					}
					return nil
				},
			})
			if err != nil {
				b.Fatal(err)
			}
			reqs := make([]*http.Request, 1000)
			for i := range reqs {
				ts := strconv.FormatInt(now.Unix()+int64(i), 10)
				reqs[i] = httptest.NewRequest(http.MethodPost, "/", nil)
				reqs[i].Header.Set(webhook.HeaderTimestamp, ts)
				reqs[i].Header.Set(webhook.HeaderSignature, webhook.Sign(secret, ts, body))
			}
			rec := &statusWriter{header: http.Header{}}
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if i%len(reqs) == 0 {
					// A new round of the same requests, far enough ahead
					// that the earlier round has left the window.
					b.StopTimer()
					now = now.Add(time.Hour)
					for j, r := range reqs {
						ts := strconv.FormatInt(now.Unix()+int64(j), 10)
						r.Header.Set(webhook.HeaderTimestamp, ts)
						r.Header.Set(webhook.HeaderSignature, webhook.Sign(secret, ts, body))
					}
					b.StartTimer()
				}
				r := reqs[i%len(reqs)]
				r.Body = nopCloser{bytes.NewReader(body)}
				now = now.Add(time.Second)
				rec.code = http.StatusOK // what an unwritten header means
				h.ServeHTTP(rec, r)
				if rec.code != http.StatusOK {
					b.Fatalf("status %d", rec.code)
				}
			}
			b.StopTimer()
			if delivered != b.N {
				b.Fatalf("%d typed events delivered, want %d", delivered, b.N)
			}
		})
	}
}

// statusWriter keeps only the status, so that the benchmark measures the
// handler and not a recorder's buffers.
type statusWriter struct {
	header http.Header
	code   int
}

func (w *statusWriter) Header() http.Header         { return w.header }
func (w *statusWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w *statusWriter) WriteHeader(code int)        { w.code = code }

type nopCloser struct{ *bytes.Reader }

func (nopCloser) Close() error { return nil }

// BenchmarkSign is the HMAC the handler computes per token and request.
func BenchmarkSign(b *testing.B) {
	body := example(b, webhook.EventMeetingRegistrationCreated)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if len(webhook.Sign(secret, "1764590400", body)) != 67 {
			b.Fatal("bad signature length")
		}
	}
}

// BenchmarkDecode is decoding a verified body into its generated type.
func BenchmarkDecode(b *testing.B) {
	for _, name := range []string{webhook.EventMeetingRegistrationCreated, webhook.EventWebinarRegistrationApproved} {
		body := example(b, name)
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				ev, err := webhook.Decode(body)
				if err != nil || ev.Data == nil {
					b.Fatalf("Decode: %v, Data %T", err, ev.Data)
				}
			}
		})
	}
}
