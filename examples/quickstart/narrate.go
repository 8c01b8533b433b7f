package main

import (
	"fmt"
	"io"
	"net/http"
	"time"
)

// narrator is an http.RoundTripper that tells what the client does: each attempt it
// sends, what came back, and how long the client waited before trying again. The
// client itself needs none of this; it is here so the example shows its work.
type narrator struct {
	w       io.Writer
	next    http.RoundTripper
	attempt int       // attempts in the current call
	lastEnd time.Time // when the previous attempt of the call ended
}

// call starts narrating a new call.
func (n *narrator) call(title string) {
	fmt.Fprintf(n.w, "\n%s\n", title)
	n.attempt = 0
}

func (n *narrator) RoundTrip(r *http.Request) (*http.Response, error) {
	n.attempt++
	wait := ""
	if n.attempt > 1 {
		wait = fmt.Sprintf(" (after waiting %v)", time.Since(n.lastEnd).Round(50*time.Millisecond))
	}
	resp, err := n.next.RoundTrip(r)
	n.lastEnd = time.Now()
	outcome := ""
	switch {
	case err != nil:
		outcome = "error: " + err.Error()
	default:
		outcome = resp.Status
		if ra := resp.Header.Get("Retry-After"); ra != "" {
			outcome += ", Retry-After: " + ra
		}
	}
	fmt.Fprintf(n.w, "   attempt %d: %s %s → %s%s\n", n.attempt, r.Method, r.URL.RequestURI(), outcome, wait)
	return resp, err
}
