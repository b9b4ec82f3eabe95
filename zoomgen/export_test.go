package zoomgen

import (
	"errors"
	"reflect"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// CheckYAMLPaths lets the external tests (the large collection, the
// fuzz target) check that MarshalYAML's fast paths give what the slow,
// obviously right ones give: plainValue against the JSON round trip, and
// writeYAML against yaml.v3.
func CheckYAMLPaths(doc *openapi3.T) error {
	want, err := marshalYAMLViaJSON(doc)
	if err != nil {
		return err
	}
	got, err := plainValue(doc)
	if err != nil {
		return err
	}
	if !reflect.DeepEqual(got, want) {
		a, _ := yamlV3(want)
		b, _ := yamlV3(got)
		return errors.New("plainValue differs from the JSON round trip:\n" + diffLine(a, b))
	}
	ref, err := yamlV3(want)
	if err != nil {
		return err
	}
	if fast, err := writeYAML(want); err == nil && string(fast) != string(ref) {
		return errors.New("writeYAML differs from yaml.v3:\n" + diffLine(ref, fast))
	}
	return nil
}

// CheckReadPaths lets the external tests check that reading a file with
// its requests decoded in the whole-file pass (readDecoded), gives
// what the whole-file pass with each request decoded on its own
// (readFast), or else the item-by-item path (readSlow), gives: the same
// YAML, the same problems. It reports whether readDecoded took the file.
func CheckReadPaths(data []byte, opts Options) (bool, error) {
	read := func(decoded bool) (string, bool) {
		c := &converter{opts: opts, schemes: map[string]*openapi3.SecurityScheme{}, scopes: map[string]map[string]bool{}, tags: map[string]string{}, names: &nameCache{m: map[[2]string]nameText{}}}
		sc := scope{src: "check.json", vars: map[string]string{}}
		for k, v := range opts.Variables {
			sc.vars[k] = v
		}
		if decoded && !c.readDecoded(sc, data) {
			return "", false
		}
		if !decoded && !c.readFast(sc, data) {
			c.readSlow(sc, data)
		}
		c.readJobs()
		var out strings.Builder
		for _, p := range append(c.errs, c.warns...) {
			out.WriteString(p.Error() + "\n")
		}
		if len(c.errs) > 0 {
			return out.String(), true
		}
		doc, err := c.build()
		if err != nil {
			return out.String() + err.Error(), true
		}
		y, err := MarshalYAML(doc)
		if err != nil {
			return out.String() + err.Error(), true
		}
		return out.String() + string(y), true
	}
	got, ok := read(true)
	if !ok {
		return false, nil
	}
	want, ok := read(false)
	if !ok {
		return true, errors.New("readDecoded took a file that readFast and readSlow refuse")
	}
	if got != want {
		return true, errors.New("readDecoded differs from readFast/readSlow:\n" + diffLine([]byte(want), []byte(got)))
	}
	return true, nil
}
