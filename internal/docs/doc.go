// Package docs has no code: its tests hold README.md and
// examples/README.md to what the Makefile and the commands do, so that a
// claim there fails a test when it stops being true.
package docs
