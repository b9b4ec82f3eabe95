package roster

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	in := "\xef\xbb\xbfFirst_Name,company,EMAIL,last_name\n" +
		"Jill,Acme,jchill@example.com,Chill\n" +
		"\n" +
		"Tom,,tom@example.com,\n" +
		"NoMail,Acme,,X\n" +
		"Bad,Acme,not-an-address,X\n" +
		",Acme,nofirst@example.com,X\n" +
		"Short,row\n" +
		"\"Multi\nline\",Acme,multi@example.com,Y\n" +
		"Quote,\"bro\"ken\",q@example.com,Z\n" +
		"Last,Acme,last@example.com,One\n"
	f, err := Read(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range f.Rows {
		got = append(got, strings.Join([]string{itoa(r.Line), r.Email, r.FirstName, r.LastName}, "|"))
	}
	want := []string{"2|jchill@example.com|Jill|Chill", "4|tom@example.com|Tom|", "9|multi@example.com|Multi\nline|Y", "12|last@example.com|Last|One"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows:\n got %q\nwant %q", got, want)
	}
	var bad []string
	for _, e := range f.Bad {
		bad = append(bad, e.Error())
	}
	wantBad := []string{
		"line 5: email: is empty",
		`line 6: email: "not-an-address" is not an email address: no @`,
		"line 7: first_name: is empty",
		"line 8: has 2 fields, the header has 4",
		`line 11: extraneous or missing " in quoted-field (at line 11, column 11)`,
	}
	if !reflect.DeepEqual(bad, wantBad) {
		t.Errorf("bad rows:\n got %q\nwant %q", bad, wantBad)
	}
	if f.Rows[0].Fields[1] != "Acme" {
		t.Errorf("extra column not kept: %q", f.Rows[0].Fields)
	}
}

func TestReadHeaderErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", "line 1: the file is empty"},
		{"name,mail\n", `line 1: no "email" column`},
		{"email,last_name\n", `line 1: no "first_name" column`},
		{"email,first_name,Email\n", `line 1: column "Email" appears twice`},
	} {
		_, err := Read(strings.NewReader(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Read(%q) = %v, want %q", tc.in, err, tc.want)
		}
	}
}

func TestWriteResults(t *testing.T) {
	path := filepath.Join(t.TempDir(), "results.csv")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	header := []string{"email", "first_name", "company"}
	records := [][]string{{"a@example.com", "A", "Acme"}, {"short"}}
	results := []Result{{RegistrantID: "r1", JoinURL: "https://zoom.us/w/1?tk=x", Status: "registered"}, {Status: "invalid", Error: "line 3: has 1 fields"}}
	if err := WriteResults(path, header, records, results); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := st.Mode().Perm(); perm != 0o600 {
		t.Errorf("results file mode %o, want 600 (join URLs are personal)", perm)
	}
	fh, _ := os.Open(path)
	defer fh.Close()
	all, err := csv.NewReader(fh).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"email", "first_name", "company", "registrant_id", "join_url", "status", "error"},
		{"a@example.com", "A", "Acme", "r1", "https://zoom.us/w/1?tk=x", "registered", ""},
		{"short", "", "", "", "", "invalid", "line 3: has 1 fields"},
	}
	if !reflect.DeepEqual(all, want) {
		t.Errorf("results:\n got %q\nwant %q", all, want)
	}
	if err := WriteResults(path, header, records, results[:1]); err == nil {
		t.Error("mismatched records and results accepted")
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

// FuzzRead: no input may panic, and every record is either a row or a bad
// row with a line number inside the file.
func FuzzRead(f *testing.F) {
	f.Add([]byte("email,first_name,last_name\na@example.com,A,B\n"))
	f.Add([]byte("\xef\xbb\xbfEMAIL,First_Name\n\"x\ny\",z\nbad\"q,w\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Read(strings.NewReader(string(data)))
		if err != nil {
			return
		}
		lines := strings.Count(string(data), "\n") + 1
		for _, r := range file.Rows {
			if r.Line < 2 || r.Line > lines || r.Email == "" || r.FirstName == "" {
				t.Fatalf("row %+v out of range or incomplete (file has %d lines)", r, lines)
			}
		}
		for _, e := range file.Bad {
			if e.Line < 1 || e.Line > lines {
				t.Fatalf("bad row at line %d, file has %d lines", e.Line, lines)
			}
		}
	})
}

// FuzzReadList: as FuzzRead for a list to act on, where only the email
// is required; whatever Read accepts as a row, ReadList accepts too.
func FuzzReadList(f *testing.F) {
	f.Add([]byte("email\na@example.com\n"))
	f.Add([]byte("email,first_name,note\na@example.com,,=1+1\nnot-an-email,x,y\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := ReadList(strings.NewReader(string(data)))
		if err != nil {
			return
		}
		lines := strings.Count(string(data), "\n") + 1
		for _, r := range file.Rows {
			if r.Line < 2 || r.Line > lines || r.Email == "" {
				t.Fatalf("row %+v out of range or without an email (file has %d lines)", r, lines)
			}
		}
		for _, e := range file.Bad {
			if e.Line < 1 || e.Line > lines {
				t.Fatalf("bad row at line %d, file has %d lines", e.Line, lines)
			}
		}
		if full, err := Read(strings.NewReader(string(data))); err == nil && len(full.Rows) > len(file.Rows) {
			t.Fatalf("Read takes %d rows, ReadList only %d", len(full.Rows), len(file.Rows))
		}
	})
}

// TestReadListNeedsOnlyEmail: a list with an email column alone is read;
// an empty first name is no fault there, an address that is not one is.
func TestReadListNeedsOnlyEmail(t *testing.T) {
	f, err := ReadList(strings.NewReader("Email,note\na@example.com,x\nnope,y\n"))
	if err != nil || len(f.Rows) != 1 || f.Rows[0].Email != "a@example.com" || len(f.Bad) != 1 || f.Bad[0].Line != 3 || f.Bad[0].Column != ColEmail {
		t.Fatalf("%+v %v", f, err)
	}
	if _, err := Read(strings.NewReader("email,note\na@example.com,x\n")); err == nil {
		t.Error("Read took a file without first_name")
	}
}

// TestBadInputs runs every file in testdata/bad: each must give exactly the
// error in its .want file (the header error, or the first bad record).
func TestBadInputs(t *testing.T) {
	files, err := filepath.Glob("testdata/bad/*.csv")
	if err != nil || len(files) == 0 {
		t.Fatalf("no bad inputs: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			want, err := os.ReadFile(strings.TrimSuffix(file, ".csv") + ".want")
			if err != nil {
				t.Fatal(err)
			}
			fh, err := os.Open(file)
			if err != nil {
				t.Fatal(err)
			}
			defer fh.Close()
			f, err := Read(fh)
			var got string
			switch {
			case err != nil:
				got = err.Error()
			case len(f.Bad) > 0:
				got = f.Bad[0].Error()
			default:
				t.Fatalf("no error for a bad file; rows %+v", f.Rows)
			}
			if got != strings.TrimSpace(string(want)) {
				t.Errorf("error:\n got %q\nwant %q", got, strings.TrimSpace(string(want)))
			}
		})
	}
}
