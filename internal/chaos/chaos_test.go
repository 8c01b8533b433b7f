package chaos

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"runtime/metrics"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/internal/faultserver"
	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

// The full run: go test ./internal/chaos -run Chaos -chaos.calls=10000 -v
// The default go test ./... runs a short one.
var (
	flagCalls     = flag.Int("chaos.calls", 600, "calls of the chaos run, split evenly over HTTP/1.1, h2c and h2")
	flagSeed      = flag.Uint64("chaos.seed", 1, "seed of the fault plans and of the calls")
	flagWorkers   = flag.Int("chaos.workers", 12, "calls in flight at once per protocol")
	flagOvershoot = flag.Duration("chaos.overshoot", 5*time.Millisecond, "how long a call may outlive its deadline (without -race)")
)

// overshootBound is how long a call may outlive its deadline: -chaos.overshoot, except
// under the race detector, which makes goroutine switches so slow on a loaded 2-core
// machine that a call woken by its deadline was seen to wait 46ms for its turn. The
// 5ms bound is the full run's, without -race.
//
// On top of it, a call may take schedHandoffs times the longest time any goroutine of
// the process waited to run during the run (runtime/metrics' /sched/latencies:seconds):
// returning after a deadline takes that many goroutine switches (the call's goroutine
// wakes, the transport's goroutine hands back the cancelled attempt, the call's
// goroutine returns), each of which a loaded machine may delay. What the runtime itself
// may add, zero, TestDeadlineExactUnderFakeTime checks under testing/synctest, where no
// scheduler delay exists; this run keeps catching waits it should not make (a
// Retry-After or a stalled body outlasting the deadline) on a real network.
func overshootBound() time.Duration {
	if raceEnabled {
		return max(*flagOvershoot, 100*time.Millisecond)
	}
	return *flagOvershoot
}

// schedHandoffs is how many scheduler delays a call returning after its deadline may
// meet (see overshootBound).
const schedHandoffs = 3

// schedLatencies returns the histogram of the process's scheduling latencies so far.
func schedLatencies() *metrics.Float64Histogram {
	sample := []metrics.Sample{{Name: "/sched/latencies:seconds"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindFloat64Histogram {
		return nil
	}
	return sample[0].Value.Float64Histogram()
}

// longestSchedLatency returns the upper bound of the highest bucket that gained counts
// between before and after: the longest a goroutine waited to run in between.
func longestSchedLatency(before, after *metrics.Float64Histogram) time.Duration {
	if before == nil || after == nil || len(before.Counts) != len(after.Counts) {
		return 0
	}
	for i := len(after.Counts) - 1; i >= 0; i-- {
		if after.Counts[i] > before.Counts[i] {
			bound := after.Buckets[i+1]
			if math.IsInf(bound, 1) {
				bound = 2 * after.Buckets[i]
			}
			return time.Duration(bound * float64(time.Second))
		}
	}
	return 0
}

// The client's policies: short real times, because the run is real loopback.
const (
	maxAttempts   = 4
	maxRetryAfter = 1500 * time.Millisecond // between the 1s and 2s Retry-After of 429 faults
	shortDeadline = 250 * time.Millisecond
	tightDeadline = 15 * time.Millisecond   // within the 10–20ms of slow faults
	longDeadline  = 2500 * time.Millisecond // long enough to wait out a 1s Retry-After
	maxErrorBody  = 64 << 10                // errordecoder's default MaxBodyBytes
	// waitSlack is what a wait between attempts, measured at the client's transport,
	// may exceed its cap by: the scheduling delays of a loaded 2-core machine (seen up
	// to 400ms when other builds run), far below the 2s Retry-After a 429 fault asks,
	// which must end the call at once instead.
	waitSlack = 250 * time.Millisecond
)

// faultWeights is the mix of faults of the run: half the requests misbehave.
var faultWeights = map[faultserver.Kind]int{
	faultserver.None:                50,
	faultserver.ResetBeforeResponse: 5,
	faultserver.ResetAfterRead:      5,
	faultserver.TruncatedBody:       4,
	faultserver.SlowHeaders:         5,
	faultserver.SlowBody:            4,
	faultserver.TooManyRequests:     6,
	faultserver.ServerError:         8,
	faultserver.GoAway:              4,
	faultserver.HugeErrorBody:       2,
	faultserver.AbsurdRetryAfter:    3,
}

// method is a method of Orders.
type method uint8

const (
	get     method = iota // GET
	put                   // PUT
	create                // plain POST
	confirm               // //feign:idempotent POST
	pay                   // POST with an Idempotency-Key
)

var methodNames = []string{"GET", "PUT", "POST", "POST idempotent", "POST Idempotency-Key"}

// target is the client a call goes through.
type target uint8

const (
	plain   target = iota
	hedged         // a client built with runtime.WithHedging
	refused        // a client whose base URL refuses connections
)

var targetNames = []string{"", "hedged ", "refused "}

// op is a kind of call: a method through a client, with its weight in the run.
type op struct {
	method method
	target target
	weight int
}

var ops = []op{
	{get, plain, 20}, {put, plain, 14}, {create, plain, 18}, {confirm, plain, 9}, {pay, plain, 6},
	{get, hedged, 12}, {confirm, hedged, 5}, {create, hedged, 6},
	{get, refused, 4}, {create, refused, 6},
}

func (o op) String() string { return targetNames[o.target] + methodNames[o.method] }

// mayRepeat reports whether the server may process the call more than once.
func (o op) mayRepeat() bool { return o.method != create }

// result is one call as the client saw it.
type result struct {
	id       string
	op       op
	observed time.Time // when the process first ran something after the deadline; zero if before the call ended
	payload  *Payload  // nil for GET
	wantSHA  string    // of the body the server must see
	start    time.Time
	deadline time.Time
	end      time.Time
	echo     *faultserver.Echo
	err      error
}

// transportCounter counts the attempts of every call, by call id, as they leave the
// runtime, the longest wait between the end of one attempt and the start of the next,
// and the response bodies still open. It also sees, from the client's side, whether an
// attempt leaves sooner than a Retry-After the runtime had already read: the server's
// clock cannot tell that for hedged calls, whose hedges may be on their way when the
// answer asking for a pause is.
type transportCounter struct {
	next        http.RoundTripper
	mu          sync.Mutex
	attempts    map[string]int
	lastEnd     map[string]time.Time
	longestWait time.Duration
	open        atomic.Int64

	pause map[string]pause // by call id: the latest Retry-After the runtime has read
	early []earlyAttempt   // attempts sent sooner than a Retry-After the runtime had read
}

func newTransportCounter(next http.RoundTripper) *transportCounter {
	return &transportCounter{next: next, attempts: map[string]int{}, lastEnd: map[string]time.Time{}, pause: map[string]pause{}}
}

// earlyAttempt is an attempt that left after the runtime read a Retry-After and before
// it ended, late after the answer: what it says, and how long after the answer it left.
type earlyAttempt struct {
	what  string
	after time.Duration
}

// pause is a Retry-After as the client saw it: read (its body closed by the runtime)
// at read, asking for no attempt before until.
type pause struct{ read, until time.Time }

// handOver bounds the time between the runtime closing an answer's body and its
// deciding on it; an attempt leaving in that window was decided before the answer.
func handOver() time.Duration {
	if raceEnabled {
		return 20 * time.Millisecond
	}
	return 2 * time.Millisecond
}

func (c *transportCounter) RoundTrip(r *http.Request) (*http.Response, error) {
	id := r.Header.Get(faultserver.DefaultCallIDHeader)
	now := time.Now()
	c.mu.Lock()
	c.attempts[id]++
	if end, ok := c.lastEnd[id]; ok {
		c.longestWait = max(c.longestWait, now.Sub(end))
	}
	if p, ok := c.pause[id]; ok && now.After(p.read.Add(handOver())) && now.Before(p.until) {
		c.early = append(c.early, earlyAttempt{fmt.Sprintf("%s: attempt %d left %v after the answer, %v before its Retry-After ended",
			id, c.attempts[id], now.Sub(p.read), p.until.Sub(now)), now.Sub(p.read)})
	}
	c.mu.Unlock()
	resp, err := c.next.RoundTrip(r)
	c.mu.Lock()
	c.lastEnd[id] = time.Now() // the retryer's wait starts after the error is decoded: a bit later
	c.mu.Unlock()
	if err != nil {
		return nil, err
	}
	c.open.Add(1)
	body := &countedBody{ReadCloser: resp.Body, open: &c.open}
	if until, ok := errordecoder.ParseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
		body.onClose = func() {
			c.mu.Lock()
			defer c.mu.Unlock()
			if p := c.pause[id]; until.After(p.until) {
				c.pause[id] = pause{read: time.Now(), until: until}
			}
		}
	}
	resp.Body = body
	return resp, nil
}

func (c *transportCounter) of(id string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.attempts[id]
}

type countedBody struct {
	io.ReadCloser
	open    *atomic.Int64
	once    sync.Once
	onClose func() // if not nil, run by the first Close
}

func (b *countedBody) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(func() {
		b.open.Add(-1)
		if b.onClose != nil {
			b.onClose()
		}
	})
	return err
}

// figures are what a run measured.
type figures struct {
	calls           map[string]int
	faults          map[string]int
	outcomes        map[string]int
	violations      map[string]int
	examples        []string
	attempts        map[int]int // calls by client attempts
	serverRequests  int
	maxOvershoot    time.Duration // wall clock: end - deadline
	maxLibOvershoot time.Duration // end - the first moment the process ran after the deadline
	maxSched        time.Duration // the longest a goroutine waited to run, in any protocol's run
	longestWait     time.Duration
	maxErrorBody    int
	conns           faultserver.ConnCounts
}

func newFigures() *figures {
	return &figures{calls: map[string]int{}, faults: map[string]int{}, outcomes: map[string]int{},
		violations: map[string]int{}, attempts: map[int]int{}}
}

func (f *figures) violate(invariant, format string, args ...any) {
	f.violations[invariant]++
	if len(f.examples) < 20 {
		f.examples = append(f.examples, invariant+": "+fmt.Sprintf(format, args...))
	}
}

func (f *figures) String() string {
	var b strings.Builder
	total := 0
	for _, n := range f.calls {
		total += n
	}
	fmt.Fprintf(&b, "calls: %d\n", total)
	writeCounts(&b, "calls by kind", f.calls)
	fmt.Fprintf(&b, "server requests: %d\n", f.serverRequests)
	writeCounts(&b, "faults injected by kind", f.faults)
	writeCounts(&b, "outcomes by kind", f.outcomes)
	attempts := map[string]int{}
	sum, calls := 0, 0
	for n, c := range f.attempts {
		attempts[fmt.Sprintf("%d attempts", n)] = c
		sum += n * c
		calls += c
	}
	writeCounts(&b, "client attempts per call", attempts)
	if calls > 0 {
		fmt.Fprintf(&b, "mean attempts per call: %.3f\n", float64(sum)/float64(calls))
	}
	nViolations := 0
	for _, n := range f.violations {
		nViolations += n
	}
	fmt.Fprintf(&b, "invariant violations: %d\n", nViolations)
	writeCounts(&b, "violations by invariant", f.violations)
	fmt.Fprintf(&b, "max deadline overshoot: %v after the process first ran past the deadline (wall clock, scheduler delays included: %v)\n",
		f.maxLibOvershoot, f.maxOvershoot)
	fmt.Fprintf(&b, "longest scheduling latency: %v (a call may outlive its deadline by the bound and %d of these)\n",
		f.maxSched, schedHandoffs)
	fmt.Fprintf(&b, "longest wait between attempts (client transport): %v (cap %v)\n", f.longestWait, maxRetryAfter)
	fmt.Fprintf(&b, "largest HTTPError.Body: %d bytes (cap %d)\n", f.maxErrorBody, maxErrorBody)
	fmt.Fprintf(&b, "server connections: %d opened, %d closed, %d hijacked, %d open at the end\n",
		f.conns.New, f.conns.Closed, f.conns.Hijacked, f.conns.Open())
	return b.String()
}

func writeCounts(b *strings.Builder, title string, counts map[string]int) {
	if len(counts) == 0 {
		return
	}
	fmt.Fprintf(b, "%s:\n", title)
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(b, "  %-40s %6d\n", k, counts[k])
	}
}

// TestChaos makes -chaos.calls calls of every kind through generated clients against
// fault-injecting servers of each protocol, then checks the invariants of issue 7 on
// both sides and prints the figures (with -v).
//
// Hedging, the retry budget and the runtime's deadlines are configured but, until they
// are implemented, no-ops: the invariants hold either way, and no figure below is
// asserted that depends on them. Re-run this after they land.
func TestChaos(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	fig := newFigures()
	protos := []faultserver.Protocol{faultserver.HTTP1, faultserver.H2C, faultserver.H2TLS}
	begin := time.Now()
	for i, proto := range protos {
		calls := *flagCalls / len(protos)
		if i < *flagCalls%len(protos) {
			calls++
		}
		runProtocol(t, proto, *flagSeed+uint64(i), i*(*flagCalls), calls, fig)
	}
	t.Logf("chaos run, seed %d, %d workers per protocol, %v, deadline bound %v:\n%s", *flagSeed, *flagWorkers,
		time.Since(begin).Round(time.Millisecond), overshootBound(), fig)
	if len(fig.violations) > 0 {
		t.Errorf("invariants violated:\n%s", strings.Join(fig.examples, "\n"))
	}
}

// runProtocol makes calls calls numbered from first against one server of proto and
// checks them.
func runProtocol(t *testing.T, proto faultserver.Protocol, seed uint64, first, calls int, fig *figures) {
	server := faultserver.New(faultserver.NewPlan(seed, faultserver.Params{
		Weights:    faultWeights,
		MaxBurst:   4,
		Slow:       20 * time.Millisecond,
		MaxSeconds: 2,
		HugeBytes:  2 << 20,
	}), faultserver.Options{Protocol: proto})
	defer server.Close()
	transport := server.Transport()
	counter := newTransportCounter(transport)
	refusedURL, err := faultserver.RefusedURL()
	require.NoError(t, err)
	require.NoError(t, server.Warm(transport))

	common := []runtime.Option{
		runtime.WithHTTPClient(&http.Client{Transport: counter}),
		runtime.WithRetryer(retryer.New(2*time.Millisecond, 20*time.Millisecond, maxAttempts,
			retryer.WithJitter(retryer.EqualJitter), retryer.WithMaxRetryAfter(maxRetryAfter))),
		// Generous enough that retries still happen at this fault rate: half the calls
		// may retry, on top of the default floor.
		runtime.WithRetryBudget(runtime.RetryBudget{Ratio: 0.5}),
	}
	clients := make([]Orders, 3)
	clients[plain], err = NewOrders(server.URL, common...)
	require.NoError(t, err)
	clients[hedged], err = NewOrders(server.URL, append(common,
		runtime.WithHedging(runtime.Hedging{Delay: 5 * time.Millisecond, MaxAttempts: 3}))...)
	require.NoError(t, err)
	clients[refused], err = NewOrders(refusedURL, common...)
	require.NoError(t, err)

	results := make([]result, calls)
	schedBefore := schedLatencies()
	var next atomic.Int64
	var wg sync.WaitGroup
	for range *flagWorkers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= calls {
					return
				}
				results[i] = makeCall(clients, seed, first+i)
			}
		})
	}
	wg.Wait()
	sched := longestSchedLatency(schedBefore, schedLatencies())
	fig.maxSched = max(fig.maxSched, sched)

	// Every connection the clients opened must close once they let go of idle ones: a
	// response body left open would hold its connection.
	transport.CloseIdleConnections()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conns, err := server.WaitConnsClosed(ctx)
	if err != nil {
		fig.violate("no leaked connection", "%v: %d connections still open: %+v", proto, conns.Open(), conns)
	}
	fig.conns.New += conns.New
	fig.conns.Closed += conns.Closed
	fig.conns.Hijacked += conns.Hijacked
	if open := counter.open.Load(); open != 0 {
		fig.violate("every response body closed", "%v: %d bodies left open", proto, open)
	}
	server.Close()
	fig.longestWait = max(fig.longestWait, counter.longestWait)
	for _, early := range counter.early {
		// An attempt decided before the answer (a hedge whose timer fired) may leave
		// later than handOver when its goroutine waited that long to run: on a loaded
		// machine, the longest wait to run measured during the run excuses it. A
		// runtime that waited, but not out the Retry-After, leaves far later.
		if early.after <= handOver()+sched {
			continue
		}
		fig.violate("never sooner than Retry-After", "%v: %s", proto, early.what)
	}
	if counter.longestWait > maxRetryAfter+waitSlack {
		fig.violate("Retry-After capped", "%v: a call waited %v between attempts", proto, counter.longestWait)
	}
	check(proto, results, server.Records(), counter, sched, fig)
}

// makeCall makes call number n, drawn from a generator seeded with (seed, n) so that
// the same call is the same whatever worker makes it.
func makeCall(clients []Orders, seed uint64, n int) result {
	rng := rand.New(rand.NewPCG(seed, uint64(n)))
	r := result{id: "c" + strconv.Itoa(n), op: pick(rng)}
	if r.op.method != get {
		data := make([]byte, 16+rng.IntN(240))
		for i := range data {
			data[i] = 'a' + byte(rng.IntN(26))
		}
		r.payload = &Payload{Call: r.id, Data: string(data)}
	}
	r.wantSHA = hashOf(r.payload)
	timeout := shortDeadline
	switch n := rng.IntN(100); {
	case n < 3:
		timeout = longDeadline
	case n < 13:
		timeout = tightDeadline // often ends inside a slow fault or a backoff
	}

	r.start = time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	r.deadline, _ = ctx.Deadline()
	// The deadline's timer wakes this as soon as the scheduler lets it: the yardstick for
	// a call that returns late because the whole process was not running.
	var observed atomic.Int64
	stop := context.AfterFunc(ctx, func() { observed.Store(time.Now().UnixNano()) })
	defer stop()
	c := clients[r.op.target]
	switch r.op.method {
	case get:
		r.echo, r.err = c.Get(ctx, r.id)
	case put:
		r.echo, r.err = c.Put(ctx, r.id, *r.payload)
	case create:
		r.echo, r.err = c.Create(ctx, r.id, *r.payload)
	case confirm:
		r.echo, r.err = c.Confirm(ctx, r.id, *r.payload)
	case pay:
		r.echo, r.err = c.Pay(ctx, r.id, *r.payload)
	}
	r.end = time.Now()
	if ns := observed.Load(); ns != 0 {
		r.observed = time.Unix(0, ns)
	}
	return r
}

func pick(rng *rand.Rand) op {
	total := 0
	for _, o := range ops {
		total += o.weight
	}
	n := rng.IntN(total)
	for _, o := range ops {
		if n < o.weight {
			return o
		}
		n -= o.weight
	}
	panic("unreachable")
}

// hashOf is the SHA-256 of the body codec.JSON sends for p (json.Marshal's bytes).
func hashOf(p *Payload) string {
	var body []byte
	if p != nil {
		body, _ = json.Marshal(p)
	}
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

// check checks every invariant of one protocol's run and adds its figures to fig.
func check(proto faultserver.Protocol, results []result, records []faultserver.Record, counter *transportCounter, sched time.Duration, fig *figures) {
	byCall := map[string][]faultserver.Record{}
	for _, rec := range records {
		fig.faults[rec.Fault.Kind.String()]++
		byCall[rec.CallID] = append(byCall[rec.CallID], rec)
	}
	fig.serverRequests += len(records)
	for _, recs := range byCall {
		slices.SortFunc(recs, func(a, b faultserver.Record) int { return a.Arrived.Compare(b.Arrived) })
	}

	for _, r := range results {
		fig.calls[r.op.String()]++
		recs := byCall[r.id]
		attempts := counter.of(r.id)
		fig.attempts[attempts]++
		where := fmt.Sprintf("%v %s %s", proto, r.id, r.op)

		outcome, typed := classify(r)
		fig.outcomes[outcome]++
		if !typed {
			fig.violate("every call ends in a success or a typed error", "%s: %T %v", where, r.err, r.err)
		}
		if r.err == nil && (r.echo == nil || r.echo.CallID != r.id || r.echo.SHA256 != r.wantSHA) {
			fig.violate("a result answers its own call", "%s: got %+v", where, r.echo)
		}
		var callErr *runtime.CallError
		if errors.As(r.err, &callErr) && r.op.target != hedged && callErr.Attempts != attempts {
			fig.violate("CallError.Attempts counts the attempts sent", "%s: says %d, sent %d", where, callErr.Attempts, attempts)
		}
		var httpErr *errordecoder.HTTPError
		if errors.As(r.err, &httpErr) {
			fig.maxErrorBody = max(fig.maxErrorBody, len(httpErr.Body))
			if len(httpErr.Body) > maxErrorBody {
				fig.violate("error bodies capped", "%s: %d bytes", where, len(httpErr.Body))
			}
		}
		// A call must return within flagOvershoot of its deadline. On a loaded machine
		// the whole process may not run for a while after the deadline: the overshoot
		// counts from the first moment it ran, and the wall-clock one is reported too;
		// the scheduling delays the run measured are allowed for (see overshootBound).
		if over := r.end.Sub(r.deadline); over > 0 {
			fig.maxOvershoot = max(fig.maxOvershoot, over)
			lib := time.Duration(0) // returned before anything else ran past the deadline
			if !r.observed.IsZero() {
				since := r.observed
				if since.Before(r.deadline) {
					since = r.deadline
				}
				lib = max(r.end.Sub(since), 0)
			}
			fig.maxLibOvershoot = max(fig.maxLibOvershoot, lib)
			if bound := overshootBound() + schedHandoffs*sched; lib > bound {
				fig.violate("no call outlives its deadline", "%s: by %v (%v wall clock), bound %v", where, lib, over, bound)
			}
		}

		// No plain POST processed twice: once the server has acted on it, the client
		// must never send it again.
		if !r.op.mayRepeat() {
			for i, rec := range recs {
				if rec.Processed && i != len(recs)-1 {
					fig.violate("no POST processed twice", "%s: attempt %d of %d was processed (%v), then sent again",
						where, i+1, len(recs), rec.Fault.Kind)
				}
			}
		}
		// A 2xx body cut off while the client read it is retried like a broken
		// connection when the call may be repeated, so only a plain POST ends with it.
		if outcome == "2xx body broken" && r.op.mayRepeat() {
			fig.violate("a broken 2xx body is retried when it may be", "%s: %v", where, r.err)
		}
		// Every attempt carries the same body, the one the caller gave.
		for _, rec := range recs {
			if rec.BodyRead && hex.EncodeToString(rec.BodySHA256[:]) != r.wantSHA {
				fig.violate("every retried body identical to the first", "%s: seq %d", where, rec.Seq)
			}
		}
		checkWaits(where, r, recs, fig)
		checkAttempts(where, r, recs, attempts, outcome, fig)
	}
}

// checkWaits checks the waits between a call's attempts as the server saw them: never
// sooner than a Retry-After asked. (The cap is checked at the client's transport.)
func checkWaits(where string, r result, recs []faultserver.Record, fig *figures) {
	for i := 1; i < len(recs); i++ {
		prev, rec := recs[i-1], recs[i]
		if r.op.target == hedged {
			continue // attempts overlap: the client's transport checks them (transportCounter)
		}
		if !prev.NotBefore.IsZero() && rec.Arrived.Before(prev.NotBefore) {
			fig.violate("never sooner than Retry-After", "%s: attempt %d came %v early (%q)",
				where, i+1, prev.NotBefore.Sub(rec.Arrived), prev.RetryAfter)
		}
	}
}

// checkAttempts checks that client and server count the same attempts, where they can
// be expected to: Go's Transport itself resends an idempotent request once when a
// reused connection breaks, and an attempt cut short by the deadline may never reach
// the handler.
func checkAttempts(where string, r result, recs []faultserver.Record, attempts int, outcome string, fig *figures) {
	// A call whose deadline passed before its first attempt could start (a worker
	// descheduled on a loaded machine) rightly sends nothing.
	if attempts < 1 && outcome != "deadline" {
		fig.violate("every call makes an attempt", "%s: %s", where, outcome)
	}
	if r.op.target == refused {
		if len(recs) != 0 {
			fig.violate("refused calls reach no server", "%s", where)
		}
		// A refused connection was never established: every method is retried, POST
		// included, until the Retryer gives up, or the retry budget ends the call
		// sooner (classified "budget-exhausted").
		if outcome == "retries-exhausted-transport" && attempts != maxAttempts {
			fig.violate("refused calls retried to the last attempt", "%s: %d attempts", where, attempts)
		}
		return
	}
	if r.op.target == hedged || deadlineOutcome(outcome) {
		return // cancelled attempts may or may not have reached the handler
	}
	for _, rec := range recs {
		switch rec.Fault.Kind {
		case faultserver.ResetBeforeResponse, faultserver.ResetAfterRead, faultserver.TruncatedBody:
			if r.op.mayRepeat() {
				return // the Transport may have resent it on its own
			}
		}
	}
	if len(recs) != attempts {
		fig.violate("client and server count the same attempts", "%s: client %d, server %d", where, attempts, len(recs))
	}
}

func deadlineOutcome(outcome string) bool {
	return outcome == "deadline" || outcome == "gave up before the deadline"
}

// classify names how a call ended and reports whether its error is typed: a
// *runtime.CallError whose cause errors.Is or errors.As recognises.
func classify(r result) (string, bool) {
	if r.err == nil {
		return "ok", true
	}
	var callErr *runtime.CallError
	if !errors.As(r.err, &callErr) {
		return "untyped", false
	}
	var httpErr *errordecoder.HTTPError
	var retryable *errordecoder.RetryableError
	var urlErr *url.Error
	var netErr net.Error
	var streamErr h2StreamError
	switch {
	case errors.Is(r.err, retryer.ErrRetryAfterTooLong):
		return "retry-after-too-long", true
	case errors.Is(r.err, runtime.ErrBudgetExhausted):
		return "budget-exhausted", true
	case errors.Is(r.err, context.DeadlineExceeded):
		if r.end.Before(r.deadline) {
			return "gave up before the deadline", true // the next wait would have passed it
		}
		return "deadline", true
	case errors.As(r.err, &httpErr):
		if errors.As(r.err, &retryable) {
			return "retries-exhausted-" + strconv.Itoa(httpErr.StatusCode), true
		}
		return "http-" + strconv.Itoa(httpErr.StatusCode), true
	case errors.As(r.err, &retryable):
		return "retries-exhausted-transport", true
	case errors.As(r.err, &urlErr):
		return "transport-not-retried", true
	case errors.Is(r.err, io.ErrUnexpectedEOF), errors.As(r.err, &netErr), errors.As(r.err, &streamErr):
		return "2xx body broken", true // a reset or an early end while decoding
	}
	return fmt.Sprintf("other %T", callErr.Err), false
}

// h2StreamError has the shape of golang.org/x/net/http2.StreamError, which net/http's
// own (unexported) HTTP/2 stream error converts itself to with errors.As: how a test
// recognises an HTTP/2 stream reset without depending on x/net.
type h2StreamError struct {
	StreamID uint32
	Code     uint32
	Cause    error
}

func (e h2StreamError) Error() string { return "stream error " + strconv.Itoa(int(e.StreamID)) }
