//go:build tools

package zoom

// Pins the tools the build runs to the versions in go.mod, so that
// `go generate`, `make lint` and `make bench` use exactly those versions
// rather than whatever happens to be installed.
import (
	_ "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
	_ "golang.org/x/perf/cmd/benchstat"
	_ "honnef.co/go/tools/cmd/staticcheck"
)
