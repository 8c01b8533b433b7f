package breaker_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/gofeign/feign/breaker"
)

// A circuit opens after enough failures, refuses at once while open, lets probes
// through when its time has come, and closes when they succeed.
func Example() {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	b, err := breaker.New(breaker.Config{MinCalls: 4, OpenFor: 5 * time.Second, Probes: 1},
		breaker.WithClock(func() time.Time { return now }))
	if err != nil {
		panic(err)
	}
	const key = "GET https://api.example.com"

	for range 4 {
		p, _ := b.Allow(key)
		p.Failure(time.Time{}) // a 503, say
	}
	fmt.Println(b.State(key))

	_, err = b.Allow(key)
	var open *breaker.OpenError
	if errors.As(err, &open) {
		fmt.Println(errors.Is(err, breaker.ErrCircuitOpen), open.Until.Format(time.TimeOnly))
	}

	now = now.Add(5 * time.Second)
	p, _ := b.Allow(key)
	fmt.Println("probe:", p.Probe)
	p.Success()
	fmt.Println(b.State(key))
	// Output:
	// open
	// true 12:00:05
	// probe: true
	// closed
}

// A Retry-After reported with the failure that opens the circuit sets how long it stays
// open, within MaxOpenFor.
func ExamplePermit_Failure() {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	b, _ := breaker.New(breaker.Config{MinCalls: 1}, breaker.WithClock(func() time.Time { return now }))

	p, _ := b.Allow("k")
	p.Failure(now.Add(20 * time.Second)) // a 503 with Retry-After: 20

	_, err := b.Allow("k")
	fmt.Println(err)
	// Output:
	// breaker: circuit "k" is open until 2026-01-01T12:00:20Z
}
