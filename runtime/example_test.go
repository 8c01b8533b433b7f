package runtime_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"time"

	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

// This is what a client generated for
//
//	//feign:requestLine GET /repos/{owner}/{repo}
//	Repo(ctx context.Context, owner, repo string) (Repo, error)
//
// does, against a server that is unavailable at the first attempt.
func ExampleClient_NewCall() {
	var attempts atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if attempts.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintf(w, `{"full_name":%q}`, r.URL.Path[len("/repos/"):])
	}))
	defer srv.Close()

	client, err := runtime.New(srv.URL, runtime.WithRetryer(retryer.New(10*time.Millisecond, 100*time.Millisecond, 3)))
	if err != nil {
		fmt.Println(err)
		return
	}

	repoEndpoint := &runtime.Endpoint{MethodKey: "GitHub#Repo", Method: http.MethodGet}
	call := client.NewCall(context.Background(), repoEndpoint)
	call.Path("/repos/")
	call.PathSegment("owner", "golang")
	call.Path("/")
	call.PathSegment("repo", "go")
	var repo struct {
		FullName string `json:"full_name"`
	}
	if err := call.Decode(&repo); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s after %d attempts\n", repo.FullName, attempts.Load())
	// Output: golang/go after 2 attempts
}

// A POST is not retried after a 502: the server may have created the issue already.
func ExampleCallError() {
	var attempts atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		attempts.Add(1)
		http.Error(w, "upstream reset", http.StatusBadGateway)
	}))
	defer srv.Close()

	client, err := runtime.New(srv.URL + "/api")
	if err != nil {
		fmt.Println(err)
		return
	}
	call := client.NewCall(context.Background(), &runtime.Endpoint{MethodKey: "GitHub#CreateIssue", Method: http.MethodPost})
	call.Path("/issues")
	call.Body(map[string]string{"title": "bug"})
	err = call.Do()

	var callErr *runtime.CallError
	var httpErr *errordecoder.HTTPError
	if errors.As(err, &callErr) && errors.As(err, &httpErr) {
		fmt.Println(callErr.MethodKey, callErr.Attempts, httpErr.StatusCode, attempts.Load())
	}
	// Output: GitHub#CreateIssue 1 502 1
}
