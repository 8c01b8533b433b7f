package runtime_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

// callIDKey is the context key of a call's ID.
type callIDKey struct{}

// callIDs numbers the calls of a Client and sends each call's number, the same on
// every attempt, in an X-Call-Id header: the Events of a call all come with the context
// TagCall returned, and at AttemptStart an Observer may set headers.
type callIDs struct{ last atomic.Int64 }

func (ids *callIDs) TagCall(ctx context.Context, e *runtime.Endpoint) context.Context {
	return context.WithValue(ctx, callIDKey{}, ids.last.Add(1))
}

func (ids *callIDs) Observe(ctx context.Context, e runtime.Event) {
	if e.Kind == runtime.AttemptStart {
		id, _ := ctx.Value(callIDKey{}).(int64)
		e.Request.Header.Set("X-Call-Id", strconv.FormatInt(id, 10))
	}
}

// A CallTagger gives each call a context of its own: here, an ID that every attempt
// of the call sends, so that the server can tell a retry from a new call.
func ExampleCallTagger() {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := requests.Add(1)
		fmt.Printf("request %d: call %s\n", n, r.Header.Get("X-Call-Id"))
		if n == 1 {
			w.WriteHeader(http.StatusServiceUnavailable) // retried
		}
	}))
	defer srv.Close()

	client, err := runtime.New(srv.URL,
		runtime.WithObserver(&callIDs{}),
		runtime.WithRetryer(retryer.New(time.Millisecond, 10*time.Millisecond, 3)))
	if err != nil {
		fmt.Println(err)
		return
	}
	ping := &runtime.Endpoint{MethodKey: "API#Ping", Interface: "API", Name: "Ping", Method: http.MethodGet, URLTemplate: "/ping"}
	for range 2 {
		call := client.NewCall(context.Background(), ping)
		call.Path("/ping")
		if err := call.Do(); err != nil {
			fmt.Println(err)
		}
	}
	// Output:
	// request 1: call 1
	// request 2: call 1
	// request 3: call 2
}
