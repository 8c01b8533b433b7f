package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/gofeign/feign/examples/observability/todo"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// To-dos 1 and 2 take a retry each, to-do 13 fails after 3 attempts: 7 attempts, as
// the server counts, 4 retries; the scrape has one series per outcome, each labelled
// with the route, never the to-do's URL.
func TestMetrics(t *testing.T) {
	srv := todo.NewServer()
	defer srv.Close()
	var out strings.Builder
	require.NoError(t, runAgainst(&out, srv))
	require.Equal(t, 7, srv.Requests())

	assert.Equal(t, `# HELP feign_client_retries_total Attempts sent again after a retryable failure (hedges are not counted).
# TYPE feign_client_retries_total counter
feign_client_retries_total{feign_method_key="Todos#Get",url_template="/todos/{id}"} 4
# HELP http_client_request_duration_seconds Duration of HTTP client requests.
# TYPE http_client_request_duration_seconds histogram
http_client_request_duration_seconds_count{http_request_method="GET",http_response_status_code="200",server_address="127.0.0.1",server_port="…",url_template="/todos/{id}"} 2
http_client_request_duration_seconds_count{error_type="503",http_request_method="GET",http_response_status_code="503",server_address="127.0.0.1",server_port="…",url_template="/todos/{id}"} 5
`, out.String())
}
