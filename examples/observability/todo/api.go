// Package todo is the API the observability examples call: a generated client and a
// local server that fails on purpose, so there are retries to trace and count.
package todo

//go:generate go tool feigngen

import "context"

// Todo is one item of the to-do list.
type Todo struct {
	ID    int    `json:"id"`
	Title string `json:"title"`
}

// Todos is the to-do API.
//
//feign:headers Accept: application/json
type Todos interface {
	// Get fetches one to-do.
	//
	//feign:requestLine GET /todos/{id}
	Get(ctx context.Context, id int) (*Todo, error)
}
