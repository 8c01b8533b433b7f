// Package ghapi is the API the tests of otelfeign call: a generated client, so that
// its Endpoints carry what feigngen knows.
package ghapi

//go:generate go tool feigngen

import "context"

// Contributor is one contributor of a repository.
type Contributor struct {
	Login string `json:"login"`
}

// GitHub is a part of the GitHub REST API.
//
//feign:headers Accept: application/json
type GitHub interface {
	// Contributors lists the contributors of a repository.
	//
	//feign:requestLine GET /repos/{owner}/{repo}/contributors{?anon}
	Contributors(ctx context.Context, owner, repo string, anon *bool) ([]Contributor, error)
}
