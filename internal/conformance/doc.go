// Package conformance checks zoomgen's output against the OpenAPI document a
// Postman collection was made from (the "truth"): Zoom API 2.0.0 in
// ../shared/corpus/zoom-api-2.0.0, with the collection Postman's converter
// makes of it.
//
// Four checks, run by `make conformance` (TestConformance, gated by
// ZOOMGEN_CONFORMANCE=1 because it generates and builds a client for all of
// Zoom's 373 operations):
//
//	(a) decode: for every (operation, 2xx status) of the truth, data valid
//	    under the truth's response schema (Sample) decodes with the client
//	    generated from the converted collection, and every field that client
//	    declares and the data carries comes back non-nil and equal.
//	(b) facts: precision and recall of the converted document's facts
//	    (Facts) against the truth's (Compare): recall counted on the facts
//	    the collection carries (CarriedSubjects); precision leaving out
//	    properties that only the truth's own examples show
//	    (ExampleSubjects).
//	(c) names: adding the whole collection to a copy of spec/postman and
//	    regenerating the way generate.go does changes no exported name of
//	    gen/ (ExportedAPI).
//	(d) committed operations: every parameter and body property the truth
//	    declares for an operation in spec/zoom.openapi.yaml is there, with
//	    the truth's type.
//
// The helpers are plain functions with their own unit tests, which run in
// `make test`; only the end-to-end run needs the corpus.
package conformance
