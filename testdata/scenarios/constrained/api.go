// Package constrained declares interfaces in files with build constraints: each
// generated file carries its source's constraint, so the package compiles with and
// without the special tag.
package constrained

import "context"

// Plain is compiled everywhere.
type Plain interface {
	//feign:requestLine GET /plain
	Plain(ctx context.Context) (string, error)
}
