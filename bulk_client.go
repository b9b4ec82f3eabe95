//go:build !zoomclient

package zoom

// classifyClient maps the client layer's typed errors to what the bulk
// engine does about them. Until the client layer lands this knows none.
func classifyClient(err error) (failure, bool) { return failure{}, false }
