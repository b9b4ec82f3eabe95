// Command zoom-register registers every attendee of a CSV file for a Zoom
// meeting or webinar, at the rate Zoom allows, and writes a results file
// with each attendee's registrant ID and personal join URL. It also
// approves, denies or cancels the registrants a CSV lists (-action), and
// exports every registrant to CSV (-export).
//
//	zoom-register -meeting 85746065432 | -webinar 81746065432 -in attendees.csv -out results.csv
//	              [-journal run.jsonl] [-auto-approve] [-dry-run] [-concurrency N] [-strict] [-csv-raw]
//	zoom-register -meeting ID | -webinar ID -action approve|deny|cancel -in list.csv -out results.csv
//	              [-journal run.jsonl] [-concurrency N] [-strict] [-csv-raw]
//	zoom-register -meeting ID | -webinar ID -export -out registrants.csv [-csv-raw]
//
// For -action the CSV needs only an email column (other columns are kept
// in the results file, which adds registrant_id, status and error); the
// registrant list is read first, so someone who is not a registrant, or
// already has the status, is reported and not sent. -export writes every
// registrant, approved, pending and denied, streaming a page at a time.
//
// The CSV has a header row naming email, first_name and (optionally)
// last_name in any order; other columns are passed through to the results
// file. There, a cell a spreadsheet would run as a formula (one starting
// with =, +, -, @, a tab or a carriage return, negative numbers included)
// gets a leading single quote, unless -csv-raw asks for the cells exactly
// as read. Credentials come from ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and
// ZOOM_CLIENT_SECRET (a Server-to-Server OAuth app); without them the
// command runs against the built-in mock Zoom API and says DEMO MODE.
//
// With -journal, a run that is interrupted (Ctrl-C, kill -9, power loss)
// is continued by running the same command again: only what Zoom has not
// confirmed is sent. While a run has the journal open, another one given
// the same journal refuses to start ("journal run.jsonl is in use by
// another run", exit status 2) instead of sending everyone a second time;
// a run that was killed holds nothing (on Windows and other systems
// without flock, runs in separate processes are not detected).
//
// Exit status: 0 when every attendee is registered (or already was, or is
// a duplicate of one who is), 1 when any is not (bad row, refused,
// deferred, not sent), 2 for usage or setup errors.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/zoomgen/zoom"
	"github.com/zoomgen/zoom/bulk"
	"github.com/zoomgen/zoom/internal/roster"
)

func main() {
	// The first Ctrl-C ends the run cleanly (results written, journal
	// consistent); after it the default behaviour returns, so a second one
	// kills at once.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	context.AfterFunc(ctx, stop)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit statuses.
const (
	exitOK       = 0
	exitProblems = 1 // some attendee is not registered
	exitUsage    = 2 // nothing was done
)

// config is the parsed command line.
type config struct {
	meeting     int64
	webinar     int64
	action      string // -action: approve, deny or cancel instead of registering
	export      bool   // -export: write every registrant instead of registering
	in, out     string
	journal     string
	autoApprove bool
	dryRun      bool
	concurrency int
	strict      bool
	csvRaw      bool
}

// run is the whole command, callable from tests: args without the program
// name, getenv for the environment.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	cfg, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintln(stderr, "zoom-register:", err)
		return exitUsage
	}
	if cfg.export || cfg.action != "" {
		return runLifecycle(ctx, cfg, getenv, stdout, stderr)
	}
	in, err := readInput(cfg.in)
	if err != nil {
		fmt.Fprintln(stderr, "zoom-register:", err)
		return exitUsage
	}
	reportBad := func() {
		for _, b := range in.file.Bad {
			fmt.Fprintf(stderr, "%s:%s\n", cfg.in, strings.TrimPrefix(b.Error(), "line "))
		}
	}
	if cfg.strict && len(in.file.Bad) > 0 {
		reportBad()
		fmt.Fprintf(stderr, "zoom-register: %s has %d bad row(s); nothing sent (-strict)\n", cfg.in, len(in.file.Bad))
		return exitProblems
	}
	if cfg.dryRun {
		reportBad()
		return dryRun(cfg, in, stdout)
	}

	conn, err := connect(ctx, cfg, getenv, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "zoom-register:", err)
		return exitUsage
	}
	defer conn.close()
	reportBad() // after the DEMO MODE banner, which must come first
	if cfg.meeting == 0 && cfg.webinar == 0 {
		cfg.meeting = conn.defaultMeeting
	}
	if cfg.meeting == 0 && cfg.webinar == 0 {
		fmt.Fprintln(stderr, "zoom-register: -meeting or -webinar is required")
		return exitUsage
	}

	prog := newProgress(stderr, in.unique())
	resuming := false
	if cfg.journal != "" {
		if fi, err := os.Stat(cfg.journal); err == nil && fi.Size() > 0 {
			resuming = true
		}
	}
	var announced bool // Progress is never called concurrently
	opts := bulk.Options{
		Concurrency: cfg.concurrency,
		AutoApprove: cfg.autoApprove,
		Journal:     cfg.journal,
		Progress: func(p bulk.Progress) {
			// Said on the first report, which comes only once the journal
			// is open and read: a journal in use by another run, or
			// written for another one, must not be announced as continued.
			if resuming && !announced {
				announced = true
				fmt.Fprintf(stderr, "continuing the run recorded in %s: only what Zoom has not confirmed is sent\n", cfg.journal)
			}
			prog.update(p)
		},
	}
	var (
		rep    bulk.Report
		runErr error
	)
	if t := cfg.target(); t.Webinar {
		rep, runErr = bulk.RegisterWebinar(ctx, conn.client, t.ID, in.attendees, opts)
	} else {
		rep, runErr = bulk.Register(ctx, conn.client, t.ID, in.attendees, opts)
	}
	if rep.Results == nil {
		// Nothing ran (a journal in use by another run, or written for
		// another one): no progress line, and no results file, which
		// could be the other run's.
		fmt.Fprintln(stderr, "zoom-register:", runErr)
		if errors.Is(runErr, bulk.ErrJournalInUse) {
			// Not "use another journal": that run would send everyone
			// the first one is sending.
			fmt.Fprintln(stderr, "zoom-register: another run is using this journal; nothing was sent. Run this again once it has ended.")
		}
		return exitUsage
	}
	prog.finish()
	if err := writeResults(cfg.out, in, rep, roster.WriteOptions{Raw: cfg.csvRaw}); err != nil {
		fmt.Fprintln(stderr, "zoom-register: writing results:", err)
		return exitProblems
	}
	ok := summarize(stdout, cfg, conn, in, rep, runErr, ctx.Err() != nil)
	if !ok {
		return exitProblems
	}
	return exitOK
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var cfg config
	fs := flag.NewFlagSet("zoom-register", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Int64Var(&cfg.meeting, "meeting", 0, "Zoom meeting ID (in demo mode the mock's seeded meeting by default)")
	fs.Int64Var(&cfg.webinar, "webinar", 0, "Zoom webinar ID, instead of -meeting"+demoWebinarNote())
	fs.StringVar(&cfg.action, "action", "", "approve, deny or cancel the registrants listed in -in (a CSV with an email column) instead of registering")
	fs.BoolVar(&cfg.export, "export", false, "write every registrant (approved, pending, denied) to -out instead of registering; no -in")
	fs.StringVar(&cfg.in, "in", "", "attendee CSV: header with email, first_name[, last_name], any order, extra columns kept")
	fs.StringVar(&cfg.out, "out", "", "results CSV to write (owner-only: it holds personal join URLs)")
	fs.StringVar(&cfg.journal, "journal", "", "journal file (owner-only, holds join URLs); run again with the same one to continue an interrupted run")
	fs.BoolVar(&cfg.autoApprove, "auto-approve", false, "approve the registrants at once")
	fs.BoolVar(&cfg.dryRun, "dry-run", false, "validate the file and show what would be sent; send nothing")
	fs.IntVar(&cfg.concurrency, "concurrency", 4, "batches in flight at once (the rate limit applies whatever the number)")
	fs.BoolVar(&cfg.strict, "strict", false, "send nothing if any row is bad")
	fs.BoolVar(&cfg.csvRaw, "csv-raw", false, "write results cells exactly as read (by default a cell starting with = + - @ tab or CR gets a leading ' so that a spreadsheet shows it as text)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: zoom-register -meeting ID | -webinar ID -in attendees.csv -out results.csv [-journal run.jsonl] [-auto-approve] [-dry-run] [-concurrency N] [-strict] [-csv-raw]")
		fmt.Fprintln(stderr, "       zoom-register -meeting ID | -webinar ID -action approve|deny|cancel -in list.csv -out results.csv [-journal run.jsonl] [-concurrency N] [-strict] [-csv-raw]")
		fmt.Fprintln(stderr, "       zoom-register -meeting ID | -webinar ID -export -out registrants.csv [-csv-raw]")
		fmt.Fprintln(stderr, "Credentials: ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET (unset: demo mode against a built-in mock).")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	switch {
	case fs.NArg() > 0:
		return cfg, fmt.Errorf("unexpected argument %q (flags only; see -h)", fs.Arg(0))
	case cfg.meeting != 0 && cfg.webinar != 0:
		return cfg, errors.New("-meeting and -webinar: give one of them")
	case cfg.webinar < 0:
		return cfg, fmt.Errorf("-webinar %d: want a positive webinar ID", cfg.webinar)
	case cfg.export && cfg.action != "":
		return cfg, errors.New("-export and -action: give one of them")
	case cfg.action != "" && cfg.action != string(bulk.Approve) && cfg.action != string(bulk.Deny) && cfg.action != string(bulk.Cancel):
		return cfg, fmt.Errorf("-action %q: want approve, deny or cancel", cfg.action)
	case (cfg.export || cfg.action != "") && (cfg.autoApprove || cfg.dryRun):
		return cfg, errors.New("-auto-approve and -dry-run are for registering, not with -export or -action")
	case cfg.export && (cfg.in != "" || cfg.journal != ""):
		return cfg, errors.New("-export reads no -in and keeps no -journal")
	case cfg.export && cfg.out == "":
		return cfg, errors.New("-out is required (the CSV to export to)")
	case cfg.export:
		return cfg, nil
	case cfg.in == "":
		return cfg, errors.New("-in is required (the attendee CSV)")
	case cfg.out == "" && !cfg.dryRun:
		return cfg, errors.New("-out is required (the results CSV)")
	case cfg.meeting < 0:
		return cfg, fmt.Errorf("-meeting %d: want a positive meeting ID", cfg.meeting)
	case cfg.concurrency < 1 || cfg.concurrency > 64:
		return cfg, fmt.Errorf("-concurrency %d: want 1 to 64", cfg.concurrency)
	}
	if cfg.out != "" {
		if same(cfg.in, cfg.out) || (cfg.journal != "" && same(cfg.out, cfg.journal)) {
			return cfg, errors.New("-out must be a file of its own (not the input or the journal)")
		}
	}
	if cfg.journal != "" && same(cfg.in, cfg.journal) {
		return cfg, errors.New("-journal must be a file of its own (not the input)")
	}
	return cfg, nil
}

// target is the meeting or webinar the flags name.
func (cfg config) target() bulk.Target {
	if cfg.webinar != 0 {
		return bulk.Webinar(cfg.webinar)
	}
	return bulk.Meeting(cfg.meeting)
}

func same(a, b string) bool {
	x, err1 := filepath.Abs(a)
	y, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && x == y
}

// input is the attendee file with its rows and bad rows in file order.
type input struct {
	file      *roster.File
	attendees []bulk.Attendee // one per file.Rows entry
	lineOf    []int           // lineOf[i] is the CSV line of attendees[i]
}

// unique counts the attendees by email, ignoring case, as bulk.Register
// does.
func (in *input) unique() int {
	seen := make(map[string]bool, len(in.attendees))
	for _, a := range in.attendees {
		seen[strings.ToLower(strings.TrimSpace(a.Email))] = true
	}
	return len(seen)
}

func readInput(path string) (*input, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	file, err := roster.Read(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	in := &input{file: file}
	for _, r := range file.Rows {
		in.attendees = append(in.attendees, bulk.Attendee{Email: r.Email, FirstName: r.FirstName, LastName: r.LastName})
		in.lineOf = append(in.lineOf, r.Line)
	}
	return in, nil
}

// dryRun validates and prints what would be sent. It contacts nothing, so
// it needs no credentials; people already registered at Zoom are skipped
// by a real run, so it may send fewer.
func dryRun(cfg config, in *input, stdout io.Writer) int {
	seen := map[string]int{}
	var unique []int
	for i, a := range in.attendees {
		key := strings.ToLower(strings.TrimSpace(a.Email))
		if first, dup := seen[key]; dup {
			fmt.Fprintf(stdout, "%s:%d: duplicate of line %d (%s); would be sent once\n", cfg.in, in.lineOf[i], in.lineOf[first], a.Email)
			continue
		}
		seen[key] = i
		unique = append(unique, i)
	}
	batches := (len(unique) + zoom.MaxBatchRegistrants - 1) / zoom.MaxBatchRegistrants
	meeting := "the meeting"
	if t := cfg.target(); t.ID != 0 {
		meeting = t.String()
	}
	fmt.Fprintf(stdout, "DRY RUN: nothing sent. Would register %d attendee(s) for %s in %d batch(es) of at most %d; %d duplicate(s) skipped, %d bad row(s).\n",
		len(unique), meeting, batches, zoom.MaxBatchRegistrants, len(in.attendees)-len(unique), len(in.file.Bad))
	for b := range batches {
		part := unique[b*zoom.MaxBatchRegistrants : min(len(unique), (b+1)*zoom.MaxBatchRegistrants)]
		fmt.Fprintf(stdout, "  batch %d: %d registrant(s), lines %d–%d\n", b+1, len(part), in.lineOf[part[0]], in.lineOf[part[len(part)-1]])
	}
	if len(in.file.Bad) > 0 {
		fmt.Fprintf(stdout, "%d bad row(s) would not be sent (listed above).\n", len(in.file.Bad))
		return exitProblems
	}
	return exitOK
}

// writeResults writes every input record, in file order, with its result.
func writeResults(path string, in *input, rep bulk.Report, opts roster.WriteOptions) error {
	type rec struct {
		line   int
		fields []string
		res    roster.Result
	}
	recs := make([]rec, 0, len(in.attendees)+len(in.file.Bad))
	for i, r := range in.file.Rows {
		res := rep.Results[i]
		msg := res.Error
		if res.Status == bulk.Duplicate && res.DuplicateOf >= 0 && res.DuplicateOf < len(in.lineOf) {
			msg = fmt.Sprintf("same email as line %d", in.lineOf[res.DuplicateOf])
		}
		recs = append(recs, rec{r.Line, r.Fields, roster.Result{RegistrantID: res.RegistrantID, JoinURL: res.JoinURL, Status: string(res.Status), Error: msg}})
	}
	for _, b := range in.file.Bad {
		msg := b.Msg
		if b.Column != "" {
			msg = b.Column + ": " + msg
		}
		recs = append(recs, rec{b.Line, b.Fields, roster.Result{Status: "invalid", Error: msg}})
	}
	slices.SortStableFunc(recs, func(a, b rec) int { return a.line - b.line })
	// Owner-only like the file: a missing directory (bin/ in the Makefile's
	// main job) is created rather than losing the run's results.
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	records := make([][]string, len(recs))
	results := make([]roster.Result, len(recs))
	for i, r := range recs {
		records[i], results[i] = r.fields, r.res
	}
	return roster.WriteResultsWith(path, in.file.Header, records, results, opts)
}

// summarize prints the end-of-run summary (never a join URL) and reports
// whether every row ended well.
func summarize(w io.Writer, cfg config, conn *connection, in *input, rep bulk.Report, runErr error, interrupted bool) bool {
	mode := ""
	if conn.demo {
		mode = " [DEMO MODE: mock Zoom API, nothing reached Zoom]"
	}
	fmt.Fprintf(w, "%s%s: %d registered, %d already registered, %d duplicate(s) sent once, %d bad row(s), %d failed, %d deferred, %d not sent, %d unconfirmed; %d request(s) in %s\n",
		cfg.target(), mode, rep.Registered, rep.AlreadyRegistered, len(rep.Duplicates), len(in.file.Bad),
		rep.Failed, rep.Deferred, rep.NotSent, rep.Unconfirmed, rep.Requests, rep.Elapsed.Round(time.Millisecond))
	fmt.Fprintf(w, "results: %s (owner-only: it holds personal join URLs)\n", cfg.out)

	const maxListed = 20
	for i, d := range rep.Duplicates {
		if i == maxListed {
			fmt.Fprintf(w, "  … and %d more duplicates\n", len(rep.Duplicates)-maxListed)
			break
		}
		fmt.Fprintf(w, "  %s:%d: %s: duplicate of line %d; sent once\n", cfg.in, in.lineOf[d.Index], d.Email, in.lineOf[d.First])
	}
	// When the job as a whole stopped, one line says why (below); listing
	// every attendee it did not reach would bury that line.
	jobWide := interrupted || rep.Stopped != nil || !rep.PausedUntil.IsZero()
	listed, notSent := 0, 0
	for i, res := range rep.Results {
		if res.Status.OK() {
			continue
		}
		if jobWide && res.Status == bulk.NotSent {
			notSent++
			continue
		}
		if listed++; listed <= maxListed {
			fmt.Fprintf(w, "  %s:%d: %s: %s: %s\n", cfg.in, in.lineOf[i], res.Email, res.Status, res.Error)
		}
	}
	for _, b := range in.file.Bad {
		if listed++; listed <= maxListed {
			fmt.Fprintf(w, "  %s:%s (not sent)\n", cfg.in, strings.TrimPrefix(b.Error(), "line "))
		}
	}
	if listed > maxListed {
		fmt.Fprintf(w, "  … and %d more; see the status and error columns of %s\n", listed-maxListed, cfg.out)
	}
	if notSent > 0 {
		fmt.Fprintf(w, "  %d attendee(s) not sent (status not_sent in %s)\n", notSent, cfg.out)
	}
	again := "run the same command again"
	if cfg.journal == "" {
		again += " (people already registered are skipped)"
	}
	switch {
	case interrupted:
		fmt.Fprintf(w, "INTERRUPTED: %s to continue.\n", again)
	case rep.Stopped != nil:
		fmt.Fprintf(w, "STOPPED: %v\n", rep.Stopped)
	case !rep.PausedUntil.IsZero():
		fmt.Fprintf(w, "PAUSED: the account's daily limit for this API is reached; %s after %s.\n", again, rep.PausedUntil.UTC().Format(time.RFC1123))
	case runErr != nil:
		fmt.Fprintf(w, "ERROR: %v\n", runErr)
	}
	if listed > 0 || notSent > 0 || runErr != nil || !rep.Complete() {
		fmt.Fprintf(w, "not every attendee is registered: exit status %d\n", exitProblems)
		return false
	}
	return true
}

// progress shows how the run goes on stderr: a bar on a terminal, a plain
// line every few seconds otherwise (logs, CI).
type progress struct {
	mu    sync.Mutex
	w     io.Writer
	bar   *progressbar.ProgressBar
	last  time.Time
	every time.Duration
	p     bulk.Progress
}

func newProgress(w io.Writer, total int) *progress {
	pr := &progress{w: w, every: 2 * time.Second, last: time.Now(), p: bulk.Progress{Total: total}}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		pr.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription("registering"),
			progressbar.OptionShowCount(),
			progressbar.OptionSetItsString("registrants"),
			progressbar.OptionShowIts(),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionSetPredictTime(true),
		)
	}
	return pr
}

func (pr *progress) update(p bulk.Progress) {
	pr.mu.Lock()
	defer pr.mu.Unlock()
	pr.p = p
	if pr.bar != nil {
		_ = pr.bar.Set(p.Done + p.Failed) // a terminal write error is no reason to stop registering
		return
	}
	if time.Since(pr.last) >= pr.every {
		pr.last = time.Now()
		pr.line()
	}
}

func (pr *progress) line() {
	p := pr.p
	pct := 0.0
	if p.Total > 0 {
		pct = float64(p.Done+p.Failed) * 100 / float64(p.Total)
	}
	fmt.Fprintf(pr.w, "progress: %d/%d registered (%.0f%%), %d failed, %.0f registrants/s\n", p.Done, p.Total, pct, p.Failed, p.Rate)
}

func (pr *progress) finish() {
	pr.mu.Lock()
	defer pr.mu.Unlock()
	if pr.bar != nil {
		// Exit, not Finish: an interrupted run must not show a full bar.
		_ = pr.bar.Exit()
		fmt.Fprintln(pr.w)
		return
	}
	pr.line()
}
