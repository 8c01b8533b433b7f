package runtime_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"time"

	"github.com/gofeign/feign/breaker"
	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

// Once failures open the circuit of an endpoint, its calls fail at once without
// reaching the server, until the circuit lets a probe through.
func ExampleWithCircuitBreaker() {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	transport := &http.Transport{}
	defer transport.CloseIdleConnections()

	client, err := runtime.New(srv.URL,
		runtime.WithHTTPClient(&http.Client{Transport: transport}),
		runtime.WithRetryer(retryer.Never),
		runtime.WithCircuitBreaker(breaker.Config{MinCalls: 2, OpenFor: time.Minute}))
	if err != nil {
		fmt.Println(err)
		return
	}
	get := &runtime.Endpoint{MethodKey: "Backend#Get", Method: http.MethodGet}
	for range 4 {
		err := client.NewCall(context.Background(), get).Do()
		fmt.Println(errors.Is(err, runtime.ErrCircuitOpen), hits.Load())
	}
	// Output:
	// false 1
	// false 2
	// true 2
	// true 2
}
