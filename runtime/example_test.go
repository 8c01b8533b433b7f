package runtime_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
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

// A per-call header goes on every attempt of that call only; the User-Agent names the
// library unless the call sets its own.
func ExampleCallHeader() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Printf("X-Request-Id=%s User-Agent=%s\n", r.Header.Get("X-Request-Id"), r.Header.Get("User-Agent"))
	}))
	defer srv.Close()
	client, err := runtime.New(srv.URL)
	if err != nil {
		fmt.Println(err)
		return
	}
	ping := &runtime.Endpoint{MethodKey: "API#Ping", Method: http.MethodGet}

	client.NewCall(context.Background(), ping, runtime.CallHeader("X-Request-Id", "42")).Do()
	client.NewCall(context.Background(), ping, runtime.CallHeader("User-Agent", "my-app/2")).Do()
	// Output:
	// X-Request-Id=42 User-Agent=gofeign/1
	// X-Request-Id= User-Agent=my-app/2
}

// A response interceptor sees every attempt's response before the runtime acts on it:
// here it keeps the server's rate-limit budget, even from the 429 that is retried.
func ExampleWithResponseInterceptor() {
	var attempts atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := attempts.Add(1)
		w.Header().Set("X-RateLimit-Remaining", fmt.Sprint(2-n))
		if n == 1 {
			w.WriteHeader(http.StatusTooManyRequests)
		}
	}))
	defer srv.Close()

	var remaining []string
	client, err := runtime.New(srv.URL,
		runtime.WithRetryer(retryer.New(time.Millisecond, time.Millisecond, 2)),
		runtime.WithResponseInterceptor(func(resp *http.Response) error {
			remaining = append(remaining, resp.Status+": "+resp.Header.Get("X-RateLimit-Remaining")+" left")
			return nil
		}))
	if err != nil {
		fmt.Println(err)
		return
	}
	err = client.NewCall(context.Background(), &runtime.Endpoint{MethodKey: "API#Ping", Method: http.MethodGet}).Do()
	fmt.Println(err, remaining)
	// Output: <nil> [429 Too Many Requests: 1 left 200 OK: 0 left]
}

// Logging is off unless asked for. Here every line of the Client goes to a JSON handler
// at Debug, with headers; a line reads like
//
//	{"level":"DEBUG","msg":"feign attempt","method_key":"GitHub#Repo","method":"GET",
//	 "url":"https://api.github.com/repos/golang/go?access_token=REDACTED","attempt":1,
//	 "status":503,"duration":2104000,"request_headers":{"Authorization":"REDACTED",...}}
//
// A handler at slog.LevelInfo shows retries and hedges only, at slog.LevelWarn only the
// calls that failed.
func ExampleWithLogger() {
	var attempts atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Date"] = nil // no Date header: the output stays the same
		if attempts.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Set-Cookie", "session=SECRET")
		fmt.Fprint(w, `{}`)
	}))
	defer srv.Close()

	// Time, durations and the server's port change from run to run: this example
	// leaves them out of its output.
	handler := slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		Level: slog.LevelDebug,
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			switch a.Key {
			case slog.TimeKey, "duration", "err":
				return slog.Attr{}
			case "url":
				return slog.String("url", strings.Replace(a.Value.String(), srv.URL, "http://api.test", 1))
			}
			return a
		},
	})
	client, err := runtime.New(srv.URL,
		runtime.WithLogger(slog.New(handler), runtime.LogHeaders),
		// Secrets of this API beyond the ones always redacted.
		runtime.WithLogRedaction(runtime.LogRedaction{Headers: []string{"X-Session"}, QueryKeys: []string{"sid"}}),
		runtime.WithRetryer(retryer.New(time.Millisecond, time.Millisecond, 3)),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	call := client.NewCall(context.Background(), &runtime.Endpoint{MethodKey: "GitHub#Issues", Method: http.MethodGet})
	call.Path("/issues")
	call.Query("sid", "s3cr3t")
	call.Header("Authorization", "Bearer TOKEN")
	call.Header("X-Session", "SESSION")
	fmt.Println("error:", call.Do())
	// Output:
	// level=DEBUG msg="feign attempt" method_key=GitHub#Issues method=GET url="http://api.test/issues?sid=REDACTED" attempt=1 status=503 request_headers.Authorization=REDACTED request_headers.User-Agent=gofeign/1 request_headers.X-Session=REDACTED response_headers.Content-Length=0
	// level=INFO msg="feign retry" method_key=GitHub#Issues method=GET url="http://api.test/issues?sid=REDACTED" attempt=2 wait=1ms
	// level=DEBUG msg="feign attempt" method_key=GitHub#Issues method=GET url="http://api.test/issues?sid=REDACTED" attempt=2 status=200 request_headers.Authorization=REDACTED request_headers.User-Agent=gofeign/1 request_headers.X-Session=REDACTED response_headers.Content-Length=2 response_headers.Content-Type="text/plain; charset=utf-8" response_headers.Set-Cookie=REDACTED
	// error: <nil>
}
