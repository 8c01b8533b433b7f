package requestline

import "context"

// API gets its request lines wrong.
type API interface {
	//feign:requestLine get /lower
	Lower(ctx context.Context) error

	//feign:requestLine FETCH /unknown
	Unknown(ctx context.Context) error

	//feign:requestLine GET
	NoPath(ctx context.Context) error

	//feign:requestLine
	Empty(ctx context.Context) error

	//feign:requestLine GET https://api.example.com/absolute
	Absolute(ctx context.Context) error

	//feign:requestLine GET /items/{id
	Unclosed(ctx context.Context, id string) error

	//feign:requestLine GET /items#fragment
	Fragment(ctx context.Context) error

	// Missing has no request line at all.
	//
	//feign:headers Accept: text/plain
	Missing(ctx context.Context) error
}
