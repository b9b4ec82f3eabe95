package oasorder_test

import (
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/zoomgen/zoom/internal/oasorder"
)

func TestOperationsOrder(t *testing.T) {
	t.Parallel()
	doc := &openapi3.T{Paths: openapi3.NewPaths(
		openapi3.WithPath("/b", &openapi3.PathItem{Get: &openapi3.Operation{OperationID: "bGet"}, Delete: &openapi3.Operation{OperationID: "bDelete"}}),
		openapi3.WithPath("/a/{id}", &openapi3.PathItem{Put: &openapi3.Operation{OperationID: "aPut"}, Post: &openapi3.Operation{OperationID: "aPost"}}),
		openapi3.WithPath("/a", &openapi3.PathItem{Get: &openapi3.Operation{OperationID: "aGet"}}),
	)}
	want := []string{"GET /a aGet", "POST /a/{id} aPost", "PUT /a/{id} aPut", "DELETE /b bDelete", "GET /b bGet"}
	var got []string
	for o := range oasorder.Operations(doc) {
		got = append(got, o.Method+" "+o.Path+" "+o.Op.OperationID)
	}
	if len(got) != len(want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("operation %d: %q, want %q", i, got[i], want[i])
		}
	}
	for o := range oasorder.Operations(doc) {
		if o.Op.OperationID != "aGet" {
			t.Errorf("stopping after the first yielded %s", o.Op.OperationID)
		}
		break
	}
	for range oasorder.Operations(&openapi3.T{}) {
		t.Error("a document without paths has no operations")
	}
}
