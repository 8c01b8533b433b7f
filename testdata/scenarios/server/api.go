// Package server is a golden scenario of feigngen -server: a client and the handler
// that serves it, from one interface.
package server

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/gofeign/feign/runtime"
)

// Contributor is a result.
type Contributor struct {
	Login         string `json:"login"`
	Contributions int    `json:"contributions"`
}

// NewIssue is a JSON body.
type NewIssue struct {
	Title string `json:"title"`
}

// Issue is a result.
type Issue struct {
	Number int `json:"number"`
}

// Filter is a queryMap struct.
type Filter struct {
	Sort   string   `query:"sort,omitempty"`
	Labels []string `query:"label"`
}

// State has a text form of its own.
type State int

// MarshalText writes the state.
func (s State) MarshalText() ([]byte, error) { return []byte("open"), nil }

// UnmarshalText reads the state.
func (s *State) UnmarshalText([]byte) error { *s = 1; return nil }

// GitHub is the GitHub REST API.
//
//feign:headers Accept: application/vnd.github+json
type GitHub interface {
	// Contributors lists the contributors of a repository.
	//
	//feign:requestLine GET /repos/{owner}/{repo}/contributors?anon={anon}
	Contributors(ctx context.Context, owner, repo string, anon *bool) ([]Contributor, error)

	// CreateIssue opens an issue.
	//
	//feign:requestLine POST /repos/{owner}/{repo}/issues
	//feign:headers Authorization: Bearer {token}
	CreateIssue(ctx context.Context, token, owner, repo string, issue NewIssue) (*Issue, error)

	//feign:requestLine GET /repos/{owner}/{repo}/issues{?since,page,labels,state}
	//feign:options collection=csv
	//feign:queryMap filter
	Issues(ctx context.Context, owner, repo string, since *time.Time, page int32, labels []string, state State, filter *Filter) (runtime.Response[[]Issue], error)

	//feign:requestLine GET /search
	//feign:queryMap q
	//feign:headerMap h
	Search(q url.Values, h http.Header) (string, error)

	//feign:requestLine GET /raw/{+path}
	Raw(ctx context.Context, path string) ([]byte, error)

	//feign:requestLine PUT /raw/{+path}
	//feign:headers Content-Type: application/octet-stream
	Upload(ctx context.Context, path string, body io.Reader, opts ...runtime.CallOption) error

	//feign:requestLine POST /forms
	//feign:headers Content-Type: multipart/form-data
	Form(ctx context.Context, title string, tags []string, file []byte) (*http.Response, error)

	//feign:requestLine GET /
	Root(ctx context.Context) (io.ReadCloser, error)
}

// Empty has no methods yet: its handler answers 404 to everything.
//
//feign:headers Accept: application/json
type Empty interface{}
