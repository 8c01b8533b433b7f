// Package auth shows three ways to authenticate the calls of a generated client: a
// static token with runtime.WithHeader, a token fetched per attempt by a request
// interceptor, and OAuth 2.0 with golang.org/x/oauth2 through runtime.WithHTTPClient.
// It is a module of its own, so that the feign module does not depend on
// golang.org/x/oauth2.
package auth

//go:generate go tool feigngen

import (
	"context"
	"errors"
	"net/http"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/gofeign/feign/runtime"
)

// User is who the API says the caller is.
type User struct {
	Login string `json:"login"`
}

// API is an API that wants a bearer token.
//
//feign:headers Accept: application/json
type API interface {
	//feign:requestLine GET /me
	Me(ctx context.Context) (User, error)
}

// NewWithToken authenticates every call with a token that does not change: a
// Client-wide header. A token with a CR or LF makes it fail, rather than send a
// header another one could be smuggled into.
func NewWithToken(baseURL, token string, opts ...runtime.Option) (API, error) {
	return NewAPI(baseURL, append([]runtime.Option{runtime.WithHeader("Authorization", "Bearer "+token)}, opts...)...)
}

// NewWithTokenFunc authenticates every attempt with a token that token returns, such
// as one it refreshes before it expires: a request interceptor runs on each attempt's
// fresh request, retries included, so a retry after a refresh sends the new token. An
// error from token ends the call without a retry.
func NewWithTokenFunc(baseURL string, token func(ctx context.Context) (string, error), opts ...runtime.Option) (API, error) {
	intercept := runtime.WithRequestInterceptor(func(r *http.Request) error {
		t, err := token(r.Context())
		if err != nil {
			return err
		}
		r.Header.Set("Authorization", "Bearer "+t)
		return nil
	})
	return NewAPI(baseURL, append([]runtime.Option{intercept}, opts...)...)
}

// NewWithOAuth2 authenticates every call with an OAuth 2.0 access token of the client
// credentials grant, fetched from cfg.TokenURL when first needed and again when it
// expires, by golang.org/x/oauth2's Transport in the *http.Client that sends the calls.
//
// base sends both the token requests and the API calls (nil means
// http.DefaultTransport). The Transport adds the token to every request it sends,
// redirects included, so the client refuses redirects to another origin than the
// request's: the token would follow them.
func NewWithOAuth2(ctx context.Context, baseURL string, cfg *clientcredentials.Config, base http.RoundTripper, opts ...runtime.Option) (API, error) {
	if base == nil {
		base = http.DefaultTransport
	}
	tokenCtx := context.WithValue(ctx, oauth2.HTTPClient, &http.Client{Transport: base})
	hc := &http.Client{
		Transport: &oauth2.Transport{Source: cfg.TokenSource(tokenCtx), Base: base},
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 10 {
				return errors.New("stopped after 10 redirects")
			}
			if req.URL.Scheme != via[0].URL.Scheme || req.URL.Host != via[0].URL.Host {
				return http.ErrUseLastResponse // not followed: the token stays home
			}
			return nil
		},
	}
	return NewAPI(baseURL, append([]runtime.Option{runtime.WithHTTPClient(hc)}, opts...)...)
}
