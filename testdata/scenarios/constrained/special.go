//go:build special

package constrained

import "context"

// Special exists only with the special tag.
type Special interface {
	//feign:requestLine GET /special
	Special(ctx context.Context) (string, error)
}

// The package's own code may call the constructor of a constrained client.
var _ = NewSpecial
