// Package names declares interfaces and methods named like the identifiers generated
// code uses: the client field, the receiver, the call, the endpoints, the
// constructors.
package names

import "context"

// Runtime is named like the runtime package the generated code imports.
type Runtime interface {
	//feign:requestLine GET /call
	Call(ctx context.Context) error

	//feign:requestLine GET /client
	Client(ctx context.Context) error

	//feign:requestLine GET /endpoint/{c}/{call}/{client}
	Endpoint(ctx context.Context, c, call, client string) error

	//feign:requestLine GET /new-call
	NewCall(ctx context.Context) error

	//feign:requestLine GET /new-runtime
	NewRuntime(ctx context.Context) error

	//feign:requestLine GET /runtime-client
	RuntimeClient(ctx context.Context) error

	//feign:requestLine GET /call-client
	CallClient(ctx context.Context) error
}

// lower has unexported methods named like the generated struct's field and locals.
type lower interface {
	//feign:requestLine GET /client
	client(ctx context.Context) error

	//feign:requestLine GET /call
	call(ctx context.Context) error

	//feign:requestLine GET /c
	c(ctx context.Context) error

	//feign:requestLine GET /ctx/{ctx}
	ctx(ctx string) error

	//feign:requestLine GET /endpoint
	lowerCallEndpoint(ctx context.Context) error
}

// Client is named like the runtime's own type.
type Client interface {
	//feign:requestLine GET /client
	Client(ctx context.Context) (string, error)

	//feign:requestLine GET /{baseURL}/{opts}
	Get(baseURL string, opts string) error
}

// RuntimeCall and its method Client spell the endpoint variable of Runtime.CallClient.
type RuntimeCall interface {
	//feign:requestLine GET /x
	Client(ctx context.Context) error
}

// lowerClient is the name the implementation of lower would take.
type lowerClient struct{}

// runtimeCallEndpoint is the name the endpoint of Runtime.Call would take.
var runtimeCallEndpoint = lowerClient{}
