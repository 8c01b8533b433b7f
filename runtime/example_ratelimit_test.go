package runtime_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/gofeign/feign/ratelimit"
	"github.com/gofeign/feign/runtime"
)

// A server says its quota is spent for a second: the next call waits for the reset
// instead of meeting a 429, and one whose deadline comes first fails at once.
func ExampleWithRateLimits() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("RateLimit", `"default";r=0;t=1`)
		fmt.Fprint(w, "{}")
	}))
	defer srv.Close()
	transport := &http.Transport{}
	defer transport.CloseIdleConnections()

	client, err := runtime.New(srv.URL,
		runtime.WithHTTPClient(&http.Client{Transport: transport}),
		runtime.WithRateLimits(ratelimit.WithMaxWait(5*time.Second)))
	if err != nil {
		fmt.Println(err)
		return
	}
	get := &runtime.Endpoint{MethodKey: "Quota#Get", Method: http.MethodGet}
	fmt.Println(client.NewCall(context.Background(), get).Do())

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	err = client.NewCall(ctx, get).Do()
	fmt.Println(errors.Is(err, runtime.ErrRateLimited))

	start := time.Now()
	err = client.NewCall(context.Background(), get).Do()
	fmt.Println(err, time.Since(start) > 500*time.Millisecond)
	// Output:
	// <nil>
	// true
	// <nil> true
}
