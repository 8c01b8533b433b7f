package runtime

import (
	"net/http"
	"strings"
)

// Link is one link of an RFC 8288 Link header field, such as the
// `<https://api.github.com/repos?page=2>; rel="next"` a paginated API sends.
type Link struct {
	// Target is the URI reference between '<' and '>', as written: it may be relative
	// (Response.Link resolves it).
	Target string
	// Rel holds the relation types of the link's rel parameter, lower case, since they
	// compare case-insensitively: rel="next last" gives ["next", "last"]. It is nil
	// when the link has none.
	Rel []string
	// Params holds the link's other parameters (title, type, anchor, hreflang, ...),
	// names lower case, values unquoted; "" for a parameter without a value. Only the
	// first of parameters of the same name is kept, as RFC 8288 requires of rel.
	Params map[string]string
}

// HasRel reports whether rel is one of l's relation types, compared case-insensitively.
func (l Link) HasRel(rel string) bool {
	for _, r := range l.Rel {
		if strings.EqualFold(r, rel) {
			return true
		}
	}
	return false
}

// ParseLinks returns the links of every Link header line of h, in order. It follows
// the grammar of RFC 8288 (section 3): a line holds comma-separated links, each a
// target in angle brackets followed by ';'-separated parameters whose values are
// tokens or quoted strings, in which a comma, a semicolon or an escaped quote is
// ordinary text. It is lenient where servers are careless (an unquoted value such as
// type=text/html, white space anywhere between elements), and it skips a link it
// cannot read, up to the next comma outside a quoted string, rather than fail the
// others. It never panics, whatever the header holds.
func ParseLinks(h http.Header) []Link {
	var links []Link
	for _, line := range h.Values("Link") {
		links = parseLinkLine(line, links)
	}
	return links
}

// parseLinkLine appends the links of one Link header value to links.
func parseLinkLine(s string, links []Link) []Link {
	for {
		s = trimLinkSpace(s, true)
		if s == "" {
			return links
		}
		if s[0] != '<' {
			s = skipLinkValue(s)
			continue
		}
		end := strings.IndexByte(s, '>')
		if end < 0 {
			return links // the target never ends: nothing after it can be read
		}
		l := Link{Target: s[1:end]}
		s = s[end+1:]
		ok, seenRel := true, false
		for ok {
			s = trimLinkSpace(s, false)
			if s == "" || s[0] == ',' {
				break
			}
			if s[0] != ';' {
				ok = false
				break
			}
			var name, value string
			name, value, s, ok = parseLinkParam(s[1:])
			if !ok || name == "" {
				continue // ";;" or a trailing ';' is empty, not wrong
			}
			if name == "rel" {
				if !seenRel {
					seenRel = true
					l.Rel = strings.Fields(strings.ToLower(value))
					if len(l.Rel) == 0 {
						l.Rel = nil
					}
				}
				continue
			}
			if _, dup := l.Params[name]; !dup {
				if l.Params == nil {
					l.Params = make(map[string]string, 2)
				}
				l.Params[name] = value
			}
		}
		if !ok {
			s = skipLinkValue(s)
			continue
		}
		links = append(links, l)
	}
}

// parseLinkParam reads one parameter after its ';': name, optionally '=' and a token
// or quoted string. It returns the name lower case, the value, the rest of s, and false
// when the parameter is malformed. An empty name with ok means nothing stood there.
func parseLinkParam(s string) (name, value, rest string, ok bool) {
	s = trimLinkSpace(s, false)
	n := 0
	for n < len(s) && isTokenChar(s[n]) {
		n++
	}
	if n == 0 {
		return "", "", s, s == "" || s[0] == ';' || s[0] == ','
	}
	name, s = strings.ToLower(s[:n]), trimLinkSpace(s[n:], false)
	if s == "" || s[0] != '=' {
		return name, "", s, true
	}
	s = trimLinkSpace(s[1:], false)
	if s != "" && s[0] == '"' {
		value, s, ok = unquoteLinkValue(s)
		return name, value, s, ok
	}
	n = 0
	for n < len(s) && s[n] != ';' && s[n] != ',' && s[n] != ' ' && s[n] != '\t' && s[n] != '"' {
		n++
	}
	return name, s[:n], s[n:], true
}

// unquoteLinkValue reads a quoted string at the start of s, undoing its backslash
// escapes; it reports false when the string never ends.
func unquoteLinkValue(s string) (value, rest string, ok bool) {
	var unescaped []byte // nil until the first escape: most values are s's own bytes
	escaped := false
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' && !escaped:
			return s[1:i], s[i+1:], true
		case c == '"':
			return string(unescaped), s[i+1:], true
		case c == '\\' && i+1 == len(s):
			return "", "", false
		case c == '\\':
			if !escaped {
				unescaped, escaped = append(unescaped, s[1:i]...), true
			}
			i++
			unescaped = append(unescaped, s[i])
		case escaped:
			unescaped = append(unescaped, c)
		}
	}
	return "", "", false
}

// skipLinkValue skips what is left of a link that cannot be read, up to the comma
// that ends it outside any quoted string.
func skipLinkValue(s string) string {
	inQuote := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case inQuote && c == '\\':
			i++
		case c == '"':
			inQuote = !inQuote
		case !inQuote && c == ',':
			return s[i+1:]
		}
	}
	return ""
}

// trimLinkSpace drops leading white space, and commas too when between links.
func trimLinkSpace(s string, commas bool) string {
	for s != "" && (s[0] == ' ' || s[0] == '\t' || commas && s[0] == ',') {
		s = s[1:]
	}
	return s
}

// isTokenChar reports whether c may appear in an RFC 9110 token.
func isTokenChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}
