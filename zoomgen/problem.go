package zoomgen

import (
	"fmt"
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
