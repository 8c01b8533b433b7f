// Command outage measures how much load retries add when a service fails, with the
// default retry budget (package retrybudget: a tenth of the calls, at least 10 retries a
// second, over 10 s), against loopback servers: one in a full outage (every response
// 503), one failing 5 % of requests at random, and a quiet client of a flaky server.
//
//	go run ./internal/experiment/outage [-calls 10000] [-workers 8] [-runs 10]
//
// It prints the attempts per call the servers saw, the share of calls that succeeded
// (the mean over the runs and the worst run) and the retries the budget refused in all
// runs. The Retryer makes up to 5 attempts, with waits shortened to keep the run quick:
// the waits change when attempts happen, not how many there are.
//
// The quiet client makes one call a second to a server that fails half its requests,
// on a clock ten times fast: one call every 100 ms with a budget whose rates are ten
// times the default's over a tenth of the window (MinPerSecond 100, Window 1s), which
// is the default budget seen at that speed. It must never be refused a retry: that is
// the floor at work, which gRPC's retry throttling, modelled on the last line, lacks.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

// result is what one run measured.
type result struct {
	name      string
	calls     int
	attempts  float64 // requests the server saw per call
	succeeded float64 // in % of calls
	refused   int64   // retries the budget refused
}

func main() {
	calls := flag.Int("calls", 10000, "calls per run")
	workers := flag.Int("workers", 8, "concurrent callers")
	runs := flag.Int("runs", 10, "runs of each case")
	flag.Parse()
	fmt.Printf("%d calls, %d workers, %d runs, retryer: 5 attempts; default retry budget\n", *calls, *workers, *runs)
	fmt.Printf("%-36s %14s %14s %14s %9s\n", "", "attempts/call", "succeeded", "worst run", "refused")
	var all [][]result
	for range *runs {
		all = append(all, runAll(*calls, *workers))
	}
	for i := range all[0] {
		var attempts, succeeded float64
		var refused int64
		worst := 100.0
		for _, rs := range all {
			attempts += rs[i].attempts
			succeeded += rs[i].succeeded
			worst = min(worst, rs[i].succeeded)
			refused += rs[i].refused
		}
		n := float64(len(all))
		fmt.Printf("%-36s %13.4fx %13.3f%% %13.3f%% %9d\n", all[0][i].name, attempts/n, succeeded/n, worst, refused)
	}
	mean, worst := modelRuns(1000, *calls, 0.05)
	fmt.Printf("%-36s %14s %13.3f%% %13.3f%%\n", "5% random 503, gRPC throttling model", "", mean, worst)
}

// modelRuns runs the 5-attempt workload through a sequential model of gRPC's retry
// throttling with the default budget (10 tokens, 0.1 per success, retries only above
// half the tokens), runs times, and returns the mean and the worst share of calls
// that succeeded, in %.
func modelRuns(runs, calls int, failure float64) (mean, worst float64) {
	worst = 100
	for range runs {
		tokens, ok := 10.0, 0
		for range calls {
			for attempt := 1; ; attempt++ {
				if rand.Float64() >= failure {
					tokens = min(10, tokens+0.1)
					ok++
					break
				}
				tokens = max(0, tokens-1)
				if attempt == 5 || tokens <= 5 {
					break
				}
			}
		}
		share := 100 * float64(ok) / float64(calls)
		mean += share / float64(runs)
		worst = min(worst, share)
	}
	return mean, worst
}

func runAll(calls, workers int) []result {
	return []result{
		run("full outage (all 503)", calls, workers, 1, nil, 0),
		run("5% random 503", calls, workers, 0.05, nil, 0),
		run("full outage, no budget", calls, workers, 1, &runtime.RetryBudget{}, 0),
		run("1 call/s, 50% random 503 (10x fast)", quietCalls, 1, 0.5, &quietBudget, 100*time.Millisecond),
	}
}

// The quiet client: 20 calls, one every 100 ms, under the default budget ten times
// fast.
const quietCalls = 20

var quietBudget = runtime.RetryBudget{Ratio: 0.1, MinPerSecond: 100, Window: time.Second}

// run makes calls calls against a server that answers 503 with probability failure,
// with every pause between the calls of a worker.
func run(name string, calls, workers int, failure float64, budget *runtime.RetryBudget, every time.Duration) result {
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		if rand.Float64() < failure {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		io.WriteString(w, `{"ok":true}`)
	}))
	defer srv.Close()
	transport := &http.Transport{MaxIdleConnsPerHost: 2 * workers}
	defer transport.CloseIdleConnections()

	var refused atomic.Int64
	opts := []runtime.Option{
		runtime.WithHTTPClient(&http.Client{Transport: transport}),
		runtime.WithObserver(runtime.ObserverFunc(func(_ context.Context, e runtime.Event) {
			if e.Kind == runtime.BudgetRefused {
				refused.Add(1)
			}
		})),
		runtime.WithRetryer(retryer.New(100*time.Microsecond, time.Millisecond, 5, retryer.WithJitter(retryer.FullJitter))),
	}
	if budget != nil {
		opts = append(opts, runtime.WithRetryBudget(*budget))
	}
	client, err := runtime.New(srv.URL, opts...)
	if err != nil {
		panic(err) // the configuration above is valid
	}
	e := &runtime.Endpoint{MethodKey: "Outage#Get", Method: http.MethodGet}

	var next, ok atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for next.Add(1) <= int64(calls) {
				start := time.Now()
				if client.NewCall(context.Background(), e).Do() == nil {
					ok.Add(1)
				}
				time.Sleep(every - time.Since(start))
			}
		})
	}
	wg.Wait()
	return result{
		name:      name,
		calls:     calls,
		attempts:  float64(requests.Load()) / float64(calls),
		succeeded: 100 * float64(ok.Load()) / float64(calls),
		refused:   refused.Load(),
	}
}
