// Command zoomevents turns the example webhook payloads in spec/webhooks
// (one file per event, named after it: meeting.registration_created.json)
// into an OpenAPI document of component schemas, inferred by the same
// zoomgen.InferSchema the converter uses, and into the Go table that maps
// each event name to its generated type. oapi-codegen then generates the
// types themselves from the document (models only), so no event struct is
// ever written by hand. Run by `go generate` (see webhook/generate.go):
//
//	go run ./internal/cmd/zoomevents -in spec/webhooks -spec spec/webhooks.openapi.yaml -o webhook/events_index.gen.go
//
// Nested objects become components of their own, named by their path
// (MeetingRegistrationCreatedPayloadObjectRegistrant; the items of an
// array of objects get "Item"), so that users can name every level; the
// names only depend on the payload's shape, never on file order.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/format"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"

	"github.com/zoomgen/zoom/zoomgen"
)

func main() {
	in := flag.String("in", "spec/webhooks", "directory of example payloads, one <event>.json each")
	specOut := flag.String("spec", "spec/webhooks.openapi.yaml", "OpenAPI document to write")
	goOut := flag.String("o", "webhook/events_index.gen.go", "Go file with the event table to write")
	pkg := flag.String("pkg", "webhook", "package name of the Go file")
	flag.Parse()
	if err := run(*in, *specOut, *goOut, *pkg); err != nil {
		fmt.Fprintln(os.Stderr, "zoomevents:", err)
		os.Exit(1)
	}
}

// Event is one example payload, read and checked.
type Event struct {
	Name     string // Zoom's event name, e.g. meeting.registration_created
	TypeName string // Go name of its top-level type
	File     string // the example it was inferred from, slash-separated
	Schema   *openapi3.Schema
}

func run(in, specOut, goOut, pkg string) error {
	events, err := Load(in)
	if err != nil {
		return err
	}
	doc, err := Document(events)
	if err != nil {
		return err
	}
	y, err := DocumentYAML(doc)
	if err != nil {
		return err
	}
	src, err := Index(events, pkg)
	if err != nil {
		return err
	}
	if err := os.WriteFile(specOut, y, 0o644); err != nil {
		return err
	}
	return os.WriteFile(goOut, src, 0o644)
}

// Load reads every *.json file of dir as the example of the event it is
// named after. The file's own "event" field must say the same name, so
// that a copied file that was not edited is caught.
func Load(dir string) ([]Event, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("%s: no example payloads (*.json)", dir)
	}
	sort.Strings(paths)
	var events []Event
	types := map[string]string{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		ev, err := Parse(filepath.ToSlash(p), data)
		if err != nil {
			return nil, err
		}
		if other, dup := types[ev.TypeName]; dup {
			return nil, fmt.Errorf("%s: event %q gives the Go name %s, as %s does", ev.File, ev.Name, ev.TypeName, other)
		}
		types[ev.TypeName] = ev.File
		events = append(events, ev)
	}
	return events, nil
}

// Parse checks one example payload and infers its schema.
func Parse(file string, data []byte) (Event, error) {
	name := strings.TrimSuffix(filepath.Base(file), ".json")
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber() // integers infer integers, 11-digit IDs int64
	var v any
	if err := dec.Decode(&v); err != nil {
		return Event{}, fmt.Errorf("%s: %w", file, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Event{}, fmt.Errorf("%s: unexpected data after the JSON value", file)
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return Event{}, fmt.Errorf("%s: the payload is not a JSON object", file)
	}
	if got, _ := obj["event"].(string); got != name {
		return Event{}, fmt.Errorf("%s: field \"event\" is %q; the file name says %q", file, obj["event"], name)
	}
	if _, ok := obj["payload"].(map[string]any); !ok {
		return Event{}, fmt.Errorf("%s: field \"payload\" is missing or not an object", file)
	}
	typeName := GoName(name)
	if typeName == "" {
		return Event{}, fmt.Errorf("%s: event name %q gives no Go name", file, name)
	}
	return Event{Name: name, TypeName: typeName, File: file, Schema: zoomgen.InferSchema(v)}, nil
}

// GoName is the exported Go name of a dotted, underscored event name:
// meeting.registration_created → MeetingRegistrationCreated.
func GoName(s string) string {
	var b strings.Builder
	up := true
	for _, r := range s {
		switch {
		case r == '.' || r == '_' || r == '-':
			up = true
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if b.Len() == 0 && unicode.IsDigit(r) {
				b.WriteString("Event")
			}
			if up {
				r = unicode.ToUpper(r)
				up = false
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Document builds the OpenAPI document: one component per event and one
// per nested object, referenced by path-derived names.
func Document(events []Event) (*openapi3.T, error) {
	doc := &openapi3.T{
		OpenAPI: "3.0.3",
		Info: &openapi3.Info{
			Title:       "Zoom webhook events",
			Version:     "1.0.0",
			Description: "Generated by internal/cmd/zoomevents from the example payloads in spec/webhooks; do not edit.",
		},
		Paths:      openapi3.NewPaths(),
		Components: &openapi3.Components{Schemas: openapi3.Schemas{}},
	}
	for _, ev := range events {
		top := hoist(doc.Components.Schemas, ev.TypeName, ev.Schema)
		top.Description = fmt.Sprintf("is the %s event, as inferred from the example spec/webhooks/%s.", ev.Name, filepath.Base(ev.File))
	}
	return doc, nil
}

// hoist stores s (an object) under name, after replacing its nested
// objects by references to components of their own.
func hoist(comps openapi3.Schemas, name string, s *openapi3.Schema) *openapi3.Schema {
	keys := make([]string, 0, len(s.Properties))
	for k := range s.Properties {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		s.Properties[k] = hoistRef(comps, name+GoName(k), s.Properties[k])
	}
	comps[name] = openapi3.NewSchemaRef("", s)
	return s
}

func hoistRef(comps openapi3.Schemas, name string, ref *openapi3.SchemaRef) *openapi3.SchemaRef {
	s := ref.Value
	switch {
	case s == nil:
		return ref
	case s.Type.Is(openapi3.TypeObject) && len(s.Properties) > 0:
		hoist(comps, name, s)
		return openapi3.NewSchemaRef("#/components/schemas/"+name, s)
	case s.Type.Is(openapi3.TypeArray) && s.Items != nil:
		s.Items = hoistRef(comps, name+"Item", s.Items)
	}
	return ref
}

// DocumentYAML is doc as YAML with sorted keys, so that the committed
// file changes only when an example does.
func DocumentYAML(doc *openapi3.T) ([]byte, error) {
	j, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	var plain any
	if err := json.Unmarshal(j, &plain); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.WriteString("# Code generated by internal/cmd/zoomevents from spec/webhooks; DO NOT EDIT.\n")
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(plain); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Index is the Go source of the event-name constants and of the function
// that decodes a body of a known event into its generated type.
func Index(events []Event, pkg string) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by internal/cmd/zoomevents from spec/webhooks; DO NOT EDIT.\n\npackage %s\n\nimport \"encoding/json\"\n\n", pkg)
	b.WriteString("// Names of the events decoded into a type of their own; any other event\n// is delivered with Event.Data nil.\nconst (\n")
	for _, ev := range events {
		fmt.Fprintf(&b, "\tEvent%s = %q // decoded into *%s\n", ev.TypeName, ev.Name, ev.TypeName)
	}
	b.WriteString(")\n\n")
	b.WriteString("// KnownEvents lists the events decoded into a type of their own, sorted.\nfunc KnownEvents() []string {\n\treturn []string{\n")
	for _, ev := range events {
		fmt.Fprintf(&b, "\t\tEvent%s,\n", ev.TypeName)
	}
	b.WriteString("\t}\n}\n\n")
	b.WriteString("// decodeKnown decodes body into the generated type of event name; ok is\n// false for an event without one.\nfunc decodeKnown(name string, body []byte) (v any, ok bool, err error) {\n\tswitch name {\n")
	for _, ev := range events {
		fmt.Fprintf(&b, "\tcase Event%s:\n\t\tvar e %s\n\t\terr = json.Unmarshal(body, &e)\n\t\treturn &e, true, err\n", ev.TypeName, ev.TypeName)
	}
	b.WriteString("\t}\n\treturn nil, false, nil\n}\n")
	return format.Source(b.Bytes())
}
