package variables

import "context"

// GitHub names template variables that are no parameters.
type GitHub interface {
	//feign:requestLine GET /repos/{ownr}/{repo}/contributors?anon={anon}
	Contributors(ctx context.Context, owner, repo string, anon *bool) error

	//feign:requestLine GET /user
	//feign:headers Authorization: Bearer {tokn}
	User(ctx context.Context, token string) error

	//feign:requestLine GET /ctx/{ctx}
	Context(ctx context.Context) error

	//feign:requestLine GET /none/{x}
	None() error
}
