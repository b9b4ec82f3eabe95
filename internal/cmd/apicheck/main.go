// Command apicheck keeps the exported API of the module's public packages
// (every package outside internal/ that is not a command, gen/ included)
// in committed files, one per package, the way Go's own repository keeps
// api/*.txt: one line per exported identifier, with its type or
// signature. Run by `go generate` (see generate.go):
//
//	go run ./internal/cmd/apicheck -dir api
//
// Identifiers that are not listed yet are added to the file (a reviewer
// sees them in the diff). A listed identifier that is gone or has another
// type or signature is a breaking change: apicheck fails, names each one
// and writes nothing, unless the file already says so — breaking the API
// takes an edit of the API file by hand, in the same, reviewed commit.
package main

import (
	"errors"
	"flag"
	"fmt"
	"go/token"
	"go/types"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/packages"
)

func main() {
	dir := flag.String("dir", "api", "directory of the API files")
	flag.Parse()
	if err := run(".", *dir); err != nil {
		fmt.Fprintln(os.Stderr, "apicheck:", err)
		os.Exit(1)
	}
}

// header starts every API file.
const header = `# Exported API of %s, kept by internal/cmd/apicheck (go generate).
# New identifiers are added here; removing or changing a line is a breaking
# change for users: do it by hand, on purpose, in the commit that breaks it.
`

// run lists the API of every public package of the module in root and
// checks it against, and adds to, the files in apiDir (relative to root).
func run(root, apiDir string) error {
	apis, err := Load(root)
	if err != nil {
		return err
	}
	shown := apiDir // messages name files as the user gave them
	apiDir = filepath.Join(root, apiDir)
	var problems []string
	writes := map[string][]byte{}
	for file, api := range apis {
		p := filepath.Join(apiDir, file)
		old, err := readAPI(p)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		merged, broken := Check(old, api.Lines)
		for _, b := range broken {
			problems = append(problems, filepath.ToSlash(filepath.Join(shown, file))+": "+b)
		}
		text := fmt.Sprintf(header, api.Path) + strings.Join(merged, "\n") + "\n"
		if data, err := os.ReadFile(p); err != nil || string(data) != text {
			writes[p] = []byte(text)
		}
	}
	// A file whose package is gone lists a whole package that users lose.
	files, _ := filepath.Glob(filepath.Join(apiDir, "*.txt")) // the pattern is valid
	for _, f := range files {
		if _, ok := apis[filepath.Base(f)]; !ok {
			problems = append(problems, filepath.ToSlash(filepath.Join(shown, filepath.Base(f)))+": its package is no longer in the module (delete the file if removing the package is intended)")
		}
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return fmt.Errorf("%d exported identifier(s) removed or changed; if that is intended, edit the API file in the same commit:\n  %s", len(problems), strings.Join(problems, "\n  "))
	}
	if err := os.MkdirAll(apiDir, 0o755); err != nil {
		return err
	}
	names := make([]string, 0, len(writes))
	for p := range writes {
		names = append(names, p)
	}
	sort.Strings(names)
	for _, p := range names {
		if err := os.WriteFile(p, writes[p], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// readAPI reads the identifier lines of an API file (comments and blank
// lines are not identifiers).
func readAPI(p string) ([]string, error) {
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	var lines []string
	for _, l := range strings.Split(string(data), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	return lines, nil
}

// Check compares the lines of an API file with the current API. Every
// listed line that the API no longer has is a problem: "removed: LINE",
// or "changed: LINE, now: NEW" when the same identifier is there with
// another type or signature. merged is the current API, sorted (the
// listed lines plus the new ones, when there is no problem).
func Check(listed, current []string) (merged, problems []string) {
	have := map[string]bool{}
	byKey := map[string][]string{}
	for _, l := range current {
		have[l] = true
		byKey[lineKey(l)] = append(byKey[lineKey(l)], l)
	}
	for _, l := range listed {
		if have[l] {
			continue
		}
		if now := byKey[lineKey(l)]; len(now) > 0 {
			problems = append(problems, fmt.Sprintf("changed: %s\n      now: %s", l, strings.Join(now, "; ")))
		} else {
			problems = append(problems, "removed: "+l)
		}
	}
	merged = slices.Clone(current)
	sort.Strings(merged)
	merged = slices.Compact(merged)
	return merged, problems
}

// lineKey is the identifier a line describes, without its type or
// signature: "pkg p, func F", "pkg p, method (*T) M", "pkg p, type T",
// "pkg p, type T struct, F", "pkg p, const C", "pkg p, const C =".
func lineKey(l string) string {
	i := strings.Index(l, ", ")
	if i < 0 {
		return l
	}
	prefix, rest := l[:i+2], l[i+2:]
	cut := func(s string, stops string) string {
		if j := strings.IndexAny(s, stops); j >= 0 {
			return s[:j]
		}
		return s
	}
	switch {
	case strings.HasPrefix(rest, "func "):
		return prefix + cut(rest, "([")
	case strings.HasPrefix(rest, "method ("):
		if j := strings.Index(rest, ") "); j >= 0 {
			return prefix + rest[:j+2] + cut(rest[j+2:], "([")
		}
	case strings.HasPrefix(rest, "const "), strings.HasPrefix(rest, "var "):
		kind, name, _ := strings.Cut(rest, " ")
		name, val, _ := strings.Cut(name, " ")
		if kind == "const" && strings.HasPrefix(val, "=") {
			return prefix + kind + " " + name + " ="
		}
		return prefix + kind + " " + name
	case strings.HasPrefix(rest, "type "):
		if j := strings.Index(rest, ", "); j >= 0 {
			member := rest[j+2:]
			if strings.HasPrefix(member, "embedded ") {
				return l
			}
			return prefix + rest[:j+2] + cut(member, " (")
		}
		return prefix + "type " + cut(rest[len("type "):], " [")
	}
	return l
}

// API is the exported API of one package.
type API struct {
	Path  string   // import path
	Lines []string // sorted
}

// Load type-checks the module in root and returns the API of each public
// package, by API file name: the package's directory below the module
// root with "/" as "_", the module's last element for the root package.
func Load(root string) (map[string]API, error) {
	cfg := &packages.Config{Dir: root, Mode: packages.NeedName | packages.NeedTypes | packages.NeedModule}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		return nil, err
	}
	var errs []string
	out := map[string]API{}
	for _, p := range pkgs {
		for _, e := range p.Errors {
			errs = append(errs, e.Error())
		}
		if p.Name == "main" || p.Module == nil || p.Types == nil || isInternal(p.PkgPath) {
			continue
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(p.PkgPath, p.Module.Path), "/")
		file := path.Base(p.Module.Path)
		if rel != "" {
			file = strings.ReplaceAll(rel, "/", "_")
		}
		out[file+".txt"] = API{Path: p.PkgPath, Lines: Features(p.Types)}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("the module does not type-check:\n  %s", strings.Join(errs, "\n  "))
	}
	return out, nil
}

func isInternal(importPath string) bool {
	for _, e := range strings.Split(importPath, "/") {
		if e == "internal" {
			return true
		}
	}
	return false
}

// Features lists a package's exported identifiers, one line each, in the
// style of Go's api files:
//
//	pkg P, const C = 3
//	pkg P, const C Code
//	pkg P, var V error
//	pkg P, func F(string, ...Option) (*Client, error)
//	pkg P, type T struct
//	pkg P, type T struct, Field int
//	pkg P, type T struct, embedded Base
//	pkg P, method (*T) M(context.Context) error
//	pkg P, type I interface
//	pkg P, type I interface, M(context.Context) error
//	pkg P, type A = B
//
// Parameter names are left out: renaming one breaks nobody.
func Features(pkg *types.Package) []string {
	q := func(p *types.Package) string {
		if p == pkg {
			return ""
		}
		return p.Name()
	}
	ts := func(t types.Type) string { return types.TypeString(unnamed(t), q) }
	prefix := "pkg " + pkg.Path() + ", "
	var out []string
	add := func(format string, args ...any) { out = append(out, prefix+fmt.Sprintf(format, args...)) }
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		obj := scope.Lookup(name)
		if !obj.Exported() {
			continue
		}
		switch o := obj.(type) {
		case *types.Const:
			add("const %s %s", name, ts(o.Type()))
			add("const %s = %s", name, o.Val().ExactString())
		case *types.Var:
			add("var %s %s", name, ts(o.Type()))
		case *types.Func:
			sig := o.Type().(*types.Signature)
			add("func %s%s%s", name, typeParams(sig.TypeParams(), ts), signature(sig, ts))
		case *types.TypeName:
			if o.IsAlias() {
				add("type %s = %s", name, ts(types.Unalias(o.Type())))
				continue
			}
			named, ok := o.Type().(*types.Named)
			if !ok {
				continue
			}
			tp := typeParams(named.TypeParams(), ts)
			switch u := named.Underlying().(type) {
			case *types.Struct:
				add("type %s%s struct", name, tp)
				for i := range u.NumFields() {
					f := u.Field(i)
					switch {
					case f.Embedded():
						add("type %s struct, embedded %s", name, ts(f.Type()))
					case f.Exported():
						add("type %s struct, %s %s", name, f.Name(), ts(f.Type()))
					}
				}
			case *types.Interface:
				// One line per method, none for the method set as a
				// whole: a method added to an interface is an addition.
				// (It breaks outside implementations, but oapi-codegen's
				// ClientInterface gains methods with every endpoint.)
				add("type %s%s interface", name, tp)
				for i := range u.NumMethods() {
					m := u.Method(i)
					if !m.Exported() {
						add("type %s interface, unexported methods", name)
						continue
					}
					add("type %s interface, %s%s", name, m.Name(), signature(m.Type().(*types.Signature), ts))
				}
			default:
				add("type %s%s %s", name, tp, ts(u))
			}
			for i := range named.NumMethods() {
				m := named.Method(i)
				if !m.Exported() {
					continue
				}
				sig := m.Type().(*types.Signature)
				recv := name
				if rtp := sig.RecvTypeParams(); rtp.Len() > 0 {
					var ps []string
					for j := range rtp.Len() {
						ps = append(ps, rtp.At(j).Obj().Name())
					}
					recv += "[" + strings.Join(ps, ", ") + "]"
				}
				if _, ptr := sig.Recv().Type().(*types.Pointer); ptr {
					recv = "*" + recv
				}
				add("method (%s) %s%s", recv, m.Name(), signature(sig, ts))
			}
		}
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// unnamed is t with the parameter names of the function types in it
// dropped (func(ctx context.Context) → func(context.Context)).
func unnamed(t types.Type) types.Type {
	switch t := t.(type) {
	case *types.Signature:
		tuple := func(v *types.Tuple) *types.Tuple {
			vars := make([]*types.Var, v.Len())
			for i := range v.Len() {
				vars[i] = types.NewParam(token.NoPos, nil, "", unnamed(v.At(i).Type()))
			}
			return types.NewTuple(vars...)
		}
		return types.NewSignatureType(nil, nil, nil, tuple(t.Params()), tuple(t.Results()), t.Variadic())
	case *types.Pointer:
		return types.NewPointer(unnamed(t.Elem()))
	case *types.Slice:
		return types.NewSlice(unnamed(t.Elem()))
	case *types.Array:
		return types.NewArray(unnamed(t.Elem()), t.Len())
	case *types.Map:
		return types.NewMap(unnamed(t.Key()), unnamed(t.Elem()))
	case *types.Chan:
		return types.NewChan(t.Dir(), unnamed(t.Elem()))
	}
	return t
}

func typeParams(l *types.TypeParamList, ts func(types.Type) string) string {
	if l.Len() == 0 {
		return ""
	}
	var ps []string
	for i := range l.Len() {
		p := l.At(i)
		ps = append(ps, p.Obj().Name()+" "+ts(p.Constraint()))
	}
	return "[" + strings.Join(ps, ", ") + "]"
}

// signature is "(T1, ...T2) R" or "(T1) (R1, R2)", without names.
func signature(sig *types.Signature, ts func(types.Type) string) string {
	var b strings.Builder
	b.WriteByte('(')
	params := sig.Params()
	for i := range params.Len() {
		if i > 0 {
			b.WriteString(", ")
		}
		t := params.At(i).Type()
		if sig.Variadic() && i == params.Len()-1 {
			b.WriteString("..." + ts(t.(*types.Slice).Elem()))
			continue
		}
		b.WriteString(ts(t))
	}
	b.WriteByte(')')
	res := sig.Results()
	switch res.Len() {
	case 0:
	case 1:
		b.WriteString(" " + ts(res.At(0).Type()))
	default:
		b.WriteString(" (")
		for i := range res.Len() {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(ts(res.At(i).Type()))
		}
		b.WriteByte(')')
	}
	return b.String()
}
