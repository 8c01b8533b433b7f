package server

import (
	"encoding"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofeign/feign/internal/redact"
)

// pair is one name=value of the query, both still escaped.
type pair struct{ name, value string }

// parseQuery splits the raw query once. Escapes are undone by each reader: a joined
// csv value is split at its literal commas before unescaping, so that an escaped comma
// (%2C) stays inside its element.
func (q *Request) parseQuery() {
	if q.parsed {
		return
	}
	q.parsed = true
	for raw := range strings.SplitSeq(q.r.URL.RawQuery, "&") {
		if raw == "" {
			continue
		}
		name, value, _ := strings.Cut(raw, "=")
		q.query = append(q.query, pair{name, value})
	}
}

// unescape undoes the query escaping of s; a malformed escape is a bad request.
func (q *Request) unescape(param, s string) string {
	if !strings.ContainsAny(s, "%+") {
		return s
	}
	v, err := url.QueryUnescape(s)
	if err != nil {
		q.fail(http.StatusBadRequest, param, "malformed percent-encoding", err)
		return ""
	}
	return v
}

// Query returns the first value of the query parameter name, and whether there is one.
func (q *Request) Query(name string) (string, bool) {
	q.parseQuery()
	for _, p := range q.query {
		if q.unescape("query", p.name) == name {
			return q.unescape("query "+name, p.value), true
		}
	}
	return "", false
}

// QueryAll returns every value of the query parameter name, in order: an exploded
// list (tag=a&tag=b). It returns nil when there is none.
func (q *Request) QueryAll(name string) []string {
	q.parseQuery()
	var out []string
	for _, p := range q.query {
		if q.unescape("query", p.name) == name {
			out = append(out, q.unescape("query "+name, p.value))
		}
	}
	return out
}

// QueryJoined returns the elements of the list query parameter name joined by sep:
// "," (csv), " " (ssv) or "|" (pipes). A csv value is split at its literal commas,
// which the client never escapes, so an element may hold a comma; the ssv and pipes
// separators are escaped like the elements, so an element holding one comes back
// split. It returns nil when the parameter is absent.
func (q *Request) QueryJoined(name, sep string) []string {
	q.parseQuery()
	var out []string
	for _, p := range q.query {
		if q.unescape("query", p.name) != name {
			continue
		}
		if sep == "," {
			for e := range strings.SplitSeq(p.value, ",") {
				out = append(out, q.unescape("query "+name, e))
			}
			continue
		}
		out = append(out, strings.Split(q.unescape("query "+name, p.value), sep)...)
	}
	return out
}

// QueryLiteral checks a literal pair of the request line (?api-version=2, or ?flag
// when hasValue is false): a request without it is a bad request, as it cannot come
// from the declared client.
func (q *Request) QueryLiteral(name, value string, hasValue bool) {
	q.parseQuery()
	for _, p := range q.query {
		if q.unescape("query", p.name) != name {
			continue
		}
		if !hasValue || q.unescape("query "+name, p.value) == value {
			return
		}
	}
	want := name
	if hasValue {
		want += "=" + value
	}
	q.fail(http.StatusBadRequest, "query "+name, "missing: the request line declares "+strconv.Quote(want), nil)
}

// QueryValues returns the query pairs whose names are not among declared, the ones
// the method's templates use: the pairs of a //feign:queryMap url.Values or
// map[string][]string. It returns nil when there are none.
func (q *Request) QueryValues(declared ...string) url.Values {
	q.parseQuery()
	var out url.Values
	for _, p := range q.query {
		name := q.unescape("query", p.name)
		if slices.Contains(declared, name) {
			continue
		}
		if out == nil {
			out = url.Values{}
		}
		out[name] = append(out[name], q.unescape("query "+name, p.value))
	}
	return out
}

// QueryStrings is QueryValues for a map[string]string queryMap: the first value of
// each name.
func (q *Request) QueryStrings(declared ...string) map[string]string {
	values := q.QueryValues(declared...)
	if values == nil {
		return nil
	}
	out := make(map[string]string, len(values))
	for k, v := range values {
		out[k] = v[0]
	}
	return out
}

// Required records that the parameter param has no value: a client of the declared
// interface always sends one.
func (q *Request) Required(param string) {
	q.fail(http.StatusBadRequest, param, "missing", nil)
}

// Path returns the value of the path wildcard name, unescaped.
func (q *Request) Path(name string) string { return q.r.PathValue(name) }

// PathList returns the elements of a list path variable: the escaped path segment at
// index (the first after the leading '/' is 0), split at its commas, each unescaped.
func (q *Request) PathList(name string, index int) []string {
	segments := strings.Split(strings.TrimPrefix(q.r.URL.EscapedPath(), "/"), "/")
	if index >= len(segments) {
		q.Required("path " + name)
		return nil
	}
	var out []string
	for e := range strings.SplitSeq(segments[index], ",") {
		v, err := url.PathUnescape(e)
		if err != nil {
			q.fail(http.StatusBadRequest, "path "+name, "malformed percent-encoding", err)
			return nil
		}
		out = append(out, v)
	}
	return out
}

// Header returns the first value of the header name with the literal prefix and
// suffix of its declaration removed ("Bearer " for Authorization: Bearer {token}),
// and whether the request has the header. A value without them is a bad request.
func (q *Request) Header(name, prefix, suffix string) (string, bool) {
	values := q.r.Header[name]
	if len(values) == 0 {
		return "", false
	}
	v := values[0]
	if v == strings.Trim(prefix+suffix, " \t") {
		// An empty value: HTTP trims the white space its prefix ("Bearer ") ends with.
		return "", true
	}
	if len(v) < len(prefix)+len(suffix) || !strings.HasPrefix(v, prefix) || !strings.HasSuffix(v, suffix) {
		q.fail(http.StatusBadRequest, "header "+name, "does not have the declared form "+strconv.Quote(prefix+"{…}"+suffix), nil)
		return "", true
	}
	return v[len(prefix) : len(v)-len(suffix)], true
}

// HeaderList is Header for a list value, which the client joins with commas. It
// returns nil when the header is absent.
func (q *Request) HeaderList(name, prefix, suffix string) []string {
	v, ok := q.Header(name, prefix, suffix)
	if !ok {
		return nil
	}
	return strings.Split(v, ",")
}

// transportHeaders are written by the client's HTTP transport, not by the caller: a
// headerMap never receives them.
var transportHeaders = []string{"Host", "Content-Length", "Transfer-Encoding", "Connection", "Accept-Encoding"}

// HeaderValues returns the request's headers but the declared ones and those the
// transport writes (Host, Content-Length, Transfer-Encoding, Connection,
// Accept-Encoding): the headers of a //feign:headerMap http.Header.
func (q *Request) HeaderValues(declared ...string) http.Header {
	out := http.Header{}
	for name, values := range q.r.Header {
		if slices.Contains(declared, name) || slices.Contains(transportHeaders, name) {
			continue
		}
		out[name] = slices.Clone(values)
	}
	return out
}

// HeaderStrings is HeaderValues for a map[string]string headerMap: the first value
// of each header.
func (q *Request) HeaderStrings(declared ...string) map[string]string {
	h := q.HeaderValues(declared...)
	out := make(map[string]string, len(h))
	for k, v := range h {
		out[k] = v[0]
	}
	return out
}

// Bool parses the text of a bool parameter, as strconv.FormatBool writes it.
func (q *Request) Bool(param, text string) bool {
	v, err := strconv.ParseBool(text)
	if err != nil {
		q.fail(http.StatusBadRequest, param, show(param, text)+" is not a bool", err)
	}
	return v
}

// Int parses the text of an integer parameter of bits bits (0 for int).
func (q *Request) Int(param, text string, bits int) int64 {
	v, err := strconv.ParseInt(text, 10, bits)
	if err != nil {
		q.fail(http.StatusBadRequest, param, show(param, text)+" is not an integer"+bitsText(bits), err)
	}
	return v
}

// Uint parses the text of an unsigned integer parameter of bits bits (0 for uint).
func (q *Request) Uint(param, text string, bits int) uint64 {
	v, err := strconv.ParseUint(text, 10, bits)
	if err != nil {
		q.fail(http.StatusBadRequest, param, show(param, text)+" is not an unsigned integer"+bitsText(bits), err)
	}
	return v
}

// Float parses the text of a float parameter of bits bits (32 or 64).
func (q *Request) Float(param, text string, bits int) float64 {
	v, err := strconv.ParseFloat(text, bits)
	if err != nil {
		q.fail(http.StatusBadRequest, param, show(param, text)+" is not a number", err)
	}
	return v
}

// TextUnmarshaler is a pointer to T that parses T's text: the server side of a
// parameter the client writes with MarshalText or String.
type TextUnmarshaler[T any] interface {
	*T
	encoding.TextUnmarshaler
}

// Text parses the text of a parameter with (*T).UnmarshalText.
func Text[T any, P TextUnmarshaler[T]](q *Request, param, text string) T {
	var v T
	if err := P(&v).UnmarshalText([]byte(text)); err != nil {
		reason := show(param, text) + " does not parse"
		if reason != "the value does not parse" {
			reason += ": " + err.Error() // a secret's error may quote it
		}
		q.fail(http.StatusBadRequest, param, reason, err)
	}
	return v
}

func bitsText(bits int) string {
	if bits == 0 {
		return ""
	}
	return " of " + strconv.Itoa(bits) + " bits"
}

// show is the value text of param as a message shows it: quoted, unless param is a
// header or a query, form or path parameter whose name says it holds a secret
// (Authorization, X-Api-Key, access_token), which no message or log repeats.
func show(param, text string) string {
	kind, name, _ := strings.Cut(param, " ")
	secret := redact.SecretQueryKey(name)
	if kind == "header" {
		secret = redact.Header(http.Header{name: {""}})[name][0] != ""
	}
	if secret {
		return "the value"
	}
	return quote(text)
}

// quote quotes a value for a message, cut to its first 64 characters: a message never
// carries a whole hostile value.
func quote(s string) string {
	const limit = 64
	if utf8.RuneCountInString(s) > limit {
		cut := 0
		for i := range limit {
			_, n := utf8.DecodeRuneInString(s[cut:])
			cut += n
			_ = i
		}
		return strconv.Quote(s[:cut]) + "…"
	}
	return strconv.Quote(s)
}

func formatBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + " KiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

// HasQuery reports whether the query has a pair named one of names: whether a
// pointer queryMap struct is set.
func (q *Request) HasQuery(names ...string) bool {
	q.parseQuery()
	for _, p := range q.query {
		if slices.Contains(names, q.unescape("query", p.name)) {
			return true
		}
	}
	return false
}

// Ptr returns a pointer to v: the value of a pointer parameter that is present.
func Ptr[T any](v T) *T { return &v }
