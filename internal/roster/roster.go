// Package roster reads attendee lists from CSV and writes the results file
// of a bulk registration. It knows nothing about Zoom: it turns a file a
// person exported from a spreadsheet into rows, and says precisely which
// line of that file is wrong when one is.
package roster

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/zoomgen/zoom/internal/address"
)

// Column names the reader looks for, in any order and any letter case.
const (
	ColEmail     = "email"
	ColFirstName = "first_name"
	ColLastName  = "last_name"
)

// ResultColumns are appended to every input row in the results file.
var ResultColumns = []string{"registrant_id", "join_url", "status", "error"}

// Row is one attendee as read from the file.
type Row struct {
	Line      int // 1-based line of the file where the record starts
	Email     string
	FirstName string
	LastName  string
	Fields    []string // every column of the record, as read, for the results file
}

// RowError is a record that cannot be registered, with its place in the
// file.
type RowError struct {
	Line   int
	Column string // empty when the whole record is at fault
	Msg    string
	Fields []string // the record as far as it could be read
}

func (e *RowError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return fmt.Sprintf("line %d: %s: %s", e.Line, e.Column, e.Msg)
}

// File is a parsed attendee list.
type File struct {
	Header []string
	Rows   []Row       // records that can be sent
	Bad    []*RowError // records that cannot, in file order
}

// Read parses an attendee CSV: a header row naming at least email and
// first_name, then one attendee per record. A UTF-8 byte-order mark is
// ignored. Bad records are collected in File.Bad and do not stop the rest;
// only an unusable header (or an I/O error) is an error.
func Read(r io.Reader) (*File, error) {
	return read(r, true)
}

// ReadList parses a list of registrants to act on (a status change): as
// Read, but only the email column is required; first_name and last_name
// are read when present.
func ReadList(r io.Reader) (*File, error) {
	return read(r, false)
}

func read(r io.Reader, needFirstName bool) (*File, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1 // checked here, so that the line can be reported and reading go on
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, errors.New("line 1: the file is empty; want a header row with email, first_name, last_name")
	}
	if err != nil {
		return nil, fmt.Errorf("line 1: header: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		if _, dup := col[name]; dup && name != "" {
			return nil, fmt.Errorf("line 1: column %q appears twice", h)
		}
		col[name] = i
	}
	need := []string{ColEmail, ColFirstName}
	if !needFirstName {
		need = need[:1]
	}
	for _, need := range need {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("line 1: no %q column (the header has %s)", need, strings.Join(header, ", "))
		}
	}
	f := &File{Header: header}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return f, nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			// The record starts at StartLine; where the parser gave up
			// (Line, Column) can be lines later in a quoted field, so
			// both are said.
			f.Bad = append(f.Bad, &RowError{Line: pe.StartLine, Msg: fmt.Sprintf("%v (at line %d, column %d)", pe.Err, pe.Line, pe.Column), Fields: rec})
			continue
		}
		if err != nil {
			return nil, err
		}
		line, _ := cr.FieldPos(0) // a successful Read has at least one field
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line between records is no attendee
		}
		if len(rec) != len(header) {
			f.Bad = append(f.Bad, &RowError{Line: line, Msg: fmt.Sprintf("has %d fields, the header has %d", len(rec), len(header)), Fields: rec})
			continue
		}
		row := Row{Line: line, Fields: rec}
		row.Email = strings.TrimSpace(rec[col[ColEmail]])
		if i, ok := col[ColFirstName]; ok {
			row.FirstName = strings.TrimSpace(rec[i])
		}
		if i, ok := col[ColLastName]; ok {
			row.LastName = strings.TrimSpace(rec[i])
		}
		if err := check(row, needFirstName); err != nil {
			err.Fields = rec
			f.Bad = append(f.Bad, err)
			continue
		}
		f.Rows = append(f.Rows, row)
	}
}

func check(r Row, needFirstName bool) *RowError {
	for _, f := range []struct{ col, val string }{{ColEmail, r.Email}, {ColFirstName, r.FirstName}, {ColLastName, r.LastName}} {
		if !utf8.ValidString(f.val) {
			return &RowError{Line: r.Line, Column: f.col, Msg: "is not valid UTF-8"}
		}
	}
	switch {
	case r.Email == "":
		return &RowError{Line: r.Line, Column: ColEmail, Msg: "is empty"}
	case address.Check(r.Email) != nil:
		// The definition the client validates requests with, so a row that
		// passes here is never refused when its batch is built.
		return &RowError{Line: r.Line, Column: ColEmail, Msg: address.Check(r.Email).Error()}
	case r.FirstName == "" && needFirstName:
		return &RowError{Line: r.Line, Column: ColFirstName, Msg: "is empty"}
	case len(r.FirstName) > 64:
		return &RowError{Line: r.Line, Column: ColFirstName, Msg: "is longer than Zoom's 64 characters"}
	case len(r.LastName) > 64:
		return &RowError{Line: r.Line, Column: ColLastName, Msg: "is longer than Zoom's 64 characters"}
	}
	return nil
}

// Result is what the results file records for one input record.
type Result struct {
	RegistrantID string
	JoinURL      string
	Status       string
	Error        string
}

// WriteOptions says how a CSV file for people is written.
type WriteOptions struct {
	// Raw writes every cell exactly as given, for a byte-exact round trip
	// of the values through another CSV reader. By default cells are
	// neutralised against CSV injection (see NeutralizeCell): the names
	// and answers in these files come from a public registration form,
	// and Zoom's error messages quote them.
	Raw bool
}

// formulaTriggers are the first characters that make a spreadsheet read a
// cell as a formula, as OWASP's CSV Injection page lists them.
const formulaTriggers = "=+-@\t\r"

// NeutralizeCell returns s as a spreadsheet must show it: a cell that
// starts with =, +, -, @, a tab or a carriage return gets a single quote
// in front, which Excel, LibreOffice and Google Sheets take as "this is
// text" (OWASP's advice for CSV injection). A negative number such as -5
// is prefixed too: telling it from a formula like -5+cmd|... is what the
// spreadsheet would do, and what must not be left to it.
func NeutralizeCell(s string) string {
	if s != "" && strings.IndexByte(formulaTriggers, s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// RestoreCell undoes NeutralizeCell, for a program that reads back a
// file written without WriteOptions.Raw: a single quote followed by a
// formula character is dropped. (A value that really started with a
// single quote and then such a character reads back one quote short;
// -csv-raw avoids the question.)
func RestoreCell(s string) string {
	if len(s) >= 2 && s[0] == '\'' && strings.IndexByte(formulaTriggers, s[1]) >= 0 {
		return s[1:]
	}
	return s
}

// CSVWriter writes records to be opened in a spreadsheet. By default it
// follows OWASP's CSV-injection advice in full: each cell is neutralised
// (NeutralizeCell) and enclosed in double quotes, double quotes inside
// doubled, so that a cell cannot start a new one even where a spreadsheet
// splits on another separator (";" in many locales). WriteOptions.Raw
// writes with encoding/csv unchanged instead.
type CSVWriter struct {
	raw *csv.Writer // when Raw
	w   *bufio.Writer
	err error
	buf []byte
}

// NewCSVWriter returns a writer to w; call Flush when done.
func NewCSVWriter(w io.Writer, opts WriteOptions) *CSVWriter {
	if opts.Raw {
		return &CSVWriter{raw: csv.NewWriter(w)}
	}
	return &CSVWriter{w: bufio.NewWriter(w)}
}

// Write writes one record.
func (cw *CSVWriter) Write(record []string) error {
	if cw.raw != nil {
		return cw.raw.Write(record)
	}
	if cw.err != nil {
		return cw.err
	}
	b := cw.buf[:0]
	for i, field := range record {
		if i > 0 {
			b = append(b, ',')
		}
		field = NeutralizeCell(field)
		b = append(b, '"')
		for j := 0; j < len(field); j++ {
			if field[j] == '"' {
				b = append(b, '"')
			}
			b = append(b, field[j])
		}
		b = append(b, '"')
	}
	b = append(b, '\n')
	cw.buf = b
	_, cw.err = cw.w.Write(b)
	return cw.err
}

// Flush writes any buffered data to the underlying writer.
func (cw *CSVWriter) Flush() {
	if cw.raw != nil {
		cw.raw.Flush()
		return
	}
	if cw.err == nil {
		cw.err = cw.w.Flush()
	}
}

// Error reports any error of a previous Write or Flush.
func (cw *CSVWriter) Error() error {
	if cw.raw != nil {
		return cw.raw.Error()
	}
	return cw.err
}

// WriteResults is WriteResultsWith with the default options: cells
// neutralised against CSV injection.
func WriteResults(path string, header []string, records [][]string, results []Result) error {
	return WriteResultsWith(path, header, records, results, WriteOptions{})
}

// WriteResultsWith writes every input record, in input order, with the
// result columns appended, to path. The file is created with owner-only
// permissions (join URLs are personal links) and replaced atomically, so
// an interrupted run never leaves half a file behind.
func WriteResultsWith(path string, header []string, records [][]string, results []Result, opts WriteOptions) error {
	if len(records) != len(results) {
		return fmt.Errorf("roster: %d records but %d results", len(records), len(results))
	}
	cols := append(append([]string(nil), header...), ResultColumns...)
	return WriteFile(path, func(f io.Writer) error {
		w := NewCSVWriter(f, opts)
		_ = w.Write(cols) // errors surface in w.Error
		for i, rec := range records {
			r := results[i]
			row := make([]string, len(header), len(header)+len(ResultColumns))
			copy(row, rec) // a short bad record keeps its columns; the rest stay empty
			_ = w.Write(append(row, r.RegistrantID, r.JoinURL, r.Status, r.Error))
		}
		w.Flush()
		return w.Error()
	})
}

// WriteFile creates path with owner-only permissions (these files hold
// personal join URLs and what people typed) from what write writes, and
// replaces it atomically once write returns nil: an interrupted run, or a
// failed one, never leaves half a file behind.
func WriteFile(path string, write func(w io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename this finds nothing
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
