package runtime_test

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/internal/redact"
	"github.com/gofeign/feign/runtime"
)

// redirectClient is a Client of a redirect test and the attempts it sent, counted by an
// interceptor.
type redirectClient struct {
	*runtime.Client
	sent *atomic.Int32
}

// redirectClients returns a Client built with the runtime's own HTTP client and one
// built WithHTTPClient over a client without CheckRedirect: the rules must hold for
// both. Every request carries credentials in every way a call can add headers: the
// interceptor adds Proxy-Authorization and X-Signature.
func redirectClients(t *testing.T, baseURL string, opts ...runtime.Option) map[string]redirectClient {
	t.Helper()
	clients := map[string]redirectClient{}
	transport := &http.Transport{}
	t.Cleanup(transport.CloseIdleConnections)
	for name, extra := range map[string][]runtime.Option{
		"runtime's client": nil,
		"WithHTTPClient":   {runtime.WithHTTPClient(&http.Client{Transport: transport})},
	} {
		var sent atomic.Int32
		all := append([]runtime.Option{
			runtime.WithRetryer(fastRetryer()),
			runtime.WithRequestInterceptor(func(r *http.Request) error {
				sent.Add(1)
				r.Header.Set("Proxy-Authorization", "Basic cHJveHk6cHc=")
				r.Header.Set("X-Signature", "sig-from-interceptor")
				return nil
			}),
		}, extra...)
		client, err := runtime.New(baseURL, append(all, opts...)...)
		require.NoError(t, err)
		t.Cleanup(client.CloseIdleConnections)
		clients[name] = redirectClient{Client: client, sent: &sent}
	}
	return clients
}

// credentialedCall is a call carrying secrets as //feign:headers templates and a
// headerMap would (Call.Header), and as CallHeaders do.
func credentialedCall(c *runtime.Client, method, path string) *runtime.Call {
	call := c.NewCall(context.Background(), endpoint(method),
		runtime.CallHeader("X-Request-Id", "req-42"),
		runtime.CallHeader("Cookie", "session=callheader"))
	call.Path(path)
	call.Header("Accept", "application/json")
	call.Header("Accept-Language", "de")
	call.Header("Authorization", "Bearer s3cret")
	call.Header("X-Api-Key", "k3y")
	call.Header("X-Tenant", "acme")
	return call
}

func redirectTo(location string, status int) func(http.ResponseWriter, *http.Request, int) {
	return func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.Header().Set("Location", location)
		w.WriteHeader(status)
	}
}

// TestCrossOriginRedirectCarriesNoCredentials redirects from one loopback port to
// another: the same host name, so net/http would keep Authorization and Cookie, and it
// never drops the other headers. The other origin must see only the negotiation
// headers.
func TestCrossOriginRedirectCarriesNoCredentials(t *testing.T) {
	for _, status := range []int{http.StatusFound, http.StatusTemporaryRedirect} {
		other := newServer(t, statuses(200))
		origin := newServer(t, redirectTo(other.URL+"/landing?from=origin", status))
		for name, client := range redirectClients(t, origin.URL) {
			t.Run(http.StatusText(status)+"/"+name, func(t *testing.T) {
				before := len(other.attempts())
				beforeOrigin := len(origin.attempts())
				require.NoError(t, credentialedCall(client.Client, http.MethodGet, "/start").Do())

				assert.EqualValues(t, 1, client.sent.Load(), "one attempt")
				require.Len(t, origin.attempts(), beforeOrigin+1)
				got := other.attempts()
				require.Len(t, got, before+1, "the other origin got the redirected request once")
				header := got[len(got)-1].Header
				assert.Equal(t, http.Header{
					"Accept":          {"application/json"},
					"Accept-Language": {"de"},
					"User-Agent":      {"gofeign/1"},
					"Accept-Encoding": {"gzip"}, // the transport's own
				}, header)
				assert.Equal(t, header, redact.Header(header), "no header the redactor finds secret")
				assert.Equal(t, "/landing?from=origin", got[len(got)-1].RequestURI)
			})
		}
	}
}

// TestSameOriginRedirectKeepsHeaders: within the origin, a redirect is the server's own
// business, and the request keeps every header, as with net/http.
func TestSameOriginRedirectKeepsHeaders(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request, attempt int) {
		if r.URL.Path == "/start" {
			redirectTo("/landing", http.StatusFound)(w, r, attempt)
			return
		}
		statuses(200)(w, r, attempt)
	})
	for name, client := range redirectClients(t, s.URL) {
		t.Run(name, func(t *testing.T) {
			before := len(s.attempts())
			require.NoError(t, credentialedCall(client.Client, http.MethodGet, "/start").Do())
			assert.EqualValues(t, 1, client.sent.Load())
			got := s.attempts()[before:]
			require.Len(t, got, 2)
			assert.Equal(t, "/landing", got[1].RequestURI)
			first, second := got[0].Header.Clone(), got[1].Header.Clone()
			assert.Equal(t, s.URL+"/start", second.Get("Referer"))
			second.Del("Referer")
			assert.Equal(t, first, second, "every header kept")
			assert.Equal(t, "Bearer s3cret", second.Get("Authorization"))
			assert.Equal(t, "session=callheader", second.Get("Cookie"))
		})
	}
}

// TestRedirectBackToTheOriginStaysStripped: once a chain has left the origin, the other
// origin chooses the URLs, and a hop back to the first origin must not carry the
// caller's credentials to a request someone else chose.
func TestRedirectBackToTheOriginStaysStripped(t *testing.T) {
	var originURL string
	other := newServer(t, func(w http.ResponseWriter, r *http.Request, attempt int) {
		redirectTo(originURL+"/admin/delete-everything", http.StatusFound)(w, r, attempt)
	})
	origin := newServer(t, func(w http.ResponseWriter, r *http.Request, attempt int) {
		if r.URL.Path == "/start" {
			redirectTo(other.URL+"/bounce", http.StatusFound)(w, r, attempt)
			return
		}
		statuses(200)(w, r, attempt)
	})
	originURL = origin.URL
	client := redirectClients(t, origin.URL)["runtime's client"]
	require.NoError(t, credentialedCall(client.Client, http.MethodGet, "/start").Do())
	got := origin.attempts()
	require.Len(t, got, 2)
	assert.Equal(t, "/admin/delete-everything", got[1].RequestURI)
	assert.Empty(t, got[1].Header.Get("Authorization"))
	assert.Empty(t, got[1].Header.Get("X-Api-Key"))
	assert.Len(t, other.attempts(), 1)
}

// TestRedirectLoopEndsTheCall: a loop ends after net/http's 10 hops, with one attempt;
// it used to be retried as a transport error, 50 requests for one GET.
func TestRedirectLoopEndsTheCall(t *testing.T) {
	s := newServer(t, redirectTo("/loop", http.StatusFound))
	for name, client := range redirectClients(t, s.URL) {
		t.Run(name, func(t *testing.T) {
			before := len(s.attempts())
			err := credentialedCall(client.Client, http.MethodGet, "/loop").Do()
			require.ErrorIs(t, err, runtime.ErrTooManyRedirects)
			var callErr *runtime.CallError
			require.ErrorAs(t, err, &callErr)
			assert.Equal(t, 1, callErr.Attempts)
			assert.EqualValues(t, 1, client.sent.Load(), "not retried")
			assert.Len(t, s.attempts()[before:], 10, "the server saw one call's worth of requests")
			var retryable *errordecoder.RetryableError
			assert.False(t, errors.As(err, &retryable))
		})
	}
}

// TestCrossOriginRedirectOfABody: a 307 to another origin would resend the body; it
// ends the call unless the Client opted in, and then only the body's own headers go
// with it. A 303 turns the POST into a GET without a body, and is followed.
func TestCrossOriginRedirectOfABody(t *testing.T) {
	body := map[string]string{"order": strings.Repeat("data ", 2000)}
	encoded, err := json.Marshal(body)
	require.NoError(t, err)
	other := newServer(t, statuses(201))
	origin := newServer(t, func(w http.ResponseWriter, r *http.Request, attempt int) {
		status := http.StatusTemporaryRedirect
		if r.URL.Path == "/see-other" {
			status = http.StatusSeeOther
		}
		redirectTo(other.URL+"/elsewhere", status)(w, r, attempt)
	})
	post := func(c *runtime.Client, path string) error {
		call := credentialedCall(c, http.MethodPost, path)
		call.Header("Content-Type", "application/json")
		call.Body(body)
		return call.Do()
	}

	t.Run("refused", func(t *testing.T) {
		for name, client := range redirectClients(t, origin.URL) {
			t.Run(name, func(t *testing.T) {
				before := len(origin.attempts())
				err := post(client.Client, "/orders")
				require.ErrorIs(t, err, runtime.ErrRedirectBody)
				assert.EqualValues(t, 1, client.sent.Load())
				assert.Len(t, origin.attempts()[before:], 1)
				assert.Empty(t, other.attempts(), "nothing reached the other origin")
			})
		}
	})
	t.Run("WithRedirectBodies", func(t *testing.T) {
		for name, client := range redirectClients(t, origin.URL, runtime.WithRedirectBodies()) {
			t.Run(name, func(t *testing.T) {
				before := len(other.attempts())
				require.NoError(t, post(client.Client, "/orders"))
				assert.EqualValues(t, 1, client.sent.Load())
				got := other.attempts()[before:]
				require.Len(t, got, 1)
				assert.Equal(t, http.MethodPost, got[0].Method)
				assert.Equal(t, sha256.Sum256(encoded), got[0].BodyHash)
				assert.Equal(t, http.Header{
					"Accept":          {"application/json"},
					"Accept-Language": {"de"},
					"User-Agent":      {"gofeign/1"},
					"Accept-Encoding": {"gzip"},
					"Content-Type":    {"application/json"},
					"Content-Length":  {strconv.Itoa(len(encoded))},
				}, got[0].Header)
			})
		}
	})
	t.Run("303", func(t *testing.T) {
		client := redirectClients(t, origin.URL)["runtime's client"]
		before := len(other.attempts())
		require.NoError(t, post(client.Client, "/see-other"))
		got := other.attempts()[before:]
		require.Len(t, got, 1)
		assert.Equal(t, http.MethodGet, got[0].Method)
		assert.Empty(t, got[0].Body)
		assert.Empty(t, got[0].Header.Get("Content-Type"))
		assert.Empty(t, got[0].Header.Get("Authorization"))
	})
}

// TestOwnCheckRedirectWins: a CheckRedirect of the caller's own decides alone, and the
// caller's *http.Client is not changed by the runtime.
func TestOwnCheckRedirectWins(t *testing.T) {
	other := newServer(t, statuses(200))
	origin := newServer(t, redirectTo(other.URL+"/landing", http.StatusFound))
	transport := &http.Transport{}
	t.Cleanup(transport.CloseIdleConnections)

	trusting := &http.Client{Transport: transport, CheckRedirect: func(*http.Request, []*http.Request) error { return nil }}
	client, err := runtime.New(origin.URL, runtime.WithHTTPClient(trusting))
	require.NoError(t, err)
	require.NoError(t, credentialedCall(client, http.MethodGet, "/start").Do())
	require.Len(t, other.attempts(), 1)
	assert.Equal(t, "k3y", other.attempts()[0].Header.Get("X-Api-Key"), "the caller's CheckRedirect chose to keep it")

	refusing := &http.Client{Transport: transport, CheckRedirect: func(*http.Request, []*http.Request) error {
		return errors.New("no redirects here")
	}}
	client, err = runtime.New(origin.URL, runtime.WithHTTPClient(refusing), runtime.WithRetryer(fastRetryer()))
	require.NoError(t, err)
	before := len(origin.attempts())
	err = credentialedCall(client, http.MethodGet, "/start").Do()
	require.ErrorContains(t, err, "no redirects here")
	assert.Len(t, origin.attempts()[before:], 1, "a refused redirect is not retried")

	plain := &http.Client{Transport: transport}
	_, err = runtime.New(origin.URL, runtime.WithHTTPClient(plain))
	require.NoError(t, err)
	assert.Nil(t, plain.CheckRedirect, "the runtime works on a copy")
}
