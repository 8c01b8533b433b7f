package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/gofeign/feign/runtime"
)

// narrator is a runtime.Observer that tells what the client does: each attempt it
// sends and what came back, each wait before a retry, each hedge. The client needs none
// of this; it is here so the example shows its work, and it shows what the Events of
// runtime.WithObserver carry, on which metrics and tracing are built.
type narrator struct {
	mu       sync.Mutex // a hedged call reports from several goroutines
	w        io.Writer
	attempts int // attempts sent in the current call
}

// call starts narrating a new call.
func (n *narrator) call(title string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	fmt.Fprintf(n.w, "\n%s\n", title)
	n.attempts = 0
}

// sent returns how many attempts the current call has sent.
func (n *narrator) sent() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.attempts
}

// Observe implements runtime.Observer.
func (n *narrator) Observe(_ context.Context, e runtime.Event) {
	n.mu.Lock()
	defer n.mu.Unlock()
	switch e.Kind {
	case runtime.AttemptStart:
		n.attempts++
	case runtime.AttemptEnd:
		hedge := ""
		if e.Hedge {
			hedge = " (a hedge)"
		}
		fmt.Fprintf(n.w, "   attempt %d%s: %s %s → %s\n", e.Attempt, hedge, e.Method, e.Request.URL.RequestURI(), outcome(e))
	case runtime.RetryWait:
		fmt.Fprintf(n.w, "   waiting %v before attempt %d\n", e.Wait.Round(50*time.Millisecond), e.Attempt)
	case runtime.HedgeFired:
		fmt.Fprintf(n.w, "   no answer yet: attempt %d goes out as a hedge, alongside the first\n", e.Attempt)
	case runtime.HedgeWon:
		fmt.Fprintf(n.w, "   attempt %d won; the slower attempt was cancelled and its body closed\n", e.Attempt)
	case runtime.BudgetRefused:
		fmt.Fprintf(n.w, "   the retry budget refused attempt %d: too many failures lately\n", e.Attempt)
	}
}

// outcome says how an attempt ended: its status, or why it has none.
func outcome(e runtime.Event) string {
	switch {
	case e.Response != nil:
		s := e.Response.Status
		if ra := e.Response.Header.Get("Retry-After"); ra != "" {
			s += ", Retry-After: " + ra
		}
		return s
	case errors.Is(e.Err, runtime.ErrAttemptLost):
		return "cancelled: another attempt won"
	case e.Err != nil:
		return "error: " + e.Err.Error()
	}
	return "no response"
}
