//go:build !race

package runtime_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/gofeign/feign/runtime"
)

// The race detector changes what allocates: this file is left out of -race builds.

// escaped moves a Call to the heap.
var escaped *runtime.Call

// A Call started with InitCall in a local variable, as generated code does, stays on
// the stack: the call allocates exactly once less than the same call whose Call is on
// the heap. Anything that keeps a pointer to the Call (a method value,
// a body or context holding it, a pointer into it) would move it to the heap and make
// the two equal. Escape analysis does not depend on the path a call takes: the code of
// retries, hedging and the other endings is held to it as well as Decode's.
func TestInitCallKeepsTheCallOnTheStack(t *testing.T) {
	client, err := runtime.New("http://api.test",
		runtime.WithHTTPClient(&http.Client{Transport: okTransport{}}))
	if err != nil {
		t.Fatal(err)
	}
	e := &runtime.Endpoint{MethodKey: "API#Get", Method: http.MethodGet}
	ctx := context.Background()
	var v struct{ Attempt int }
	onHeap := testing.AllocsPerRun(100, func() {
		call := client.NewCall(ctx, e, runtime.CallHeader("X-Trace", "1"))
		escaped = call // on the heap whatever the runtime does
		buildCall(call)
		if err := call.Decode(&v); err != nil {
			t.Fatal(err)
		}
	})
	onStack := testing.AllocsPerRun(100, func() {
		var call runtime.Call
		client.InitCall(&call, ctx, e, runtime.CallHeader("X-Trace", "1"))
		buildCall(&call)
		if err := call.Decode(&v); err != nil {
			t.Fatal(err)
		}
	})
	if onHeap-onStack != 1 {
		t.Errorf("a call on the heap allocates %v times, one started with InitCall %v: its Call moved to the heap", onHeap, onStack)
	}
}

// buildCall appends what a generated Get appends; a function, not a closure, so that
// calling it hides nothing from escape analysis.
func buildCall(call *runtime.Call) {
	call.Path("/repos/")
	call.PathSegment("owner", "golang")
	call.Query("page", "2")
	call.Header("Accept", "application/json")
}
