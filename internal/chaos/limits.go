package chaos

import (
	"context"

	"github.com/gofeign/feign/internal/faultserver"
)

// Blobs is the API of limits_test.go: results read into memory, which the client must
// refuse past its limit however the server sends them.
type Blobs interface {
	//feign:requestLine GET /blobs/{id}
	//feign:headers X-Call-Id: {id}
	Get(ctx context.Context, id string) (*faultserver.Echo, error)

	//feign:requestLine GET /blobs/{id}/bytes
	//feign:headers X-Call-Id: {id}
	Bytes(ctx context.Context, id string) ([]byte, error)

	//feign:requestLine GET /blobs/{id}/text
	//feign:headers X-Call-Id: {id}
	Text(ctx context.Context, id string) (string, error)

	// Small declares a limit below the Client's.
	//
	//feign:requestLine GET /blobs/{id}/small
	//feign:headers X-Call-Id: {id}
	//feign:options maxResponse=64KiB
	Small(ctx context.Context, id string) ([]byte, error)
}
