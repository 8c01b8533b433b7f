package clash

import "context"

// NewAPI is already declared: the generated constructor would clash with it.
func NewAPI() {}

// API is an interface whose generated constructor clashes.
type API interface {
	//feign:requestLine GET /a
	Get(ctx context.Context) error
}
