package options

import "context"

// API sets options feigngen does not know or cannot use.
//
//feign:options dismiss404=maybe
type API interface {
	//feign:requestLine GET /a
	//feign:options colour=blue dismiss404
	Unknown(ctx context.Context) error

	//feign:requestLine GET /b
	//feign:options dismiss404=true dismiss404=false
	Twice(ctx context.Context) error

	//feign:requestLine GET /c
	//feign:options
	Empty(ctx context.Context) error
}
