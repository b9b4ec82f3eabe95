package zoomgen

import (
	"bytes"
	"fmt"
	"go/token"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"

	"github.com/zoomgen/zoom/internal/oasorder"
)

// Names is the committed table of the names that become Go identifiers
// (spec/zoom.names.yaml): each operation's operationId, keyed by method
// and path, and each component schema's name, keyed by its origin, the
// first place an operation uses it (see LockNames). The converter derives
// names from item names and paths, and a derived name can move when the
// collection grows (a new item that sorts first takes a plain name); the
// table keeps every name once committed. It only grows: an entry whose
// operation or schema is gone stays, so that no later endpoint can take
// its name.
type Names struct {
	// Operations maps "METHOD /path" to an operationId.
	Operations map[string]string
	// Schemas maps a component schema name to its origin, e.g.
	// "PUT /meetings/{meetingId}/registrants/status request application/json .registrants[]".
	Schemas map[string]string
}

// namesHeader starts the table file.
const namesHeader = `Go-visible names, kept by zoomgen -names. Each operation's operationId
(the Go method) is keyed by method and path; each component schema's name
(the Go type) by its origin: the first operation, request or response,
media type and place in the schema that uses it. A committed name never
changes: zoomgen applies these names before the overlay and appends only
names it has not seen, qualifying one that would take a committed name.
Review new entries (rename freely before committing); the file is
rewritten sorted, and comments other than this one are not kept.`

// ParseNames reads a names table. Problems name path and line. Empty
// input is an empty table.
func ParseNames(path string, data []byte) (*Names, error) {
	t := &Names{Operations: map[string]string{}, Schemas: map[string]string{}}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if root.Kind == 0 || len(root.Content) == 0 {
		return t, nil
	}
	top := root.Content[0]
	if top.Kind == yaml.ScalarNode && top.Tag == "!!null" {
		return t, nil
	}
	if top.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: want a mapping with operations and schemas", path, top.Line)
	}
	opByGo := map[string]int{}
	origins := map[string]int{}
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
			continue
		}
		if v.Kind != yaml.MappingNode {
			return nil, fmt.Errorf("%s:%d: %s must be a mapping", path, v.Line, k.Value)
		}
		for j := 0; j+1 < len(v.Content); j += 2 {
			ek, ev := v.Content[j], v.Content[j+1]
			if ek.Kind != yaml.ScalarNode || ev.Kind != yaml.ScalarNode {
				return nil, fmt.Errorf("%s:%d: an entry must be one key and one value", path, ek.Line)
			}
			switch k.Value {
			case "operations":
				method, p, ok := strings.Cut(ek.Value, " ")
				if !ok || method != strings.ToUpper(method) || method == "" || !strings.HasPrefix(p, "/") {
					return nil, fmt.Errorf("%s:%d: operation key %q is not \"METHOD /path\"", path, ek.Line, ek.Value)
				}
				if !token.IsIdentifier(ev.Value) {
					return nil, fmt.Errorf("%s:%d: operationId %q is not an identifier", path, ev.Line, ev.Value)
				}
				if l, dup := opByGo[upperFirst(ev.Value)]; dup {
					return nil, fmt.Errorf("%s:%d: operationId %s gives the Go name of line %d", path, ev.Line, ev.Value, l)
				}
				if _, dup := t.Operations[ek.Value]; dup {
					return nil, fmt.Errorf("%s:%d: %s is named twice", path, ek.Line, ek.Value)
				}
				opByGo[upperFirst(ev.Value)] = ev.Line
				t.Operations[ek.Value] = ev.Value
			case "schemas":
				if !token.IsIdentifier(ek.Value) || !token.IsExported(ek.Value) {
					return nil, fmt.Errorf("%s:%d: schema name %q is not an exported Go identifier", path, ek.Line, ek.Value)
				}
				if _, dup := t.Schemas[ek.Value]; dup {
					return nil, fmt.Errorf("%s:%d: schema %s is named twice", path, ek.Line, ek.Value)
				}
				if l, dup := origins[ev.Value]; dup {
					return nil, fmt.Errorf("%s:%d: origin %q is already named at line %d", path, ev.Line, ev.Value, l)
				}
				origins[ev.Value] = ev.Line
				t.Schemas[ek.Value] = ev.Value
			default:
				return nil, fmt.Errorf("%s:%d: unknown section %q (want operations, schemas)", path, k.Line, k.Value)
			}
		}
	}
	return t, nil
}

// Marshal writes the table sorted (operations by path, then method;
// schemas by name), so that the same table always gives the same text.
func (t *Names) Marshal() ([]byte, error) {
	ops := make([]string, 0, len(t.Operations))
	for k := range t.Operations {
		ops = append(ops, k)
	}
	sort.Slice(ops, func(i, j int) bool {
		mi, pi, _ := strings.Cut(ops[i], " ")
		mj, pj, _ := strings.Cut(ops[j], " ")
		if pi != pj {
			return pi < pj
		}
		return mi < mj
	})
	schemas := make([]string, 0, len(t.Schemas))
	for k := range t.Schemas {
		schemas = append(schemas, k)
	}
	sort.Strings(schemas)
	str := func(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }
	section := func(keys []string, val func(string) string) *yaml.Node {
		m := &yaml.Node{Kind: yaml.MappingNode}
		for _, k := range keys {
			m.Content = append(m.Content, str(k), str(val(k)))
		}
		return m
	}
	top := &yaml.Node{Kind: yaml.MappingNode, HeadComment: namesHeader, Content: []*yaml.Node{
		str("operations"), section(ops, func(k string) string { return t.Operations[k] }),
		str("schemas"), section(schemas, func(k string) string { return t.Schemas[k] }),
	}}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{top}}); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// LockNames renames doc's operations and component schemas to the names
// in t and returns t with the names it had not seen added; t itself is
// not changed. doc is changed in place (operationIds, component keys and
// every $ref to a renamed component). notes says which new names differ
// from what the converter derived (qualified, numbered or kept as an
// alias), one line each, for the user to review.
//
// An operation in t gets its committed operationId. A new one keeps the
// converter's unless that would give the Go name of a committed one (or
// of a type a committed component already has); then it is qualified the
// way the converter qualifies: "For" and the words of its path that the
// holder's path does not have, else its method and whole path, else a
// number.
//
// A component named in fixed (a schema the converter is given, such as
// Options.Schemas' ZoomError, not one it derives) keeps its name, locked
// under the origin "#/components/schemas/NAME". Any other component gets
// the committed name of its first origin in t; one that
// several committed names now share (two shapes became one) keeps the
// first, and the others stay as aliases ($ref) of it. A new component
// takes the converter's name with its operation's converter-derived
// prefix replaced by the operation's final name, so the types of a
// qualified newcomer are qualified with it; a name still taken gets a
// number.
func LockNames(doc *openapi3.T, t *Names, fixed []string) (*Names, []string) {
	out := &Names{Operations: make(map[string]string, len(t.Operations)), Schemas: make(map[string]string, len(t.Schemas))}
	for k, v := range t.Operations {
		out.Operations[k] = v
	}
	for k, v := range t.Schemas {
		out.Schemas[k] = v
	}
	ops := lockOperations(doc)
	notes := lockOperationIDs(ops, t, out)
	if doc.Components != nil && len(doc.Components.Schemas) > 0 {
		notes = append(notes, lockSchemas(doc, ops, t, out, fixed)...)
	}
	return out, notes
}

// lockOperationIDs sets each operation's final operationId (see
// LockNames), records new ones in out and notes the qualified ones.
func lockOperationIDs(ops []*lockOp, t, out *Names) (notes []string) {
	// Every committed name is taken, whether its operation is present or
	// not: a later endpoint must not take a removed one's name.
	takenOp := map[string]string{} // Go name → "METHOD /path" holding it
	for k, id := range t.Operations {
		takenOp[upperFirst(id)] = k
	}
	clashes := func(id string) bool {
		if _, ok := takenOp[upperFirst(id)]; ok {
			return true
		}
		for _, s := range generatedTypeSuffixes {
			if _, ok := t.Schemas[upperFirst(id)+s]; ok {
				return true
			}
		}
		return false
	}
	var colliding []*lockOp
	for _, o := range ops {
		if id, ok := t.Operations[o.key]; ok {
			o.final = id
			continue
		}
		if o.conv == "" || clashes(o.conv) {
			colliding = append(colliding, o)
			continue
		}
		o.final = o.conv
		takenOp[upperFirst(o.final)] = o.key
	}
	for _, o := range colliding {
		o.final = qualifyOperation(o, takenOp, clashes)
		takenOp[upperFirst(o.final)] = o.key
		switch holder := takenOp[upperFirst(o.conv)]; {
		case o.conv == "":
		case holder != "":
			notes = append(notes, fmt.Sprintf("%s: %s would take the name of %s; named %s", o.key, o.conv, holder, o.final))
		default:
			notes = append(notes, fmt.Sprintf("%s: %s would generate a type a committed schema has; named %s", o.key, o.conv, o.final))
		}
	}
	for _, o := range ops {
		o.op.OperationID = o.final
		if _, ok := t.Operations[o.key]; !ok {
			out.Operations[o.key] = o.final
		}
	}
	return notes
}

// schemaLock is the state of naming doc's component schemas.
type schemaLock struct {
	t, out    *Names
	schemas   openapi3.Schemas
	originsOf map[string][]string // component → its origins, walk order
	final     map[string]string   // converter name → final name
	assigned  map[string]bool     // final names in use
	extra     map[string][]string // converter name → further committed names (aliases)
}

// lockSchemas names doc's component schemas (see LockNames), records new
// ones in out and notes the ones not named as the converter named them.
func lockSchemas(doc *openapi3.T, ops []*lockOp, t, out *Names, fixed []string) (notes []string) {
	originsOf, rank := schemaOrigins(doc, ops)
	l := &schemaLock{t: t, out: out, schemas: doc.Components.Schemas, originsOf: originsOf,
		final: map[string]string{}, assigned: map[string]bool{}, extra: map[string][]string{}}
	order, reached := l.order(rank)

	fixed = append([]string(nil), fixed...)
	sort.Strings(fixed)
	for _, name := range fixed {
		if _, ok := l.schemas[name]; ok {
			l.name(name, name)
			if _, locked := t.Schemas[name]; !locked {
				out.Schemas[name] = componentPrefix + name
			}
		}
	}
	// Committed names by origin, in order of each component's origins.
	byOrigin := map[string]string{}
	for name, origin := range t.Schemas {
		byOrigin[origin] = name
	}
	for _, name := range order {
		if _, done := l.final[name]; done {
			continue
		}
		for _, o := range originsOf[name] {
			locked, ok := byOrigin[o]
			if !ok || l.assigned[locked] {
				continue
			}
			if _, done := l.final[name]; done {
				l.extra[name] = append(l.extra[name], locked)
				l.assigned[locked] = true
			} else {
				l.name(name, locked)
			}
		}
	}
	// A committed name whose origin is gone from the document stays with
	// the component the converter still gives that name.
	for _, name := range order {
		if _, done := l.final[name]; done {
			continue
		}
		if origin, ok := t.Schemas[name]; ok && !reached[origin] && !l.assigned[name] {
			l.name(name, name)
		}
	}
	notes = l.newcomers(order, ops)
	return append(notes, l.apply(doc)...)
}

func (l *schemaLock) name(conv, final string) {
	l.final[conv] = final
	l.assigned[final] = true
}

// order lists the components by their first origin, then the ones no
// operation uses, by name; and the origins reached.
func (l *schemaLock) order(rank map[string]int) (order []string, reached map[string]bool) {
	reached = map[string]bool{}
	first := map[string]int{}
	var unreached []string
	for name := range l.schemas {
		os := l.originsOf[name]
		if len(os) == 0 {
			unreached = append(unreached, name)
			continue
		}
		for _, o := range os {
			reached[o] = true
		}
		order = append(order, name)
		first[name] = rank[os[0]]
	}
	sort.Slice(order, func(i, j int) bool { return first[order[i]] < first[order[j]] })
	sort.Strings(unreached)
	return append(order, unreached...), reached
}

// newcomers names the components that have no committed name: the
// converter's name, with its operation's converter-derived prefix
// replaced by that operation's final name, and a number if still taken.
func (l *schemaLock) newcomers(order []string, ops []*lockOp) (notes []string) {
	reserved := map[string]bool{}
	for _, n := range []string{"Client", "ClientInterface", "ClientOption", "ClientWithResponses", "ClientWithResponsesInterface", "HttpRequestDoer", "RequestEditorFn"} {
		reserved[n] = true
	}
	for _, o := range ops {
		for _, s := range generatedTypeSuffixes {
			reserved[upperFirst(o.final)+s] = true
		}
	}
	taken := func(n string) bool {
		_, locked := l.t.Schemas[n]
		return locked || l.assigned[n] || reserved[n]
	}
	for _, name := range order {
		if _, done := l.final[name]; done {
			continue
		}
		n := name
		os := l.originsOf[name]
		if len(os) > 0 {
			if o := originOp(os[0], ops); o != nil && o.conv != "" && o.final != o.conv {
				if conv := upperFirst(o.conv); strings.HasPrefix(n, conv) {
					n = upperFirst(o.final) + n[len(conv):]
				}
			}
		}
		if reserved[n] && !strings.HasSuffix(n, "Schema") {
			n += "Schema"
		}
		base := n
		for i := 2; taken(n); i++ {
			n = base + strconv.Itoa(i)
		}
		l.name(name, n)
		if len(os) > 0 {
			l.out.Schemas[n] = os[0]
			if n != name {
				notes = append(notes, fmt.Sprintf("schema at %s would be %s; named %s", os[0], name, n))
			}
		}
	}
	return notes
}

// apply renames the components of doc, rewrites the references to them
// and adds an alias for each further committed name of a component.
func (l *schemaLock) apply(doc *openapi3.T) (notes []string) {
	for old, n := range l.final {
		if old != n {
			rewriteSchemaRefs(doc, l.final)
			break
		}
	}
	next := make(openapi3.Schemas, len(l.schemas))
	for old, ref := range l.schemas {
		next[l.final[old]] = ref
	}
	merged := make([]string, 0, len(l.extra))
	for old := range l.extra {
		merged = append(merged, old)
	}
	sort.Strings(merged)
	for _, old := range merged {
		for _, n := range l.extra[old] {
			next[n] = openapi3.NewSchemaRef(componentPrefix+l.final[old], l.schemas[old].Value)
			notes = append(notes, fmt.Sprintf("schema %s is now the same shape as %s: kept as an alias of it", n, l.final[old]))
		}
	}
	doc.Components.Schemas = next
	return notes
}

// generatedTypeSuffixes are the types oapi-codegen derives from an
// operationId: an operation must not make one that a schema already is.
var generatedTypeSuffixes = []string{"Response", "Params", "JSONBody", "JSONRequestBody", "MultipartBody", "MultipartRequestBody", "FormdataBody", "FormdataRequestBody", "TextBody", "TextRequestBody"}

// lockOp is one operation of the document being locked.
type lockOp struct {
	key, method, path string
	op                *openapi3.Operation
	conv, final       string // the converter's operationId, the locked one
}

// lockOperations lists doc's operations in (path, method) order, the
// order the converter names them in.
func lockOperations(doc *openapi3.T) []*lockOp {
	var ops []*lockOp
	for o := range oasorder.Operations(doc) {
		ops = append(ops, &lockOp{key: o.Method + " " + o.Path, method: o.Method, path: o.Path, op: o.Op, conv: o.Op.OperationID})
	}
	return ops
}

// qualifyOperation names a new operation whose converter name is taken:
// the converter's rule, against the holder of the name.
func qualifyOperation(o *lockOp, taken map[string]string, clashes func(string) bool) string {
	base := o.conv
	if base == "" {
		base = identifier(append([]string{strings.ToLower(o.method)}, pathWords(o.path)...), "operation")
		if !clashes(base) {
			return base
		}
	}
	nameW := words(base)
	inName := map[string]bool{}
	for _, w := range nameW {
		inName[strings.ToLower(w)] = true
	}
	have := map[string]bool{}
	if holder, ok := taken[upperFirst(base)]; ok {
		_, hp, _ := strings.Cut(holder, " ")
		for _, w := range pathWords(hp) {
			have[strings.ToLower(w)] = true
		}
	}
	var q []string
	for _, w := range pathWords(o.path) {
		if lw := strings.ToLower(w); !have[lw] && !inName[lw] {
			q = append(q, w)
		}
	}
	var id string
	if len(q) > 0 {
		id = identifier(append(append(append([]string(nil), nameW...), "For"), q...), base)
	}
	if id == "" || clashes(id) {
		id = identifier(append(append(append([]string(nil), nameW...), "For", strings.ToLower(o.method)), pathWords(o.path)...), base)
	}
	n := id
	for k := 2; clashes(n); k++ {
		n = fmt.Sprintf("%sV%d", id, k)
	}
	return n
}

// An origin is "METHOD /path PART[ WHERE]": PART is "request MEDIA-TYPE",
// "response STATUS MEDIA-TYPE" or "parameter IN NAME"; WHERE is absent
// for the schema itself, else its steps: ".prop" for a property (quoted
// when not a plain word), "[]" for array items, "{}" for additional
// properties, "/allOf[i]" (anyOf, oneOf) and "/not" for composition.
type originWalk struct {
	origins map[string][]string // component → its origins, walk order
	rank    map[string]int      // origin → position in the walk
}

// schemaOrigins lists every component's origins, and ranks every origin,
// in the order the converter hoists schemas: operation by (path, method),
// request body before responses (by status), then depth-first with
// properties by name.
func schemaOrigins(doc *openapi3.T, ops []*lockOp) (map[string][]string, map[string]int) {
	w := &originWalk{origins: map[string][]string{}, rank: map[string]int{}}
	for _, o := range ops {
		prefix := o.key + " "
		if rb := o.op.RequestBody; rb != nil && rb.Value != nil {
			w.content(prefix+"request", rb.Value.Content)
		}
		if o.op.Responses != nil {
			statuses := make([]string, 0, o.op.Responses.Len())
			for s := range o.op.Responses.Map() {
				statuses = append(statuses, s)
			}
			sort.Slice(statuses, func(i, j int) bool { return statusLess(statuses[i], statuses[j]) })
			for _, s := range statuses {
				if r := o.op.Responses.Value(s); r != nil && r.Value != nil {
					w.content(prefix+"response "+s, r.Value.Content)
				}
			}
		}
		for _, p := range o.op.Parameters {
			if p != nil && p.Value != nil && p.Value.Schema != nil {
				w.schema(prefix+"parameter "+p.Value.In+" "+p.Value.Name, "", p.Value.Schema, nil)
			}
		}
	}
	return w.origins, w.rank
}

func statusLess(a, b string) bool {
	ai, ea := strconv.Atoi(a)
	bi, eb := strconv.Atoi(b)
	switch {
	case ea == nil && eb == nil:
		return ai < bi
	case ea == nil:
		return true
	case eb == nil:
		return false
	}
	return a < b
}

func (w *originWalk) content(prefix string, c openapi3.Content) {
	types := make([]string, 0, len(c))
	for t := range c {
		types = append(types, t)
	}
	sort.Strings(types)
	for _, t := range types {
		if mt := c[t]; mt != nil && mt.Schema != nil {
			w.schema(prefix+" "+t, "", mt.Schema, nil)
		}
	}
}

const componentPrefix = "#/components/schemas/"

// schema records the origin part+where for the component ref names, if
// any, and walks on into the schema. stack holds the components being
// walked, so that a recursive schema ends.
func (w *originWalk) schema(part, where string, ref *openapi3.SchemaRef, stack []string) {
	if ref == nil {
		return
	}
	if name, ok := strings.CutPrefix(ref.Ref, componentPrefix); ok {
		for _, s := range stack {
			if s == name {
				return
			}
		}
		origin := part
		if where != "" {
			origin += " " + where
		}
		if _, seen := w.rank[origin]; !seen {
			w.rank[origin] = len(w.rank)
			w.origins[name] = append(w.origins[name], origin)
		}
		stack = append(stack, name)
	}
	s := ref.Value
	if s == nil {
		return
	}
	keys := make([]string, 0, len(s.Properties))
	for k := range s.Properties {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		w.schema(part, where+propertyStep(k), s.Properties[k], stack)
	}
	w.schema(part, where+"[]", s.Items, stack)
	w.schema(part, where+"{}", s.AdditionalProperties.Schema, stack)
	for _, c := range []struct {
		name string
		list openapi3.SchemaRefs
	}{{"allOf", s.AllOf}, {"anyOf", s.AnyOf}, {"oneOf", s.OneOf}} {
		for i, r := range c.list {
			w.schema(part, fmt.Sprintf("%s/%s[%d]", where, c.name, i), r, stack)
		}
	}
	w.schema(part, where+"/not", s.Not, stack)
}

// propertyStep writes a property step: ".name", or `."a b"` for a name
// that is not one plain word.
func propertyStep(k string) string {
	plain := k != ""
	for _, r := range k {
		if !(r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			plain = false
			break
		}
	}
	if plain {
		return "." + k
	}
	return "." + strconv.Quote(k)
}

// originOp is the operation an origin starts with.
func originOp(origin string, ops []*lockOp) *lockOp {
	for _, o := range ops {
		if strings.HasPrefix(origin, o.key+" ") {
			return o
		}
	}
	return nil
}

// rewriteSchemaRefs points every $ref to a component at its new name.
// Each SchemaRef is rewritten once, however often it is reached, so that
// renames that swap names do not chain.
func rewriteSchemaRefs(doc *openapi3.T, rename map[string]string) {
	done := map[*openapi3.SchemaRef]bool{}
	walked := map[*openapi3.Schema]bool{}
	var visit func(r *openapi3.SchemaRef)
	visit = func(r *openapi3.SchemaRef) {
		if r == nil {
			return
		}
		if !done[r] {
			done[r] = true
			if name, ok := strings.CutPrefix(r.Ref, componentPrefix); ok {
				if n, ok := rename[name]; ok {
					r.Ref = componentPrefix + n
				}
			}
		}
		s := r.Value
		if s == nil || walked[s] {
			return
		}
		walked[s] = true
		for _, p := range s.Properties {
			visit(p)
		}
		visit(s.Items)
		visit(s.AdditionalProperties.Schema)
		for _, l := range []openapi3.SchemaRefs{s.AllOf, s.AnyOf, s.OneOf} {
			for _, x := range l {
				visit(x)
			}
		}
		visit(s.Not)
	}
	eachRootSchema(doc, visit)
}

// eachRootSchema calls visit with the schema of every parameter, request
// body, response, header and component schema of doc: the roots from
// which every schema of the document is reached.
func eachRootSchema(doc *openapi3.T, visit func(*openapi3.SchemaRef)) {
	content := func(c openapi3.Content) {
		for _, mt := range c {
			if mt != nil {
				visit(mt.Schema)
			}
		}
	}
	params := func(ps openapi3.Parameters) {
		for _, p := range ps {
			if p != nil && p.Value != nil {
				visit(p.Value.Schema)
				content(p.Value.Content)
			}
		}
	}
	headers := func(hs openapi3.Headers) {
		for _, h := range hs {
			if h != nil && h.Value != nil {
				visit(h.Value.Schema)
				content(h.Value.Content)
			}
		}
	}
	if doc.Paths != nil {
		for _, item := range doc.Paths.Map() {
			params(item.Parameters)
			for _, op := range item.Operations() {
				params(op.Parameters)
				if op.RequestBody != nil && op.RequestBody.Value != nil {
					content(op.RequestBody.Value.Content)
				}
				if op.Responses != nil {
					for _, r := range op.Responses.Map() {
						if r != nil && r.Value != nil {
							content(r.Value.Content)
							headers(r.Value.Headers)
						}
					}
				}
			}
		}
	}
	if c := doc.Components; c != nil {
		for _, s := range c.Schemas {
			visit(s)
		}
		for _, p := range c.Parameters {
			if p != nil && p.Value != nil {
				visit(p.Value.Schema)
				content(p.Value.Content)
			}
		}
		for _, rb := range c.RequestBodies {
			if rb != nil && rb.Value != nil {
				content(rb.Value.Content)
			}
		}
		for _, r := range c.Responses {
			if r != nil && r.Value != nil {
				content(r.Value.Content)
				headers(r.Value.Headers)
			}
		}
		headers(c.Headers)
	}
}
