package params

import (
	"context"
	"io"
	"net/http"

	"github.com/gofeign/feign/runtime"
)

// Filter is a struct: it cannot be a template value.
type Filter struct{ State string }

// API declares parameters and results feigngen refuses.
type API interface {
	//feign:requestLine POST /issues
	TwoBodies(ctx context.Context, title string, body string) error

	//feign:requestLine GET /issues/{filter}
	StructInPath(ctx context.Context, filter Filter) error

	//feign:requestLine GET /issues?m={m}
	MapInQuery(ctx context.Context, m map[string]string) error

	//feign:requestLine GET /bytes/{b}
	BytesInPath(ctx context.Context, b []byte) error

	//feign:requestLine GET /late/{id}
	ContextNotFirst(id string, ctx context.Context) error

	//feign:requestLine GET /nothing
	NoResult(ctx context.Context)

	//feign:requestLine GET /three
	ThreeResults(ctx context.Context) (string, int, error)

	//feign:requestLine GET /noerror
	NoError(ctx context.Context) string

	//feign:requestLine GET /fn
	FuncResult(ctx context.Context) (func(), error)

	//feign:requestLine GET /response-of-response
	ResponseOfResponse(ctx context.Context) (runtime.Response[*http.Response], error)

	//feign:requestLine GET /response-of-func
	ResponseOfFunc(ctx context.Context) (runtime.Response[func()], error)

	//feign:requestLine GET /two-errors
	TwoErrors(ctx context.Context) (error, error)

	//feign:requestLine GET /raw
	//feign:options dismiss404=true
	RawDismiss(ctx context.Context) (*http.Response, error)

	//feign:requestLine GET /many?tag={a}{b}
	TwoLists(ctx context.Context, a, b []string) (io.ReadCloser, error)
}
