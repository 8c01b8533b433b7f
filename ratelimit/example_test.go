package ratelimit_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/gofeign/feign/ratelimit"
)

func ExampleParse() {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	h := http.Header{}
	h.Set("RateLimit", `"default";r=0;t=30`)
	h.Set("RateLimit-Policy", `"default";q=100;w=60`)

	l, ok := ratelimit.Parse(http.StatusOK, h, now)
	fmt.Println(ok, l.Quota, l.Remaining, l.Reset.Format(time.TimeOnly))
	// Output:
	// true 100 0 12:00:30
}

// A response says the quota is spent for 20 seconds: a request that must be done in 5
// is refused at once, without sleeping.
func ExampleGovernor_Wait() {
	g := ratelimit.New()
	h := http.Header{}
	h.Set("X-RateLimit-Remaining", "0")
	h.Set("X-RateLimit-Reset", "20") // seconds from now: GitHub sends an instant
	_ = g.Observe(context.Background(), "https://api.example.com", http.StatusOK, h)

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	start := time.Now()
	err := g.Wait(ctx, "https://api.example.com")
	fmt.Println(errors.Is(err, ratelimit.ErrRateLimited), time.Since(start) < time.Second)
	// Output:
	// true true
}
