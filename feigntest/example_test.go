package feigntest_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"syscall"
	"time"

	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/feigntest"
	"github.com/gofeign/feign/feigntest/internal/petstore"
	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

// A generated client against a fake that is unavailable twice: the client retries, and
// the server saw exactly three calls. In a test, feigntest.NewServer(t, ...) closes the
// server by itself.
func Example() {
	fake := http.NewServeMux()
	fake.HandleFunc("GET /pets/{id}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"id":%s,"name":"Rex"}`, r.PathValue("id"))
	})
	s, err := feigntest.Start(fake, feigntest.FailFirst(2, http.StatusServiceUnavailable))
	if err != nil {
		panic(err)
	}
	defer s.Close()

	store, err := petstore.NewStore(s.URL(),
		runtime.WithHTTPClient(s.Client()),
		runtime.WithRetryer(retryer.New(time.Millisecond, 10*time.Millisecond, 5)),
	)
	if err != nil {
		panic(err)
	}
	pet, err := store.Get(context.Background(), 1)
	fmt.Println(pet, err)
	fmt.Println("calls:", s.Calls("GET /pets/{id}"))
	for _, r := range s.Requests() {
		fmt.Println(r.Seq, r.Method, r.Path, "injected status:", r.Behavior.Status)
	}
	// Output:
	// &{1 Rex} <nil>
	// calls: 3
	// 1 GET /pets/1 injected status: 503
	// 2 GET /pets/1 injected status: 503
	// 3 GET /pets/1 injected status: 0
}

// Only the POSTs are rate-limited: a POST may be retried after a 429, which promises
// that the server did not act on it, and never sooner than its Retry-After.
func ExampleRoute() {
	s, err := feigntest.Start(petHandler(),
		feigntest.Route("POST /pets",
			feigntest.FailFirst(1, http.StatusTooManyRequests),
			feigntest.RetryAfter(0),
			feigntest.FailureBody("application/json", `{"error":"slow down"}`),
		),
	)
	if err != nil {
		panic(err)
	}
	defer s.Close()
	store, err := petstore.NewStore(s.URL(), runtime.WithHTTPClient(s.Client()))
	if err != nil {
		panic(err)
	}

	pet, err := store.Add(context.Background(), petstore.Pet{Name: "Tom"})
	fmt.Println(pet, err)
	pet, err = store.Get(context.Background(), 2)
	fmt.Println(pet, err)
	fmt.Println("POST calls:", s.Calls("POST /pets"), "GET calls:", s.Calls("GET /pets/{id}"))
	first := s.Requests()[0].Behavior
	fmt.Println(first.Status, first.Header, first.Body)
	// Output:
	// &{7 Tom} <nil>
	// &{2 Rex} <nil>
	// POST calls: 2 GET calls: 1
	// 429 map[Content-Type:[application/json] Retry-After:[0]] {"error":"slow down"}
}

// A connection that breaks after the server read the request: the server may have acted
// on it, so a POST is not sent again, while a GET is.
func ExampleResetConnections() {
	s, err := feigntest.Start(petHandler(), feigntest.ResetConnections(2))
	if err != nil {
		panic(err)
	}
	defer s.Close()
	store, err := petstore.NewStore(s.URL(),
		runtime.WithHTTPClient(s.Client()),
		runtime.WithRetryer(retryer.New(time.Millisecond, 10*time.Millisecond, 5)),
	)
	if err != nil {
		panic(err)
	}

	_, err = store.Add(context.Background(), petstore.Pet{Name: "Tom"})
	var callErr *runtime.CallError
	if errors.As(err, &callErr) {
		fmt.Println("POST attempts:", callErr.Attempts)
	}
	fmt.Println("an HTTP answer:", errors.As(err, new(*errordecoder.HTTPError)))
	fmt.Println("the server read the body:", s.Requests()[0].BodyRead, s.Requests()[0].BodyLen, "bytes")

	pet, err := store.Get(context.Background(), 3)
	fmt.Println(pet, err)
	fmt.Println("POST calls:", s.Calls("POST /pets"), "GET calls:", s.Calls("GET /pets/{id}"))
	// Output:
	// POST attempts: 1
	// an HTTP answer: false
	// the server read the body: true 14 bytes
	// &{3 Rex} <nil>
	// POST calls: 1 GET calls: 2
}

// A Script gives each call its own Behavior; after it, the handler answers.
func ExampleScript() {
	s, err := feigntest.Start(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "hello")
	}), feigntest.Script(
		feigntest.Behavior{Status: http.StatusServiceUnavailable, Header: http.Header{"Retry-After": {"Wed, 21 Oct 2015 07:28:00 GMT"}}},
		feigntest.Behavior{Reset: feigntest.ResetBeforeRead},
		feigntest.Behavior{Status: http.StatusTeapot, Body: "short and stout"},
		feigntest.Behavior{Latency: 10 * time.Millisecond},
	))
	if err != nil {
		panic(err)
	}
	defer s.Close()

	for range 5 {
		resp, err := s.Client().Get(s.URL() + "/")
		if err != nil {
			fmt.Println("transport error")
			continue
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Printf("%s %q, Retry-After %q\n", resp.Status, b, resp.Header.Get("Retry-After"))
	}
	fmt.Println("calls:", s.Calls("/"))
	// Output:
	// 503 Service Unavailable "", Retry-After "Wed, 21 Oct 2015 07:28:00 GMT"
	// transport error
	// 418 I'm a teapot "short and stout", Retry-After ""
	// 200 OK "hello", Retry-After ""
	// 200 OK "hello", Retry-After ""
	// calls: 5
}

// In memory the server has no port: only its Client reaches it. This is the mode for
// tests in a testing/synctest bubble (see the package doc).
func ExampleInMemory() {
	s, err := feigntest.Start(petHandler(), feigntest.InMemory())
	if err != nil {
		panic(err)
	}
	defer s.Close()
	store, err := petstore.NewStore(s.URL(), runtime.WithHTTPClient(s.Client()))
	if err != nil {
		panic(err)
	}
	pet, err := store.Get(context.Background(), 5)
	fmt.Println(s.URL(), pet, err)
	_, err = s.Client().Get("http://example.com/") // it reaches no other host
	fmt.Println(errors.Is(err, syscall.ECONNREFUSED))
	// Output:
	// http://feigntest.test &{5 Rex} <nil>
	// true
}
