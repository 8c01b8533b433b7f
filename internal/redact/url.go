package redact

import (
	"net/url"
	"strings"
)

const (
	// redacted replaces a secret value.
	redacted = "REDACTED"
	// redactedPassword replaces a userinfo password, as url.URL.Redacted does.
	redactedPassword = "xxxxx"
)

// URL returns u as a string with its userinfo password replaced by "xxxxx" and the value
// of every secret-looking query key (see SecretQueryKey) replaced by "REDACTED". A user
// name without a password is replaced by "xxxxx" too: alone, it is a token
// (https://TOKEN@host/, as GitHub and GitLab accept). Every other byte, and the order of
// the query pairs, is kept as in u.RawQuery. A nil URL gives "".
func URL(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u // shallow copy: u belongs to the caller
	if _, has := c.User.Password(); has {
		c.User = url.UserPassword(c.User.Username(), redactedPassword)
	} else if c.User != nil && c.User.Username() != "" {
		c.User = url.User(redactedPassword)
	}
	c.RawQuery = query(c.RawQuery)
	return c.String()
}

// URLString is URL for a URL held as a string. A string that does not parse as a URL is
// returned with everything from its first '?' replaced by "?REDACTED" and its userinfo
// password, or its user name when it has no password, replaced by "xxxxx": when in
// doubt, hide more.
func URLString(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return unparsable(s)
	}
	return URL(u)
}

// query redacts the values of secret keys in a raw query string, pair by pair, without
// decoding and re-encoding the rest (url.Values.Encode would sort the pairs). A query
// with nothing to redact is returned as is, without allocating.
func query(raw string) string {
	secretAt := -1 // offset of the first pair to redact
	for offset, rest := 0, raw; rest != ""; {
		pair, after, _ := strings.Cut(rest, "&")
		if mustRedact(pair) {
			secretAt = offset
			break
		}
		offset += len(pair) + 1
		rest = after
	}
	if secretAt < 0 {
		return raw
	}
	var b strings.Builder
	b.Grow(len(raw))
	b.WriteString(raw[:secretAt])
	for i, rest := 0, raw[secretAt:]; ; i++ {
		pair, after, more := strings.Cut(rest, "&")
		if i > 0 {
			b.WriteByte('&')
		}
		if mustRedact(pair) {
			key, _, _ := strings.Cut(pair, "=")
			b.WriteString(key)
			b.WriteString("=" + redacted)
		} else {
			b.WriteString(pair)
		}
		if !more {
			return b.String()
		}
		rest = after
	}
}

// mustRedact reports whether a raw query pair has a value to hide.
func mustRedact(pair string) bool {
	key, value, hasValue := strings.Cut(pair, "=")
	return hasValue && value != "" && SecretQueryKey(key)
}

// unparsable hides the query and the userinfo password of a string url.Parse rejected.
func unparsable(s string) string {
	if i := strings.IndexByte(s, '?'); i >= 0 {
		s = s[:i] + "?" + redacted
	}
	// Userinfo sits between "//" and the first '@' of the authority.
	_, afterSlashes, ok := strings.Cut(s, "//")
	if !ok {
		return s
	}
	start := len(s) - len(afterSlashes)
	authority := afterSlashes
	if end := strings.IndexAny(authority, "/?#"); end >= 0 {
		authority = authority[:end]
	}
	at := strings.LastIndexByte(authority, '@')
	if at < 0 {
		return s
	}
	colon := strings.IndexByte(authority[:at], ':')
	if colon < 0 {
		return s[:start] + redactedPassword + s[start+at:] // a user name alone is a token
	}
	return s[:start+colon+1] + redactedPassword + s[start+at:]
}
