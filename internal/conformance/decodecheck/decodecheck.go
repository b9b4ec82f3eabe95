// Package decodecheck feeds answers to the Parse…Response functions of an
// oapi-codegen client and checks what they decode. It imports only the
// standard library: the conformance harness copies it, next to a freshly
// generated client, into a temporary module.
package decodecheck

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"sort"
	"strings"
)

// Parser is a generated Parse…Response function with its result as any.
type Parser func(*http.Response) (any, error)

// Case is one answer to decode.
type Case struct {
	ID     int    `json:"id"`
	Op     string `json:"op"` // the Go name of the operation (key of the parsers)
	Status int    `json:"status"`
	// NoContent marks an answer without a body (204, or a status the API
	// documents no content for): it is sent without Content-Type, and the
	// client must not declare a JSON field for it, since that field would
	// always be nil.
	NoContent bool            `json:"noContent,omitempty"`
	Body      json.RawMessage `json:"body,omitempty"`
}

// Result is what decoding one Case showed. OK is false when Error, Nil or
// Mismatch say something.
type Result struct {
	ID    int    `json:"id"`
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
	// Kind names the first failure: FailNoParser, FailParse,
	// FailNoStatus, FailBodyDeclared, FailNil or FailMismatch.
	Kind string `json:"kind,omitempty"`
	// Nil lists paths of the data whose field the client declares but left
	// nil (or an absent map entry).
	Nil []string `json:"nil,omitempty"`
	// Mismatch lists paths decoded to a different value (a number cut to
	// an integer, an array of another length).
	Mismatch []string `json:"mismatch,omitempty"`
	// Undeclared lists paths of the data that the client's types do not
	// declare at all: the data is dropped, but nothing was declared to
	// hold it. Reported, not a failure.
	Undeclared []string `json:"undeclared,omitempty"`
	// Path is where a Parse error of kind FailParse found a value of
	// another type than the field's, dotted without array markers
	// (".meetings.id"), when encoding/json says.
	Path string `json:"path,omitempty"`
	// Value and GoType are what did not fit there, as encoding/json names
	// them: the JSON value ("string", "number 83.5", "object") and the
	// field's Go type ("int", "[]string").
	Value  string `json:"value,omitempty"`
	GoType string `json:"go_type,omitempty"`
}

// Kinds of failure, in Result.Kind.
const (
	FailNoParser     = "operation not in the client"
	FailParse        = "Parse error (a type other than the data's)"
	FailNoStatus     = "status not decoded (no JSON field for it)"
	FailBodyDeclared = "JSON field declared for an answer without content"
	FailNil          = "declared field left nil"
	FailMismatch     = "value decoded differently"
)

// Run reads Cases as JSON lines from in and writes one Result per line.
func Run(parsers map[string]Parser, in io.Reader, out io.Writer) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	enc := json.NewEncoder(out)
	for sc.Scan() {
		var c Case
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			return fmt.Errorf("case: %w", err)
		}
		r := Result{ID: c.ID, Error: fmt.Sprintf("no Parse%sResponse in the client", c.Op), Kind: FailNoParser}
		if p := parsers[c.Op]; p != nil {
			r = Check(p, c)
		}
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	return sc.Err()
}

// Check decodes c with p.
func Check(p Parser, c Case) Result {
	r := Result{ID: c.ID}
	rsp := &http.Response{StatusCode: c.Status, Header: http.Header{}, Body: io.NopCloser(bytes.NewReader(nil))}
	if !c.NoContent {
		rsp.Header.Set("Content-Type", "application/json")
		rsp.Body = io.NopCloser(bytes.NewReader(c.Body))
	}
	res, err := p(rsp)
	if err != nil {
		r.Error = "Parse: " + err.Error()
		r.Kind = FailParse
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			r.Path = "." + te.Field
			r.Value, r.GoType = te.Value, te.Type.String()
		}
		return r
	}
	v := reflect.ValueOf(res)
	if !v.IsValid() || v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		r.Error = fmt.Sprintf("Parse returned %T", res)
		r.Kind = FailParse
		return r
	}
	name := fmt.Sprintf("JSON%d", c.Status)
	field := v.Elem().FieldByName(name)
	if c.NoContent {
		if field.IsValid() {
			r.Error = fmt.Sprintf("the client declares %s for an answer without content; it is always nil", name)
			r.Kind = FailBodyDeclared
		}
		r.OK = r.Error == ""
		return r
	}
	if !field.IsValid() {
		r.Error = fmt.Sprintf("the client has no %s: it does not decode this status", name)
		r.Kind = FailNoStatus
		return r
	}
	var data any
	if err := json.Unmarshal(c.Body, &data); err != nil {
		r.Error = "case body: " + err.Error()
		return r
	}
	compare(&r, data, field, "")
	sort.Strings(r.Nil)
	sort.Strings(r.Mismatch)
	sort.Strings(r.Undeclared)
	switch {
	case len(r.Nil) > 0:
		r.Kind = FailNil
	case len(r.Mismatch) > 0:
		r.Kind = FailMismatch
	}
	r.OK = r.Error == "" && r.Kind == ""
	return r
}

var unmarshaler = reflect.TypeFor[json.Unmarshaler]()

// compare walks data and v together. Values whose type decodes itself
// (time.Time, dates, unions) are trusted once Parse succeeded.
func compare(r *Result, data any, v reflect.Value, path string) {
	if data == nil {
		return
	}
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			r.Nil = append(r.Nil, orRoot(path))
			return
		}
		v = v.Elem()
	}
	if v.Kind() == reflect.Struct && reflect.PointerTo(v.Type()).Implements(unmarshaler) {
		return
	}
	switch d := data.(type) {
	case map[string]any:
		switch v.Kind() {
		case reflect.Struct:
			fields := jsonFields(v)
			for k, e := range d {
				p := path + "." + k
				if f, ok := fields[k]; ok {
					compare(r, e, f, p)
					continue
				}
				if ap := v.FieldByName("AdditionalProperties"); ap.IsValid() && ap.Kind() == reflect.Map {
					if mv := ap.MapIndex(reflect.ValueOf(k)); mv.IsValid() {
						compare(r, e, mv, p)
						continue
					}
					r.Nil = append(r.Nil, p)
					continue
				}
				r.Undeclared = append(r.Undeclared, p)
			}
		case reflect.Map:
			for k, e := range d {
				p := path + "." + k
				mv := v.MapIndex(reflect.ValueOf(k).Convert(v.Type().Key()))
				if !mv.IsValid() {
					r.Nil = append(r.Nil, p)
					continue
				}
				compare(r, e, mv, p)
			}
		default:
			r.Mismatch = append(r.Mismatch, orRoot(path)+": object decoded into "+v.Type().String())
		}
	case []any:
		if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
			r.Mismatch = append(r.Mismatch, orRoot(path)+": array decoded into "+v.Type().String())
			return
		}
		if v.Len() != len(d) {
			r.Mismatch = append(r.Mismatch, fmt.Sprintf("%s: %d items decoded as %d", orRoot(path), len(d), v.Len()))
			return
		}
		for i, e := range d {
			compare(r, e, v.Index(i), path+"[]")
		}
	case string:
		if v.Kind() == reflect.String && v.String() != d {
			r.Mismatch = append(r.Mismatch, fmt.Sprintf("%s: %q decoded as %q", orRoot(path), d, v.String()))
		}
	case float64:
		var got float64
		switch v.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			got = float64(v.Int())
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			got = float64(v.Uint())
		case reflect.Float32, reflect.Float64:
			got = v.Float()
		default:
			return
		}
		if got != d {
			r.Mismatch = append(r.Mismatch, fmt.Sprintf("%s: %v decoded as %v", orRoot(path), d, got))
		}
	case bool:
		if v.Kind() == reflect.Bool && v.Bool() != d {
			r.Mismatch = append(r.Mismatch, fmt.Sprintf("%s: %v decoded as %v", orRoot(path), d, v.Bool()))
		}
	}
}

func orRoot(path string) string {
	if path == "" {
		return "(body)"
	}
	return path
}

// jsonFields maps JSON names to the fields of a struct value, the way
// encoding/json names them (tag, else field name), including the fields
// of embedded structs.
func jsonFields(v reflect.Value) map[string]reflect.Value {
	out := map[string]reflect.Value{}
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			for k, e := range jsonFields(v.Field(i)) {
				if _, ok := out[k]; !ok {
					out[k] = e
				}
			}
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = v.Field(i)
	}
	return out
}
