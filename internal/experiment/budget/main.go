// Command budget shows what the retry budget of package retrybudget does for clients of
// every size, in a model that runs in memory on a simulated clock: the budget is the
// real one, the server and the Retryer are modelled, and a seed makes every run the
// same.
//
//	go run ./internal/experiment/budget [-seed 1]
//
// Each call is deposited in the budget when it starts. An attempt takes 2 to 8 ms and
// fails with the scenario's probability; a failed attempt is retried the way
// retryer.Default retries (5 attempts, the first included, after 100 ms growing by 1.5
// up to 1 s, with full jitter) if the budget allows it (TryWithdraw, asked before the
// wait, as the runtime asks). It prints three goals:
//
//   - (a) a quiet client, one call a second to a server failing half the time, gets
//     every retry its Retryer wants, where gRPC's retry throttling (modelled: 10
//     tokens, 0.1 back per success, retries only above 5) refuses half of them; its
//     successes are what 5 attempts at 50 % give, 1 − 0.5⁵ ≈ 96.9 %;
//   - (b) in a full outage, retries add at most Ratio (10 %) of the calls at high
//     volume, and about max(Ratio, MinPerSecond·Window / calls in the window) at lower
//     rates, the package's formula, which the "formula" column computes;
//   - (c) with 5 % random failures, every one of ten runs of 10,000 calls succeeds at
//     99.99 % or more with at most 1.06 attempts a call: the budget lets every retry
//     through.
package main

import (
	"container/heap"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"time"

	"github.com/gofeign/feign/retrybudget"
)

// budget is what the model asks before each retry; Outcome tells it how an attempt
// ended, which only gRPC's throttling uses.
type budget interface {
	Deposit()
	TryWithdraw() bool
	Outcome(failed bool)
}

// ratioBudget is the budget of package retrybudget.
type ratioBudget struct{ *retrybudget.Budget }

func (ratioBudget) Outcome(bool) {}

// grpcThrottle models gRPC's retry throttling with its recommended settings.
type grpcThrottle struct{ tokens float64 }

func (*grpcThrottle) Deposit()            {}
func (g *grpcThrottle) TryWithdraw() bool { return g.tokens > 5 }
func (g *grpcThrottle) Outcome(failed bool) {
	if failed {
		g.tokens = max(g.tokens-1, 0)
	} else {
		g.tokens = min(g.tokens+0.1, 10)
	}
}

// scenario is one workload.
type scenario struct {
	name     string
	failure  float64       // probability that an attempt fails
	calls    int           // calls in all
	workers  int           // > 0: this many callers, each calling again as soon as a call ends
	interval time.Duration // workers == 0: a call starts every interval, whatever the others do
	grpc     bool          // gRPC's throttling instead of the retry budget
	seed     uint64
}

// result is what a scenario measured.
type result struct {
	calls, attempts, succeeded int
	wanted, refused            int // retries the Retryer wanted, and those the budget refused
	span                       time.Duration
}

func (r result) perCall() float64    { return float64(r.attempts) / float64(r.calls) }
func (r result) successPct() float64 { return 100 * float64(r.succeeded) / float64(r.calls) }

// Retryer model: retryer.Default.
const (
	maxAttempts = 5
	period      = 100 * time.Millisecond
	maxPeriod   = time.Second
)

// event is something that happens at a simulated instant; seq orders events of the same
// instant by when they were scheduled, so runs are deterministic.
type event struct {
	at  time.Time
	seq int
	do  func()
}

type queue []event

func (q queue) Len() int { return len(q) }
func (q queue) Less(i, j int) bool {
	return q[i].at.Before(q[j].at) || q[i].at.Equal(q[j].at) && q[i].seq < q[j].seq
}
func (q queue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *queue) Push(x any)   { *q = append(*q, x.(event)) }
func (q *queue) Pop() any {
	old := *q
	e := old[len(old)-1]
	*q = old[:len(old)-1]
	return e
}

// sim is a simulation: a clock, the events to come and the scenario's state.
type sim struct {
	now     time.Time
	seq     int
	events  queue
	rng     *rand.Rand
	budget  budget
	started int
	res     result
}

func (s *sim) at(t time.Time, do func()) {
	s.seq++
	heap.Push(&s.events, event{at: t, seq: s.seq, do: do})
}

// run plays sc and returns what it measured.
func run(sc scenario) result {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	s := &sim{now: start, rng: rand.New(rand.NewPCG(sc.seed, 0x5eed))}
	if sc.grpc {
		s.budget = &grpcThrottle{tokens: 10}
	} else {
		b, err := retrybudget.New(retrybudget.Config{Ratio: 0.1, MinPerSecond: 10, Window: 10 * time.Second},
			retrybudget.WithClock(func() time.Time { return s.now }))
		if err != nil {
			panic(err) // a constant, valid Config
		}
		s.budget = ratioBudget{b}
	}
	var next func() // what a caller does when its call ends
	if sc.workers > 0 {
		next = func() { s.startCall(sc, next) }
		for range sc.workers {
			s.at(s.now, next)
		}
	} else {
		next = func() {}
		for i := range sc.calls {
			s.at(start.Add(time.Duration(i)*sc.interval), func() { s.startCall(sc, next) })
		}
	}
	for s.events.Len() > 0 {
		e := heap.Pop(&s.events).(event)
		s.now = e.at
		e.do()
	}
	s.res.span = s.now.Sub(start)
	return s.res
}

// startCall starts a call unless all have been started, and calls done when it ends.
func (s *sim) startCall(sc scenario, done func()) {
	if s.started == sc.calls {
		return
	}
	s.started++
	s.res.calls++
	s.budget.Deposit()
	s.attempt(sc, 1, done)
}

// attempt sends attempt n of a call and schedules what follows its end.
func (s *sim) attempt(sc scenario, n int, done func()) {
	s.res.attempts++
	latency := 2*time.Millisecond + time.Duration(s.rng.Int64N(int64(6*time.Millisecond)))
	s.at(s.now.Add(latency), func() {
		failed := s.rng.Float64() < sc.failure
		s.budget.Outcome(failed)
		switch {
		case !failed:
			s.res.succeeded++
		case n == maxAttempts:
		default:
			s.res.wanted++
			if !s.budget.TryWithdraw() {
				s.res.refused++
				break
			}
			s.at(s.now.Add(s.backoff(n)), func() { s.attempt(sc, n+1, done) })
			return
		}
		done()
	})
}

// backoff is retryer.Default's wait after attempt n: full jitter over
// min(period·1.5ⁿ, maxPeriod).
func (s *sim) backoff(n int) time.Duration {
	d := period
	for range n {
		d = d * 3 / 2
	}
	return time.Duration(s.rng.Int64N(int64(min(d, maxPeriod))))
}

// formula is the package doc's estimate of attempts per call in a full outage, for a
// client making rate calls a second: 1 + max(Ratio, MinPerSecond·Window / calls in the
// window), capped by the Retryer.
func formula(rate float64) float64 {
	return min(1+max(0.1, 10*10/(rate*10)), maxAttempts)
}

// row is a line of the table.
type row struct {
	goal, name string
	formula    float64 // 0: none
	res        result
}

// scenarios returns the table's rows for seed.
func scenarios(seed uint64) []row {
	var rows []row
	add := func(goal string, sc scenario, f float64) {
		sc.seed += seed
		rows = append(rows, row{goal, sc.name, f, run(sc)})
	}
	quiet := scenario{name: "1 call/s, 50% fail", failure: 0.5, calls: 3600, interval: time.Second}
	add("a", quiet, 0)
	quiet.name, quiet.grpc = "1 call/s, 50% fail, gRPC throttling", true
	add("a", quiet, 0)
	add("b", scenario{name: "outage, 8 workers back to back", failure: 1, calls: 10_000, workers: 8}, 0)
	for _, rate := range []float64{1000, 100, 50, 20, 10, 1} {
		calls := int(rate * 60) // a minute: six windows
		add("b", scenario{
			name:    fmt.Sprintf("outage, %g call%s/s", rate, map[bool]string{true: "s"}[rate != 1]),
			failure: 1, calls: calls, interval: time.Duration(float64(time.Second) / rate),
		}, formula(rate))
	}
	for i := range 10 {
		add("c", scenario{
			name:    fmt.Sprintf("5%% fail, 8 workers, run %d", i+1),
			failure: 0.05, calls: 10_000, workers: 8, seed: uint64(i),
		}, 0)
	}
	return rows
}

func print(w io.Writer, rows []row) {
	fmt.Fprintf(w, "%-4s %-38s %7s %9s %13s %8s %8s %8s %10s\n",
		"goal", "scenario", "calls", "span", "attempts/call", "formula", "wanted", "refused", "succeeded")
	for _, r := range rows {
		f := ""
		if r.formula > 0 {
			f = fmt.Sprintf("%.3f", r.formula)
		}
		fmt.Fprintf(w, "%-4s %-38s %7d %9s %13.4f %8s %8d %8d %9.3f%%\n",
			"("+r.goal+")", r.name, r.res.calls, r.res.span.Round(time.Second), r.res.perCall(), f,
			r.res.wanted, r.res.refused, r.res.successPct())
	}
}

func main() {
	seed := flag.Uint64("seed", 1, "seed of the simulation")
	flag.Parse()
	fmt.Println("retry budget: Ratio 0.1, MinPerSecond 10, Window 10s; Retryer: 5 attempts, retryer.Default's backoff")
	print(os.Stdout, scenarios(*seed))
}
