package conformance

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"slices"
)

// ExportedAPI lists the exported identifiers of one Go source file with
// what a caller compiles against: functions and methods with their
// signatures, types with their underlying type (a struct as "struct", each
// exported field as its own entry with its type), constants and variables
// with their declared type; an interface's methods are entries of their
// own too. Keys read "func F", "method T.M", "type T", "field T.F",
// "const C", "var V".
func ExportedAPI(filename string, src []byte) (map[string]string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filename, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	str := func(n ast.Node) string {
		var b bytes.Buffer
		if err := printer.Fprint(&b, fset, n); err != nil {
			return fmt.Sprintf("<%v>", err)
		}
		return b.String()
	}
	api := map[string]string{}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if !d.Name.IsExported() {
				continue
			}
			if d.Recv == nil {
				api["func "+d.Name.Name] = str(d.Type)
				continue
			}
			recv := d.Recv.List[0].Type
			if s, ok := recv.(*ast.StarExpr); ok {
				recv = s.X
			}
			if id, ok := recv.(*ast.Ident); ok && id.IsExported() {
				api["method "+id.Name+"."+d.Name.Name] = str(d.Type)
			}
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				switch s := spec.(type) {
				case *ast.TypeSpec:
					if !s.Name.IsExported() {
						continue
					}
					if it, ok := s.Type.(*ast.InterfaceType); ok {
						api["type "+s.Name.Name] = "interface"
						for _, m := range it.Methods.List {
							for _, n := range m.Names {
								api["method "+s.Name.Name+"."+n.Name] = str(m.Type)
							}
							if len(m.Names) == 0 { // embedded
								api["method "+s.Name.Name+"."+str(m.Type)] = str(m.Type)
							}
						}
						continue
					}
					st, ok := s.Type.(*ast.StructType)
					if !ok {
						api["type "+s.Name.Name] = str(s.Type)
						continue
					}
					api["type "+s.Name.Name] = "struct"
					for _, fld := range st.Fields.List {
						for _, n := range fld.Names {
							if n.IsExported() {
								api["field "+s.Name.Name+"."+n.Name] = str(fld.Type)
							}
						}
						if len(fld.Names) == 0 { // embedded
							api["field "+s.Name.Name+"."+str(fld.Type)] = str(fld.Type)
						}
					}
				case *ast.ValueSpec:
					kind := "var"
					if d.Tok == token.CONST {
						kind = "const"
					}
					for _, n := range s.Names {
						if !n.IsExported() {
							continue
						}
						typ := ""
						if s.Type != nil {
							typ = str(s.Type)
						}
						api[kind+" "+n.Name] = typ
					}
				}
			}
		}
	}
	return api, nil
}

// APIChange is an exported identifier that a later API removed or changed.
type APIChange struct {
	Name          string // as in ExportedAPI's keys
	Before, After string // After is "" when removed
	Removed       bool
}

// String reads "name removed (was …)" or "name: before → after".
func (c APIChange) String() string {
	if c.Removed {
		return c.Name + " removed (was " + c.Before + ")"
	}
	return c.Name + ": " + c.Before + " → " + c.After
}

// DiffAPI lists what after removes or changes of before; additions are
// not changes.
func DiffAPI(before, after map[string]string) []APIChange {
	var out []APIChange
	for _, name := range sortedKeys(before) {
		b := before[name]
		a, ok := after[name]
		switch {
		case !ok:
			out = append(out, APIChange{Name: name, Before: b, Removed: true})
		case a != b:
			out = append(out, APIChange{Name: name, Before: b, After: a})
		}
	}
	slices.SortStableFunc(out, func(x, y APIChange) int {
		if x.Removed != y.Removed {
			if x.Removed {
				return -1
			}
			return 1
		}
		return 0
	})
	return out
}
