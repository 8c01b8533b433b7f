package bench

//go:generate go tool feigngen

import "context"

// Issue is what the server answers: a small GitHub-like issue.
type Issue struct {
	Number int      `json:"number"`
	Title  string   `json:"title"`
	State  string   `json:"state"`
	Labels []string `json:"labels"`
	User   User     `json:"user"`
}

// User is the author of an Issue.
type User struct {
	Login string `json:"login"`
	ID    int64  `json:"id"`
}

// NewIssue is the body of Create.
type NewIssue struct {
	Title  string   `json:"title"`
	Body   string   `json:"body"`
	Labels []string `json:"labels"`
}

// Issues is the API every contender implements: one GET with path and query
// parameters, one POST with a JSON body.
//
//feign:headers Accept: application/json
//feign:headers User-Agent: feign-bench/1
type Issues interface {
	// Get fetches one issue.
	//
	//feign:requestLine GET /repos/{owner}/{repo}/issues/{number}?fields={fields}
	Get(ctx context.Context, owner, repo string, number int, fields string) (*Issue, error)

	// Create opens an issue.
	//
	//feign:requestLine POST /repos/{owner}/{repo}/issues
	Create(ctx context.Context, owner, repo string, issue NewIssue) (*Issue, error)
}
