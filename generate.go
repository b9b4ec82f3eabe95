package zoom

// The pipeline: Postman items in spec/postman → spec/zoom.openapi.yaml
// (zoomgen, with the facts in spec/zoom.overlay.yaml) → gen/ (oapi-codegen,
// configured by spec/oapi-codegen.yaml). zoomgen is this module's own;
// oapi-codegen runs at the version pinned in tools/go.mod (see tools.go).
// Nothing is installed globally. The Go names of operations and types
// come from the reviewed table spec/zoom.names.yaml, which new names are
// appended to, so that adding endpoints never renames one.
//go:generate go run ./cmd/zoomgen -names spec/zoom.names.yaml -overlay spec/zoom.overlay.yaml -o spec/zoom.openapi.yaml spec/postman
//go:generate go tool -modfile=tools/go.mod oapi-codegen -config spec/oapi-codegen.yaml spec/zoom.openapi.yaml
// Error-code constants from the document's x-error-codes, named in the
// reviewed table spec/zoom.codes.yaml, which new codes are appended to
// (zoom_codes.gen.go).
//go:generate go run ./internal/cmd/zoomcodes -spec spec/zoom.openapi.yaml -codes spec/zoom.codes.yaml -o zoom_codes.gen.go
// The operation table the transport routes by (operations.gen.go) and an
// iterator for every paginated operation (pages.gen.go), from the document
// and the client generated above, so that nothing is parsed at run time
// and no endpoint's pagination is written by hand.
//go:generate go run ./internal/cmd/zoomops -spec spec/zoom.openapi.yaml -gen gen/zoom.gen.go -ops operations.gen.go -pages pages.gen.go
// The exported API of every public package (gen/ included), one file per
// package in api/: new identifiers are appended; a removed or changed one
// fails until its line in api/ is edited by hand (an explicit break).
// Last in this package, so that it sees the code the generators above
// just wrote; webhook/ generates after this package, so a change of its
// event types reaches api/ on the next run (make test's drift check asks
// for it).
//go:generate go run ./internal/cmd/apicheck -dir api
