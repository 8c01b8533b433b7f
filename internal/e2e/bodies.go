package e2e

import (
	"context"
	"io"

	"github.com/gofeign/feign/runtime"
)

// Token is a named string: a value, JSON under a JSON Content-Type, its text under any
// other.
type Token string

// Bodies sends each kind of body under the Content-Type it declares, and reads raw and
// typed results under a JSON Accept.
type Bodies interface {
	//feign:requestLine PUT /blob
	//feign:headers Content-Type: application/octet-stream
	Blob(ctx context.Context, data []byte) error

	//feign:requestLine PUT /bytes
	Bytes(ctx context.Context, data []byte) error

	//feign:requestLine PUT /note
	//feign:headers Content-Type: text/plain
	Note(ctx context.Context, note string) error

	//feign:requestLine PUT /text
	Text(ctx context.Context, text string) error

	//feign:requestLine POST /document
	//feign:headers Content-Type: application/json
	Document(ctx context.Context, doc []byte) error

	//feign:requestLine POST /token
	//feign:headers Content-Type: application/json
	TokenJSON(ctx context.Context, token Token) error

	//feign:requestLine POST /token/text
	//feign:headers Content-Type: text/plain
	TokenText(ctx context.Context, token Token) error

	//feign:requestLine POST /stream
	//feign:headers Content-Type: application/json
	Reader(ctx context.Context, body io.Reader) error

	//feign:requestLine POST /item
	//feign:headers Content-Type: application/json
	Item(ctx context.Context, item Item) error

	//feign:requestLine GET /raw
	//feign:headers Accept: application/json
	RawJSON(ctx context.Context) (string, error)

	//feign:requestLine GET /raw
	//feign:headers Accept: application/json
	RawBytes(ctx context.Context) ([]byte, error)

	//feign:requestLine GET /token
	//feign:headers Accept: application/json
	GetToken(ctx context.Context, opts ...runtime.CallOption) (Token, error)
}
