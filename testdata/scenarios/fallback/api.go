// Package fallback declares what the fallback of a generated client must get right:
// a method named like its field, parameters named like the locals of the fallback
// branch, a call with options, a method without a result, and a package that already
// declares the option's key name.
package fallback

import (
	"context"

	"github.com/gofeign/feign/runtime"
)

// Item is a stored item.
type Item struct {
	ID string `json:"id"`
}

// Store is answered by another Store when its circuit is open.
type Store interface {
	//feign:requestLine GET /items/{id}
	Get(ctx context.Context, id string, opts ...runtime.CallOption) (*Item, error)

	//feign:requestLine DELETE /items/{result}/{err}
	Delete(ctx context.Context, result, err string) error

	//feign:requestLine GET /fallback
	fallback(ctx context.Context) ([]byte, error)
}

// storeFallback is named like the key type of Store's fallback.
type storeFallback struct{}
