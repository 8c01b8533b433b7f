// Package e2e holds an annotated API, its generated client, and tests that run that
// client against real loopback servers: the generator and the runtime checked together.
package e2e

//go:generate go tool feigngen

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"
)

// Item is the resource of Store.
type Item struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name"`
}

// ItemID is a named string type used in a path.
type ItemID string

// Tags is a named slice type: a list, like []string.
type Tags []string

// Sort is a fmt.Stringer.
type Sort struct{ Field string }

func (s Sort) String() string { return s.Field + ":asc" }

// Store exercises every directive, parameter and result shape of the walking skeleton.
//
//feign:headers Accept: application/json
type Store interface {
	//feign:requestLine GET /items/{id}?fields={fields}&v={version}&lang=en
	Get(ctx context.Context, id string, fields []string, version *int) (*Item, error)

	//feign:requestLine POST /items
	//feign:headers Authorization: Bearer {token}
	Create(ctx context.Context, token *string, item Item) (*Item, error)

	//feign:requestLine PUT /items/{id}
	Put(ctx context.Context, id ItemID, item Item) error

	//feign:requestLine POST /items/{id}/touch
	//feign:idempotent
	Touch(ctx context.Context, id string) error

	//feign:requestLine DELETE /items/{id}
	//feign:options dismiss404=true
	Delete(ctx context.Context, id string) error

	//feign:requestLine GET /items/{id}/raw
	Raw(ctx context.Context, id string) (*http.Response, error)

	//feign:requestLine GET /items/{id}/stream
	Stream(ctx context.Context, id string) (io.ReadCloser, error)

	//feign:requestLine GET /text
	Text(ctx context.Context) (string, error)

	//feign:requestLine GET /bytes/{ids}
	Bytes(ctx context.Context, ids []int) ([]byte, error)

	//feign:requestLine GET /at/{when}?ratio={ratio}
	//feign:headers X-Tags: {tags}
	At(ctx context.Context, when time.Time, ratio float64, tags []string) error

	//feign:requestLine GET /files/{name}
	File(ctx context.Context, name string) error

	//feign:requestLine GET /version/{version}
	Version(version *int) error

	//feign:requestLine GET /labels?l={labels}&sort={sort}
	Labels(ctx context.Context, labels Tags, sort fmt.Stringer) error

	//feign:requestLine PUT /blobs/{name}
	//feign:headers Content-Type: text/csv
	Upload(ctx context.Context, name string, data io.Reader) error
}
