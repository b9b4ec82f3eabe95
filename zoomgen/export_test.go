package zoomgen

import (
	"errors"
	"reflect"

	"github.com/getkin/kin-openapi/openapi3"
)

// CheckYAMLPaths lets the external tests (the large collection, the
// fuzz target) check that MarshalYAML's fast paths give what the slow,
// obviously right ones give: plainValue against the JSON round trip, and
// writeYAML against yaml.v3.
func CheckYAMLPaths(doc *openapi3.T) error {
	want, err := jsonValue(doc)
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

// WithoutPlaceholders lets the fuzz target check inferred schemas against
// examples as the converter writes them.
func WithoutPlaceholders(v any) any { return withoutPlaceholders(v) }

// InferMarked is inference as the converter merges it, numeric text
// marks included, so that the fuzz target's element-by-element reference
// merges the way the converter does.
func InferMarked(v any, formats bool) *openapi3.Schema { return inferSchema(v, formats) }

// Unmark removes the numeric text marks from a tree InferMarked built.
func Unmark(s *openapi3.Schema) *openapi3.Schema { return unmarkTree(s) }

// ConformExample lets the tests check examples the way the converter
// writes them beside their merged schema.
func ConformExample(v any, s *openapi3.Schema) any { return conformExample(v, s) }
