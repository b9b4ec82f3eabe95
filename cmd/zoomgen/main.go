// Command zoomgen converts Postman collection files into one OpenAPI 3
// document. Arguments are files or directories (every *.json file in a
// directory, in name order).
//
//	zoomgen -names spec/zoom.names.yaml -o spec/zoom.openapi.yaml -overlay spec/zoom.overlay.yaml spec/postman
//
// -names keeps Go names stable: operationIds and schema names committed in
// the table are applied before the overlay, and new ones are appended.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/zoomgen/zoom/zoomgen"
)

func main() {
	os.Exit(exitCode(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr), os.Stderr))
}

// exitCode reports err on stderr and gives the exit status: 0 for success
// and -h, 2 for a bad command line (the flag package has said why), 1 for
// anything else.
func exitCode(err error, stderr io.Writer) int {
	var ps zoomgen.Problems
	var ue usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		if ue.msg != "" {
			fmt.Fprintf(stderr, "zoomgen: %s\n", ue.msg)
		}
		return 2
	case errors.As(err, &ps):
		fmt.Fprintf(stderr, "zoomgen: %d problem(s):\n%v\n", len(ps), err)
	default:
		fmt.Fprintf(stderr, "zoomgen: %v\n", err)
	}
	return 1
}

// usageError is a bad command line; msg is empty when the flag package
// has already printed it.
type usageError struct{ msg string }

func (e usageError) Error() string { return "usage: " + e.msg }

// varFlags collects repeated -var name=value flags.
type varFlags map[string]string

func (v varFlags) String() string { return "" }

func (v varFlags) Set(s string) error {
	k, val, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		return fmt.Errorf("want name=value, got %q", s)
	}
	v[k] = val
	return nil
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("zoomgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "-", "output file for the OpenAPI YAML (- for standard output)")
	overlay := fs.String("overlay", "", "OpenAPI Overlay 1.0 file applied after conversion")
	zoom := fs.Bool("zoom", true, "use Zoom's defaults: base URL, OAuth endpoints, ZoomError body")
	twin := fs.Bool("json-twin", true, "add an application/json media type to all-text form bodies")
	strict := fs.Bool("strict", false, "treat warnings (odd items skipped or read in part, merged duplicates) as errors")
	formats := fs.Bool("formats", false, "infer string formats (email, date-time, uri) where every example has one; changes generated Go types")
	names := fs.String("names", "", "names table (`FILE`, created if missing): committed operationIds and schema names are kept, new ones appended")
	pace := fs.String("default-rate-limit-label", zoomgen.DefaultRateLimitLabel, "x-rate-limit-label for operations without one, marked x-rate-limit-label-assumed (with -zoom; empty: none)")
	vars := varFlags{}
	fs.Var(vars, "var", "value for an undefined collection `name=value` variable (repeatable)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: zoomgen [flags] FILE|DIR...\n\nConverts Postman collections, folders or items into one OpenAPI 3 document.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{} // printed by fs, with the usage
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return usageError{"no input files"}
	}
	opts := zoomgen.Options{Variables: map[string]string{}}
	if *zoom {
		opts = zoomgen.ZoomOptions()
	}
	opts.JSONTwin = *twin
	opts.Strict = *strict
	opts.InferFormats = *formats
	for k, v := range vars {
		opts.Variables[k] = v
	}
	sources, err := readSources(fs.Args())
	if err != nil {
		return err
	}
	res, err := zoomgen.Convert(ctx, sources, opts)
	if err != nil {
		return err
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(stderr, "warning: %v\n", w)
	}
	doc := res.Doc
	var table []byte
	if *names != "" {
		// Before the overlay: its actions target the committed names.
		fixed := make([]string, 0, len(opts.Schemas))
		for name := range opts.Schemas {
			fixed = append(fixed, name)
		}
		if table, err = lockNames(doc, *names, fixed, stderr); err != nil {
			return err
		}
	}
	if *overlay != "" {
		data, err := os.ReadFile(*overlay)
		if err != nil {
			return err
		}
		if doc, err = zoomgen.ApplyOverlay(ctx, doc, data, *overlay); err != nil {
			return err
		}
	}
	if *zoom {
		for _, op := range zoomgen.DefaultRateLimitLabels(doc, *pace) {
			fmt.Fprintf(stderr, "zoomgen: %s: no rate-limit label; assumed %s\n", op, *pace)
		}
	}
	y, err := zoomgen.MarshalYAML(doc)
	if err != nil {
		return err
	}
	if table != nil {
		if err := writeIfChanged(*names, table); err != nil {
			return err
		}
	}
	fmt.Fprintf(stderr, "zoomgen: %d file(s), %d request(s) read, %d operation(s) written, %d item(s) skipped, %d warning(s)\n",
		len(sources), res.Requests, res.Operations, res.Skipped, len(res.Warnings))
	if *out == "-" {
		_, err = stdout.Write(y)
		return err
	}
	return writeIfChanged(*out, y)
}

// lockNames applies the names table at path (empty when missing) to doc
// and returns the table's new text, to be written once the whole run has
// succeeded.
func lockNames(doc *openapi3.T, path string, fixed []string, stderr io.Writer) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	t, err := zoomgen.ParseNames(path, data)
	if err != nil {
		return nil, err
	}
	after, notes := zoomgen.LockNames(doc, t, fixed)
	for _, n := range notes {
		fmt.Fprintf(stderr, "zoomgen: %s: %s\n", path, n)
	}
	if added := len(after.Operations) + len(after.Schemas) - len(t.Operations) - len(t.Schemas); added > 0 {
		fmt.Fprintf(stderr, "zoomgen: %s: %d new name(s) appended; review them before committing\n", path, added)
	}
	return after.Marshal()
}

func readSources(args []string) ([]zoomgen.Source, error) {
	var files []string
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			files = append(files, a)
			continue
		}
		matches, err := filepath.Glob(filepath.Join(a, "*.json"))
		if err != nil {
			return nil, err
		}
		if len(matches) == 0 {
			return nil, fmt.Errorf("%s: no *.json files", a)
		}
		sort.Strings(matches)
		files = append(files, matches...)
	}
	sources := make([]zoomgen.Source, 0, len(files))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		sources = append(sources, zoomgen.Source{Name: filepath.ToSlash(f), Data: data})
	}
	return sources, nil
}

// writeIfChanged leaves an up-to-date file untouched so that make and
// editors do not see a change that is not one.
func writeIfChanged(path string, data []byte) error {
	if old, err := os.ReadFile(path); err == nil && string(old) == string(data) {
		return nil
	}
	return os.WriteFile(path, data, 0o644)
}
