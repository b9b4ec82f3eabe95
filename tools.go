//go:build tools

// The tools the build runs (oapi-codegen for `go generate`, staticcheck
// for `make lint`, benchstat for `make bench`) are pinned in tools/go.mod,
// a module of its own with a `tool` directive, and run with
// `go tool -modfile=tools/go.mod NAME`. A file that imported them here
// would put them, and their dependencies, into the go.mod and go.sum of
// every module that imports github.com/zoomgen/zoom (`go mod tidy` reads
// every build tag); a `tool` directive in this module's go.mod would keep
// them in those modules' module graph, raising the versions they select.
// TestConsumerModule checks that neither happens. This file pins nothing.

package zoom
