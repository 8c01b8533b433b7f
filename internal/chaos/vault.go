package chaos

import (
	"context"

	"github.com/gofeign/feign/internal/faultserver"
)

// Vault is the API of the secrets run (secrets_test.go): its calls carry a credential
// in every place a call can, and its server echoes them all back, with control
// characters, in statuses, headers and error bodies.
//
//feign:headers Accept: application/json
type Vault interface {
	// Get carries a bearer token, an API key and secret query values.
	//
	//feign:requestLine GET /secrets/{id}?access_token={token}&refreshToken={refresh}&page=1
	//feign:headers Authorization: Bearer {bearer}
	//feign:headers X-Api-Key: {apiKey}
	//feign:headers X-Call-Id: {id}
	Get(ctx context.Context, id, token, refresh, bearer, apiKey string) (*faultserver.Echo, error)

	// Put carries a session cookie and proxy credentials.
	//
	//feign:requestLine PUT /secrets/{id}?sid={sid}
	//feign:headers Cookie: session={session}; theme=dark
	//feign:headers Proxy-Authorization: Basic {basic}
	//feign:headers X-Call-Id: {id}
	Put(ctx context.Context, id, sid, session, basic string, p Payload) (*faultserver.Echo, error)
}
