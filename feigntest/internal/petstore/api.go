// Package petstore declares a small API whose generated client the examples and tests
// of feigntest call.
package petstore

//go:generate go tool feigngen

import "context"

// Pet is one pet of the store.
type Pet struct {
	ID   int    `json:"id,omitempty"`
	Name string `json:"name"`
}

// Store is the API of a pet store.
//
//feign:headers Accept: application/json
type Store interface {
	// Get fetches one pet.
	//
	//feign:requestLine GET /pets/{id}
	Get(ctx context.Context, id int) (*Pet, error)

	// Add adds a pet. A POST: retried only when the server certainly did not act on it.
	//
	//feign:requestLine POST /pets
	//feign:headers Content-Type: application/json
	Add(ctx context.Context, pet Pet) (*Pet, error)
}
