package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"
)

// TestMainJobInDemoMode runs the README's main job end to end: the mock on
// loopback, the generated client, a 201 with one line per registrant.
func TestMainJobInDemoMode(t *testing.T) {
	t.Setenv("ZOOM_ACCESS_TOKEN", "")
	var out bytes.Buffer
	if err := run(context.Background(), &out); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	text := out.String()
	if !strings.HasPrefix(text, "DEMO MODE") {
		t.Errorf("output does not start by saying it is in demo mode:\n%s", text)
	}
	lines := regexp.MustCompile(`(?m)^  \S+@\S+ +registrant_id=[\w-]+ join_url=https://\S+\?tk=REDACTED$`).FindAllString(text, -1)
	if len(lines) != 2 || !strings.Contains(text, "201 Created") {
		// The join URLs' tk= secrets must not reach the output either.
		t.Errorf("want 201 Created and two registrant lines, got:\n%s", text)
	}
}
