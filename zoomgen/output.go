package zoomgen

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/speakeasy-api/openapi/overlay/loader"
	"gopkg.in/yaml.v3"
)

// ApplyOverlay applies an OpenAPI Overlay 1.0 document to doc and returns
// the result, validated. Overlays carry facts that a Postman item cannot,
// such as Zoom's 30-registrant limit or the 201 status the live API sends.
// Every action's target must match something: an overlay that silently
// stopped applying after a spec change would be a lost fact.
func ApplyOverlay(ctx context.Context, doc *openapi3.T, overlay []byte, name string) (*openapi3.T, error) {
	ov, err := loader.LoadOverlayFromReader(bytes.NewReader(overlay))
	if err != nil {
		return nil, fmt.Errorf("overlay %s: %w", name, err)
	}
	if err := ov.Validate(); err != nil {
		return nil, fmt.Errorf("overlay %s is not valid: %w", name, err)
	}
	js, err := doc.MarshalJSON()
	if err != nil {
		return nil, err
	}
	var node yaml.Node
	if err := yaml.Unmarshal(js, &node); err != nil {
		return nil, err
	}
	if problems, err := ov.ApplyToStrict(&node); err != nil {
		return nil, fmt.Errorf("overlay %s: %w %v", name, err, problems)
	}
	out, err := yaml.Marshal(&node)
	if err != nil {
		return nil, err
	}
	loaded, err := openapi3.NewLoader().LoadFromData(out)
	if err != nil {
		return nil, fmt.Errorf("overlay %s made the document unreadable: %w", name, err)
	}
	if err := loaded.Validate(ctx); err != nil {
		return nil, fmt.Errorf("overlay %s made the document invalid: %w", name, err)
	}
	return loaded, nil
}

// MarshalYAML writes doc as YAML with every mapping's keys sorted, so the
// same document always gives the same bytes and diffs stay reviewable.
func MarshalYAML(doc *openapi3.T) ([]byte, error) {
	js, err := doc.MarshalJSON()
	if err != nil {
		return nil, err
	}
	// Decoding into generic maps and encoding again sorts the keys; JSON
	// numbers go through json.Number so that large integers keep their
	// digits.
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	v = yamlValue(v)
	if out, err := writeYAML(v); err == nil {
		return out, nil
	}
	return yamlV3(v)
}

// yamlV3 writes v with yaml.v3 itself: the reference writeYAML follows,
// and the fallback for documents it does not handle.
func yamlV3(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// yamlValue turns json.Number into the int64 or float64 yaml.v3 knows how to
// write as a number.
func yamlValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = yamlValue(e)
		}
	case []any:
		for i, e := range x {
			x[i] = yamlValue(e)
		}
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		if f, err := x.Float64(); err == nil {
			return f
		}
		return x.String()
	}
	return v
}
