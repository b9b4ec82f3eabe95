//go:build tools

package zoom

// Pins the code generator to the version in go.mod, so that `go generate`
// uses exactly that version rather than whatever is installed.
import (
	_ "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
)
