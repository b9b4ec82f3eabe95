// Package spec embeds the generated OpenAPI document, spec/zoom.openapi.yaml,
// so that the mock Zoom API and the client layer read exactly the contract
// the Go client was generated from.
package spec

import (
	"context"
	_ "embed"
	"fmt"

	"github.com/getkin/kin-openapi/openapi3"
)

//go:embed zoom.openapi.yaml
var openAPIYAML []byte

// YAML returns the OpenAPI document as committed.
func YAML() []byte { return append([]byte(nil), openAPIYAML...) }

// Load parses and validates the embedded document. Each call returns a new
// copy, so callers may modify it.
func Load(ctx context.Context) (*openapi3.T, error) {
	doc, err := openapi3.NewLoader().LoadFromData(openAPIYAML)
	if err != nil {
		return nil, fmt.Errorf("spec: embedded OpenAPI document: %w", err)
	}
	if err := doc.Validate(ctx); err != nil {
		return nil, fmt.Errorf("spec: embedded OpenAPI document is invalid: %w", err)
	}
	return doc, nil
}
