package retrybudget_test

import (
	"fmt"
	"time"

	"github.com/gofeign/feign/retrybudget"
)

// A client deposits once per call and withdraws once per retry or hedge. Here a busy
// client in a full outage: 2,000 calls in a window pay for 200 retries, 10 % of them,
// while the floor alone would have allowed 100.
func Example() {
	b, err := retrybudget.New(retrybudget.Config{Ratio: 0.1, MinPerSecond: 10, Window: 10 * time.Second})
	if err != nil {
		panic(err)
	}
	attempts := 0
	for range 2000 {
		b.Deposit()
		attempts++
		for retries := 0; retries < 4 && b.TryWithdraw(); retries++ { // a 5-attempt Retryer
			attempts++
		}
	}
	fmt.Printf("%d attempts for 2000 calls: %.2f a call\n", attempts, float64(attempts)/2000)
	// Output:
	// 2200 attempts for 2000 calls: 1.10 a call
}

// A quiet client keeps its retries: the floor gives it 100 per 10 s, whatever its calls.
func Example_quiet() {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	b, _ := retrybudget.New(retrybudget.Config{Ratio: 0.1}, retrybudget.WithClock(func() time.Time { return now }))
	refused := 0
	for range 60 { // a call a second for a minute, each retried 4 times
		b.Deposit()
		for range 4 {
			if !b.TryWithdraw() {
				refused++
			}
		}
		now = now.Add(time.Second)
	}
	fmt.Println("refused:", refused)
	// Output:
	// refused: 0
}

// The zero Config turns the budget off: a nil *Budget allows every retry.
func ExampleNew_off() {
	b, err := retrybudget.New(retrybudget.Config{})
	fmt.Println(b == nil, err, b.TryWithdraw())
	// Output:
	// true <nil> true
}
