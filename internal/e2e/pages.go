package e2e

import (
	"context"

	"github.com/gofeign/feign/runtime"
)

// Pages returns results with the metadata of their responses.
//
//feign:headers Accept: application/json
type Pages interface {
	//feign:requestLine GET /items?page={page}
	List(ctx context.Context, page int) (runtime.Response[[]Item], error)

	//feign:requestLine GET /items/{id}
	//feign:options dismiss404=true
	Find(ctx context.Context, id string) (runtime.Response[*Item], error)

	//feign:requestLine GET /raw
	Raw(ctx context.Context) (runtime.Response[[]byte], error)
}
