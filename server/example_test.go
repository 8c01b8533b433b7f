package server_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/runtime"
	"github.com/gofeign/feign/server"
)

// User is what the example's implementation returns.
type User struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// getUser stands for an implementation of the declared interface.
func getUser(_ context.Context, id int64) (*User, error) {
	switch id {
	case 1:
		return &User{ID: 1, Name: "Ada"}, nil
	case 2:
		return nil, errors.New("db: connection refused") // never shown to the client
	}
	return nil, &errordecoder.HTTPError{StatusCode: http.StatusNotFound, Body: []byte("no such user")}
}

// This is what feigngen -server generates for
//
//	//feign:requestLine GET /users/{id}
//	User(ctx context.Context, id int64) (*User, error)
//
// in NewXHandler: the parameters decoded, a bad one answered without calling the
// implementation, the result encoded, an HTTPError passed on, any other error hidden.
func Example() {
	s := server.New()
	mux := http.NewServeMux()
	mux.Handle("GET /users/{id}", s.Route("API#User", func(q *server.Request) {
		id := q.Int("path id", q.Path("id"), 64)
		if q.Failed() {
			return
		}
		q.Encode(getUser(q.Context(), id))
	}))

	for _, path := range []string{"/users/1", "/users/abc", "/users/3", "/users/2"} {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequestWithContext(context.Background(), "GET", path, nil))
		body, _ := io.ReadAll(rec.Body)
		fmt.Println(path, rec.Code, rec.Header().Get("Content-Type"), string(body))
	}
	// Output:
	// /users/1 200 application/json {"id":1,"name":"Ada"}
	// /users/abc 400 application/problem+json {"type":"about:blank","title":"Bad Request","status":400,"detail":"path id: \"abc\" is not an integer of 64 bits"}
	// /users/3 404  no such user
	// /users/2 500 application/problem+json {"type":"about:blank","title":"Internal Server Error","status":500,"detail":"the server could not complete the request"}
}

// WithErrorHook sees every error a handler answers, the ones a 500 hides included.
func ExampleWithErrorHook() {
	s := server.New(server.WithErrorHook(func(r *http.Request, status int, err error) {
		fmt.Println(r.Method, r.URL.Path, status, err)
	}))
	h := s.Route("API#Fail", func(q *server.Request) {
		q.NoContent(errors.New("db: connection refused"))
	})
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequestWithContext(context.Background(), "DELETE", "/users/2", nil))
	// Output:
	// DELETE /users/2 500 db: connection refused
}

// Chunk is an item of the streamed example.
type Chunk struct {
	Delta string `json:"delta"`
}

// This is what feigngen -server generates for
//
//	//feign:requestLine POST /v1/completions
//	//feign:stream sse done=[DONE]
//	Complete(ctx context.Context, prompt string) iter.Seq2[Chunk, error]
//
// (the client's llmCompleteStream declares the format): each item the implementation
// yields is written and flushed at once, as one server-sent event.
func ExampleStreamItems() {
	llmCompleteStream := runtime.StreamSpec{Format: runtime.StreamSSE, Done: "[DONE]"}
	complete := func(ctx context.Context, prompt string) iter.Seq2[Chunk, error] {
		return func(yield func(Chunk, error) bool) {
			for _, word := range strings.Fields(prompt) {
				if !yield(Chunk{Delta: word}, nil) {
					return // the client went away
				}
			}
		}
	}
	h := server.New().Route("LLM#Complete", func(q *server.Request) {
		prompt := q.BodyText("text/plain")
		if q.Failed() {
			return
		}
		server.StreamItems(q, &llmCompleteStream, complete(q.Context(), prompt))
	})

	rec := httptest.NewRecorder()
	req := httptest.NewRequestWithContext(context.Background(), "POST", "/v1/completions", strings.NewReader("hello streamed world"))
	req.Header.Set("Content-Type", "text/plain")
	h.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Header().Get("Content-Type"))
	fmt.Print(rec.Body.String())
	// Output:
	// 200 text/event-stream
	// data: {"delta":"hello"}
	//
	// data: {"delta":"streamed"}
	//
	// data: {"delta":"world"}
	//
	// data: [DONE]
}

// A paginated method's handler cuts the implementation's sequence into pages of
// WithPageSize items and writes the next page's cursor; an implementation that can
// start at an offset says so by calling PageOffset.
func ExamplePageOffset() {
	users := []User{{1, "Ada"}, {2, "Grace"}, {3, "Edsger"}}
	list := func(ctx context.Context) iter.Seq2[User, error] {
		offset := server.PageOffset(ctx) // the sequence starts there: the handler skips nothing
		return func(yield func(User, error) bool) {
			for _, u := range users[min(offset, len(users)):] {
				if !yield(u, nil) {
					return
				}
			}
		}
	}
	h := server.New(server.WithPageSize(2)).Route("API#Users", func(q *server.Request) {
		q.PageCursor("cursor", math.MaxInt)
		if q.Failed() {
			return
		}
		server.PageItems(q, server.Pager[[]User]{Link: true}, list(q.Context()), func(page *[]User, items []User) {
			*page = items
		})
	})
	for _, target := range []string{"/users", "/users?cursor=2"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequestWithContext(context.Background(), "GET", target, nil))
		fmt.Println(target, rec.Code, rec.Header().Get("Link"), rec.Body.String())
	}
	// Output:
	// /users 200 </users?cursor=2>; rel="next" [{"id":1,"name":"Ada"},{"id":2,"name":"Grace"}]
	// /users?cursor=2 200  [{"id":3,"name":"Edsger"}]
}
