package runtime

import (
	"net/http"
	"slices"
	"sync"

	"github.com/gofeign/feign/codec"
)

// headerPair is one declared header value of a call. The names are canonical: the
// generator checks declared names, and header maps and Encoders canonicalize theirs.
type headerPair struct {
	name, value string
}

// headers returns the call's declared headers, in the order they were added. The slice
// may point into the Call: it must not be kept.
func (c *callCore) headers() []headerPair {
	if c.spilled != nil {
		return c.spilled
	}
	return c.headerBuf[:c.nHeaders]
}

// addHeader adds a declared header value, after those of the same name.
func (c *Call) addHeader(name, value string) {
	if c.spilled == nil && c.nHeaders < len(c.headerBuf) {
		c.headerBuf[c.nHeaders] = headerPair{name, value}
		c.nHeaders++
		return
	}
	if c.spilled == nil {
		c.spilled = make([]headerPair, c.nHeaders, 2*len(c.headerBuf))
		copy(c.spilled, c.headerBuf[:c.nHeaders])
	}
	c.spilled = append(c.spilled, headerPair{name, value})
}

// deleteHeader removes every declared value of name.
func (c *Call) deleteHeader(name string) {
	named := func(p headerPair) bool { return p.name == name }
	if c.spilled != nil {
		c.spilled = slices.DeleteFunc(c.spilled, named)
		return
	}
	c.nHeaders = len(slices.DeleteFunc(c.headerBuf[:c.nHeaders], named)) // it clears the rest
}

// headerValue returns the first declared value of name, or "".
func (c *Call) headerValue(name string) string {
	for _, p := range c.headers() {
		if p.name == name {
			return p.value
		}
	}
	return ""
}

// hasHeader reports whether name has a declared value, empty or not.
func (c *Call) hasHeader(name string) bool {
	return hasName(c.headers(), name)
}

// setHeaders writes the declared headers into h and returns the backing of their
// values, values[:0] grown as needed: each name's values are adjacent in it, in the
// order they were added, and h holds a capped slice of them, so an append to one name's
// values never overwrites another's. extra adds values after the declared ones of the
// same name (CallHeaders after the declared headers); names only it has are not set.
func (c *callCore) setHeaders(h http.Header, values []string, extra http.Header) []string {
	pairs := c.headers()
	for i, p := range pairs {
		if hasName(pairs[:i], p.name) {
			continue // set with the first value of the name
		}
		start := len(values)
		values = append(values, p.value)
		for _, q := range pairs[i+1:] {
			if q.name == p.name {
				values = append(values, q.value)
			}
		}
		values = append(values, extra[p.name]...)
		h[p.name] = values[start:len(values):len(values)]
	}
	return values
}

// hasName reports whether one of pairs is named name.
func hasName(pairs []headerPair, name string) bool {
	for _, p := range pairs {
		if p.name == name {
			return true
		}
	}
	return false
}

// encoderHeaders holds the headers Encoders are given (see encodeWithHeader): a map
// and the backing of its values, reused from call to call because nothing keeps them
// once Encode returns.
var encoderHeaders = sync.Pool{New: func() any {
	return &encoderHeader{h: make(http.Header, 8), values: make([]string, 0, 8)}
}}

type encoderHeader struct {
	h      http.Header
	values []string
}

// codecJSONContentType is the Content-Type codec.JSON sets when none is declared.
const codecJSONContentType = "application/json"

// encode runs the Encoder on the call's body with an http.Header holding the declared
// headers, as Encoders expect, then takes back into the declared headers whatever it
// set in it (a Content-Type, mostly). An Encoder must not keep the header once it
// returns: it is reused.
func (c *Call) encode(encoder codec.Encoder) ([]byte, error) {
	if _, isJSON := encoder.(codec.JSON); isJSON {
		// codec.JSON reads nothing of the header and only sets a missing Content-Type,
		// which the pairs do without a map.
		payload, err := encoder.Encode(c.body, nil)
		if err == nil && c.headerValue("Content-Type") == "" {
			c.deleteHeader("Content-Type")
			c.addHeader("Content-Type", codecJSONContentType)
		}
		return payload, err
	}
	eh := encoderHeaders.Get().(*encoderHeader)
	eh.values = c.setHeaders(eh.h, eh.values[:0], nil)
	payload, err := encoder.Encode(c.body, eh.h)
	if err == nil && !c.headersEqual(eh.h) {
		c.nHeaders, c.spilled = 0, nil
		clear(c.headerBuf[:])
		for _, name := range sortedKeys(eh.h) { // sorted, so that the order is not the map's
			for _, v := range eh.h[name] {
				c.addHeader(name, v)
			}
		}
	}
	clear(eh.h)
	clear(eh.values)
	encoderHeaders.Put(eh)
	return payload, err
}

// headersEqual reports whether h holds exactly the declared headers.
func (c *Call) headersEqual(h http.Header) bool {
	pairs := c.headers()
	n := 0
	for name, values := range h {
		i := 0
		for _, p := range pairs {
			if p.name != name {
				continue
			}
			if i == len(values) || values[i] != p.value {
				return false
			}
			i++
		}
		if i != len(values) {
			return false
		}
		n += len(values)
	}
	return n == len(pairs)
}

// declaredHeader returns the declared headers as a new http.Header, for the paths
// that need one and may allocate it: a failed call's secrets, and tests.
func (c *Call) declaredHeader() http.Header {
	h := http.Header{}
	c.setHeaders(h, nil, nil)
	return h
}
