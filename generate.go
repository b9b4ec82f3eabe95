package zoom

// The pipeline: Postman items in spec/postman → spec/zoom.openapi.yaml
// (zoomgen, with the facts in spec/zoom.overlay.yaml) → gen/ (oapi-codegen,
// configured by spec/oapi-codegen.yaml). zoomgen is this module's own;
// oapi-codegen runs at the version pinned in tools/go.mod (see tools.go).
// Nothing is installed globally.
//go:generate go run ./cmd/zoomgen -overlay spec/zoom.overlay.yaml -o spec/zoom.openapi.yaml spec/postman
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
