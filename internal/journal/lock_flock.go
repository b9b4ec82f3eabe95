//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package journal

import (
	"errors"
	"os"
	"syscall"
)

// lockFile takes an exclusive flock on f without waiting. flock belongs to
// the open file description, so a second Open of the same journal fails
// whether it comes from this process or another, and the kernel drops the
// lock when the holder's descriptor is closed, including when the process
// is killed (kill -9 leaves nothing stale behind). Go opens files
// close-on-exec, so a child process does not inherit the lock.
//
// Limit: on NFS, Linux emulates flock with fcntl locks, which other hosts
// see but which do not exclude a second Open within the same process.
func lockFile(f *os.File, path string) (unlock func(), err error) {
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	switch {
	case errors.Is(err, syscall.EWOULDBLOCK):
		return nil, &inUseError{path: path}
	case err != nil:
		return nil, &os.PathError{Op: "lock", Path: path, Err: err}
	}
	// Closing f releases the lock; nothing else to undo.
	return func() {}, nil
}
