//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd)

package journal

import (
	"os"
	"path/filepath"
	"sync"
)

// held lists the journals open in this process, by absolute path.
var held = struct {
	sync.Mutex
	paths map[string]bool
}{paths: map[string]bool{}}

// lockFile is the fallback where flock is not available (Windows, Plan 9,
// Solaris, wasm...): it keeps two runs of this process (bulk.Register or
// Resume calls) off the same journal, but does NOT exclude another
// process. Two zoom-register commands with the same -journal on such a
// system are not detected; run one at a time. (A lock file would detect
// them but, left behind by a killed run, would need a staleness rule that
// cannot be made safe without a way to tell a live holder from a dead one.)
func lockFile(_ *os.File, path string) (unlock func(), err error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	held.Lock()
	defer held.Unlock()
	if held.paths[abs] {
		return nil, &inUseError{path: path}
	}
	held.paths[abs] = true
	return func() {
		held.Lock()
		delete(held.paths, abs)
		held.Unlock()
	}, nil
}
