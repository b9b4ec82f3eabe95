package roster

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestUnbalancedQuote: a quote that is never closed (or closed lines
// later) makes its own row bad, reported with that row's line alone, and
// the rows after it are read as rows.
func TestUnbalancedQuote(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, in string
		rows     []string // email@line
		bad      string
	}{
		{"never closed", "email,first_name\n\"a@example.com,Ann\nb@example.com,Bob\nc@example.com,Cy\n",
			[]string{"b@example.com@3", "c@example.com@4"}, `line 2: unbalanced ": a field that starts with " does not end with " on this line (write a " inside a field as "")`},
		{"closed on a later line", "email,first_name\na@example.com,\"Ann\nb@example.com,Bob\nc@example.com,\"Cy\"\n",
			[]string{"b@example.com@3", "c@example.com@4"}, `line 2: unbalanced ": a field that starts with " does not end with " on this line (write a " inside a field as "")`},
		{"bare quote", "email,first_name\na@example.com,An\"n\nb@example.com,Bob\n",
			[]string{"b@example.com@3"}, `line 2: column 17: a " inside a field that is not quoted (quote the field and write the " as "")`},
		{"multi-line field is fine", "email,first_name,note\na@example.com,Ann,\"two\nlines\"\nb@example.com,Bob,x\n",
			[]string{"a@example.com@2", "b@example.com@4"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Read(strings.NewReader(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			var rows []string
			for _, r := range f.Rows {
				rows = append(rows, r.Email+"@"+itoa(r.Line))
			}
			if !slices.Equal(rows, tc.rows) {
				t.Errorf("rows %q, want %q", rows, tc.rows)
			}
			var bad []string
			for _, b := range f.Bad {
				bad = append(bad, b.Error())
			}
			if tc.bad == "" && len(bad) > 0 || tc.bad != "" && !slices.Equal(bad, []string{tc.bad}) {
				t.Errorf("bad rows %q, want exactly %q", bad, tc.bad)
			}
			for _, b := range f.Bad {
				if n := len(regexp.MustCompile(`line \d+`).FindAllString(b.Error(), -1)); n != 1 {
					t.Errorf("%q names more than one line", b.Error())
				}
			}
		})
	}
}

// TestNotText: bytes that are not text are never quoted in a message; the
// file or the row is said to be "not text", by line.
func TestNotText(t *testing.T) {
	t.Parallel()
	binary := "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00email,first_name\xff\xfe"
	if _, err := Read(strings.NewReader(binary)); err == nil || !strings.HasPrefix(err.Error(), "line 1: not text") || strings.Contains(err.Error(), "PNG") {
		t.Errorf("binary file: %v", err)
	}
	utf16 := "e\x00m\x00a\x00i\x00l\x00,\x00f\x00i\x00r\x00s\x00t\x00_\x00n\x00a\x00m\x00e\x00\n\x00"
	if _, err := Read(strings.NewReader("\xff\xfe" + utf16)); err == nil || !strings.HasPrefix(err.Error(), "line 1: not text") {
		t.Errorf("UTF-16 file: %v", err)
	}
	f, err := Read(strings.NewReader("email,first_name,note\na@example.com,Ann,ok\nb@example.com,B\x00\x01ob,x\nc@example.com,Cy,\"two\nli\xffnes\"\nd@example.com,Dee,ok\n"))
	if err != nil {
		t.Fatal(err)
	}
	var bad []string
	for _, b := range f.Bad {
		bad = append(bad, b.Error())
	}
	if want := []string{"line 3: not text (binary data, or not UTF-8)", "line 5: not text (binary data, or not UTF-8)"}; !slices.Equal(bad, want) {
		t.Errorf("bad rows %q, want %q", bad, want)
	}
	if len(f.Rows) != 2 || f.Rows[1].Line != 6 {
		t.Errorf("rows %+v", f.Rows)
	}
}
