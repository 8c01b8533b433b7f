package runtime

import (
	"net/http"
	"slices"
)

// QueryMap appends a pair for every value of every key of m (a url.Values, say), keys in
// sorted order so that the URL does not depend on map order, values in their order.
// Names and values are percent-encoded like Query values: a key cannot add a pair.
func (c *Call) QueryMap(m map[string][]string) {
	for _, key := range sortedKeys(m) {
		for _, v := range m[key] {
			c.queryEscaped(key, v)
		}
	}
}

// QueryStringMap is QueryMap for a map[string]string: one pair per key.
func (c *Call) QueryStringMap(m map[string]string) {
	for _, key := range sortedKeys(m) {
		c.queryEscaped(key, m[key])
	}
}

// QueryJoined appends the single pair escapedName=v1<sep>v2…, the values percent-encoded
// and sep, already escaped by the generator, between them: the csv, ssv and pipes
// collection formats. Nothing is appended for no values.
func (c *Call) QueryJoined(escapedName, escapedSep string, values []string) {
	if len(values) == 0 {
		return
	}
	c.startQueryPair()
	c.rawURL = append(c.rawURL, escapedName...)
	c.rawURL = append(c.rawURL, '=')
	for i, v := range values {
		if i > 0 {
			c.rawURL = append(c.rawURL, escapedSep...)
		}
		c.rawURL = appendEscaped(c.rawURL, v)
	}
}

// queryEscaped appends name=value, escaping both.
func (c *Call) queryEscaped(name, value string) {
	c.startQueryPair()
	c.rawURL = appendEscaped(c.rawURL, name)
	c.rawURL = append(c.rawURL, '=')
	c.rawURL = appendEscaped(c.rawURL, value)
}

// HeaderMap adds every value of every header of h (an http.Header, say), in sorted
// order of names. Names are canonicalized; an invalid name or a value with a control
// character fails the call before anything is sent, as with Header. Content-Type
// replaces the declared one.
func (c *Call) HeaderMap(h map[string][]string) {
	for _, name := range sortedKeys(h) {
		for _, v := range h[name] {
			c.mapHeader(name, v)
		}
	}
}

// HeaderStringMap is HeaderMap for a map[string]string: one value per name.
func (c *Call) HeaderStringMap(h map[string]string) {
	for _, name := range sortedKeys(h) {
		c.mapHeader(name, h[name])
	}
}

// mapHeader checks a name from a header map and adds the header.
func (c *Call) mapHeader(name, value string) {
	canonical := http.CanonicalHeaderKey(name)
	if !validHeaderName(canonical) {
		// A name with a line break could inject a header: never sent, never quoted.
		c.fail(&ArgumentError{Param: "headerMap", Reason: "headerMap has an invalid header name"})
		return
	}
	switch canonical {
	case "Host", "Content-Length", "Transfer-Encoding", "Connection":
		c.fail(&ArgumentError{Param: canonical, Reason: "headerMap sets " + canonical + ", which the HTTP transport sets"})
		return
	}
	c.Header(canonical, value)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
