// Command zoomops generates, from the OpenAPI document and the client
// oapi-codegen generated from it, the two files of package zoom that
// depend on the operations:
//
//   - operations.gen.go: the operation table the transport routes by —
//     method, path template, rate-limit label, multipart encodings and
//     documented success statuses of every operation — so that the client
//     never parses the document at run time;
//   - pages.gen.go: one iterator method on *Client for every operation
//     paginated by next_page_token (or, where Zoom has no token, by
//     page_number), so that no endpoint's pagination is written by hand.
//
// Run by `go generate` (see generate.go) after oapi-codegen:
//
//	go run ./internal/cmd/zoomops -spec spec/zoom.openapi.yaml -gen gen/zoom.gen.go -ops operations.gen.go -pages pages.gen.go
//
// The iterators are derived from the generated Go code (its parameter
// and result structs, found by their form and json tags), not from the
// document alone, so that they use exactly the names oapi-codegen chose.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/zoomgen/zoom/internal/ratelimit"
)

func main() {
	specPath := flag.String("spec", "spec/zoom.openapi.yaml", "OpenAPI document to read")
	genPath := flag.String("gen", "gen/zoom.gen.go", "the oapi-codegen client generated from -spec")
	opsOut := flag.String("ops", "operations.gen.go", "operation table to write")
	pagesOut := flag.String("pages", "pages.gen.go", "iterators to write")
	pkg := flag.String("pkg", "zoom", "package name of the generated files")
	flag.Parse()
	if err := run(*specPath, *genPath, *opsOut, *pagesOut, *pkg); err != nil {
		fmt.Fprintln(os.Stderr, "zoomops:", err)
		os.Exit(1)
	}
}

func run(specPath, genPath, opsOut, pagesOut, pkg string) error {
	data, err := os.ReadFile(specPath)
	if err != nil {
		return err
	}
	// LoadFromDataWithPath, not LoadFromFile: the latter caches documents
	// by path for the life of the process, which tests would trip over.
	doc, err := openapi3.NewLoader().LoadFromDataWithPath(data, &url.URL{Path: filepath.ToSlash(specPath)})
	if err != nil {
		return fmt.Errorf("%s: %w", specPath, err)
	}
	ops, err := readOperations(doc)
	if err != nil {
		return fmt.Errorf("%s: %w", specPath, err)
	}
	src, err := os.ReadFile(genPath)
	if err != nil {
		return err
	}
	opsSrc, err := renderOperations(ops, pkg, filepath.ToSlash(specPath))
	if err != nil {
		return err
	}
	pages, warnings, err := findPaginated(src, genPath, ops)
	if err != nil {
		return err
	}
	for _, w := range warnings {
		fmt.Fprintln(os.Stderr, "zoomops: warning:", w)
	}
	pagesSrc, err := renderPages(pages, pkg, filepath.ToSlash(specPath), filepath.ToSlash(genPath))
	if err != nil {
		return err
	}
	if err := os.WriteFile(opsOut, opsSrc, 0o644); err != nil {
		return err
	}
	return os.WriteFile(pagesOut, pagesSrc, 0o644)
}

// op is one operation of the document, as the table records it.
type op struct {
	ID, Method, Template string
	Segments             []string
	Literals             int
	Label                ratelimit.Label
	Multipart            map[string]string // nil: no multipart/form-data body
	Success              []int             // documented 2xx statuses
	JSON                 []int             // those of Success whose body is JSON
	Params               map[string]bool   // query parameter names
}

// readOperations lists the document's operations in the order the
// transport tries them: by method, then the path with more literal
// segments first (so /registrants/status wins over /registrants/{id}),
// then kin-openapi's matching order.
func readOperations(doc *openapi3.T) ([]op, error) {
	var ops []op
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		methods := make([]string, 0, 8)
		for m := range item.Operations() {
			methods = append(methods, m)
		}
		sort.Strings(methods)
		for _, method := range methods {
			o := item.Operations()[method]
			where := fmt.Sprintf("%s %s", method, path)
			if o.OperationID == "" {
				return nil, fmt.Errorf("%s: no operationId", where)
			}
			x := op{ID: o.OperationID, Method: method, Template: path, Params: map[string]bool{}}
			x.Segments = strings.Split(strings.Trim(path, "/"), "/")
			for _, s := range x.Segments {
				if !strings.HasPrefix(s, "{") {
					x.Literals++
				}
			}
			if v, ok := o.Extensions["x-rate-limit-label"]; ok {
				s, _ := v.(string)
				x.Label = ratelimit.Label(s)
				if !x.Label.Valid() {
					return nil, fmt.Errorf("%s (%s): x-rate-limit-label %v is not one of Zoom's labels (Light, Medium, Heavy, Resource-intensive)", where, o.OperationID, v)
				}
			}
			for _, p := range append(item.Parameters, o.Parameters...) {
				if p.Value != nil && p.Value.In == "query" {
					x.Params[p.Value.Name] = true
				}
			}
			if o.RequestBody != nil && o.RequestBody.Value != nil {
				if mt := o.RequestBody.Value.Content.Get("multipart/form-data"); mt != nil {
					x.Multipart = map[string]string{}
					for name, enc := range mt.Encoding {
						if enc != nil && enc.ContentType != "" {
							x.Multipart[name] = enc.ContentType
						}
					}
				}
			}
			if o.Responses != nil {
				for status, ref := range o.Responses.Map() {
					code, err := strconv.Atoi(status)
					if err != nil || code < 200 || code > 299 {
						continue
					}
					x.Success = append(x.Success, code)
					if ref.Value != nil && ref.Value.Content.Get("application/json") != nil {
						x.JSON = append(x.JSON, code)
					}
				}
			}
			slices.Sort(x.Success)
			slices.Sort(x.JSON)
			if len(x.Success) == 0 {
				return nil, fmt.Errorf("%s (%s): no 2xx response is documented, so no answer could be taken as success", where, o.OperationID)
			}
			ops = append(ops, x)
		}
	}
	sort.SliceStable(ops, func(i, j int) bool {
		if ops[i].Method != ops[j].Method {
			return ops[i].Method < ops[j].Method
		}
		return ops[i].Literals > ops[j].Literals
	})
	return ops, nil
}

var labelConst = map[ratelimit.Label]string{
	ratelimit.LabelLight:             "LabelLight",
	ratelimit.LabelMedium:            "LabelMedium",
	ratelimit.LabelHeavy:             "LabelHeavy",
	ratelimit.LabelResourceIntensive: "LabelResourceIntensive",
}

func renderOperations(ops []op, pkg, specPath string) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by zoomops from %s; DO NOT EDIT.\n\npackage %s\n\n", specPath, pkg)
	b.WriteString("import \"github.com/zoomgen/zoom/internal/formdata\"\n\n")
	b.WriteString("// operations is every operation of the OpenAPI document, by method, the\n")
	b.WriteString("// path with more literal segments first. The transport routes, paces and\n")
	b.WriteString("// checks each request by it; it is read, never written.\n")
	b.WriteString("var operations = [...]operation{\n")
	for _, o := range ops {
		fmt.Fprintf(&b, "\t{ID: %q, Method: %q, Template: %q, segments: %#v, literals: %d", o.ID, o.Method, o.Template, o.Segments, o.Literals)
		if o.Label != "" {
			fmt.Fprintf(&b, ", Label: %s", labelConst[o.Label])
		}
		if o.Multipart != nil {
			b.WriteString(", Multipart: formdata.Encoding{")
			keys := make([]string, 0, len(o.Multipart))
			for k := range o.Multipart {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for i, k := range keys {
				if i > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "%q: %q", k, o.Multipart[k])
			}
			b.WriteString("}")
		}
		fmt.Fprintf(&b, ", Success: %#v", o.Success)
		if len(o.JSON) > 0 {
			fmt.Fprintf(&b, ", JSON: %#v", o.JSON)
		}
		b.WriteString("},\n")
	}
	b.WriteString("}\n\n")
	b.WriteString("// methodOperations returns the operations of one HTTP method, in the\n// order they are tried.\n")
	b.WriteString("func methodOperations(method string) []operation {\n\tswitch method {\n")
	for i := 0; i < len(ops); {
		j := i
		for j < len(ops) && ops[j].Method == ops[i].Method {
			j++
		}
		fmt.Fprintf(&b, "\tcase %q:\n\t\treturn operations[%d:%d]\n", ops[i].Method, i, j)
		i = j
	}
	b.WriteString("\t}\n\treturn nil\n}\n")
	return format.Source(b.Bytes())
}

// paginated is one operation with a generated iterator.
type paginated struct {
	Op        op
	Method    string   // the generated XWithResponse method's X
	Params    []string // "name type" of its parameters between ctx and reqEditors
	Args      []string // their names
	ParamsTyp string   // gen.XParams
	Result    string   // JSON200's Go field path to the struct
	Items     string   // Go field holding the items
	ItemType  string   // gen.Item
	ByToken   bool     // next_page_token; else page_number
	TokenFld  string   // params field of next_page_token
	NextFld   string   // result field of next_page_token
	PageFld   string   // params field of page_number
	CountFld  string   // result field of page_count
}

// findPaginated finds, in the generated client, the operations whose
// parameters take a next_page_token (or page_number) and whose 200 result
// carries one list and the matching cursor (next_page_token, or
// page_count).
func findPaginated(src []byte, name string, ops []op) ([]paginated, []string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, nil, err
	}
	types := map[string]ast.Expr{}
	aliases := map[string]string{} // type A = B
	methods := map[string]*ast.FuncDecl{}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.GenDecl:
			for _, s := range d.Specs {
				if ts, ok := s.(*ast.TypeSpec); ok {
					types[ts.Name.Name] = ts.Type
					if id, ok := ts.Type.(*ast.Ident); ok && ts.Assign.IsValid() {
						aliases[ts.Name.Name] = id.Name
					}
				}
			}
		case *ast.FuncDecl:
			if d.Recv == nil || len(d.Recv.List) != 1 {
				continue
			}
			if star, ok := d.Recv.List[0].Type.(*ast.StarExpr); ok {
				if id, ok := star.X.(*ast.Ident); ok && id.Name == "ClientWithResponses" && strings.HasSuffix(d.Name.Name, "WithResponse") {
					methods[strings.ToLower(strings.TrimSuffix(d.Name.Name, "WithResponse"))] = d
				}
			}
		}
	}
	structOf := func(name string) *ast.StructType {
		for range 10 { // alias chains are short; a cycle is not Go
			switch t := types[name].(type) {
			case *ast.StructType:
				return t
			case *ast.Ident:
				name = t.Name
			default:
				return nil
			}
		}
		return nil
	}
	typeStr := func(e ast.Expr) (string, error) { return qualify(e, types, aliases) }
	var out []paginated
	var warnings []string
	for _, o := range ops {
		if o.Method != "GET" || !(o.Params["next_page_token"] || o.Params["page_number"]) {
			continue
		}
		m := methods[strings.ToLower(o.ID)]
		if m == nil {
			return nil, nil, fmt.Errorf("%s: no %sWithResponse method for operation %s (%s %s)", name, o.ID, o.ID, o.Method, o.Template)
		}
		p := paginated{Op: o, Method: strings.TrimSuffix(m.Name.Name, "WithResponse")}
		var paramsStruct *ast.StructType
		for _, fld := range m.Type.Params.List {
			if len(fld.Names) == 1 && (fld.Names[0].Name == "ctx" || fld.Names[0].Name == "reqEditors") {
				continue
			}
			ts, err := typeStr(fld.Type)
			if err != nil {
				return nil, nil, fmt.Errorf("%s: %s: %w", name, m.Name.Name, err)
			}
			for _, n := range fld.Names {
				switch {
				case n.Name == "params":
					p.ParamsTyp = strings.TrimPrefix(ts, "*")
					if star, ok := fld.Type.(*ast.StarExpr); ok {
						if id, ok := star.X.(*ast.Ident); ok {
							paramsStruct = structOf(id.Name)
						}
					}
				default:
					p.Params = append(p.Params, n.Name+" "+ts)
					p.Args = append(p.Args, n.Name)
				}
			}
		}
		if paramsStruct == nil {
			return nil, nil, fmt.Errorf("%s: %s has no params struct, but %s takes query parameters", name, m.Name.Name, o.ID)
		}
		p.TokenFld = fieldByTag(paramsStruct, "form", "next_page_token")
		p.PageFld = fieldByTag(paramsStruct, "form", "page_number")
		res := structOf(p.Method + "Response")
		var resultName string
		if res != nil {
			for _, fld := range res.Fields.List {
				if len(fld.Names) == 1 && fld.Names[0].Name == "JSON200" {
					if star, ok := fld.Type.(*ast.StarExpr); ok {
						if id, ok := star.X.(*ast.Ident); ok {
							resultName = id.Name
						}
					}
				}
			}
		}
		result := structOf(resultName)
		if result == nil {
			warnings = append(warnings, fmt.Sprintf("%s (%s %s) takes a page cursor but documents no JSON object for 200; no iterator", o.ID, o.Method, o.Template))
			continue
		}
		p.NextFld = fieldByTag(result, "json", "next_page_token")
		p.CountFld = fieldByTag(result, "json", "page_count")
		var lists []*ast.Field
		for _, fld := range result.Fields.List {
			if _, ok := fld.Type.(*ast.ArrayType); ok && len(fld.Names) == 1 {
				lists = append(lists, fld)
			}
		}
		switch {
		case p.TokenFld != "" && p.NextFld != "":
			p.ByToken = true
		case p.PageFld != "" && p.CountFld != "":
		default:
			warnings = append(warnings, fmt.Sprintf("%s (%s %s) takes a page cursor but its result has no matching next_page_token or page_count; no iterator", o.ID, o.Method, o.Template))
			continue
		}
		if len(lists) != 1 {
			warnings = append(warnings, fmt.Sprintf("%s (%s %s) is paginated but its result has %d lists, not one; no iterator", o.ID, o.Method, o.Template, len(lists)))
			continue
		}
		p.Items = lists[0].Names[0].Name
		elem, err := typeStr(lists[0].Type.(*ast.ArrayType).Elt)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %s: %w", name, resultName, err)
		}
		p.ItemType = elem
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Method < out[j].Method })
	return out, warnings, nil
}

// fieldByTag returns the name of the struct field whose tag key names
// want (before any comma), or "".
func fieldByTag(s *ast.StructType, key, want string) string {
	for _, fld := range s.Fields.List {
		if fld.Tag == nil || len(fld.Names) != 1 {
			continue
		}
		tag, err := strconv.Unquote(fld.Tag.Value)
		if err != nil {
			continue
		}
		v, _, _ := strings.Cut(reflect.StructTag(tag).Get(key), ",")
		if v == want {
			return fld.Names[0].Name
		}
	}
	return ""
}

// qualify prints a type of package gen as package zoom sees it.
// An alias is followed to the type it names: oapi-codegen keeps the name
// derived from the operation as an alias of the x-go-type-name.
func qualify(e ast.Expr, types map[string]ast.Expr, aliases map[string]string) (string, error) {
	switch t := e.(type) {
	case *ast.Ident:
		if _, ok := types[t.Name]; ok {
			name := t.Name
			for range 10 {
				next, ok := aliases[name]
				if !ok {
					break
				}
				name = next
			}
			return "gen." + name, nil
		}
		return t.Name, nil // a predeclared type
	case *ast.StarExpr:
		s, err := qualify(t.X, types, aliases)
		return "*" + s, err
	case *ast.ArrayType:
		if t.Len != nil {
			return "", fmt.Errorf("array type not supported")
		}
		s, err := qualify(t.Elt, types, aliases)
		return "[]" + s, err
	case *ast.Ellipsis:
		s, err := qualify(t.Elt, types, aliases)
		return "..." + s, err
	case *ast.MapType:
		k, err := qualify(t.Key, types, aliases)
		if err != nil {
			return "", err
		}
		v, err := qualify(t.Value, types, aliases)
		return "map[" + k + "]" + v, err
	case *ast.SelectorExpr:
		return "", fmt.Errorf("type %s.%s from another package: an iterator would need its import", t.X, t.Sel.Name)
	}
	return "", fmt.Errorf("unsupported type %T", e)
}

func renderPages(pages []paginated, pkg, specPath, genPath string) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by zoomops from %s and %s; DO NOT EDIT.\n\npackage %s\n\n", specPath, genPath, pkg)
	if len(pages) == 0 {
		return format.Source(b.Bytes())
	}
	b.WriteString("import (\n\t\"context\"\n\t\"iter\"\n\n\t\"github.com/zoomgen/zoom/gen\"\n)\n")
	for _, p := range pages {
		args := strings.Join(append(p.Args, "&q"), ", ")
		sig := strings.Join(append(append([]string{"ctx context.Context"}, p.Params...), "params *"+p.ParamsTyp), ", ")
		fmt.Fprintf(&b, "\n// %sAll iterates over every item of %s\n// (%s %s), one page at a time,\n", p.Method, p.Op.ID, p.Op.Method, p.Op.Template)
		if p.ByToken {
			b.WriteString("// following next_page_token and fetching a page only when the loop gets\n")
			b.WriteString("// there. params may be nil; its page token is the iterator's to set. An\n")
		} else {
			b.WriteString("// counting page_number up to page_count and fetching a page only when the\n")
			b.WriteString("// loop gets there. params may be nil; its page number is the iterator's\n// to set. An\n")
		}
		b.WriteString("// error is yielded once and ends the iteration.\n")
		fmt.Fprintf(&b, "func (c *Client) %sAll(%s) iter.Seq2[%s, error] {\n", p.Method, sig, p.ItemType)
		fmt.Fprintf(&b, "\tvar base %s\n\tif params != nil {\n\t\tbase = *params\n\t}\n", p.ParamsTyp)
		if p.ByToken {
			fmt.Fprintf(&b, "\treturn Pages(ctx, func(ctx context.Context, token string) ([]%s, string, error) {\n", p.ItemType)
			fmt.Fprintf(&b, "\t\tq := base\n\t\tq.%s = nil\n\t\tif token != \"\" {\n\t\t\tq.%s = &token\n\t\t}\n", p.TokenFld, p.TokenFld)
			fmt.Fprintf(&b, "\t\tresp, err := c.api.%sWithResponse(%s)\n", p.Method, "ctx, "+args)
			b.WriteString("\t\tif err != nil {\n\t\t\treturn nil, \"\", err\n\t\t}\n")
			fmt.Fprintf(&b, "\t\tif resp.JSON200 == nil {\n\t\t\treturn nil, \"\", noResult(%q, resp.HTTPResponse)\n\t\t}\n", p.Op.ID)
			fmt.Fprintf(&b, "\t\treturn resp.JSON200.%s, resp.JSON200.%s, nil\n\t})\n}\n", p.Items, p.NextFld)
		} else {
			fmt.Fprintf(&b, "\treturn numberedPages(ctx, func(ctx context.Context, page int) ([]%s, int, error) {\n", p.ItemType)
			fmt.Fprintf(&b, "\t\tq := base\n\t\tq.%s = &page\n", p.PageFld)
			fmt.Fprintf(&b, "\t\tresp, err := c.api.%sWithResponse(%s)\n", p.Method, "ctx, "+args)
			b.WriteString("\t\tif err != nil {\n\t\t\treturn nil, 0, err\n\t\t}\n")
			fmt.Fprintf(&b, "\t\tif resp.JSON200 == nil {\n\t\t\treturn nil, 0, noResult(%q, resp.HTTPResponse)\n\t\t}\n", p.Op.ID)
			fmt.Fprintf(&b, "\t\treturn resp.JSON200.%s, resp.JSON200.%s, nil\n\t})\n}\n", p.Items, p.CountFld)
		}
	}
	out, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("generated iterators do not parse: %w\n%s", err, b.Bytes())
	}
	return out, nil
}
