// Command outage measures how much load retries add when a service fails, with the
// default retry budget, against loopback servers: one in a full outage (every response
// 503) and one failing 5 % of requests at random.
//
//	go run ./internal/experiment/outage [-calls 10000] [-workers 8]
//
// It prints the attempts per call the servers saw and the share of calls that
// succeeded. The Retryer makes up to 5 attempts, with waits shortened to keep the run
// quick: the waits change when attempts happen, not how many there are.
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
}

func main() {
	calls := flag.Int("calls", 10000, "calls per run")
	workers := flag.Int("workers", 8, "concurrent callers")
	flag.Parse()
	fmt.Printf("%d calls, %d workers, retryer: 5 attempts; default retry budget\n", *calls, *workers)
	fmt.Printf("%-28s %16s %10s\n", "", "attempts/call", "succeeded")
	for _, r := range runAll(*calls, *workers) {
		fmt.Printf("%-28s %15.4fx %9.3f%%\n", r.name, r.attempts, r.succeeded)
	}
}

func runAll(calls, workers int) []result {
	return []result{
		run("full outage (all 503)", calls, workers, 1, nil),
		run("5% random 503", calls, workers, 0.05, nil),
		run("full outage, no budget", calls, workers, 1, &runtime.RetryBudget{}),
	}
}

// run makes calls calls against a server that answers 503 with probability failure.
func run(name string, calls, workers int, failure float64, budget *runtime.RetryBudget) result {
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

	opts := []runtime.Option{
		runtime.WithHTTPClient(&http.Client{Transport: transport}),
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
				if client.NewCall(context.Background(), e).Do() == nil {
					ok.Add(1)
				}
			}
		})
	}
	wg.Wait()
	return result{
		name:      name,
		calls:     calls,
		attempts:  float64(requests.Load()) / float64(calls),
		succeeded: 100 * float64(ok.Load()) / float64(calls),
	}
}
