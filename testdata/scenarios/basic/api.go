// Package basic is the walking-skeleton scenario: the GitHub example of the spec.
package basic

import (
	"context"
	"io"
	"net/http"
	"time"

	"github.com/gofeign/feign/runtime"
)

// Contributor is one contributor of a repository.
type Contributor struct {
	Login         string `json:"login"`
	Contributions int    `json:"contributions"`
}

// NewIssue is the body of CreateIssue.
type NewIssue struct {
	Title string `json:"title"`
	Body  string `json:"body"`
}

// Issue is an issue as GitHub returns it.
type Issue struct {
	Number int    `json:"number"`
	Title  string `json:"title"`
}

// Owner is a named string type used as a template value.
type Owner string

// Asset is a named []byte: under a non-JSON Content-Type it is sent as its bytes.
type Asset []byte

// GitHub is the GitHub REST API.
//
//feign:headers Accept: application/vnd.github+json
type GitHub interface {
	// Contributors lists the contributors of a repository.
	//
	//feign:requestLine GET /repos/{owner}/{repo}/contributors?anon={anon}
	Contributors(ctx context.Context, owner Owner, repo string, anon *bool) ([]Contributor, error)

	// CreateIssue opens an issue.
	//
	//feign:requestLine POST /repos/{owner}/{repo}/issues
	//feign:headers Authorization: Bearer {token}
	CreateIssue(ctx context.Context, token, owner, repo string, issue NewIssue) (*Issue, error)

	// Search shows query lists, numbers and a literal query part.
	//
	//feign:requestLine GET /search/issues?q={q}&label={labels}&page={page}&per_page=100&since={since}
	//feign:headers X-Trace: {traceIDs}
	//feign:options dismiss404=true
	Search(ctx context.Context, q string, labels []string, page uint16, since *time.Time, traceIDs []int) ([]Issue, error)

	// Lock is idempotent although it is a POST, and returns nothing but an error.
	//
	//feign:requestLine POST /repos/{owner}/{repo}/issues/{number}/lock
	//feign:idempotent
	Lock(owner, repo string, number int64) error

	// Readme streams the README.
	//
	//feign:requestLine GET /repos/{owner}/{repo}/readme
	Readme(ctx context.Context, owner, repo string) (io.ReadCloser, error)

	// Raw returns the response whatever its status.
	//
	//feign:requestLine HEAD /repos/{owner}/{repo}
	Raw(ctx context.Context, owner, repo string) (*http.Response, error)

	// Zen returns text.
	//
	//feign:requestLine GET /zen
	Zen(ctx context.Context) (string, error)

	// Octocat returns bytes.
	//
	//feign:requestLine GET /octocat?s={s}
	Octocat(ctx context.Context, s *float32) ([]byte, error)

	// Issues returns a page of issues with its status and headers (the Link to the
	// next page).
	//
	//feign:requestLine GET /repos/{owner}/{repo}/issues?page={page}
	Issues(ctx context.Context, owner, repo string, page int) (runtime.Response[[]Issue], error)

	// Upload sends bytes under the Content-Type they are declared with.
	//
	//feign:requestLine POST /repos/{owner}/{repo}/assets
	//feign:headers Content-Type: application/zip
	Upload(ctx context.Context, owner, repo string, data []byte) (runtime.Response[string], error)

	// UploadAsset sends a named []byte as its bytes.
	//
	//feign:requestLine POST /repos/{owner}/{repo}/assets
	//feign:headers Content-Type: application/octet-stream
	UploadAsset(ctx context.Context, owner, repo string, asset Asset) error
}
