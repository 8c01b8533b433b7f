package runtime

import (
	"net/url"
	"strings"
)

// baseParts is the Client's base URL, parsed once, for the URLs of its calls: each of
// them is the base followed by a path and a query the Call escaped itself, which
// parseCallURL splits without parsing the base again.
type baseParts struct {
	prefix string        // the base URL up to its path: scheme://authority
	scheme string        // as url.Parse leaves it: lower case
	user   *url.Userinfo // immutable, so every request may share it
	host   string        // as http.NewRequest leaves it: without an empty port
}

// newBaseParts returns the parts of base, a URL parseBaseURL returned.
func newBaseParts(base string) baseParts {
	u, err := url.Parse(base)
	if err != nil || u.Opaque != "" {
		return baseParts{} // not a base of the usual form: every call parses its URL
	}
	end := strings.Index(base, "//")
	if end < 0 {
		return baseParts{}
	}
	end += 2
	if slash := strings.IndexByte(base[end:], '/'); slash >= 0 {
		end += slash
	} else {
		end = len(base)
	}
	return baseParts{prefix: base[:end], scheme: u.Scheme, user: u.User, host: removeEmptyPort(u.Host)}
}

// parseCallURL returns what url.Parse, then http.NewRequest, make of raw, and true, when
// raw is the base followed by a path of bytes that url.Parse leaves as they are (no
// percent-escape, nothing that it would escape) and a query without a control character
// or a '#'. Anything else returns false, and the caller parses raw: the fast path only
// has to be right for the URLs it takes (TestParseCallURLIsURLParse and
// FuzzParseCallURL compare the two).
func (b *baseParts) parseCallURL(raw string) (url.URL, bool) {
	if b.prefix == "" || !strings.HasPrefix(raw, b.prefix) {
		return url.URL{}, false
	}
	rest := raw[len(b.prefix):]
	if rest != "" && rest[0] != '/' && rest[0] != '?' {
		return url.URL{}, false // another host or port that starts like the base's
	}
	path, query, hasQuery := strings.Cut(rest, "?")
	if !plainPath(path) || !plainQuery(query) {
		return url.URL{}, false
	}
	return url.URL{
		Scheme:     b.scheme,
		User:       b.user,
		Host:       b.host,
		Path:       path,
		RawQuery:   query,
		ForceQuery: hasQuery && query == "",
	}, true
}

// plainPath reports whether url.Parse keeps path as its Path, with no RawPath: every
// byte is one that net/url's path escaping leaves as it is, and none is a '%'.
func plainPath(path string) bool {
	for i := range len(path) {
		switch c := path[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == '-', c == '_', c == '.', c == '~', c == '/':
		case c == '$', c == '&', c == '+', c == ',', c == ':', c == ';', c == '=', c == '@':
		default:
			return false
		}
	}
	return true
}

// plainQuery reports whether url.Parse keeps query as its RawQuery: it holds no control
// character (which url.Parse refuses) and no '#' (which starts a fragment).
func plainQuery(query string) bool {
	for i := range len(query) {
		if c := query[i]; c < 0x20 || c == 0x7f || c == '#' {
			return false
		}
	}
	return true
}

// removeEmptyPort drops the ':' of a host with an empty port, as http.NewRequest does.
func removeEmptyPort(host string) string {
	if strings.LastIndexByte(host, ':') > strings.LastIndexByte(host, ']') {
		return strings.TrimSuffix(host, ":")
	}
	return host
}
