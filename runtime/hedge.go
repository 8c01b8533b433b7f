package runtime

import (
	"context"
	"sync"
	"time"
)

// hedging returns the Client's Hedging if this call may be hedged, or nil.
func (c *Call) hedging() *Hedging {
	h := c.client.hedging
	if h == nil || c.endpoint.NoHedge || c.endpoint.NoRetry || c.stream != nil || !c.mayHedge() {
		return nil
	}
	return h
}

// hedgeDelay returns the delay before each extra attempt of a round, or false when the
// round sends none unless an attempt fails.
func (c *callCore) hedgeDelay(h *Hedging, lat *latency) (time.Duration, bool) {
	if lat != nil {
		if d, ok := lat.current(); ok {
			return d, true
		}
		return h.Delay, h.Delay > 0 // warming up
	}
	return h.Delay, true
}

// run makes one round of concurrent attempts and leaves its outcome in out: the
// first acceptable result, or the last retryable failure when every attempt failed so.
//
// The round starts with one attempt and sends another whenever the delay passes, or at
// once when an attempt fails retryably while another is in flight, up to
// h.MaxAttempts, each extra attempt drawing on the retry budget. Every attempt has its
// own request and a context of its own; the first result that is not a retryable
// failure wins, and the round cancels the others, waits for them and closes their
// bodies before it returns.
//
// With a delay, the first attempt runs inline on the caller's goroutine, and once its
// transport watches its context a timer waits for the delay (see armLocked): most calls
// answer before it, and then cost no goroutine at all.
// When it fires, its goroutine runs the rest of the round (see fire): it sends the
// extra attempts, each on a goroutine of its own, and takes the first attempt's outcome
// when the caller's goroutine hands it over; the caller waits for the round to end.
// Without a delay every attempt runs on a goroutine of its own from the start. Requests
// are built, and interceptors run, on the goroutine that runs the round.
func (r *hedgeRound) run(out *attempt) {
	c, h := &r.call, r.h
	if h.Percentile > 0 {
		r.lat = c.client.latencyOf(c.endpoint)
	}
	r.track = r.lat != nil || c.observed
	r.delay, r.more = c.hedgeDelay(h, r.lat)
	if r.more && r.delay > 0 {
		r.inline(out)
		return
	}
	r.hedgeRace = &hedgeRace{done: make(chan *attempt, h.MaxAttempts)}
	if failed := r.launch(false); failed != nil {
		*out = *failed
		return
	}
	for r.more && r.delay == 0 && r.winner == nil {
		r.extra()
	}
	r.wait(nil)
	*out = *r.finish()
}

// hedgeRound is the state of a round of hedged attempts. Only one goroutine at a time
// runs the round: the caller's, or once the timer of an inline first attempt fired,
// the timer's (fire), while the caller's only sends that attempt.
type hedgeRound struct {
	call callCore // what the round's attempts use of the Call, shared by its goroutines
	h    *Hedging
	lat  *latency // the endpoint's latencies, for a Percentile

	mu    sync.Mutex    // guards timer, disarmed and firstCtx, and hedgeRace while an inline first attempt and fire may both make it
	delay time.Duration // before the first extra attempt

	// The attempts that race, made with the first extra attempt: a round whose inline
	// first attempt ends before the delay, as most do, never needs it.
	*hedgeRace

	// An inline first attempt is on the caller's stack, out of the round's reach: the
	// round keeps what the timer's goroutine needs of it, and that goroutine makes a
	// stand-in for it in running (see fire) until the caller hands its outcome over.
	firstCtx attemptCtx  // its context
	timer    *time.Timer // fires the first extra attempt after it; armed by its transport (see armLocked)

	result resultBody // the body of the round's result, as readResult wraps it

	// firstValues holds the values of the inline first attempt's request header when
	// they fit: those of most calls (an Accept, a User-Agent, an Authorization) then
	// cost no allocation of their own.
	firstValues [3]string

	w     want
	sent  uint8 // attempts sent, up to MaxAttempts (5)
	track bool  // attempts' start times are needed
	more  bool  // the round may send extra attempts

	disarmed bool // the inline first attempt ended: its timer is never armed after that
}

// hedgeRace is the state of a round's attempts once more than one may run.
type hedgeRace struct {
	done     chan *attempt // ended attempts; buffered, so an attempt never blocks on it
	finished chan struct{} // closed once the timer's goroutine ended the round (see fire)
	running  []*attempt    // in flight, but for an inline first attempt before fire
	winner   *attempt      // and, once the timer's goroutine ended the round, its outcome
	last     *attempt      // the last retryable failure
}

// inline runs the first attempt in a, on the caller's goroutine, while the timer waits
// for the delay, then leaves the round's outcome in a: the first attempt's alone when
// the timer did not fire, or what the timer's goroutine made of the round.
func (r *hedgeRound) inline(a *attempt) {
	if !r.startInline(a) {
		return
	}
	r.call.exchange(r.w, a)
	if r.disarm() {
		// fire runs the round: hand it this attempt's outcome, in a copy it may keep.
		handed := new(attempt)
		*handed = *a
		r.race().done <- handed
		<-r.finished
		*a = *r.winner
		return
	}
	r.call.settleAlone(a, r.lat, r.h)
}

// armLocked starts the timer of the inline first attempt, when its transport first watches
// the attempt's context (attemptCtx.Done): every net/http transport does as it sends
// the request. An attempt whose transport never does cannot be cancelled, and the call
// waits for its first attempt to end, so no hedge could make that call any shorter:
// such an attempt has no timer and no hedge, and costs neither. It does nothing once
// the attempt has ended (see disarm). The caller holds r.mu.
func (r *hedgeRound) armLocked() {
	if r.timer != nil || r.disarmed {
		return
	}
	r.timer = time.AfterFunc(r.delay, r.fire)
}

// disarm ends the arming of the timer once the inline first attempt has ended, and
// reports whether the timer's goroutine runs the rest of the round: false when the
// timer was never armed, or was stopped before it fired.
func (r *hedgeRound) disarm() (fired bool) {
	r.mu.Lock()
	r.disarmed = true
	timer := r.timer
	r.mu.Unlock()
	if timer == nil {
		return false
	}
	return !timer.Stop()
}

// fire runs the rest of the round once the delay after an inline first attempt passed,
// on the timer's goroutine. The caller's is busy with that attempt, which it hands over
// through done when it ends; until then a stand-in, which can cancel it, takes its
// place in running. Closing finished tells the caller's that the round has ended.
func (r *hedgeRound) fire() {
	defer close(r.race().finished) // the race is made before any attempt can end on it
	stand := &attempt{n: r.call.attempts, ctx: &r.firstCtx, cancel: &r.firstCtx}
	if r.track {
		stand.start = time.Now().Add(-r.delay) // when the first attempt was sent, near enough
	}
	r.running = append(r.running, stand)
	var next *time.Timer
	if r.extra(); r.more {
		next = time.NewTimer(r.h.nextDelay(r.lat))
		defer next.Stop()
	}
	r.wait(next)
	r.winner = r.finish()
}

// race returns the round's hedgeRace, made on first use: by the first of the timer's
// goroutine and the caller's, which hands its inline first attempt over through it.
func (r *hedgeRound) race() *hedgeRace {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.hedgeRace == nil {
		r.hedgeRace = &hedgeRace{done: make(chan *attempt, r.h.MaxAttempts), finished: make(chan struct{})}
	}
	return r.hedgeRace
}

// start prepares attempt a on the goroutine that runs the round, with a context of
// its own, and counts it as running; it reports false, with the error that ends the
// call in a, when the attempt could not be sent.
func (r *hedgeRound) start(a *attempt, hedge bool) bool {
	ctx, cancel := context.WithCancelCause(r.call.ctx)
	a.ctx, a.cancel = ctx, causeFunc(cancel)
	if !r.ready(a, hedge) {
		return false
	}
	r.running = append(r.running, a)
	return true
}

// startInline is start for the inline first attempt, which has the round's firstCtx
// and is not counted as running (see fire).
func (r *hedgeRound) startInline(a *attempt) bool {
	r.firstCtx.round = r
	a.ctx, a.cancel = &r.firstCtx, &r.firstCtx
	a.headerBuf = r.firstValues[:0]
	return r.ready(a, false)
}

// ready prepares attempt a, which has its context, for start and startInline.
func (r *hedgeRound) ready(a *attempt, hedge bool) bool {
	c := &r.call
	a.hedge = hedge
	if d := c.endpoint.AttemptTimeout; d > 0 {
		cancel := a.cancel
		a.timer = time.AfterFunc(d, func() { cancel.cancelAttempt(ErrAttemptTimeout) })
	}
	if hedge && c.observed {
		c.observe(Event{Kind: HedgeFired, Attempt: c.attempts + 1, Hedge: true})
	}
	if !c.prepare(a) {
		a.releaseCtx()
		return false
	}
	if r.track && a.start.IsZero() {
		a.start = time.Now()
	}
	r.sent++
	return true
}

// launch starts an attempt on a goroutine of its own; it returns a non-nil attempt
// carrying an error when the attempt could not be sent and that error ends the call.
func (r *hedgeRound) launch(hedge bool) *attempt {
	return r.launchAttempt(&attempt{}, hedge)
}

// launchAttempt is launch with the attempt given, which may hold its circuit's permit.
func (r *hedgeRound) launchAttempt(a *attempt, hedge bool) *attempt {
	if !r.start(a, hedge) {
		return a
	}
	go r.exchange(a)
	return nil
}

// exchange sends attempt a and hands it to the round when it ends.
func (r *hedgeRound) exchange(a *attempt) {
	r.call.exchange(r.w, a)
	r.done <- a
}

// hedge starts an extra attempt if the budget allows it; false when it does not, or
// when the attempt could not be sent (then failed is the end of the call).
func (r *hedgeRound) hedge() (ok bool, failed *attempt) {
	c := &r.call
	if !c.client.budget.TryWithdraw() {
		if c.observed {
			c.observe(Event{Kind: BudgetRefused, Attempt: c.attempts + 1, Hedge: true})
		}
		return false, nil
	}
	a := &attempt{hedge: true}
	if c.client.breaker != nil && c.allowAttempt(a) != nil {
		return false, nil // the circuit refused it
	}
	if c.client.governor != nil && c.waitRateLimit(a) != nil {
		a.cancelPermit()
		return false, nil // a hedge that would wait is not sent
	}
	if failed := r.launchAttempt(a, true); failed != nil {
		return false, failed
	}
	return true, nil
}

// extra sends an extra attempt, or ends the extras of the round when the budget
// refuses or MaxAttempts are sent; it may find the end of the call instead.
func (r *hedgeRound) extra() {
	ok, failed := r.hedge()
	if failed != nil {
		r.winner = failed
	}
	r.more = ok && int(r.sent) < r.h.MaxAttempts
}

// wait takes the ended attempts until one wins or none is running, sending extra
// attempts as they are due: when timer, if any, fires, and at once after a retryable
// failure while another attempt runs.
func (r *hedgeRound) wait(timer *time.Timer) {
	c, h := &r.call, r.h
	if timer != nil {
		for r.winner == nil && len(r.running) > 0 {
			select {
			case <-timer.C:
				if !r.more {
					continue // a Retry-After ended the extras since the timer was set
				}
				if r.extra(); r.more {
					timer.Reset(h.nextDelay(r.lat))
				}
			case a := <-r.done:
				c.settle(r.adopt(a), r.lat, h, &r.running, &r.winner, &r.last)
				if r.winner == nil && r.more && len(r.running) > 0 {
					r.more = !asksToWait(r.last)
					if r.more {
						r.extra() // a retryable failure sends the next attempt at once
					}
				}
			}
		}
	}
	for r.winner == nil && len(r.running) > 0 {
		c.settle(r.adopt(<-r.done), r.lat, h, &r.running, &r.winner, &r.last)
		if r.winner == nil && r.more && len(r.running) > 0 {
			if r.more = !asksToWait(r.last); r.more {
				r.extra()
			}
		}
	}
}

// finish ends the round: it cancels the losers, counts them as at least as slow as
// they were, and waits for them, so that no goroutine outlives the round and every
// body they got is closed; then it returns the round's outcome, the winner or the last
// failure.
func (r *hedgeRound) finish() *attempt {
	c := &r.call
	for _, a := range r.running {
		if r.lat != nil {
			r.lat.record(time.Since(a.start), r.h.Percentile)
		}
		a.cancel.cancelAttempt(ErrAttemptLost)
	}
	for range r.running {
		a := <-r.done
		if a.resp != nil {
			drainAndClose(a.resp.Body)
		}
		a.releaseCtx()
		c.noteRetryAfter(a) // a loser answered before it was cancelled: its Retry-After binds a retry too
	}
	winner := r.winner
	if winner == nil {
		r.last.releaseCtx()
		return r.last
	}
	if winner.hedge && winner.req != nil && c.observed {
		c.observe(Event{Kind: HedgeWon, Attempt: winner.n, Hedge: true})
	}
	c.keep(winner)
	return winner
}

// adopt returns a, an attempt that ended; when it is the inline first attempt, handed
// over by the caller, it takes the place of its stand-in in running.
func (r *hedgeRound) adopt(a *attempt) *attempt {
	if first := canceler(&r.firstCtx); a.cancel == first {
		for i, stand := range r.running {
			if stand.cancel == first {
				r.running[i] = a
			}
		}
	}
	return a
}

// keep frees the context of the winner a of a round, unless it has a response: the
// body then stays readable until it is closed.
func (c *callCore) keep(a *attempt) {
	if a.resp == nil {
		a.releaseCtx()
		return
	}
	c.attemptCancel = a.cancel
	if a.timer != nil {
		a.timer.Stop()
	}
}

// nextDelay returns the delay before the next extra attempt: the adaptive one when it
// is known, since it may have changed during the round.
func (h *Hedging) nextDelay(lat *latency) time.Duration {
	if lat != nil {
		if d, ok := lat.current(); ok {
			return d
		}
	}
	return h.Delay
}

// settleAlone ends a round whose inline first attempt a ended before the delay: its
// outcome, left in a, is the round's.
func (c *callCore) settleAlone(a *attempt, lat *latency, h *Hedging) {
	if lat != nil {
		lat.record(time.Since(a.start), h.Percentile)
	}
	if a.failure != nil {
		a.releaseCtx()
		c.noteRetryAfter(a)
		return
	}
	c.keep(a)
}

// settle takes the outcome of attempt a, which has ended: a result wins the round; a
// retryable failure becomes the round's last failure, and its context is freed.
func (c *callCore) settle(a *attempt, lat *latency, h *Hedging, running *[]*attempt, winner, last **attempt) {
	*running = remove(*running, a)
	if lat != nil {
		lat.record(time.Since(a.start), h.Percentile)
	}
	if a.failure == nil {
		*winner = a
		return
	}
	a.releaseCtx()
	*last = a // a retryable failure wins nothing while another attempt may
	c.noteRetryAfter(a)
}

// asksToWait reports whether the failed attempt a carries a Retry-After that has not
// passed: the server asked for a pause, so the round sends no more attempts, and the
// Retryer, which honours Retry-After, decides what comes after the round. Sending the
// next attempt at once would retry sooner than the server asked.
func asksToWait(a *attempt) bool {
	return a != nil && a.failure != nil && a.failure.RetryAfter.After(time.Now())
}

// remove returns running without a.
func remove(running []*attempt, a *attempt) []*attempt {
	for i, r := range running {
		if r == a {
			return append(running[:i], running[i+1:]...)
		}
	}
	return running
}
