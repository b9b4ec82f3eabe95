package conformance

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// A Fact is one thing an OpenAPI document says about an operation. Facts
// are compared as values between the truth and a converted document, so
// both are extracted by the same code (Facts).
//
// Kinds, with Subject and Value:
//
//	op              ""                     ""          the operation exists
//	status          "404"                  ""          a response status is documented
//	param           "query page_size"      ""          a parameter (in + name)
//	param-type      "query page_size"      "integer"   its schema type
//	param-required  "query page_size"      ""          it is required
//	param-enum      "query status"         "pending"   one allowed value
//	req-prop        ".registrants[].email" ""          a request body property (any media type)
//	req-prop-type   ".registrants[].email" "string"    its type
//	resp-prop       "200 .settings.audio"  ""          a 2xx JSON response property
//	resp-prop-type  "200 .settings.audio"  "string"    its type
//
// Op is "METHOD /path" with every path parameter written {} so that
// documents naming a path parameter differently still match.
//
// Body property paths are dotted, with [] for array items (".a[].b"); an
// array's item is a property of its own (".a[]"), so arrays of scalars have
// a typed fact too. All branches of allOf, oneOf and anyOf contribute, at
// the same path. Response properties are counted for 2xx statuses only:
// the body of an error is zoomgen's configured error schema, a choice of
// the project rather than something read from the collection. Required
// flags and enums of body properties are not facts: a collection's examples
// cannot carry them (the corpus README), and the overlay supplies them.
type Fact struct {
	Kind, Op, Subject, Value string
}

// String reads "kind op subject = value", for reports.
func (f Fact) String() string {
	s := f.Kind + " " + f.Op
	if f.Subject != "" {
		s += " " + f.Subject
	}
	if f.Value != "" {
		s += " = " + f.Value
	}
	return s
}

// subject is the fact whose presence in a collection makes f "carried":
// a parameter's type, required flag and enum values ride on the parameter,
// a property's type on the property.
func (f Fact) subject() Fact {
	switch f.Kind {
	case "param-type", "param-required", "param-enum":
		return Fact{Kind: "param", Op: f.Op, Subject: f.Subject}
	case "req-prop-type":
		return Fact{Kind: "req-prop", Op: f.Op, Subject: f.Subject}
	case "resp-prop-type":
		return Fact{Kind: "resp-prop", Op: f.Op, Subject: f.Subject}
	}
	return Fact{Kind: f.Kind, Op: f.Op, Subject: f.Subject}
}

// FactSet is a set of facts.
type FactSet map[Fact]bool

// Sorted lists the set in a stable order, for reports.
func (s FactSet) Sorted() []Fact {
	out := make([]Fact, 0, len(s))
	for f := range s {
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b Fact) int { return strings.Compare(a.String(), b.String()) })
	return out
}

var pathParam = regexp.MustCompile(`\{[^}]*\}`)

// OpKey is the Op of a Fact for method and an OpenAPI path template.
func OpKey(method, path string) string {
	return strings.ToUpper(method) + " " + pathParam.ReplaceAllString(path, "{}")
}

// Facts lists every fact of doc (see Fact). Operation-level parameters
// override path-level ones of the same in and name, as in OpenAPI.
func Facts(doc *openapi3.T) FactSet {
	fs := FactSet{}
	if doc.Paths == nil {
		return fs
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			key := OpKey(method, path)
			fs[Fact{Kind: "op", Op: key}] = true
			for _, p := range mergedParams(item.Parameters, op.Parameters) {
				subj := p.In + " " + p.Name
				fs[Fact{Kind: "param", Op: key, Subject: subj}] = true
				if p.Required {
					fs[Fact{Kind: "param-required", Op: key, Subject: subj}] = true
				}
				if p.Schema != nil {
					if t := SchemaType(p.Schema); t != "" {
						fs[Fact{Kind: "param-type", Op: key, Subject: subj, Value: t}] = true
					}
					if p.Schema.Value != nil {
						for _, e := range p.Schema.Value.Enum {
							fs[Fact{Kind: "param-enum", Op: key, Subject: subj, Value: fmt.Sprint(e)}] = true
						}
					}
				}
			}
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				for _, mt := range op.RequestBody.Value.Content {
					if mt.Schema == nil {
						continue
					}
					WalkProperties(mt.Schema, func(path, typ string) {
						fs[Fact{Kind: "req-prop", Op: key, Subject: path}] = true
						if typ != "" {
							fs[Fact{Kind: "req-prop-type", Op: key, Subject: path, Value: typ}] = true
						}
					})
				}
			}
			if op.Responses == nil {
				continue
			}
			for status, r := range op.Responses.Map() {
				fs[Fact{Kind: "status", Op: key, Subject: status}] = true
				if !strings.HasPrefix(status, "2") || r.Value == nil {
					continue
				}
				for ct, mt := range r.Value.Content {
					if !strings.Contains(ct, "json") || mt.Schema == nil {
						continue
					}
					WalkProperties(mt.Schema, func(path, typ string) {
						subj := status + " " + path
						fs[Fact{Kind: "resp-prop", Op: key, Subject: subj}] = true
						if typ != "" {
							fs[Fact{Kind: "resp-prop-type", Op: key, Subject: subj, Value: typ}] = true
						}
					})
				}
			}
		}
	}
	return fs
}

// mergedParams resolves parameters and lets operation-level ones replace
// path-level ones with the same in and name.
func mergedParams(pathLevel, opLevel openapi3.Parameters) []*openapi3.Parameter {
	var out []*openapi3.Parameter
	seen := map[string]int{}
	for _, list := range []openapi3.Parameters{pathLevel, opLevel} {
		for _, ref := range list {
			if ref == nil || ref.Value == nil {
				continue
			}
			p := ref.Value
			k := p.In + " " + p.Name
			if i, ok := seen[k]; ok {
				out[i] = p
				continue
			}
			seen[k] = len(out)
			out = append(out, p)
		}
	}
	return out
}

// SchemaType is the JSON type a schema declares: its first type, else
// "object" for a schema with properties, "array" for one with items, else
// the first typed allOf branch; "" when the schema does not say.
func SchemaType(ref *openapi3.SchemaRef) string {
	return schemaType(ref, 0)
}

func schemaType(ref *openapi3.SchemaRef, depth int) string {
	if ref == nil || ref.Value == nil || depth > 16 {
		return ""
	}
	s := ref.Value
	if s.Type != nil && len(*s.Type) > 0 {
		return (*s.Type)[0]
	}
	if len(s.Properties) > 0 {
		return "object"
	}
	if s.Items != nil {
		return "array"
	}
	for _, b := range s.AllOf {
		if t := schemaType(b, depth+1); t != "" {
			return t
		}
	}
	return ""
}

// WalkProperties calls visit for every property below ref (see Fact for the
// path syntax), with the property's SchemaType. A schema that contains
// itself is walked once per path from the root.
func WalkProperties(ref *openapi3.SchemaRef, visit func(path, typ string)) {
	walkProperties(ref, "", visit, map[*openapi3.Schema]bool{})
}

func walkProperties(ref *openapi3.SchemaRef, path string, visit func(path, typ string), onPath map[*openapi3.Schema]bool) {
	if ref == nil || ref.Value == nil || onPath[ref.Value] {
		return
	}
	s := ref.Value
	onPath[s] = true
	defer delete(onPath, s)
	for _, branches := range []openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf} {
		for _, b := range branches {
			walkProperties(b, path, visit, onPath)
		}
	}
	for _, name := range sortedKeys(s.Properties) {
		p := s.Properties[name]
		pp := path + "." + name
		visit(pp, SchemaType(p))
		walkProperties(p, pp, visit, onPath)
	}
	if s.Items != nil {
		ip := path + "[]"
		visit(ip, SchemaType(s.Items))
		walkProperties(s.Items, ip, visit, onPath)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// ExampleSubjects lists the resp-prop subjects (see Fact) that doc's 2xx
// JSON response examples show. Zoom's examples show properties its
// schemas do not declare; Compare does not count a converted fact about
// such a property against precision, since the truth itself shows it.
func ExampleSubjects(doc *openapi3.T) FactSet {
	fs := FactSet{}
	if doc.Paths == nil {
		return fs
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if op.Responses == nil {
				continue
			}
			key := OpKey(method, path)
			for status, r := range op.Responses.Map() {
				if !strings.HasPrefix(status, "2") || r.Value == nil {
					continue
				}
				for ct, mt := range r.Value.Content {
					if !strings.Contains(ct, "json") {
						continue
					}
					examples := []any{mt.Example}
					for _, ex := range mt.Examples {
						if ex != nil && ex.Value != nil {
							examples = append(examples, ex.Value.Value)
						}
					}
					for _, ex := range examples {
						jsonPaths(ex, "", func(p string) {
							fs[Fact{Kind: "resp-prop", Op: key, Subject: status + " " + p}] = true
						})
					}
				}
			}
		}
	}
	return fs
}

// Score compares the facts of a converted document with the truth's.
type Score struct {
	Converted, Truth int // facts in each document (Converted without ExampleOnly)
	// ExampleOnly counts converted facts about properties that the truth's
	// examples show and its schemas do not declare: neither right nor
	// wrong, left out of precision.
	ExampleOnly      int
	CorrectConverted int // converted facts that are also truth facts
	Carried          int // truth facts the collection carries
	RecalledCarried  int // ... of which the converted document has
	MissedCarried    []Fact
	WrongConverted   []Fact
	ByKindRecall     map[string][2]int // kind → {recalled, carried}
	ByKindPrecision  map[string][2]int // kind → {correct, converted}
}

// Precision is the share of converted facts that the truth states.
func (s Score) Precision() float64 { return ratio(s.CorrectConverted, s.Converted) }

// Recall is the share of carried truth facts the converted document states.
func (s Score) Recall() float64 { return ratio(s.RecalledCarried, s.Carried) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// Compare scores converted against truth. A truth fact counts for recall
// only when carried reports that the collection holds it. A converted fact
// whose subject the truth's schemas do not know but its examples show
// (truthExamples, from ExampleSubjects) counts for neither.
func Compare(converted, truth FactSet, carried func(Fact) bool, truthExamples FactSet) Score {
	s := Score{Truth: len(truth),
		ByKindRecall: map[string][2]int{}, ByKindPrecision: map[string][2]int{}}
	known := FactSet{}
	for f := range truth {
		known[f.subject()] = true
	}
	for f := range converted {
		if !truth[f] && !known[f.subject()] && truthExamples[f.subject()] {
			s.ExampleOnly++
			continue
		}
		s.Converted++
		k := s.ByKindPrecision[f.Kind]
		k[1]++
		if truth[f] {
			s.CorrectConverted++
			k[0]++
		} else {
			s.WrongConverted = append(s.WrongConverted, f)
		}
		s.ByKindPrecision[f.Kind] = k
	}
	for f := range truth {
		if !carried(f) {
			continue
		}
		s.Carried++
		k := s.ByKindRecall[f.Kind]
		k[1]++
		if converted[f] {
			s.RecalledCarried++
			k[0]++
		} else {
			s.MissedCarried = append(s.MissedCarried, f)
		}
		s.ByKindRecall[f.Kind] = k
	}
	sortFacts(s.MissedCarried)
	sortFacts(s.WrongConverted)
	return s
}

func sortFacts(fs []Fact) {
	slices.SortFunc(fs, func(a, b Fact) int { return strings.Compare(a.String(), b.String()) })
}

// methods Postman items may use, upper case.
var httpMethods = map[string]bool{
	http.MethodGet: true, http.MethodPut: true, http.MethodPost: true, http.MethodDelete: true,
	http.MethodPatch: true, http.MethodHead: true, http.MethodOptions: true, http.MethodTrace: true,
}
