package runtime

import (
	"context"
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
func (c *Call) hedgeDelay(h *Hedging, lat *latency) (time.Duration, bool) {
	if lat != nil {
		if d, ok := lat.current(); ok {
			return d, true
		}
		return h.Delay, h.Delay > 0 // warming up
	}
	return h.Delay, true
}

// hedgedRound makes one round of concurrent attempts and leaves its outcome in out: the
// first acceptable result, or the last retryable failure when every attempt failed so.
//
// The round starts with one attempt and sends another whenever the delay passes, or at
// once when an attempt fails retryably while another is in flight, up to
// h.MaxAttempts, each extra attempt drawing on the retry budget. Each attempt runs on
// its own goroutine, with its own request and a context of its own; the first result
// that is not a retryable failure wins, and the round cancels the others, waits for
// them and closes their bodies before it returns. Requests are built, and interceptors
// run, here on the caller's goroutine.
func (c *Call) hedgedRound(w want, h *Hedging, out *attempt) {
	var lat *latency
	if h.Percentile > 0 {
		lat = c.client.latencyOf(c.endpoint)
	}
	track := lat != nil || c.observed
	done := make(chan *attempt, h.MaxAttempts) // buffered: an attempt never blocks on it
	var running []*attempt                     // in flight
	sent := 0

	// launch starts an attempt; it returns a non-nil attempt carrying an error when
	// the attempt could not be sent and that error ends the call.
	launch := func(hedge bool) *attempt {
		a := &attempt{hedge: hedge}
		ctx, cancel := context.WithCancelCause(c.ctx)
		a.ctx, a.cancel = ctx, cancel
		if d := c.endpoint.AttemptTimeout; d > 0 {
			a.timer = time.AfterFunc(d, func() { cancel(ErrAttemptTimeout) })
		}
		if hedge && c.observed {
			c.observe(Event{Kind: HedgeFired, Attempt: c.attempts + 1, Hedge: true})
		}
		if !c.prepare(a) {
			a.releaseCtx()
			return a
		}
		if track && a.start.IsZero() {
			a.start = time.Now()
		}
		sent++
		running = append(running, a)
		go func() {
			c.exchange(w, a)
			done <- a
		}()
		return nil
	}
	// hedge starts an extra attempt if the budget allows it; false when it does not, or
	// when the attempt could not be sent (then *out is the end of the call).
	hedge := func() (ok bool, failed *attempt) {
		if !c.client.budget.allow() {
			if c.observed {
				c.observe(Event{Kind: BudgetRefused, Attempt: c.attempts + 1, Hedge: true})
			}
			return false, nil
		}
		if failed := launch(true); failed != nil {
			return false, failed
		}
		return true, nil
	}

	if failed := launch(false); failed != nil {
		*out = *failed
		return
	}
	var winner, last *attempt
	delay, more := c.hedgeDelay(h, lat) // more: the round may send extra attempts
	// extra sends an extra attempt, or ends the extras of the round when the budget
	// refuses or MaxAttempts are sent; it may find the end of the call instead.
	extra := func() {
		ok, failed := hedge()
		if failed != nil {
			winner = failed
		}
		more = ok && sent < h.MaxAttempts
	}
	for more && delay == 0 && winner == nil {
		extra()
	}
	var tick <-chan time.Time
	if more && delay > 0 {
		timer := time.NewTimer(delay)
		defer timer.Stop()
		tick = timer.C
		for winner == nil && len(running) > 0 {
			select {
			case <-tick:
				if !more {
					continue // a Retry-After ended the extras since the timer was set
				}
				if extra(); more {
					timer.Reset(h.nextDelay(lat))
				}
			case a := <-done:
				c.settle(a, lat, h, &running, &winner, &last)
				if winner == nil && more && len(running) > 0 {
					more = !asksToWait(last)
					if more {
						extra() // a retryable failure sends the next attempt at once
					}
				}
			}
		}
	}
	for winner == nil && len(running) > 0 {
		c.settle(<-done, lat, h, &running, &winner, &last)
		if winner == nil && more && len(running) > 0 {
			if more = !asksToWait(last); more {
				extra()
			}
		}
	}

	// Cancel the losers, count them as at least as slow as they were, and wait for
	// them: no goroutine outlives the round, and every body they got is closed.
	for _, a := range running {
		if lat != nil {
			lat.record(time.Since(a.start), h.Percentile)
		}
		a.cancel(ErrAttemptLost)
	}
	for range running {
		a := <-done
		if a.resp != nil {
			drainAndClose(a.resp.Body)
		}
		a.releaseCtx()
		c.noteRetryAfter(a) // a loser answered before it was cancelled: its Retry-After binds a retry too
	}
	if winner == nil {
		*out = *last
		out.releaseCtx()
		return
	}
	if winner.hedge && winner.req != nil && c.observed {
		c.observe(Event{Kind: HedgeWon, Attempt: winner.n, Hedge: true})
	}
	if winner.resp != nil {
		c.attemptCancel = winner.cancel // the winner's body stays readable until it is closed
		if winner.timer != nil {
			winner.timer.Stop()
		}
	} else {
		winner.releaseCtx()
	}
	*out = *winner
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

// settle takes the outcome of attempt a, which has ended: a result wins the round; a
// retryable failure becomes the round's last failure, and its context is freed.
func (c *Call) settle(a *attempt, lat *latency, h *Hedging, running *[]*attempt, winner, last **attempt) {
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
