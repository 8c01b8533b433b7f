package auth

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// apiServer is a loopback API that records the Authorization of every request and
// answers with the scripted statuses in turn, then 200.
type apiServer struct {
	*httptest.Server
	mu   sync.Mutex
	auth []string
}

func newAPIServer(t *testing.T, statuses ...int) *apiServer {
	t.Helper()
	s := &apiServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.auth = append(s.auth, r.Header.Get("Authorization"))
		n := len(s.auth)
		s.mu.Unlock()
		if n <= len(statuses) {
			w.WriteHeader(statuses[n-1])
			return
		}
		io.WriteString(w, `{"login":"octocat"}`)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *apiServer) seen() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.auth...)
}

// transport returns a transport whose idle connections close when the test ends.
func transport(t *testing.T) *http.Transport {
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	return tr
}

var fast = runtime.WithRetryer(retryer.New(time.Millisecond, 5*time.Millisecond, 3))

func TestStaticToken(t *testing.T) {
	srv := newAPIServer(t, http.StatusServiceUnavailable)
	api, err := NewWithToken(srv.URL, "s3cr3t", fast, runtime.WithHTTPClient(&http.Client{Transport: transport(t)}))
	require.NoError(t, err)
	for range 2 {
		u, err := api.Me(context.Background())
		require.NoError(t, err)
		assert.Equal(t, User{Login: "octocat"}, u)
	}
	assert.Equal(t, []string{"Bearer s3cr3t", "Bearer s3cr3t", "Bearer s3cr3t"}, srv.seen(), "every attempt of every call")

	_, err = NewWithToken(srv.URL, "s3cr3t\r\nX-Admin: 1")
	assert.True(t, errors.Is(err, runtime.ErrInvalidHeader), "%v", err)
	assert.NotContains(t, err.Error(), "s3cr3t")
}

func TestTokenFromAnInterceptor(t *testing.T) {
	srv := newAPIServer(t, http.StatusServiceUnavailable)
	var fetched atomic.Int32
	token := func(context.Context) (string, error) {
		switch fetched.Add(1) {
		case 1:
			return "old", nil
		case 2:
			return "new", nil
		}
		return "", errors.New("token service down")
	}
	api, err := NewWithTokenFunc(srv.URL, token, fast, runtime.WithHTTPClient(&http.Client{Transport: transport(t)}))
	require.NoError(t, err)
	_, err = api.Me(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []string{"Bearer old", "Bearer new"}, srv.seen(), "the retry asks for the token again")

	_, err = api.Me(context.Background())
	require.ErrorContains(t, err, "token service down")
	assert.Len(t, srv.seen(), 2, "a call without a token sends nothing")
}

// tokenServer is a loopback OAuth 2.0 token endpoint for the client credentials grant.
func tokenServer(t *testing.T, issued *atomic.Int32) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, secret, ok := r.BasicAuth()
		if r.Method != http.MethodPost || r.URL.Path != "/token" || !ok || id != "app" || secret != "app-secret" ||
			r.PostFormValue("grant_type") != "client_credentials" || r.PostFormValue("scope") != "read" {
			http.Error(w, `{"error":"invalid_client"}`, http.StatusUnauthorized)
			return
		}
		issued.Add(1)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"access_token":"tok-1","token_type":"Bearer","expires_in":3600}`)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestOAuth2ClientCredentials(t *testing.T) {
	var issued atomic.Int32
	tokens := tokenServer(t, &issued)
	srv := newAPIServer(t, http.StatusServiceUnavailable)
	cfg := &clientcredentials.Config{ClientID: "app", ClientSecret: "app-secret", TokenURL: tokens.URL + "/token", Scopes: []string{"read"}}

	api, err := NewWithOAuth2(context.Background(), srv.URL, cfg, transport(t), fast)
	require.NoError(t, err)
	for range 2 {
		u, err := api.Me(context.Background())
		require.NoError(t, err)
		assert.Equal(t, User{Login: "octocat"}, u)
	}
	assert.Equal(t, []string{"Bearer tok-1", "Bearer tok-1", "Bearer tok-1"}, srv.seen(), "every attempt carries the token")
	assert.EqualValues(t, 1, issued.Load(), "the token is fetched once and reused until it expires")
}

func TestOAuth2TokenDoesNotFollowARedirectToAnotherOrigin(t *testing.T) {
	var issued atomic.Int32
	tokens := tokenServer(t, &issued)
	elsewhere := newAPIServer(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, elsewhere.URL+"/me", http.StatusFound)
	}))
	t.Cleanup(srv.Close)
	cfg := &clientcredentials.Config{ClientID: "app", ClientSecret: "app-secret", TokenURL: tokens.URL + "/token", Scopes: []string{"read"}}

	api, err := NewWithOAuth2(context.Background(), srv.URL, cfg, transport(t), fast)
	require.NoError(t, err)
	_, err = api.Me(context.Background())
	var httpErr *errordecoder.HTTPError
	require.True(t, errors.As(err, &httpErr), "%v", err)
	assert.Equal(t, http.StatusFound, httpErr.StatusCode)
	assert.Empty(t, elsewhere.seen(), "the other origin never saw the token")
}
