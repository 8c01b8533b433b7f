package redact

import "net/http"

// secretHeaders carry credentials whatever their value looks like.
var secretHeaders = map[string]bool{
	"Authorization":             true,
	"Proxy-Authorization":       true,
	"Cookie":                    true,
	"Set-Cookie":                true,
	"X-Forwarded-Authorization": true, // a gateway forwarding the caller's credentials
	"Authentication-Info":       true, // RFC 9110: may carry a next nonce or session data
	"Proxy-Authentication-Info": true,
}

// SecretHeader reports whether the values of the header name are secret: Authorization,
// Proxy-Authorization, Cookie, Set-Cookie, X-Forwarded-Authorization,
// Authentication-Info and Proxy-Authentication-Info, and any header whose name
// SecretQueryKey finds secret (X-Api-Key, X-Auth-Token, X-Jwt-Assertion). name is
// matched in any case.
func SecretHeader(name string) bool {
	return secretHeaders[http.CanonicalHeaderKey(name)] || SecretQueryKey(name)
}

// Header returns a copy of h in which every value of a header SecretHeader names is
// replaced by "REDACTED". Names are matched in their canonical form, so a key set
// directly in the map in another case is found too. h is not modified; a nil h gives nil.
func Header(h http.Header) http.Header {
	out := h.Clone()
	for name, values := range out {
		if !SecretHeader(name) {
			continue
		}
		for i := range values {
			values[i] = redacted
		}
	}
	return out
}
