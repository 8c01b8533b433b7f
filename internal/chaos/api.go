// Package chaos proves the generated client and its runtime reliable under faults: a
// generated client of the APIs declared here makes thousands of calls against a
// faultserver.Server that resets, truncates, stalls, throttles and fails them, and the
// tests check invariants on both sides (see chaos_test.go). anchors_test.go holds one
// regression test per known bug of the clients we measure ourselves against;
// secrets_test.go runs the Vault API against a server that echoes every credential
// back, and deadline_test.go checks the deadline invariant exactly under fake time.
//
// The package holds nothing but the declarations and their generated clients; the
// run itself is a test:
//
//	go test ./internal/chaos -run Chaos -chaos.calls=10000 -v
package chaos

//go:generate go tool feigngen

import (
	"context"
	"io"
	"net/http"

	"github.com/gofeign/feign/internal/faultserver"
)

// Payload is the body of the calls that have one; Data varies per call so that every
// call's body has its own hash.
type Payload struct {
	Call string `json:"call"`
	Data string `json:"data"`
}

// Orders is the API of the chaos run: every method family the retry rules tell apart.
// The server echoes every request, so a result proves which request it answers.
//
//feign:headers Accept: application/json
type Orders interface {
	// Get is idempotent by its method: retried after any retryable failure.
	//
	//feign:requestLine GET /items/{id}
	//feign:headers X-Call-Id: {id}
	Get(ctx context.Context, id string) (*faultserver.Echo, error)

	// Put is idempotent by its method.
	//
	//feign:requestLine PUT /items/{id}
	//feign:headers X-Call-Id: {id}
	Put(ctx context.Context, id string, p Payload) (*faultserver.Echo, error)

	// Create is a plain POST: retried only when the server certainly did not act.
	//
	//feign:requestLine POST /orders
	//feign:headers X-Call-Id: {id}
	Create(ctx context.Context, id string, p Payload) (*faultserver.Echo, error)

	// Confirm is a POST declared idempotent.
	//
	//feign:requestLine POST /orders/{id}/confirm
	//feign:idempotent
	//feign:headers X-Call-Id: {id}
	Confirm(ctx context.Context, id string, p Payload) (*faultserver.Echo, error)

	// Pay is a POST made replayable by its Idempotency-Key.
	//
	//feign:requestLine POST /payments
	//feign:headers X-Call-Id: {id}
	//feign:headers Idempotency-Key: {id}
	Pay(ctx context.Context, id string, p Payload) (*faultserver.Echo, error)
}

// Anchors is the API of the regression tests of anchors_test.go.
type Anchors interface {
	//feign:requestLine GET /files/{name}
	File(ctx context.Context, name string) error

	//feign:requestLine GET /me
	//feign:headers Authorization: Bearer {token}
	Me(ctx context.Context, token *string) error

	//feign:requestLine GET /search?q={q}
	Search(ctx context.Context, q string) (*faultserver.Echo, error)

	//feign:requestLine GET /items
	Get(ctx context.Context) (*faultserver.Echo, error)

	//feign:requestLine POST /orders
	Create(ctx context.Context, order Payload) (*faultserver.Echo, error)

	//feign:requestLine GET /raw
	Raw(ctx context.Context) (*http.Response, error)

	//feign:requestLine GET /stream
	Stream(ctx context.Context) (io.ReadCloser, error)

	//feign:requestLine PUT /blobs/{name}
	//feign:headers Content-Type: application/octet-stream
	Upload(ctx context.Context, name string, data io.Reader) error
}
