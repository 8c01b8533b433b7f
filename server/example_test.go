package server_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/gofeign/feign/errordecoder"
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
