package variadic

import (
	"context"

	"github.com/gofeign/feign/runtime"
)

// Option is not runtime.CallOption.
type Option func()

// API declares variadics and contexts in the wrong places.
type API interface {
	//feign:requestLine GET /a
	NotCallOption(ctx context.Context, opts ...Option) error

	//feign:requestLine GET /b
	Strings(ctx context.Context, tags ...string) error

	//feign:requestLine GET /c/{opts}
	OptionsInTemplate(ctx context.Context, opts ...runtime.CallOption) error

	//feign:requestLine GET /d
	ContextLast(id string, ctx context.Context) error
}
