package server_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/gofeign/feign/server"
)

// TestSecretsAreNotRepeated: the problem detail of a value that does not parse quotes
// it, unless its name says it is a secret.
func TestSecretsAreNotRepeated(t *testing.T) {
	for _, tc := range []struct {
		param, detail string
	}{
		{"query page", `query page: \"hunter2\" is not an integer`},
		{"query api_key", `query api_key: the value is not an integer`},
		{"header Authorization", `header Authorization: the value is not an integer`},
		{"header X-Api-Key", `header X-Api-Key: the value is not an integer`},
		{"form password", `form password: the value is not an integer`},
	} {
		rec := serve(t, func(q *server.Request) {
			q.Int(tc.param, "hunter2", 0)
			if q.Failed() {
				return
			}
			q.NoContent(nil)
		})
		assert.Equal(t, `{"type":"about:blank","title":"Bad Request","status":400,"detail":"`+tc.detail+`"}`, rec.Body.String(), tc.param)
	}
}
