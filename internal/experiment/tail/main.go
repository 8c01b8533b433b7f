// Command tail measures how hedging cuts tail latency, against a loopback server whose
// latency is heavy-tailed: most requests take about 2 ms, a few straggle for 300 ms.
//
//	go run ./internal/experiment/tail [-calls 20000] [-workers 16]
//
// It makes the same calls without hedging, with a fixed hedging delay and with the
// adaptive delay, and prints p50, p99, p99.9 and the extra requests the server saw.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofeign/feign/runtime"
)

// config is one experiment.
type config struct {
	calls, workers int
	fast, slow     time.Duration // the usual latency, and the stragglers'
	stragglers     float64       // the share of stragglers
}

// result is what one run measured.
type result struct {
	name           string
	p50, p99, p999 time.Duration
	extra          float64 // requests beyond one per call, in % of calls
	failed         int
}

func main() {
	cfg := config{fast: 2 * time.Millisecond, slow: 300 * time.Millisecond, stragglers: 0.02}
	flag.IntVar(&cfg.calls, "calls", 20000, "calls per run")
	flag.IntVar(&cfg.workers, "workers", 16, "concurrent callers")
	delay := flag.Duration("delay", 10*time.Millisecond, "the fixed hedging delay")
	percentile := flag.Float64("percentile", 95, "the adaptive hedging percentile")
	flag.Parse()

	fmt.Printf("%d calls, %d workers; server: %.0f%% of requests ~%v, %.0f%% ~%v\n",
		cfg.calls, cfg.workers, 100*(1-cfg.stragglers), cfg.fast, 100*cfg.stragglers, cfg.slow)
	fmt.Printf("%-28s %9s %9s %9s %8s\n", "", "p50", "p99", "p99.9", "extra")
	for _, r := range runAll(cfg, *delay, *percentile) {
		fmt.Printf("%-28s %9v %9v %9v %7.2f%%\n", r.name,
			r.p50.Round(10*time.Microsecond), r.p99.Round(10*time.Microsecond), r.p999.Round(10*time.Microsecond), r.extra)
		if r.failed > 0 {
			fmt.Fprintf(os.Stderr, "%s: %d calls failed\n", r.name, r.failed)
			os.Exit(1)
		}
	}
}

// runAll runs the three variants.
func runAll(cfg config, delay time.Duration, percentile float64) []result {
	return []result{
		run(cfg, "no hedging", nil),
		run(cfg, fmt.Sprintf("hedging after %v", delay), &runtime.Hedging{Delay: delay, MaxAttempts: 2}),
		run(cfg, fmt.Sprintf("hedging at p%v", percentile), &runtime.Hedging{Percentile: percentile, Delay: delay, MaxAttempts: 2}),
	}
}

// run makes cfg.calls calls of one endpoint on a fresh server and client.
func run(cfg config, name string, hedging *runtime.Hedging) result {
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		d := cfg.fast/2 + rand.N(cfg.fast) // uniform around fast
		if rand.Float64() < cfg.stragglers {
			d = cfg.slow
		}
		timer := time.NewTimer(d)
		defer timer.Stop()
		select {
		case <-timer.C:
			io.WriteString(w, `{"ok":true}`)
		case <-r.Context().Done(): // a cancelled hedge loser
		}
	}))
	defer srv.Close()
	transport := &http.Transport{MaxIdleConnsPerHost: 4 * cfg.workers}
	defer transport.CloseIdleConnections()

	opts := []runtime.Option{runtime.WithHTTPClient(&http.Client{Transport: transport})}
	if hedging != nil {
		opts = append(opts, runtime.WithHedging(*hedging))
	}
	client, err := runtime.New(srv.URL, opts...)
	if err != nil {
		panic(err) // the configurations above are valid
	}
	e := &runtime.Endpoint{MethodKey: "Tail#Get", Method: http.MethodGet}

	latencies := make([]time.Duration, cfg.calls)
	var next atomic.Int64
	var failed atomic.Int64
	var wg sync.WaitGroup
	for range cfg.workers {
		wg.Go(func() {
			for {
				i := next.Add(1) - 1
				if i >= int64(cfg.calls) {
					return
				}
				start := time.Now()
				if err := client.NewCall(context.Background(), e).Do(); err != nil {
					failed.Add(1)
				}
				latencies[i] = time.Since(start)
			}
		})
	}
	wg.Wait()
	slices.Sort(latencies)
	return result{
		name:   name,
		p50:    quantile(latencies, 0.5),
		p99:    quantile(latencies, 0.99),
		p999:   quantile(latencies, 0.999),
		extra:  100 * float64(requests.Load()-int64(cfg.calls)) / float64(cfg.calls),
		failed: int(failed.Load()),
	}
}

// quantile returns the q-quantile of sorted, by the nearest-rank method.
func quantile(sorted []time.Duration, q float64) time.Duration {
	i := int(q*float64(len(sorted)) + 0.5)
	return sorted[min(max(i-1, 0), len(sorted)-1)]
}
