//go:build !demo

package main

import (
	"context"
	"errors"
)

// demoBuilt says whether this build has demo mode.
const demoBuilt = false

// demoWebinarNote is empty: this build has no mock webinar to name.
func demoWebinarNote() string { return "" }

// startDemo refuses: this build has no mock Zoom API in it (see demo.go).
func startDemo(context.Context) (*demo, error) {
	return nil, errors.New("this zoom-register was built without demo mode: set them to register with Zoom, or build with -tags demo (as `make` does) to register against a built-in mock")
}
