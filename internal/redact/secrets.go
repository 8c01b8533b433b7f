package redact

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// minSecret is the length below which a value is not looked for in a message: "1" or
// "on" may be a secret query value, but replacing every "1" of a message would hide the
// message, not the secret, and a secret that short is guessed anyway.
const minSecret = 4

// Secrets returns the secret values a request carries, to be hidden by Scrub wherever a
// server echoes them back in a status, a header or a body: the values of the headers
// SecretHeader names (and, of an Authorization, the credentials after the scheme, and
// the password of Basic credentials; of a Cookie, each cookie's value), the values of the
// query keys SecretQueryKey names, both as sent and decoded, and the userinfo password,
// or the user name when there is no password, which is then a token, and the userinfo as
// the Basic credentials net/http sends for it. Values shorter than
// four bytes are left out. It returns nil, without allocating, when there is none.
func Secrets(h http.Header, u *url.URL) []string {
	var out []string
	for name, values := range h {
		if !SecretHeader(name) {
			continue
		}
		name = http.CanonicalHeaderKey(name)
		for _, v := range values {
			out = add(out, v)
			switch {
			case name == "Cookie":
				for cookie := range strings.SplitSeq(v, ";") {
					_, value, _ := strings.Cut(cookie, "=")
					out = add(out, strings.Trim(strings.TrimSpace(value), `"`))
				}
			case strings.HasSuffix(name, "Authorization"):
				scheme, credentials, ok := strings.Cut(strings.TrimSpace(v), " ")
				if !ok {
					break
				}
				out = add(out, credentials)
				if strings.EqualFold(scheme, "Basic") {
					if decoded, err := base64.StdEncoding.DecodeString(strings.TrimSpace(credentials)); err == nil {
						out = add(out, string(decoded))
						_, password, _ := strings.Cut(string(decoded), ":")
						out = add(out, password)
					}
				}
			}
		}
	}
	if u == nil {
		return out
	}
	if u.User != nil {
		password, ok := u.User.Password()
		if ok {
			out = add(out, password)
		} else {
			out = add(out, u.User.Username())
		}
		// net/http sends the userinfo as Basic credentials, which a server may echo.
		out = add(out, base64.StdEncoding.EncodeToString([]byte(u.User.Username()+":"+password)))
	}
	for rest := u.RawQuery; rest != ""; {
		var pair string
		pair, rest, _ = strings.Cut(rest, "&")
		key, value, _ := strings.Cut(pair, "=")
		if value == "" || !SecretQueryKey(key) {
			continue
		}
		out = add(out, value)
		if decoded, err := url.QueryUnescape(value); err == nil {
			out = add(out, decoded)
		}
	}
	return out
}

// add appends v, trimmed, to out unless it is shorter than minSecret or there already.
func add(out []string, v string) []string {
	v = strings.TrimSpace(v)
	if len(v) < minSecret || slices.Contains(out, v) {
		return out
	}
	return append(out, v)
}
