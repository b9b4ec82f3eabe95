package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/zoomgen/zoom/bulk"
	"github.com/zoomgen/zoom/internal/roster"
)

// runLifecycle serves -export and -action: what happens to registrants
// after they registered.
func runLifecycle(ctx context.Context, cfg config, getenv func(string) string, stdout, stderr io.Writer) int {
	var list *roster.File
	if cfg.action != "" {
		f, err := os.Open(cfg.in)
		if err != nil {
			fmt.Fprintln(stderr, "zoom-register:", err)
			return exitUsage
		}
		list, err = roster.ReadList(f)
		f.Close()
		if err != nil {
			fmt.Fprintf(stderr, "zoom-register: %s: %v\n", cfg.in, err)
			return exitUsage
		}
		for _, b := range list.Bad {
			fmt.Fprintf(stderr, "%s:%s\n", cfg.in, strings.TrimPrefix(b.Error(), "line "))
		}
		if cfg.strict && len(list.Bad) > 0 {
			fmt.Fprintf(stderr, "zoom-register: %s has %d bad row(s); nothing sent (-strict)\n", cfg.in, len(list.Bad))
			return exitProblems
		}
	}
	conn, err := connect(ctx, cfg, getenv, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "zoom-register:", err)
		return exitUsage
	}
	defer conn.close()
	if cfg.meeting == 0 && cfg.webinar == 0 {
		cfg.meeting = conn.defaultMeeting
	}
	if cfg.meeting == 0 && cfg.webinar == 0 {
		fmt.Fprintln(stderr, "zoom-register: -meeting or -webinar is required")
		return exitUsage
	}
	if err := os.MkdirAll(filepath.Dir(cfg.out), 0o700); err != nil {
		fmt.Fprintln(stderr, "zoom-register:", err)
		return exitProblems
	}
	if cfg.export {
		return exportRegistrants(ctx, cfg, conn, stdout, stderr)
	}
	return changeStatus(ctx, cfg, conn, list, stdout, stderr)
}

// exportRegistrants writes every registrant to cfg.out (owner-only, and
// only once the export is complete).
func exportRegistrants(ctx context.Context, cfg config, conn *connection, stdout, stderr io.Writer) int {
	start := time.Now()
	var n int
	err := roster.WriteFile(cfg.out, func(w io.Writer) error {
		var err error
		n, err = bulk.Export(ctx, conn.client, cfg.target(), w, bulk.ExportOptions{Raw: cfg.csvRaw})
		return err
	})
	if err != nil {
		fmt.Fprintf(stderr, "zoom-register: export: %v (nothing written to %s)\n", err, cfg.out)
		return exitProblems
	}
	fmt.Fprintf(stdout, "%s%s: %d registrant(s) exported to %s in %s (owner-only: it holds personal join URLs)\n",
		cfg.target(), demoMark(conn), n, cfg.out, time.Since(start).Round(time.Millisecond))
	return exitOK
}

// changeStatus applies cfg.action to the registrants of list and writes
// every input row with its outcome to cfg.out.
func changeStatus(ctx context.Context, cfg config, conn *connection, list *roster.File, stdout, stderr io.Writer) int {
	emails := make([]string, len(list.Rows))
	for i, r := range list.Rows {
		emails[i] = r.Email
	}
	resuming := false
	if cfg.journal != "" {
		if fi, err := os.Stat(cfg.journal); err == nil && fi.Size() > 0 {
			resuming = true
		}
	}
	var announced bool
	opts := bulk.Options{Concurrency: cfg.concurrency, Journal: cfg.journal, Progress: func(bulk.Progress) {
		if resuming && !announced {
			announced = true
			fmt.Fprintf(stderr, "continuing the run recorded in %s: only what Zoom has not confirmed is sent\n", cfg.journal)
		}
	}}
	rep, runErr := bulk.SetStatus(ctx, conn.client, cfg.target(), bulk.Action(cfg.action), emails, opts)
	if rep.Results == nil && runErr != nil {
		fmt.Fprintln(stderr, "zoom-register:", runErr)
		if errors.Is(runErr, bulk.ErrJournalInUse) {
			fmt.Fprintln(stderr, "zoom-register: another run is using this journal; nothing was sent. Run this again once it has ended.")
		}
		return exitUsage
	}
	records := make([][]string, 0, len(list.Rows)+len(list.Bad))
	results := make([]roster.Result, 0, cap(records))
	for i, r := range list.Rows {
		res := rep.Results[i]
		records = append(records, r.Fields)
		results = append(results, roster.Result{RegistrantID: res.RegistrantID, Status: string(res.Status), Error: res.Error})
	}
	for _, b := range list.Bad {
		records = append(records, b.Fields)
		results = append(results, roster.Result{Status: "invalid", Error: b.Error()})
	}
	if err := roster.WriteResultsWith(cfg.out, list.Header, records, results, roster.WriteOptions{Raw: cfg.csvRaw}); err != nil {
		fmt.Fprintln(stderr, "zoom-register: writing results:", err)
		return exitProblems
	}
	fmt.Fprintf(stdout, "%s%s\nresults: %s\n", rep, demoMark(conn), cfg.out)
	if runErr != nil {
		fmt.Fprintln(stdout, "ERROR:", runErr)
	}
	if runErr != nil || !rep.Complete() || len(list.Bad) > 0 {
		fmt.Fprintf(stdout, "not every registrant has the status %s gives: exit status %d\n", cfg.action, exitProblems)
		return exitProblems
	}
	return exitOK
}

func demoMark(conn *connection) string {
	if conn.demo {
		return " [DEMO MODE: mock Zoom API, nothing reached Zoom]"
	}
	return ""
}
