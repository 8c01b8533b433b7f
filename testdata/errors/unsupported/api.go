package unsupported

import "context"

// Option stands in for a per-call option type.
type Option func()

// API uses parts of the contract in ways that cannot work; each is an error, never
// silently ignored.
type API interface {
	//feign:requestLine POST /a
	//feign:body {"name": "{name}"}
	Body(ctx context.Context, name string) error

	//feign:requestLine GET /files/{+path}
	Reserved(ctx context.Context, path string) error

	//feign:requestLine GET /search{?q}
	QueryExpansion(ctx context.Context, q string) error

	//feign:requestLine GET /v
	Variadic(ctx context.Context, opts ...Option) error

	//feign:requestLine GET /t
	//feign:options timeout=2s
	Timeout(ctx context.Context) error
}

// Embedding embeds another interface.
type Embedding interface {
	API

	//feign:requestLine GET /own
	Own(ctx context.Context) error
}

// Generic has type parameters.
type Generic[T any] interface {
	//feign:requestLine GET /g
	Get(ctx context.Context) (T, error)
}
