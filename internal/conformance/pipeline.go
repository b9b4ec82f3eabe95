package conformance

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"hash/fnv"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
	"gopkg.in/yaml.v3"

	"github.com/zoomgen/zoom/internal/conformance/decodecheck"
	"github.com/zoomgen/zoom/zoomgen"
)

// Env says where things are. Every file the checks write goes under Tmp.
type Env struct {
	Root string // the repository root (holds go.mod, generate.go, spec/)
	Tmp  string // scratch directory, removed by the caller
	Go   string // the go command; "go" when empty
}

func (e Env) goBin() string {
	if e.Go != "" {
		return e.Go
	}
	return "go"
}

// run runs a command in dir and returns its combined output; the error
// carries the output's tail.
func (e Env) run(ctx context.Context, dir string, name string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off")
	out, err := cmd.CombinedOutput()
	if err != nil {
		tail := string(out)
		if len(tail) > 4000 {
			tail = "…" + tail[len(tail)-4000:]
		}
		return out, fmt.Errorf("%s %s: %w\n%s", filepath.Base(name), strings.Join(args, " "), err, tail)
	}
	return out, nil
}

// LoadDoc loads an OpenAPI document (JSON or YAML) with its references
// resolved, without validating it: the truth need not pass kin-openapi's
// validation to be the truth.
func LoadDoc(data []byte) (*openapi3.T, error) {
	l := openapi3.NewLoader()
	return l.LoadFromData(data)
}

// Converted is the whole collection through zoomgen, as cmd/zoomgen would
// write it without an overlay.
type Converted struct {
	YAML       []byte
	Doc        *openapi3.T // YAML loaded back, references resolved
	Warnings   []string
	Operations int
	Err        error // conversion refused; YAML and Doc are nil
}

// Convert runs zoomgen on the collection with Zoom's options.
func Convert(ctx context.Context, name string, collection []byte) *Converted {
	c := &Converted{}
	res, err := zoomgen.Convert(ctx, []zoomgen.Source{{Name: name, Data: collection}}, zoomgen.ZoomOptions())
	if err != nil {
		c.Err = err
		return c
	}
	c.Operations = res.Operations
	for _, w := range res.Warnings {
		c.Warnings = append(c.Warnings, w.Error())
	}
	if c.YAML, err = zoomgen.MarshalYAML(res.Doc); err != nil {
		c.Err = err
		return c
	}
	if c.Doc, err = LoadDoc(c.YAML); err != nil {
		c.Err = fmt.Errorf("loading the converted document back: %w", err)
	}
	return c
}

// generatorConfig reads spec/oapi-codegen.yaml as a YAML tree.
func (e Env) generatorConfig() (map[string]any, error) {
	data, err := os.ReadFile(filepath.Join(e.Root, "spec", "oapi-codegen.yaml"))
	if err != nil {
		return nil, err
	}
	cfg := map[string]any{}
	return cfg, yaml.Unmarshal(data, &cfg)
}

// nameNormalizer is how the project's oapi-codegen configuration turns an
// operationId into a Go name.
func nameNormalizer(cfg map[string]any) (func(string) string, error) {
	var fn string
	if oo, ok := cfg["output-options"].(map[string]any); ok {
		fn, _ = oo["name-normalizer"].(string)
	}
	n := codegen.NameNormalizers[codegen.NameNormalizerFunction(fn)]
	if n == nil {
		return nil, fmt.Errorf("spec/oapi-codegen.yaml: unknown name-normalizer %q", fn)
	}
	return n, nil
}

// goOperationName is the Go name the generated client gives the
// operation whose normalized operationId is name. The normalizer, called
// outside oapi-codegen's Generate, knows no initialisms (they are set up
// inside Generate), so "SipTrunk" in an operationId is "SIPTrunk" in the
// client: initialisms change only letter case, and the one parser whose
// name equals name but for case is the operation's.
func goOperationName(name string, parsers map[string]bool) string {
	if parsers[name] {
		return name
	}
	match := ""
	for p := range parsers {
		if strings.EqualFold(p, name) {
			if match != "" {
				return name // two candidates: none is certain
			}
			match = p
		}
	}
	if match == "" {
		return name
	}
	return match
}

// Client is a generated client in a temporary module.
type Client struct {
	Dir     string            // the module
	Parsers map[string]bool   // Go operation names with a Parse…Response
	GoName  map[string]string // OpKey → Go operation name
	Decoder string            // the decode program (decodecheck.Run)
}

var parseFunc = regexp.MustCompile(`^Parse(\w+)Response$`)

// BuildClient generates a client for doc with the project's oapi-codegen
// configuration into a temporary module under e.Tmp (a copy of the
// project's go.mod and go.sum under another module path, so no file lands
// in the source tree), builds and vets it, and builds the decode program.
func (e Env) BuildClient(ctx context.Context, docYAML []byte, doc *openapi3.T) (*Client, error) {
	mod := filepath.Join(e.Tmp, "client")
	c := &Client{Dir: mod, Parsers: map[string]bool{}, GoName: map[string]string{}}
	for _, d := range []string{"gen", "decodecheck", "decode"} {
		if err := os.MkdirAll(filepath.Join(mod, d), 0o755); err != nil {
			return nil, err
		}
	}
	gomod, err := os.ReadFile(filepath.Join(e.Root, "go.mod"))
	if err != nil {
		return nil, err
	}
	gomod = regexp.MustCompile(`(?m)^module .*$`).ReplaceAll(gomod, []byte("module conformance.invalid"))
	gosum, err := os.ReadFile(filepath.Join(e.Root, "go.sum"))
	if err != nil {
		return nil, err
	}
	check, err := os.ReadFile(filepath.Join(e.Root, "internal", "conformance", "decodecheck", "decodecheck.go"))
	if err != nil {
		return nil, err
	}
	cfg, err := e.generatorConfig()
	if err != nil {
		return nil, err
	}
	normalize, err := nameNormalizer(cfg)
	if err != nil {
		return nil, err
	}
	cfg["package"] = "gen"
	cfg["output"] = filepath.Join(mod, "gen", "client.gen.go")
	cfgYAML, err := yaml.Marshal(cfg)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{
		filepath.Join(mod, "go.mod"):                        gomod,
		filepath.Join(mod, "go.sum"):                        gosum,
		filepath.Join(mod, "decodecheck", "decodecheck.go"): check,
		filepath.Join(e.Tmp, "client.openapi.yaml"):         docYAML,
		filepath.Join(e.Tmp, "client.oapi-codegen.yaml"):    cfgYAML,
	}
	for name, data := range files {
		if err := os.WriteFile(name, data, 0o644); err != nil {
			return nil, err
		}
	}
	gen, err := e.oapiCodegen()
	if err != nil {
		return nil, err
	}
	gen = append(slices.Clone(gen), "-config", filepath.Join(e.Tmp, "client.oapi-codegen.yaml"), filepath.Join(e.Tmp, "client.openapi.yaml"))
	if _, err := e.run(ctx, e.Root, e.goBin(), gen...); err != nil {
		return nil, fmt.Errorf("generating the client: %w", err)
	}
	src, err := os.ReadFile(filepath.Join(mod, "gen", "client.gen.go"))
	if err != nil {
		return nil, err
	}
	f, err := parser.ParseFile(token.NewFileSet(), "client.gen.go", src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil {
			if m := parseFunc.FindStringSubmatch(fd.Name.Name); m != nil {
				c.Parsers[m[1]] = true
			}
		}
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			c.GoName[OpKey(method, path)] = goOperationName(normalize(op.OperationID), c.Parsers)
		}
	}
	var main bytes.Buffer
	main.WriteString("// Command decode is generated by the conformance harness.\npackage main\n\n" +
		"import (\n\t\"fmt\"\n\t\"net/http\"\n\t\"os\"\n\n\t\"conformance.invalid/decodecheck\"\n\t\"conformance.invalid/gen\"\n)\n\n" +
		"var parsers = map[string]decodecheck.Parser{\n")
	for _, name := range sortedKeys(c.Parsers) {
		fmt.Fprintf(&main, "\t%q: func(r *http.Response) (any, error) { return gen.Parse%sResponse(r) },\n", name, name)
	}
	main.WriteString("}\n\nfunc main() {\n\tif err := decodecheck.Run(parsers, os.Stdin, os.Stdout); err != nil {\n" +
		"\t\tfmt.Fprintln(os.Stderr, err)\n\t\tos.Exit(1)\n\t}\n}\n")
	if err := os.WriteFile(filepath.Join(mod, "decode", "main.go"), main.Bytes(), 0o644); err != nil {
		return nil, err
	}
	if _, err := e.run(ctx, mod, e.goBin(), "vet", "./..."); err != nil {
		return nil, fmt.Errorf("vetting the client: %w", err)
	}
	c.Decoder = filepath.Join(e.Tmp, "decode")
	if _, err := e.run(ctx, mod, e.goBin(), "build", "-o", c.Decoder, "./decode"); err != nil {
		return nil, fmt.Errorf("building the client: %w", err)
	}
	return c, nil
}

// Pair is an (operation, 2xx status) of the truth.
type Pair struct {
	Op     string // OpKey
	Status int
}

// String reads "METHOD /path status".
func (p Pair) String() string { return fmt.Sprintf("%s %d", p.Op, p.Status) }

// DecodeReport is check (a).
type DecodeReport struct {
	Rounds      int
	Pairs       []Pair
	PassAll     int   // pairs that pass in every round
	PassByRound []int // pairs that pass, per round
	NoContent   int   // pairs without content (204, or no JSON schema in the truth)
	// Failures holds, per failing pair, the reason of its first failing round.
	Failures map[Pair]string
	// Kinds counts failing pairs by the decodecheck.Fail* kind of their
	// first failure.
	Kinds map[string]int
	// Invalid lists samples the truth's own schema rejects (a sampler defect;
	// such a pair is still sent).
	Invalid []string
	// Ambiguous lists samples rejected only where no data can satisfy the
	// truth: a oneOf whose branches are objects without required
	// properties (every object matches them all), or an enum of numbers on
	// a string schema. Reported, not a failure.
	Ambiguous  []string
	Undeclared int // data paths the client's types do not declare (dropped, not counted as failures)
}

// noContent is true for statuses that never have content (RFC 9110).
func noContent(status int) bool { return status == 204 || status == 205 || status == 304 }

// jsonSchema is the schema of a response's JSON media type, or nil.
func jsonSchema(r *openapi3.Response) *openapi3.SchemaRef {
	if r == nil {
		return nil
	}
	for _, ct := range sortedKeys(r.Content) {
		if strings.Contains(ct, "json") && r.Content[ct].Schema != nil {
			return r.Content[ct].Schema
		}
	}
	return nil
}

// KindExampleConflict is the kind of a failing pair whose value fails to
// decode where the collection's examples never show that kind of value
// (Zoom's example holds a number, or the placeholder "integer", where the
// API sends a string): the collection cannot carry the API's type there.
const KindExampleConflict = "Parse error where the collection's examples never show that kind of value"

// Decode runs check (a) for rounds rounds. With examples (the collection's,
// may be nil) it tells failures at a place where the collection's example
// contradicts the truth (KindExampleConflict) from the converter's own.
func (e Env) Decode(ctx context.Context, truth *openapi3.T, c *Client, rounds int, examples *Carried) (*DecodeReport, error) {
	rep := &DecodeReport{Rounds: rounds, PassByRound: make([]int, rounds), Failures: map[Pair]string{}, Kinds: map[string]int{}}
	type sent struct {
		pair  Pair
		round int
	}
	var cases bytes.Buffer
	enc := json.NewEncoder(&cases)
	var sentCases []sent
	for _, path := range sortedKeys(truth.Paths.Map()) {
		item := truth.Paths.Value(path)
		for _, method := range sortedKeys(item.Operations()) {
			op := item.Operations()[method]
			if op.Responses == nil {
				continue
			}
			key := OpKey(method, path)
			for _, st := range sortedKeys(op.Responses.Map()) {
				status, err := strconv.Atoi(st)
				if err != nil || status < 200 || status > 299 {
					continue
				}
				pair := Pair{Op: key, Status: status}
				rep.Pairs = append(rep.Pairs, pair)
				schema := jsonSchema(op.Responses.Value(st).Value)
				empty := noContent(status) || schema == nil
				if empty {
					rep.NoContent++
				}
				for round := 1; round <= rounds; round++ {
					cs := decodecheck.Case{ID: len(sentCases), Op: c.GoName[key], Status: status, NoContent: empty}
					if !empty {
						h := fnv.New64a()
						h.Write([]byte(pair.String()))
						v := Sample(schema, h.Sum64(), round)
						if err := schema.Value.VisitJSON(v, openapi3.MultiErrors()); err != nil {
							msg := fmt.Sprintf("%s round %d: %v", pair, round, firstLine(err.Error()))
							if Unsatisfiable(err) {
								rep.Ambiguous = append(rep.Ambiguous, msg)
							} else {
								rep.Invalid = append(rep.Invalid, msg)
							}
						}
						if cs.Body, err = json.Marshal(v); err != nil {
							return nil, err
						}
					}
					if cs.Op == "" {
						cs.Op = "(not converted)"
					}
					if err := enc.Encode(cs); err != nil {
						return nil, err
					}
					sentCases = append(sentCases, sent{pair, round})
				}
			}
		}
	}
	cmd := exec.CommandContext(ctx, c.Decoder)
	cmd.Stdin = &cases
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("decode program: %w: %s", err, stderr.String())
	}
	failed := map[Pair]bool{}
	passRound := make([]map[Pair]bool, rounds)
	for i := range passRound {
		passRound[i] = map[Pair]bool{}
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	seen := 0
	for sc.Scan() {
		var r decodecheck.Result
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("decode result: %w", err)
		}
		if r.ID < 0 || r.ID >= len(sentCases) {
			return nil, fmt.Errorf("decode result for unknown case %d", r.ID)
		}
		seen++
		s := sentCases[r.ID]
		rep.Undeclared += len(r.Undeclared)
		if r.OK {
			passRound[s.round-1][s.pair] = true
			continue
		}
		if !failed[s.pair] {
			failed[s.pair] = true
			kind := r.Kind
			if kind == decodecheck.FailParse && examples != nil && r.Path != "" && exampleConflict(examples.ExampleTypes(s.pair.Op, s.pair.Status, r.Path), r.Value, r.GoType) {
				kind = KindExampleConflict
			}
			rep.Failures[s.pair] = fmt.Sprintf("round %d: %s", s.round, reason(r))
			if kind != r.Kind {
				rep.Failures[s.pair] += " [" + kind + "]"
			}
			rep.Kinds[kind]++
		}
	}
	if seen != len(sentCases) {
		return nil, fmt.Errorf("decode program answered %d of %d cases", seen, len(sentCases))
	}
	for i := range passRound {
		rep.PassByRound[i] = len(passRound[i])
	}
	rep.PassAll = len(rep.Pairs) - len(failed)
	return rep, nil
}

func reason(r decodecheck.Result) string {
	var parts []string
	if r.Error != "" {
		parts = append(parts, firstLine(r.Error))
	}
	if len(r.Nil) > 0 {
		parts = append(parts, fmt.Sprintf("nil: %s", listHead(r.Nil)))
	}
	if len(r.Mismatch) > 0 {
		parts = append(parts, fmt.Sprintf("mismatch: %s", listHead(r.Mismatch)))
	}
	return strings.Join(parts, "; ")
}

func listHead(l []string) string {
	if len(l) <= 3 {
		return strings.Join(l, ", ")
	}
	return strings.Join(l[:3], ", ") + fmt.Sprintf(" (+%d)", len(l)-3)
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// NamesReport is check (c).
type NamesReport struct {
	Err     error       // a generate step failed for the grown copy
	Changes []APIChange // exported identifiers removed or changed
	Added   int
	// WithoutRepeats is the same check with the collection's requests for
	// operations the committed items already define taken out, run only
	// when the whole collection fails: what would move once repeats merge.
	WithoutRepeats *NamesReport
	Repeats        int // requests taken out for WithoutRepeats
}

// generateLines are the commands of generate.go's //go:generate lines.
func (e Env) generateLines() ([][]string, error) {
	data, err := os.ReadFile(filepath.Join(e.Root, "generate.go"))
	if err != nil {
		return nil, err
	}
	var lines [][]string
	for _, l := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(l, "//go:generate "); ok {
			lines = append(lines, strings.Fields(rest))
		}
	}
	if len(lines) == 0 {
		return nil, errors.New("generate.go has no //go:generate lines")
	}
	return lines, nil
}

// Regenerate runs generate.go's //go:generate commands for a copy of the
// project's spec/ directory in dir, with extra files added to
// dir/spec/postman. Only the lines that read spec/ run: they make the
// client; a line that checks the source tree as it is does not apply to a
// copy. Every argument naming a file of the project (spec/..., gen/...,
// zoom_codes.gen.go) is pointed into dir, and so is the output of the
// oapi-codegen configuration; whatever flags generate.go gains (a names
// table, say) apply here too. It returns the exported API of every Go file
// the commands wrote.
func (e Env) Regenerate(ctx context.Context, dir string, extra map[string][]byte) (map[string]string, error) {
	if err := os.CopyFS(filepath.Join(dir, "spec"), os.DirFS(filepath.Join(e.Root, "spec"))); err != nil {
		return nil, err
	}
	for name, data := range extra {
		if err := os.WriteFile(filepath.Join(dir, "spec", "postman", name), data, 0o644); err != nil {
			return nil, err
		}
	}
	cfgPath := filepath.Join(dir, "spec", "oapi-codegen.yaml")
	cfg, err := e.generatorConfig()
	if err != nil {
		return nil, err
	}
	if out, ok := cfg["output"].(string); ok && !filepath.IsAbs(out) {
		cfg["output"] = filepath.Join(dir, out)
	}
	cfgYAML, err := yaml.Marshal(cfg)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(cfgPath, cfgYAML, 0o644); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Join(dir, "gen"), 0o755); err != nil {
		return nil, err
	}
	lines, err := e.generateLines()
	if err != nil {
		return nil, err
	}
	for _, l := range lines {
		args, ok, err := GenerateArgs(l, dir)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		if _, err := e.run(ctx, e.Root, e.goBin(), args...); err != nil {
			return nil, err
		}
	}
	api := map[string]string{}
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		fileAPI, err := ExportedAPI(rel, src)
		if err != nil {
			return err
		}
		for k, v := range fileAPI {
			api[filepath.Dir(rel)+": "+k] = v
		}
		return nil
	})
	return api, err
}

// Names runs check (c): the committed items alone, then with the whole
// collection added as spec/postman/<collectionName>.
func (e Env) Names(ctx context.Context, collectionName string, collection []byte, committed *openapi3.T) (*NamesReport, error) {
	base, err := e.Regenerate(ctx, filepath.Join(e.Tmp, "names-base"), nil)
	if err != nil {
		return nil, fmt.Errorf("regenerating the committed items: %w", err)
	}
	grow := func(dir string, col []byte) *NamesReport {
		grown, err := e.Regenerate(ctx, filepath.Join(e.Tmp, dir), map[string][]byte{collectionName: col})
		if err != nil {
			return &NamesReport{Err: err}
		}
		rep := &NamesReport{Changes: DiffAPI(base, grown)}
		for k := range grown {
			if _, ok := base[k]; !ok {
				rep.Added++
			}
		}
		return rep
	}
	rep := grow("names-grown", collection)
	if rep.Err == nil {
		return rep, nil
	}
	have := FactSet{}
	for f := range Facts(committed) {
		if f.Kind == "op" {
			have[f] = true
		}
	}
	rest, n, err := WithoutOperations(collection, have)
	if err != nil {
		return nil, err
	}
	rep.Repeats = n
	rep.WithoutRepeats = grow("names-grown-without-repeats", rest)
	return rep, nil
}

// WithoutOperations returns the collection without the requests for the
// operations in ops ("op" facts), and how many it took out. The rest of
// the collection is kept as it is.
func WithoutOperations(collection []byte, ops FactSet) ([]byte, int, error) {
	var col map[string]any
	if err := json.Unmarshal(collection, &col); err != nil {
		return nil, 0, fmt.Errorf("collection: %w", err)
	}
	removed := 0
	var filter func(items []any) []any
	filter = func(items []any) []any {
		out := make([]any, 0, len(items))
		for _, it := range items {
			m, ok := it.(map[string]any)
			if !ok {
				out = append(out, it)
				continue
			}
			if sub, ok := m["item"].([]any); ok {
				m["item"] = filter(sub)
			}
			if key, ok := requestKey(m); ok && ops[Fact{Kind: "op", Op: key}] {
				removed++
				continue
			}
			out = append(out, m)
		}
		return out
	}
	if items, ok := col["item"].([]any); ok {
		col["item"] = filter(items)
	}
	out, err := json.Marshal(col)
	return out, removed, err
}

// requestKey is the OpKey of a Postman item's request with a URL object.
func requestKey(item map[string]any) (string, bool) {
	req, ok := item["request"].(map[string]any)
	if !ok {
		return "", false
	}
	method, _ := req["method"].(string)
	url, _ := req["url"].(map[string]any)
	segs, _ := url["path"].([]any)
	if method == "" || url == nil {
		return "", false
	}
	path := make([]string, 0, len(segs))
	for _, s := range segs {
		str, _ := s.(string)
		path = append(path, str)
	}
	return strings.ToUpper(method) + " " + postmanPath(path), true
}

// CommittedOp is check (d) for one operation of spec/zoom.openapi.yaml.
type CommittedOp struct {
	Op       string
	InTruth  bool
	Declared int    // truth facts checked
	Missing  []Fact // truth facts the committed document lacks
}

// committedKinds are the facts check (d) asks of a committed operation:
// every parameter and body property, with its type.
var committedKinds = map[string]bool{
	"param": true, "param-type": true,
	"req-prop": true, "req-prop-type": true,
	"resp-prop": true, "resp-prop-type": true,
}

// Committed runs check (d).
func Committed(committed, truth *openapi3.T) []CommittedOp {
	have := Facts(committed)
	want := Facts(truth)
	byOp := map[string][]Fact{}
	for f := range want {
		if committedKinds[f.Kind] {
			byOp[f.Op] = append(byOp[f.Op], f)
		}
	}
	var out []CommittedOp
	for f := range have {
		if f.Kind != "op" {
			continue
		}
		c := CommittedOp{Op: f.Op, InTruth: want[f]}
		for _, w := range byOp[f.Op] {
			c.Declared++
			if !have[w] {
				c.Missing = append(c.Missing, w)
			}
		}
		sortFacts(c.Missing)
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b CommittedOp) int { return strings.Compare(a.Op, b.Op) })
	return out
}

// Unsatisfiable reports whether every error in a validation error err is
// one that no data could avoid: a oneOf matched by more than one branch, or
// an enum none of whose values has the schema's type.
func Unsatisfiable(err error) bool {
	var me openapi3.MultiError
	if errors.As(err, &me) {
		for _, e := range me {
			if !Unsatisfiable(e) {
				return false
			}
		}
		return len(me) > 0
	}
	var se *openapi3.SchemaError
	if errors.As(err, &se) {
		if se.Origin != nil {
			return Unsatisfiable(se.Origin)
		}
		return se.SchemaField == "enum" && se.Schema != nil && len(enumOfType(se.Schema)) == 0
	}
	return errors.Is(err, openapi3.ErrOneOfConflict)
}

// GenerateArgs turns one //go:generate command (its fields) into the
// arguments of `go` that make the same files under dir instead of the
// source tree. ok is false for a line that reads nothing in spec/: it does
// not make the client (a check of the tree as it is, say) and is skipped.
func GenerateArgs(line []string, dir string) (args []string, ok bool, err error) {
	if !slices.ContainsFunc(line, func(a string) bool { return strings.HasPrefix(a, "spec/") }) {
		return nil, false, nil
	}
	prefix, rest, err := splitGoCommand(line)
	if err != nil {
		return nil, false, err
	}
	args = slices.Clone(prefix)
	for _, a := range rest {
		if !strings.HasPrefix(a, "-") && !strings.HasPrefix(a, "./") && !filepath.IsAbs(a) {
			a = filepath.Join(dir, a)
		}
		args = append(args, a)
	}
	return args, true, nil
}

// splitGoCommand splits "go run|tool [flags] PROGRAM args..." into the
// arguments of go up to PROGRAM (a package or a tool name, which are not
// files of the project) and the program's own arguments.
func splitGoCommand(line []string) (prefix, rest []string, err error) {
	if len(line) >= 3 && line[0] == "go" && (line[1] == "run" || line[1] == "tool") {
		for i := 2; i < len(line); i++ {
			if !strings.HasPrefix(line[i], "-") {
				return line[1 : i+1], line[i+1:], nil
			}
		}
	}
	return nil, nil, fmt.Errorf("generate.go: cannot run %q", strings.Join(line, " "))
}

// oapiCodegen is how generate.go runs oapi-codegen: the arguments of go up
// to the program (go run PACKAGE, or go tool -modfile=… oapi-codegen).
func (e Env) oapiCodegen() ([]string, error) {
	lines, err := e.generateLines()
	if err != nil {
		return nil, err
	}
	for _, l := range lines {
		prefix, _, err := splitGoCommand(l)
		if err == nil && strings.Contains(prefix[len(prefix)-1], "oapi-codegen") {
			return prefix, nil
		}
	}
	return nil, errors.New("generate.go runs no oapi-codegen")
}

// exampleConflict reports whether the collection's examples, which show
// the JSON types in shown at the failing place, never show the kind of
// value that did not fit there (value as encoding/json names it: "string",
// "number 83.5", "object"): the converter had nothing to type it by. A
// slice or map field is judged by the values shown at the field itself;
// any other by its elements' too, since encoding/json names an array
// element's place like the array's.
func exampleConflict(shown map[string]bool, value, goType string) bool {
	if len(shown) == 0 || value == "" {
		return false
	}
	kind, _, _ := strings.Cut(value, " ")
	if kind == "bool" {
		kind = "boolean"
	}
	container := strings.HasPrefix(goType, "[]") || strings.HasPrefix(goType, "map[")
	return !shown[kind] && (container || !shown["[]"+kind])
}
