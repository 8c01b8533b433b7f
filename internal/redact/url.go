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
// of every secret-looking query key (see SecretQueryKey) replaced by "REDACTED". Every
// other byte, and the order of the query pairs, is kept as in u.RawQuery. A nil URL gives
// "".
func URL(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u // shallow copy: u belongs to the caller
	if _, has := c.User.Password(); has {
		c.User = url.UserPassword(c.User.Username(), redactedPassword)
	}
	c.RawQuery = query(c.RawQuery)
	return c.String()
}

// URLString is URL for a URL held as a string. A string that does not parse as a URL is
// returned with everything from its first '?' replaced by "?REDACTED" and its userinfo
// password, if any, replaced by "xxxxx": when in doubt, hide more.
func URLString(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return unparsable(s)
	}
	return URL(u)
}

// query redacts the values of secret keys in a raw query string, pair by pair, without
// decoding and re-encoding the rest (url.Values.Encode would sort the pairs).
func query(raw string) string {
	if raw == "" {
		return raw
	}
	var b strings.Builder
	b.Grow(len(raw))
	for i, pair := range strings.Split(raw, "&") {
		if i > 0 {
			b.WriteByte('&')
		}
		key, value, hasValue := strings.Cut(pair, "=")
		if hasValue && value != "" && SecretQueryKey(key) {
			b.WriteString(key)
			b.WriteString("=" + redacted)
			continue
		}
		b.WriteString(pair)
	}
	return b.String()
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
		return s
	}
	return s[:start+colon+1] + redactedPassword + s[start+at:]
}
