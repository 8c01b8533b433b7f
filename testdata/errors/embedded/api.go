package embedded

import (
	"context"
	"io"
)

// Base has a mistake, reported once on Base and named where it is embedded.
//
//feign:options timeout=soon
type Base interface {
	//feign:requestLine GET /base
	Get(ctx context.Context) error
}

// API embeds Base and an interface of another package, whose directives feigngen
// cannot read.
type API interface {
	Base
	io.Closer

	//feign:requestLine GET /own
	Own(ctx context.Context) error
}
