package main

//go:generate go tool feigngen -openapi openapi.yaml

import "context"

// Todo is one item of the to-do list.
type Todo struct {
	ID    int    `json:"id,omitempty"`
	Title string `json:"title"`
	Done  bool   `json:"done"`
}

// Todos is the API of the local to-do server: an annotated interface, and all the code
// this example writes for its client. feigngen generates the rest into api_feign.go.
//
//feign:headers Accept: application/json
type Todos interface {
	// Get fetches one to-do.
	//
	//feign:requestLine GET /todos/{id}
	//feign:response 404
	Get(ctx context.Context, id int) (*Todo, error)

	// List lists the to-dos, optionally only the done or the open ones.
	//
	//feign:requestLine GET /todos?done={done}
	List(ctx context.Context, done *bool) ([]Todo, error)

	// Create adds a to-do. A POST: retried only when the server certainly did not
	// process it (429, 503, or a connection that was never made).
	//
	//feign:requestLine POST /todos
	//feign:headers Authorization: Bearer {token}
	Create(ctx context.Context, token string, todo Todo) (*Todo, error)

	// Delete removes a to-do; a 404 means it is gone already, which is fine.
	//
	//feign:requestLine DELETE /todos/{id}
	//feign:options dismiss404=true
	Delete(ctx context.Context, id int) error

	// Search finds to-dos whose title contains the text.
	//
	//feign:requestLine GET /search/{text}
	Search(ctx context.Context, text string) ([]Todo, error)
}
