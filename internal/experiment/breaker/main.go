// Command breaker puts a circuit breaker (runtime.WithCircuitBreaker) in front of a
// loopback backend that goes down and comes back, and counts the requests that reach it
// while the circuit is open: they should be the probes, about Probes per OpenFor, while
// every other call fails at once.
//
//	go run ./internal/experiment/breaker [-callers 8] [-up 1s] [-down 3s] [-after 2s]
//
// The backend answers 200 for -up, 503 for -down, then 200 again for -after; the
// callers call it in a loop, with a 5 ms pause, through a Retryer of 3 attempts and
// the default retry budget. The breaker opens when half the calls of 20 or more in
// 1 s failed, stays open 250 ms, and lets 1 probe decide. The same run without a
// breaker is the baseline.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofeign/feign/breaker"
	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

// phases is the backend's schedule.
type phases struct{ up, down, after time.Duration }

// cfg is the breaker of the run.
var cfg = breaker.Config{MinCalls: 20, Window: time.Second, OpenFor: 250 * time.Millisecond, Probes: 1}

// result is what one run measured.
type result struct {
	name           string
	inOutage       int64         // requests that reached the backend while it was down
	whileOpen      int64         // of which after the circuit first opened
	openFor        time.Duration // from the first opening to the end of the outage
	refused        int64         // calls the circuit refused without sending
	recoveredAfter time.Duration // from the end of the outage to the first success
}

func main() {
	callers := flag.Int("callers", 8, "concurrent callers")
	var p phases
	flag.DurationVar(&p.up, "up", time.Second, "time up before the outage")
	flag.DurationVar(&p.down, "down", 3*time.Second, "the outage")
	flag.DurationVar(&p.after, "after", 2*time.Second, "time up after it")
	flag.Parse()
	fmt.Printf("%d callers; backend up %v, down %v, up %v; breaker %+v\n", *callers, p.up, p.down, p.after, cfg)
	fmt.Printf("expected probe rate while open: %.1f/s\n", float64(cfg.Probes)/cfg.OpenFor.Seconds())
	fmt.Printf("%-12s %18s %18s %16s %16s\n", "", "requests in outage", "per s while open", "refused at once", "recovered after")
	for _, withBreaker := range []bool{false, true} {
		r := run(*callers, p, withBreaker)
		rate := "-"
		if r.openFor > 0 {
			rate = fmt.Sprintf("%.1f", float64(r.whileOpen)/r.openFor.Seconds())
		}
		fmt.Printf("%-12s %18d %18s %16d %16v\n", r.name, r.inOutage, rate, r.refused, r.recoveredAfter.Round(time.Millisecond))
	}
}

// run runs the schedule once, with or without the breaker.
func run(callers int, p phases, withBreaker bool) result {
	start := time.Now()
	downAt, upAt, end := start.Add(p.up), start.Add(p.up+p.down), start.Add(p.up+p.down+p.after)
	var firstOpen atomic.Int64 // UnixNano of the first refusal
	var mu sync.Mutex
	var outage []time.Time // when each request came while down
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		now := time.Now()
		if now.After(downAt) && now.Before(upAt) {
			mu.Lock()
			outage = append(outage, now)
			mu.Unlock()
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("{}"))
	}))
	defer srv.Close()
	transport := &http.Transport{MaxIdleConnsPerHost: callers}
	defer transport.CloseIdleConnections()

	var refused atomic.Int64
	opts := []runtime.Option{
		runtime.WithHTTPClient(&http.Client{Transport: transport}),
		runtime.WithRetryer(retryer.New(10*time.Millisecond, 50*time.Millisecond, 3)),
		runtime.WithObserver(runtime.ObserverFunc(func(_ context.Context, e runtime.Event) {
			if e.Kind == runtime.CircuitOpen {
				firstOpen.CompareAndSwap(0, time.Now().UnixNano())
			}
		})),
	}
	name := "no breaker"
	if withBreaker {
		name = "breaker"
		opts = append(opts, runtime.WithCircuitBreaker(cfg))
	}
	client, err := runtime.New(srv.URL, opts...)
	if err != nil {
		panic(err) // the options above are valid
	}
	e := &runtime.Endpoint{MethodKey: "Backend#Get", Method: http.MethodGet}

	var recovered atomic.Int64 // UnixNano of the first success after the outage
	var wg sync.WaitGroup
	for range callers {
		wg.Go(func() {
			for time.Now().Before(end) {
				err := client.NewCall(context.Background(), e).Do()
				switch {
				case errors.Is(err, runtime.ErrCircuitOpen):
					refused.Add(1)
				case err == nil && time.Now().After(upAt):
					recovered.CompareAndSwap(0, time.Now().UnixNano())
				}
				time.Sleep(5 * time.Millisecond)
			}
		})
	}
	wg.Wait()

	r := result{name: name, refused: refused.Load(), inOutage: int64(len(outage))}
	if t := recovered.Load(); t != 0 {
		r.recoveredAfter = time.Unix(0, t).Sub(upAt)
	}
	if t := firstOpen.Load(); t != 0 {
		opened := time.Unix(0, t)
		r.openFor = upAt.Sub(opened)
		for _, at := range outage {
			if at.After(opened) {
				r.whileOpen++
			}
		}
	}
	return r
}
