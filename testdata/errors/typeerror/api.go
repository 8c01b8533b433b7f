package typeerror

import "context"

// API refers to a type that does not exist; the package does not type-check.
type API interface {
	//feign:requestLine GET /a
	Get(ctx context.Context) (Missing, error)
}
