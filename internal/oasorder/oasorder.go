// Package oasorder walks an OpenAPI document's operations in one fixed
// order, by path and then method, so that everything generated from a
// document (names, tables, constants) does not depend on map order.
package oasorder

import (
	"iter"
	"maps"
	"slices"

	"github.com/getkin/kin-openapi/openapi3"
)

// Operation is one operation with where it stands.
type Operation struct {
	Path, Method string
	Op           *openapi3.Operation
}

// Operations yields doc's operations sorted by path, then by method.
func Operations(doc *openapi3.T) iter.Seq[Operation] {
	return func(yield func(Operation) bool) {
		if doc == nil || doc.Paths == nil {
			return
		}
		for _, path := range slices.Sorted(maps.Keys(doc.Paths.Map())) {
			ops := doc.Paths.Value(path).Operations()
			for _, method := range slices.Sorted(maps.Keys(ops)) {
				if !yield(Operation{Path: path, Method: method, Op: ops[method]}) {
					return
				}
			}
		}
	}
}
