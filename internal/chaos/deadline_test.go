package chaos

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/gofeign/feign/internal/faultserver"
	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

// The deadline invariant of the chaos run, exact: under testing/synctest the clock only
// moves while every goroutine of the test waits, so a call that returns after its
// deadline by any time at all waited for something after it: a backoff, a Retry-After,
// a stalled header or body, a losing hedge. Scheduler delays, which the loopback run
// must allow for, do not exist here, so the bound is zero.
//
// The transport plays the faults of the loopback run that take time (stalled headers
// and bodies, hangs, 429 with a Retry-After, 503, resets) without a network, which a
// synctest bubble cannot hold.

// fakeFault is what the fake transport does with one attempt.
type fakeFault uint8

const (
	fakeOK          fakeFault = iota
	fakeSlowHeaders           // the headers come after slowFor
	fakeSlowBody              // the body comes a few bytes every slowFor
	fakeHang                  // nothing comes until the attempt is cancelled
	fakeThrottled             // 429 with a Retry-After of 1s
	fakeUnavailable           // 503, no Retry-After
	fakeReset                 // the connection is reset before an answer
	nFakeFaults
)

const slowFor = 20 * time.Millisecond

// fakeTransport answers every attempt of a call with a fault drawn from the call's id
// and the attempt's number, and records when each attempt left.
type fakeTransport struct {
	mu        sync.Mutex
	attempts  map[string][]time.Time
	deadlines map[string]time.Time
	late      []string // attempts that left at or after their call's deadline
}

func (f *fakeTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	ctx := r.Context()
	id := r.Header.Get(faultserver.DefaultCallIDHeader)
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
		r.Body.Close()
	}
	now := time.Now()
	f.mu.Lock()
	f.attempts[id] = append(f.attempts[id], now)
	n := len(f.attempts[id])
	if d := f.deadlines[id]; !now.Before(d) {
		f.late = append(f.late, fmt.Sprintf("%s: attempt %d left %v after the deadline", id, n, now.Sub(d)))
	}
	f.mu.Unlock()

	h := fnv.New32a()
	fmt.Fprintf(h, "%s/%d", id, n)
	fault := fakeFault(h.Sum32() % uint32(nFakeFaults))
	if n == 1 && h.Sum32()%3 == 0 {
		fault = fakeOK // a third of the calls succeed at once
	}

	wait := func(d time.Duration) error {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	answer := func(status int, header http.Header, b io.Reader) *http.Response {
		if header == nil {
			header = http.Header{}
		}
		header.Set("Content-Type", "application/json")
		return &http.Response{StatusCode: status, Status: strconv.Itoa(status) + " " + http.StatusText(status),
			Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Header: header, Body: io.NopCloser(b), Request: r, ContentLength: -1}
	}
	sum := sha256.Sum256(body)
	echo, _ := json.Marshal(faultserver.Echo{CallID: id, Method: r.Method, Path: r.URL.EscapedPath(), SHA256: hex.EncodeToString(sum[:])})
	switch fault {
	case fakeSlowHeaders:
		if err := wait(slowFor); err != nil {
			return nil, err
		}
	case fakeSlowBody:
		return answer(http.StatusOK, nil, &slowReader{ctx: ctx, data: echo}), nil
	case fakeHang:
		<-ctx.Done()
		return nil, ctx.Err()
	case fakeThrottled:
		return answer(http.StatusTooManyRequests, http.Header{"Retry-After": {"1"}}, strings.NewReader(`{}`)), nil
	case fakeUnavailable:
		return answer(http.StatusServiceUnavailable, nil, strings.NewReader(`{}`)), nil
	case fakeReset:
		return nil, fmt.Errorf("read tcp: %w", syscall.ECONNRESET)
	}
	return answer(http.StatusOK, nil, bytes.NewReader(echo)), nil
}

// slowReader gives its data 8 bytes every slowFor, or the context's error once the
// attempt is cancelled.
type slowReader struct {
	ctx  context.Context
	data []byte
}

func (s *slowReader) Read(p []byte) (int, error) {
	if len(s.data) == 0 {
		return 0, io.EOF
	}
	t := time.NewTimer(slowFor)
	defer t.Stop()
	select {
	case <-t.C:
	case <-s.ctx.Done():
		return 0, s.ctx.Err()
	}
	n := copy(p[:min(len(p), 8)], s.data)
	s.data = s.data[n:]
	return n, nil
}

// TestDeadlineExactUnderFakeTime makes calls of every method, plain and hedged, with
// deadlines inside and beyond the faults' delays, and checks that none returns a moment
// after its deadline and no attempt leaves at or after it.
func TestDeadlineExactUnderFakeTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		transport := &fakeTransport{attempts: map[string][]time.Time{}, deadlines: map[string]time.Time{}}
		common := []runtime.Option{
			runtime.WithHTTPClient(&http.Client{Transport: transport}),
			runtime.WithRetryer(retryer.New(2*time.Millisecond, 20*time.Millisecond, maxAttempts,
				retryer.WithJitter(retryer.EqualJitter), retryer.WithMaxRetryAfter(maxRetryAfter))),
			runtime.WithRetryBudget(runtime.RetryBudget{}),
		}
		plainClient, err := NewOrders("http://chaos.test", common...)
		if err != nil {
			t.Fatal(err)
		}
		hedgedClient, err := NewOrders("http://chaos.test", append(common,
			runtime.WithHedging(runtime.Hedging{Delay: 5 * time.Millisecond, MaxAttempts: 3}))...)
		if err != nil {
			t.Fatal(err)
		}

		const calls = 300
		deadlines := []time.Duration{tightDeadline, 50 * time.Millisecond, shortDeadline, longDeadline}
		var mu sync.Mutex
		var late []string
		outcomes := map[string]int{}
		var wg sync.WaitGroup
		for i := range calls {
			wg.Go(func() {
				id := "d" + strconv.Itoa(i)
				client := plainClient
				if i%4 == 3 {
					client = hedgedClient
				}
				ctx, cancel := context.WithTimeout(context.Background(), deadlines[i%len(deadlines)])
				defer cancel()
				deadline, _ := ctx.Deadline()
				transport.mu.Lock()
				transport.deadlines[id] = deadline
				transport.mu.Unlock()
				p := Payload{Call: id, Data: strings.Repeat("x", i%50)}
				var err error
				switch i % 5 {
				case 0:
					_, err = client.Get(ctx, id)
				case 1:
					_, err = client.Put(ctx, id, p)
				case 2:
					_, err = client.Create(ctx, id, p)
				case 3:
					_, err = client.Confirm(ctx, id, p)
				case 4:
					_, err = client.Pay(ctx, id, p)
				}
				end := time.Now()
				mu.Lock()
				defer mu.Unlock()
				if end.After(deadline) {
					late = append(late, fmt.Sprintf("%s: returned %v after its deadline: %v", id, end.Sub(deadline), err))
				}
				switch {
				case err == nil:
					outcomes["ok"]++
				case errors.Is(err, context.DeadlineExceeded):
					outcomes["deadline"]++
				default:
					outcomes["other error"]++
				}
			})
		}
		wg.Wait()

		for _, l := range late {
			t.Error(l)
		}
		for _, l := range transport.late {
			t.Error(l)
		}
		// The mix must reach the deadline often, and succeed often, or it proves little.
		if outcomes["deadline"] < calls/10 || outcomes["ok"] < calls/10 {
			t.Errorf("outcomes %v: too few deadlines or successes to prove anything", outcomes)
		}
		t.Logf("outcomes: %v", outcomes)
	})
}
