package webhook

// The event types: example payloads in spec/webhooks → schemas inferred by
// zoomgen.InferSchema (spec/webhooks.openapi.yaml, plus the event table in
// events_index.gen.go) → oapi-codegen, models only (events.gen.go).
//go:generate go run ../internal/cmd/zoomevents -in ../spec/webhooks -spec ../spec/webhooks.openapi.yaml -o events_index.gen.go
//go:generate go tool -modfile=../tools/go.mod oapi-codegen -config ../spec/webhooks.oapi-codegen.yaml ../spec/webhooks.openapi.yaml
