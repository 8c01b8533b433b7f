package headers

import "context"

// API declares headers feigngen refuses.
//
//feign:headers Accept application/json
type API interface {
	//feign:requestLine GET /a
	//feign:headers Host: example.com
	Host(ctx context.Context) error

	//feign:requestLine GET /b
	//feign:headers Bad Name: x
	BadName(ctx context.Context) error

	//feign:requestLine GET /c
	//feign:headers X-Token: {token
	Unclosed(ctx context.Context, token string) error
}
