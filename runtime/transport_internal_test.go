package runtime

import (
	"net/http"
	"testing"
	"time"
)

// TestDefaultHTTPClient: a Client built without WithHTTPClient never sends with the
// shared http.DefaultClient, and its transport keeps what http.DefaultTransport gives.
func TestDefaultHTTPClient(t *testing.T) {
	c, err := New("http://api.test")
	if err != nil {
		t.Fatal(err)
	}
	if c.httpClient == http.DefaultClient {
		t.Fatal("the runtime sends with http.DefaultClient")
	}
	if c.httpClient.CheckRedirect == nil || c.httpClient.Timeout != 0 || c.httpClient.Jar != nil {
		t.Fatalf("unexpected client %+v", c.httpClient)
	}
	guard, ok := c.httpClient.Transport.(*stallGuard)
	if !ok || guard.timeout != DefaultBodyStallTimeout {
		t.Fatalf("transport %T %+v: want the stall guard with %v", c.httpClient.Transport, c.httpClient.Transport, DefaultBodyStallTimeout)
	}
	transport, ok := guard.next.(*http.Transport)
	if !ok {
		t.Fatalf("transport %T", guard.next)
	}
	if transport == http.DefaultTransport {
		t.Fatal("the runtime's transport is http.DefaultTransport itself")
	}
	def := http.DefaultTransport.(*http.Transport)
	if transport.Proxy == nil || !transport.ForceAttemptHTTP2 || transport.DialContext == nil ||
		transport.TLSHandshakeTimeout != def.TLSHandshakeTimeout || transport.IdleConnTimeout != def.IdleConnTimeout ||
		transport.MaxIdleConns != def.MaxIdleConns || transport.ExpectContinueTimeout != def.ExpectContinueTimeout {
		t.Fatalf("the transport lost what http.DefaultTransport has: %+v", transport)
	}
	if transport.ResponseHeaderTimeout != DefaultResponseHeaderTimeout {
		t.Fatalf("ResponseHeaderTimeout %v, want %v", transport.ResponseHeaderTimeout, DefaultResponseHeaderTimeout)
	}

	other, err := New("http://other.test")
	if err != nil {
		t.Fatal(err)
	}
	if other.httpClient == c.httpClient || other.httpClient.Transport.(*stallGuard).next != transport {
		t.Fatal("Clients share the transport (one connection pool), not the *http.Client")
	}
}

func TestTimeoutOptions(t *testing.T) {
	c, err := New("http://api.test", WithResponseHeaderTimeout(5*time.Second), WithBodyStallTimeout(0))
	if err != nil {
		t.Fatal(err)
	}
	transport, ok := c.httpClient.Transport.(*http.Transport)
	if !ok {
		t.Fatalf("transport %T: a zero stall timeout turns the guard off", c.httpClient.Transport)
	}
	if transport.ResponseHeaderTimeout != 5*time.Second {
		t.Fatalf("ResponseHeaderTimeout %v", transport.ResponseHeaderTimeout)
	}
	off, err := New("http://api.test", WithResponseHeaderTimeout(-1), WithBodyStallTimeout(-1))
	if err != nil {
		t.Fatal(err)
	}
	if d := off.httpClient.Transport.(*http.Transport).ResponseHeaderTimeout; d != 0 {
		t.Fatalf("ResponseHeaderTimeout %v, want none", d)
	}

	user := &http.Client{Timeout: time.Second}
	u, err := New("http://api.test", WithHTTPClient(user), WithResponseHeaderTimeout(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if u.httpClient == user || u.httpClient.Transport != nil || u.httpClient.Timeout != time.Second || u.httpClient.CheckRedirect == nil {
		t.Fatalf("want a copy of the user's client with the runtime's CheckRedirect: %+v", u.httpClient)
	}
	s, err := New("http://api.test", WithHTTPClient(user), WithBodyStallTimeout(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if g, ok := s.httpClient.Transport.(*stallGuard); !ok || g.next != http.DefaultTransport || user.Transport != nil {
		t.Fatalf("an explicit stall timeout wraps the user's transport in the copy: %+v", s.httpClient.Transport)
	}
}
