package directives

import "context"

// API misspells directives in every way gofmt and people do.
//
//feign:header Accept: application/json
type API interface {
	// Get has a typo in the directive name.
	//
	//feign:reqestLine GET /things
	Get(ctx context.Context) error

	// Put uses Feign's capitalised name.
	//
	//feign:RequestLine PUT /things
	Put(ctx context.Context) error

	// Post has a space after //, as gofmt leaves a capitalised directive.
	//
	// feign:requestLine POST /things
	Post(ctx context.Context) error

	// Delete has two request lines and a misplaced idempotent argument.
	//
	//feign:requestLine DELETE /things
	//feign:requestLine DELETE /stuff
	//feign:idempotent yes
	Delete(ctx context.Context) error
}

// Misplaced puts method directives on the interface.
//
//feign:requestLine GET /nowhere
//feign:idempotent
type Misplaced interface {
	//feign:requestLine GET /ok
	OK(ctx context.Context) error
}
