//go:build special || (linux && !cgo)

package constrained

import "context"

// Either exists with the special tag, or on linux without cgo, and only on amd64, as
// its file name says.
type Either interface {
	//feign:requestLine GET /either
	Either(ctx context.Context) (string, error)
}
