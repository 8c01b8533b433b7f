package responses

import (
	"context"
	"errors"
)

// Problem is a body of an error.
type Problem struct {
	Title string `json:"title"`
}

var notAType = errors.New("x")

// API declares //feign:response in every wrong way.
//
//feign:response 200 Problem
//feign:response 5XX Problem
//feign:response 5XX
type API interface {
	// Get names a status that is no status, and a type that does not exist.
	//
	//feign:requestLine GET /things
	//feign:response 4O4
	//feign:response 404 Problme
	//feign:response 1XX
	//feign:response
	Get(ctx context.Context) error

	// Put names a value, a function type, and a status twice.
	//
	//feign:requestLine PUT /things
	//feign:response 409 notAType
	//feign:response 410 func()
	//feign:response 422 Problem
	//feign:response 422
	//feign:response 600
	//feign:response 204
	Put(ctx context.Context) error

	// Post is fine: a type of an imported package, a pointer and a slice.
	//
	//feign:requestLine POST /things
	//feign:response 400 *Problem
	//feign:response 409 []Problem
	//feign:response default errors.Unwrap
	Post(ctx context.Context) error
}
