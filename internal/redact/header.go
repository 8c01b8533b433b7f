package redact

import "net/http"

// secretHeaders carry credentials whatever their value looks like.
var secretHeaders = map[string]bool{
	"Authorization":       true,
	"Proxy-Authorization": true,
	"Cookie":              true,
	"Set-Cookie":          true,
}

// Header returns a copy of h in which every value of Authorization, Proxy-Authorization,
// Cookie and Set-Cookie, and of any header whose name SecretQueryKey finds secret
// (X-Api-Key, X-Auth-Token), is replaced by "REDACTED". Names are matched in their
// canonical form, so a key set directly in the map in another case is found too. h is
// not modified; a nil h gives nil.
func Header(h http.Header) http.Header {
	out := h.Clone()
	for name, values := range out {
		if !secretHeaders[http.CanonicalHeaderKey(name)] && !SecretQueryKey(name) {
			continue
		}
		for i := range values {
			values[i] = redacted
		}
	}
	return out
}
