package zoomgen

import (
	"reflect"
	"slices"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// TestParameterFields pins the fields of openapi3.Parameter that
// plainParameter knows: a kin-openapi upgrade that adds one fails here
// rather than dropping the field from every written spec.
func TestParameterFields(t *testing.T) {
	want := []string{"Extensions", "Origin", "Name", "In", "Description", "Style", "Explode", "AllowEmptyValue",
		"AllowReserved", "Deprecated", "Required", "Schema", "Example", "Examples", "Content"}
	typ := reflect.TypeFor[openapi3.Parameter]()
	var got []string
	for i := range typ.NumField() {
		got = append(got, typ.Field(i).Name)
	}
	if !slices.Equal(got, want) {
		t.Errorf("openapi3.Parameter has fields %v, plainParameter knows %v: update plainParameter", got, want)
	}
}
