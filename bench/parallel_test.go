//go:build unix

package bench

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// BenchmarkParallel makes calls from 1 to 512 concurrent callers over loopback, with
// HTTP/1.1 and with h2c, and reports the client's CPU time per call (cpu-ns/op) beside
// the wall time: with many callers the wall time is the server's and the scheduler's,
// while the CPU time is what a client costs the machine it runs on. The server is a
// process of its own (see startServer), so that the process's CPU time, from
// getrusage, is the client's alone.
//
//	BenchmarkParallel/h2c-c64/feign-2   ...   ns/op   cpu-ns/op   B/op   allocs/op
func BenchmarkParallel(b *testing.B) {
	for _, proto := range []string{"h1", "h2c"} {
		baseURL := startServer(b, proto)
		for _, callers := range []int{1, 8, 64, 512} {
			b.Run(fmt.Sprintf("%s-c%d", proto, callers), func(b *testing.B) {
				for _, name := range []string{"nethttp", "feign"} {
					b.Run(name, func(b *testing.B) { benchParallel(b, name, proto, baseURL, callers) })
				}
			})
		}
	}
}

func benchParallel(b *testing.B, name, proto, baseURL string, callers int) {
	calls := parallelCalls(b, name, proto, baseURL, callers)
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuTime()
	err := calls(b.N)
	cpu := cpuTime() - start
	b.StopTimer()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
}

// BenchmarkParallelPaired measures the same as BenchmarkParallel, the client's CPU time
// per call of feign against nethttp, in alternating blocks of calls, the order of the
// two swapped from one block pair to the next. Both then share the machine's load at
// the scale of tens of milliseconds rather than of a second, so the ratio, reported
// as feign/nethttp-cpu, varies far less from run to run than the ratio of two
// benchmarks run one after the other.
func BenchmarkParallelPaired(b *testing.B) {
	for _, proto := range []string{"h1", "h2c"} {
		baseURL := startServer(b, proto)
		for _, callers := range []int{1, 8, 64, 512} {
			b.Run(fmt.Sprintf("%s-c%d", proto, callers), func(b *testing.B) {
				netCalls := parallelCalls(b, "nethttp", proto, baseURL, callers)
				feignCalls := parallelCalls(b, "feign", proto, baseURL, callers)
				block := max(parallelBlock, 2*callers)
				var netCPU, feignCPU time.Duration
				measure := func(calls func(int) error, into *time.Duration) {
					start := cpuTime()
					if err := calls(block); err != nil {
						b.Fatal(err)
					}
					*into += cpuTime() - start
				}
				alternate(b, func() { measure(netCalls, &netCPU) }, func() { measure(feignCalls, &feignCPU) })
				b.ReportMetric(float64(feignCPU)/float64(netCPU), "feign/nethttp-cpu")
			})
		}
	}
}

// parallelBlock is how many calls a block of BenchmarkParallelPaired makes at least
// with one client before it switches to the other.
const parallelBlock = 256

// parallelCalls returns a function making n calls of the contender name from callers
// goroutines over a transport of its own, whose connections it opened.
func parallelCalls(b *testing.B, name, proto, baseURL string, callers int) func(n int) error {
	c, _ := contender(name)
	transport := newTransport(proto, callers)
	b.Cleanup(transport.CloseIdleConnections)
	api, closeAPI, err := c.New(baseURL, transport)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = closeAPI() })
	ctx := context.Background()
	calls := func(n int) error { // n calls from callers goroutines
		var next atomic.Int64
		var wg sync.WaitGroup
		errs := make(chan error, callers)
		for range callers {
			wg.Go(func() {
				for next.Add(1) <= int64(n) {
					if _, err := get(ctx, api); err != nil {
						errs <- err
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		return <-errs
	}
	if err := calls(callers); err != nil { // opens the connections
		b.Fatal(err)
	}
	return calls
}

// cpuTime returns the user and system CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
