// Package openapi declares an API that uses every part of a declaration the OpenAPI
// document describes: path, query and header values of every kind, the collection
// formats, each kind of body and result, security schemes, and //feign:response.
package openapi

import (
	"context"
	"io"
	"net/http"
	"time"

	"github.com/gofeign/feign/runtime"
)

// Problem is the body of an error, as RFC 9457 has it.
type Problem struct {
	Type   string `json:"type,omitempty"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail,omitempty"`
}

// Audit is embedded in the types that carry it: its fields are flattened.
type Audit struct {
	Created time.Time  `json:"created"`
	Updated *time.Time `json:"updated,omitempty"`
}

// Kind is a named string: a string in the document.
type Kind string

// Item is one item of the shop.
type Item struct {
	Audit
	ID       int64             `json:"id"`
	Name     string            `json:"name"`
	Kind     Kind              `json:"kind"`
	Price    float64           `json:"price"`
	Stock    int32             `json:"stock,string"`
	Tags     []string          `json:"tags,omitempty"`
	Labels   map[string]string `json:"labels,omitempty"`
	Picture  []byte            `json:"picture,omitempty"`
	Internal string            `json:"-"`
	secret   string
}

// NewItem is what a client sends to create an item.
type NewItem struct {
	Name  string  `json:"name"`
	Kind  Kind    `json:"kind"`
	Price float64 `json:"price"`
}

// Page is a page of items.
type Page struct {
	Items []Item `json:"items"`
	Next  string `json:"next,omitempty"`
}

// Login is a form body.
type Login struct {
	User     string `form:"user"`
	Password string `form:"password"`
	Remember bool   `form:"remember,omitempty"`
}

// Shop is the API of a shop.
//
//feign:headers Accept: application/json
//feign:response 5XX Problem
//feign:response 429
type Shop interface {
	// Get fetches one item.
	//
	// A 404 says there is no such item.
	//
	//feign:requestLine GET /items/{id}
	//feign:response 404 Problem
	//feign:response 304
	//feign:response 400 map[string][]time.Time
	Get(ctx context.Context, id int64) (*Item, error)

	// List lists items by tag, kind and time, a page at a time.
	//
	//feign:requestLine GET /items?tag={tags}&kind={kind}&since={since}&limit={limit}&sort=name
	List(ctx context.Context, tags []string, kind *Kind, since *time.Time, limit int) (Page, error)

	// ByColor lists items by colors, joined with commas.
	//
	//feign:requestLine GET /colors?color={colors}
	//feign:options collection=csv
	ByColor(ctx context.Context, colors []string) ([]Item, error)

	// BySize lists items by sizes, joined with spaces.
	//
	//feign:requestLine GET /sizes?size={sizes}
	//feign:options collection=ssv
	BySize(ctx context.Context, sizes []int) ([]Item, error)

	// ByShape lists items by shapes, joined with pipes.
	//
	//feign:requestLine GET /shapes?shape={shapes}
	//feign:options collection=pipes
	ByShape(ctx context.Context, shapes []string) ([]Item, error)

	// Create adds an item, with a bearer token.
	//
	//feign:requestLine POST /items
	//feign:headers Authorization: Bearer {token}
	//feign:headers X-Request-Id: {requestID}
	//feign:response 409 Problem
	//feign:response 422
	//feign:response 429 Problem
	Create(ctx context.Context, token, requestID string, item NewItem) (runtime.Response[Item], error)

	// Delete removes an item; a 404 is no error.
	//
	//feign:requestLine DELETE /items/{id}
	//feign:headers Authorization: Basic {credentials}
	//feign:options dismiss404=true
	Delete(ctx context.Context, credentials string, id int64) error

	// File fetches a file by its path, slashes and all.
	//
	//feign:requestLine GET /files/{+path}
	//feign:headers Accept: application/octet-stream
	File(ctx context.Context, path string) ([]byte, error)

	// Note fetches the note of an item as text.
	//
	//feign:requestLine GET /items/{id}/note
	//feign:headers Accept: text/plain
	Note(ctx context.Context, id int64) (string, error)

	// SetNote replaces the note of an item.
	//
	//feign:requestLine PUT /items/{id}/note
	//feign:headers Content-Type: text/plain
	SetNote(ctx context.Context, id int64, note string) error

	// Upload stores a picture, streamed.
	//
	//feign:requestLine PUT /items/{id}/picture
	//feign:headers Content-Type: image/png
	Upload(ctx context.Context, id int64, picture io.Reader) error

	// Raw stores raw bytes.
	//
	//feign:requestLine PUT /items/{id}/raw
	Raw(ctx context.Context, id int64, data []byte) error

	// Login signs in with a form.
	//
	//feign:requestLine POST /login
	//feign:headers Content-Type: application/x-www-form-urlencoded
	Login(ctx context.Context, login Login) error

	// Rate rates an item with form fields.
	//
	//feign:requestLine POST /items/{id}/rating
	//feign:headers Content-Type: application/x-www-form-urlencoded
	Rate(ctx context.Context, id int64, stars int, comment *string) error

	// Attach attaches a file with a multipart body.
	//
	//feign:requestLine POST /items/{id}/attachments
	//feign:headers Content-Type: multipart/form-data
	Attach(ctx context.Context, id int64, title string, file []byte) error

	// Export streams every item.
	//
	//feign:requestLine GET /export
	//feign:headers Accept: application/x-ndjson
	Export(ctx context.Context) (io.ReadCloser, error)

	// Head says whether an item exists.
	//
	//feign:requestLine HEAD /items/{id}
	Head(ctx context.Context, id int64) (*http.Response, error)

	// Version reads a header-only API version.
	//
	//feign:requestLine GET /version
	//feign:headers X-Api-Version: 2
	//feign:headers X-Trace: {trace}
	Version(ctx context.Context, trace *string) (map[string]string, error)
}
