package zoomgen

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Problem is one thing wrong with the input, located precisely enough that a
// person can open the file and find it: the source file, the item's JSON
// path in the collection, the item's name and the field inside the item.
type Problem struct {
	Source  string // file name or other label of the input
	Item    string // JSON path of the item, e.g. item[3].item[7]; empty for the document itself
	Name    string // the item's name, if it has one
	Field   string // JSON path inside the item, e.g. request.body.formdata[1].value
	Message string
}

// Error renders the problem as `source: item[3] "Name": field: message`.
func (p *Problem) Error() string {
	var b strings.Builder
	if p.Source != "" {
		b.WriteString(p.Source)
		b.WriteString(": ")
	}
	if loc := p.where(); loc != "" {
		b.WriteString(loc)
		b.WriteString(": ")
	}
	if p.Field != "" {
		b.WriteString(p.Field)
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// where renders the location alone: `item[3] "Name"`, or the source when
// the problem is about the whole file.
func (p *Problem) where() string {
	loc := p.Item
	if p.Name != "" {
		if loc != "" {
			loc += " "
		}
		loc += fmt.Sprintf("%q", p.Name)
	}
	return loc
}

// Problems is the error Convert returns: every fatal problem found in one
// pass, so that a user fixes a file once rather than once per problem.
type Problems []*Problem

// Error lists the problems one per line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap lets errors.As find an individual *Problem.
func (ps Problems) Unwrap() []error {
	errs := make([]error, len(ps))
	for i, p := range ps {
		errs[i] = p
	}
	return errs
}

// problemLog collects the problems of one Convert call. Each problem
// carries the position (ord) of the item it is about in a walk of the
// collection, so that problems found by different stages still come out
// in document order.
type problemLog struct {
	entries []logEntry
}

type logEntry struct {
	ord  int
	warn bool
	p    *Problem
}

// at makes a problem at loc (a location template) in field.
func at(loc *Problem, field, format string, args ...any) *Problem {
	p := *loc
	p.Field = field
	p.Message = fmt.Sprintf(format, args...)
	return &p
}

func (l *problemLog) fail(ord int, loc *Problem, field, format string, args ...any) {
	l.entries = append(l.entries, logEntry{ord: ord, p: at(loc, field, format, args...)})
}

func (l *problemLog) warn(ord int, loc *Problem, field, format string, args ...any) {
	l.entries = append(l.entries, logEntry{ord: ord, warn: true, p: at(loc, field, format, args...)})
}

// split returns the errors and the warnings, each in document order; in
// strict mode every warning is an error.
func (l *problemLog) split(strict bool) (errs Problems, warns []*Problem) {
	sorted := slices.Clone(l.entries)
	slices.SortStableFunc(sorted, func(a, b logEntry) int { return cmp.Compare(a.ord, b.ord) })
	for _, e := range sorted {
		if e.warn && !strict {
			warns = append(warns, e.p)
		} else {
			errs = append(errs, e.p)
		}
	}
	return errs, warns
}
