// Package benchcpu adds a cpu-ns/op metric to benchmarks: the process's
// CPU time (user and system, all goroutines, the GC's included) per
// iteration. On a shared, busy 2-core machine wall time per operation
// mostly measures the neighbours; CPU time still compares two pieces of
// code like for like.
package benchcpu

import (
	"syscall"
	"testing"
	"time"
)

// Report starts counting; call what it returns when the loop is done:
// defer benchcpu.Report(b)() before the loop.
func Report(b *testing.B) func() {
	start := processCPU()
	return func() {
		if b.N > 0 {
			b.ReportMetric(float64(processCPU()-start)/float64(b.N), "cpu-ns/op")
		}
	}
}

// processCPU is the CPU time the process has used so far; 0 where the
// system cannot say, which makes the metric 0 rather than wrong.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
