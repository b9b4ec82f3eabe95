// Command zoom-mock serves the mock Zoom API (package zoomtest) on a fixed
// address, for trying the client, the bulk tool or curl against something
// that behaves like Zoom: OAuth tokens, validated requests, Zoom's errors,
// rate limits and injectable faults.
//
//	zoom-mock -addr 127.0.0.1:8089 -plan pro -meeting 123456789:2:capacity=500
//
// It prints the API base URL, the token URL and the credentials to use,
// then logs one line per request (Authorization redacted) until
// interrupted. Run it with -h for every knob.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/zoomgen/zoom/zoomtest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// meetingsFlag collects repeated -meeting values.
type meetingsFlag []zoomtest.Meeting

// String is what -h shows as the default: none.
func (m *meetingsFlag) String() string { return fmt.Sprint(len(*m), " meeting(s)") }

// Set reads id:type[:option...], options being capacity=N, over,
// no-registration and manual-approval.
func (m *meetingsFlag) Set(v string) error {
	fields := strings.Split(v, ":")
	if len(fields) < 2 {
		return fmt.Errorf("%q: want id:type[:option...], e.g. 123456789:2 or 123456789:2:capacity=100", v)
	}
	id, err := strconv.ParseInt(fields[0], 10, 64)
	if err != nil || id <= 0 {
		return fmt.Errorf("%q: meeting id %q is not a positive integer", v, fields[0])
	}
	typ, err := strconv.Atoi(fields[1])
	if err != nil || (typ != 1 && typ != 2 && typ != 3 && typ != 8) {
		return fmt.Errorf("%q: meeting type %q is not one of Zoom's 1, 2, 3 or 8", v, fields[1])
	}
	mt := zoomtest.Meeting{ID: id, Type: typ, Topic: "Meeting " + fields[0]}
	for _, opt := range fields[2:] {
		name, value, _ := strings.Cut(opt, "=")
		switch name {
		case "capacity":
			n, err := strconv.Atoi(value)
			if err != nil || n < 0 {
				return fmt.Errorf("%q: capacity %q is not a non-negative integer", v, value)
			}
			mt.Capacity = n
		case "over":
			mt.Over = true
		case "no-registration":
			mt.RegistrationDisabled = true
		case "manual-approval":
			mt.ManualApproval = true
		default:
			return fmt.Errorf("%q: unknown option %q (want capacity=N, over, no-registration or manual-approval)", v, opt)
		}
	}
	*m = append(*m, mt)
	return nil
}

// limitsFlag collects repeated -limit label=perSecond/daily values.
type limitsFlag map[zoomtest.Label]zoomtest.Limit

// String is what -h shows as the default: none.
func (l limitsFlag) String() string { return fmt.Sprint(len(l), " limit(s)") }

// Set reads label=perSecond/daily, e.g. Heavy=5/1000; 0 is unlimited.
func (l limitsFlag) Set(v string) error {
	label, spec, ok := strings.Cut(v, "=")
	perSecond, daily, ok2 := strings.Cut(spec, "/")
	if !ok || !ok2 || label == "" {
		return fmt.Errorf("%q: want label=perSecond/daily, e.g. Heavy=5/1000", v)
	}
	ps, err := strconv.ParseFloat(perSecond, 64)
	if err != nil || ps < 0 {
		return fmt.Errorf("%q: per-second limit %q is not a non-negative number", v, perSecond)
	}
	d, err := strconv.Atoi(daily)
	if err != nil || d < 0 {
		return fmt.Errorf("%q: daily limit %q is not a non-negative integer", v, daily)
	}
	if !zoomtest.Label(label).Valid() {
		return fmt.Errorf("%q: unknown rate-limit label %q: want Light, Medium, Heavy or Resource-intensive", v, label)
	}
	l[zoomtest.Label(label)] = zoomtest.Limit{PerSecond: ps, Daily: d}
	return nil
}

// rate is a flag holding a share between 0 and 1.
type rate float64

// String prints the share as given.
func (r *rate) String() string { return strconv.FormatFloat(float64(*r), 'g', -1, 64) }

// Set reads a share between 0 and 1.
func (r *rate) Set(v string) error {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 0 || f > 1 {
		return fmt.Errorf("%q is not a share between 0 and 1", v)
	}
	*r = rate(f)
	return nil
}

// run is the command without the process around it, so tests can run it
// on a free port. It serves until ctx ends and returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("zoom-mock", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		addr      = fs.String("addr", "127.0.0.1:8089", "`address` to listen on (host:port; port 0 picks a free one)")
		plan      = fs.String("plan", "unlimited", "account `plan` whose rate limits apply: unlimited, free, pro or business")
		ttl       = fs.Duration("token-ttl", time.Hour, "how long an access token stays valid")
		seed      = fs.Int64("seed", 0, "seed of the fault generator: the same seed and requests give the same faults")
		latency   = fs.Duration("latency", 0, "latency added to every API answer")
		quiet     = fs.Bool("quiet", false, "do not log each request")
		validate  = fs.Bool("validate-responses", false, "check every answer against the OpenAPI document (a mismatch becomes a 500)")
		accountID = fs.String("account-id", zoomtest.DemoCredentials.AccountID, "the account_id the token endpoint accepts")
		clientID  = fs.String("client-id", zoomtest.DemoCredentials.ClientID, "the OAuth client id the token endpoint accepts")
		secret    = fs.String("client-secret", zoomtest.DemoCredentials.ClientSecret, "the OAuth client secret the token endpoint accepts")
		regLimit  = fs.Int("registrant-daily-limit", 3, "registrations of one registrant per meeting per UTC day")
		burst     = fs.Int("server-error-burst", 1, "`n` API requests fail in a row once -server-error-rate draws a failure")
		spike     = fs.Duration("spike", 10*time.Second, "delay of a latency spike (see -spike-rate)")
		hookURL   = fs.String("webhook-url", "", "`URL` to POST Zoom's signed meeting.registration_* webhooks to when registrants change")
		hookToken = fs.String("webhook-secret-token", "", "secret `token` that signs the webhooks (unset: $ZOOM_WEBHOOK_SECRET_TOKEN)")
		serverErr rate
		truncRate rate
		spikeRate rate
		dropRate  rate
		qpsErr    rate
		meetings  meetingsFlag
		limits    = limitsFlag{}
	)
	fs.Var(&serverErr, "server-error-rate", "`share` (0..1) of API requests answered 502/503 with an HTML body")
	fs.Var(&dropRate, "drop-after-commit-rate", "`share` (0..1) of batch registrations committed, then the connection closed unanswered")
	fs.Var(&truncRate, "truncate-rate", "`share` (0..1) of API answers cut off mid-body after the work is done (status and headers sent, then the connection closed)")
	fs.Var(&spikeRate, "spike-rate", "`share` (0..1) of API answers delayed by -spike after the work is done")
	fs.Var(&qpsErr, "qps-error-rate", "`share` (0..1) of API requests answered with a per-second 429")
	fs.Var(&meetings, "meeting", "add a meeting, `id:type[:option...]` with options capacity=N, over, no-registration, manual-approval (repeatable)")
	fs.Var(limits, "limit", "override one rate-limit label, `label=perSecond/daily` (0 = unlimited), e.g. Heavy=5/1000 (repeatable)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: zoom-mock [flags]\n\nServes a mock Zoom API with OAuth, Zoom's errors, rate limits and faults.\nSeeded meetings: %s.\nSeeded webinars: %s.\n\nFlags:\n", seededMeetings(), seededWebinars())
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "zoom-mock: unexpected argument %q (flags only; see -h)\n", fs.Arg(0))
		return 2
	}
	p, ok := zoomtest.ParsePlan(*plan)
	if !ok {
		fmt.Fprintf(stderr, "zoom-mock: -plan %q: want unlimited, free, pro or business\n", *plan)
		return 2
	}
	if *ttl <= 0 || *regLimit <= 0 || *burst <= 0 || *spike < 0 {
		fmt.Fprintln(stderr, "zoom-mock: -token-ttl, -registrant-daily-limit and -server-error-burst must be positive, -spike not negative")
		return 2
	}
	if *hookToken == "" {
		// Read after parsing, so that -h never prints the secret as a default.
		*hookToken = os.Getenv("ZOOM_WEBHOOK_SECRET_TOKEN")
	}
	if *hookURL != "" && *hookToken == "" {
		fmt.Fprintln(stderr, "zoom-mock: -webhook-url needs a secret token: -webhook-secret-token or $ZOOM_WEBHOOK_SECRET_TOKEN")
		return 2
	}
	creds := zoomtest.Credentials{AccountID: *accountID, ClientID: *clientID, ClientSecret: *secret}
	opts := zoomtest.Options{
		Plan: p, Limits: limits, TokenTTL: *ttl, Seed: *seed, Credentials: creds,
		ValidateResponses: *validate, RegistrantDailyLimit: *regLimit,
		Faults: zoomtest.Faults{ServerErrorRate: float64(serverErr), DropAfterCommitRate: float64(dropRate),
			QPSErrorRate: float64(qpsErr), Latency: *latency, ServerErrorBurst: *burst,
			TruncateRate: float64(truncRate), SpikeRate: float64(spikeRate), Spike: *spike},
		Webhooks: zoomtest.Webhooks{URL: *hookURL, SecretToken: *hookToken},
	}
	if !*quiet {
		logger := &lineWriter{w: stderr}
		opts.Logf = logger.printf
	}

	l, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "zoom-mock: -addr %s: %v\n", *addr, err)
		return 1
	}
	srv, err := zoomtest.StartListener(ctx, l, opts)
	if err != nil {
		_ = l.Close()
		fmt.Fprintf(stderr, "zoom-mock: %v\n", err)
		return 1
	}
	defer srv.Close()
	for _, m := range meetings {
		srv.AddMeeting(m)
	}

	secretShown := creds.ClientSecret
	if creds.ClientSecret != zoomtest.DemoCredentials.ClientSecret {
		secretShown = "(as given by -client-secret)" // only the public demo secret is printed
	}
	fmt.Fprintf(stdout, "zoom-mock: serving the mock Zoom API (plan %s)\n", *plan)
	fmt.Fprintf(stdout, "  base URL:      %s\n", srv.BaseURL())
	fmt.Fprintf(stdout, "  token URL:     %s\n", srv.TokenURL())
	fmt.Fprintf(stdout, "  authorize URL: %s\n", srv.AuthURL())
	fmt.Fprintf(stdout, "  account_id:    %s\n  client_id:     %s\n  client_secret: %s\n", creds.AccountID, creds.ClientID, secretShown)
	fmt.Fprintf(stdout, "  meetings:      %s%s\n", seededMeetings(), added(meetings))
	fmt.Fprintf(stdout, "  webinars:      %s\n", seededWebinars())
	if *hookURL != "" {
		fmt.Fprintf(stdout, "  webhooks to:   %s (signed with the secret token given)\n", *hookURL)
	}
	fmt.Fprintf(stdout, "try: curl -s -u %s:<client_secret> -d grant_type=account_credentials -d account_id=%s %s\n",
		creds.ClientID, creds.AccountID, srv.TokenURL())

	<-ctx.Done()
	fmt.Fprintln(stdout, "zoom-mock: stopping")
	return 0
}

func seededMeetings() string {
	return seeded(map[int64]string{
		zoomtest.MeetingScheduled: "scheduled", zoomtest.MeetingInstant: "instant (303)",
		zoomtest.MeetingRecurring: "recurring (303)", zoomtest.MeetingOver: "over (3038)",
		zoomtest.MeetingFull: "full (3043)", zoomtest.MeetingNoRegistration: "no registration (404)",
	}, zoomtest.MeetingMissing)
}

func seededWebinars() string {
	return seeded(map[int64]string{
		zoomtest.WebinarScheduled: "scheduled", zoomtest.WebinarRecurring: "recurring (300)",
		zoomtest.WebinarOver: "over (3038)", zoomtest.WebinarFull: "full (3043)",
		zoomtest.WebinarNoRegistration: "no registration (3000)",
	}, zoomtest.WebinarMissing)
}

// seeded lists IDs in order with what each is, then the one that does
// not exist.
func seeded(named map[int64]string, missing int64) string {
	ids := make([]int64, 0, len(named))
	for id := range named {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = fmt.Sprintf("%d %s", id, named[id])
	}
	return strings.Join(parts, ", ") + fmt.Sprintf("; %d does not exist (3001)", missing)
}

func added(ms meetingsFlag) string {
	if len(ms) == 0 {
		return ""
	}
	ids := make([]string, len(ms))
	for i, m := range ms {
		ids[i] = strconv.FormatInt(m.ID, 10)
	}
	return "; added " + strings.Join(ids, ", ")
}

// lineWriter serialises log lines from concurrent requests.
type lineWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lineWriter) printf(format string, args ...any) {
	line := fmt.Sprintf(format, args...)
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, "%s %s\n", time.Now().UTC().Format("15:04:05.000"), line)
}
