package stray

import "context"

// Config is a struct: a directive here does nothing.
//
//feign:headers Accept: application/json
type Config struct{}

// NewThing is a function: a directive here does nothing.
//
//feign:requestLine GET /thing
func NewThing() {}

//feign:options dismiss404=true
var timeout = 3

// API is fine; only the directives above are misplaced.
type API interface {
	//feign:requestLine GET /ok
	OK(ctx context.Context) error
}

var _ = timeout
