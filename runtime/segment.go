package runtime

import (
	"bytes"
	"math"
	"strings"
)

// pathSegments follows the path of a Call as it is appended, one segment at a time, so
// that a value can be refused when it changes the path's structure as a server sees it.
//
// Encoding a value does not keep a dot-segment in place: RFC 3986 (section 6.2.2.2)
// makes "%2E" a '.', Go's ServeMux gives a handler of "/files/{name}" the name ".." for
// "/files/%2E%2E", and http.FileServer resolves its URL.Path, "/files/..", to "/". Some
// servers also decode "%2F" before they resolve ("..%2Fadmin" climbs). The only safe
// answer is to refuse a segment that a value makes "." or ".." in any of these readings
// (see dotSegment): as a whole ("{name}" is ".."), together with literals ("{a}.{b}" with
// two empty values), as one segment of a "{+path}" ("a/../b"), or across an escaped
// slash ("../admin"). A segment is checked when it closes, at the next '/', the query or
// the end, since until then a literal may still follow ("{name}.json" is harmless).
//
// A value can also make the request target start with "//" (a base URL without a path,
// "/{+path}" and "/evil.example/x"), which many servers, proxies and browsers read as a
// host.
//
// It is part of every Call, so it is kept small: the offset into rawURL is an int32 (a
// path longer than 2 GiB fails the call), and closed stands for "the query has started"
// too.
type pathSegments struct {
	segStart int32  // where the open segment starts in rawURL
	reserved bool   // param is a {+param}
	closed   bool   // the path is complete: a query pair was appended, or the call was sent
	param    string // a variable whose value is in the open segment or opened it; "" if none
}

// startPath records that the call's path starts after base, the URL rawURL begins with.
func (c *Call) startPath(base string) {
	c.seg = pathSegments{segStart: int32(len(base))}
}

// openSegment records that a segment starts at the end of rawURL, after a '/'.
func (c *Call) openSegment() {
	if len(c.rawURL) > math.MaxInt32 {
		c.fail(&ArgumentError{Reason: "path longer than 2 GiB"})
		c.seg.segStart = math.MaxInt32 // still within rawURL
		return
	}
	c.seg.segStart = int32(len(c.rawURL))
}

// appendPathLiteral appends a literal part of the path, closing a segment at each '/'.
func (c *Call) appendPathLiteral(escaped string) {
	for {
		i := strings.IndexByte(escaped, '/')
		if i < 0 {
			c.rawURL = append(c.rawURL, escaped...)
			return
		}
		c.rawURL = append(c.rawURL, escaped[:i]...)
		c.closeSegment("", false, true)
		c.rawURL = append(c.rawURL, '/')
		c.openSegment()
		c.seg.param = ""
		escaped = escaped[i+1:]
	}
}

// appendPathValue appends the value of {name}, all of it escaped, in the open segment.
// An empty value counts too: it may leave a literal "." alone in its segment.
func (c *Call) appendPathValue(name, value string) {
	c.seg.param, c.seg.reserved = name, false
	c.rawURL = appendEscaped(c.rawURL, value)
}

// appendPathReserved appends the value of {+name}, escaped but for its '/', each of
// which closes a segment and opens one that the value shares.
func (c *Call) appendPathReserved(name, value string) {
	for {
		c.seg.param, c.seg.reserved = name, true
		i := strings.IndexByte(value, '/')
		if i < 0 {
			c.rawURL = appendEscaped(c.rawURL, value)
			return
		}
		c.rawURL = appendEscaped(c.rawURL, value[:i])
		c.closeSegment(name, true, true)
		c.rawURL = append(c.rawURL, '/')
		c.openSegment()
		value = value[i+1:]
	}
}

// endPath closes the last segment of the path: the query starts or the call is sent.
func (c *Call) endPath() {
	if !c.seg.closed {
		c.closeSegment("", false, false)
		c.seg.closed = true
	}
}

// closeSegment checks the open segment, which ends at the end of rawURL, before a '/'
// (slash) or the end of the path closes it; closer is the variable whose '/' it is, or
// "" for a literal. A segment no value had a part in is left alone: the template is the
// declaration's.
func (c *Call) closeSegment(closer string, closerReserved, slash bool) {
	s := &c.seg
	name, reserved := s.param, s.reserved
	if name == "" {
		name, reserved = closer, closerReserved
	}
	if name == "" {
		return
	}
	segment := c.rawURL[s.segStart:]
	dots, leadingSeparator := dotSegment(segment)
	if dots != "" {
		c.fail(&ArgumentError{Param: name, Reason: "path parameter " + braced(name, reserved) + " makes the dot-segment " + dots + " in the path"})
		return
	}
	if (slash && len(segment) == 0 || leadingSeparator) && c.startsTarget(int(s.segStart)) {
		// The target would start with "//": an empty first segment closed by a '/', or
		// a first segment whose "%2F" a server decodes.
		c.fail(&ArgumentError{Param: name, Reason: "path parameter " + braced(name, reserved) + ` makes the path start with "//"`})
	}
}

// startsTarget reports whether the segment at offset i of rawURL is the first of the
// request target: right after the '/' that ends the authority. Under a base URL with a
// path, that is the base's own first segment, which no value is part of.
func (c *Call) startsTarget(i int) bool {
	scheme := bytes.Index(c.rawURL, []byte("://"))
	if scheme < 0 {
		return false
	}
	slash := bytes.IndexByte(c.rawURL[scheme+3:], '/')
	return slash >= 0 && scheme+3+slash+1 == i
}

// dotSegment returns `"."` or `".."` when the escaped segment holds a dot-segment as a
// server may read it, and "" otherwise; leadingSeparator reports a segment that starts
// with a decoded separator. Servers differ in what they decode before they resolve dot-
// segments: every one decodes "%2E" (so "%2E%2E" is ".."), many proxies and
// http.FileServer (through URL.Path) also decode "%2F" ("..%2Fadmin" climbs), and Windows
// servers read '\' and "%5C" as '/'. So the segment is split at each of those separators
// and every part is checked. Values escape '%' and '\', so only a literal spells "%2E";
// a value next to it still makes the segment what a server resolves.
func dotSegment(segment []byte) (dots string, leadingSeparator bool) {
	n, other := 0, false // the dots of the current part, and whether it has anything else
	for i := 0; i <= len(segment); {
		kind, size := tokenAt(segment, i)
		if i == 0 && kind == separatorToken {
			leadingSeparator = true
		}
		switch kind {
		case dotToken:
			n++
		case otherToken:
			other = true
		default: // a separator or the end
			if !other && n == 1 {
				return `"."`, false
			}
			if !other && n == 2 {
				return `".."`, false
			}
			n, other = 0, false
		}
		i += size
	}
	return "", leadingSeparator
}

const (
	endToken = iota
	dotToken
	separatorToken
	otherToken
)

// tokenAt reads the escaped segment at i: the end, a '.' or "%2E", a separator
// ('\', "%2F" or "%5C", in either case) or any other byte or escape, and its length.
func tokenAt(segment []byte, i int) (kind, size int) {
	switch {
	case i == len(segment):
		return endToken, 1
	case segment[i] == '.':
		return dotToken, 1
	case segment[i] == '\\':
		return separatorToken, 1
	case segment[i] == '%' && i+2 < len(segment):
		switch [2]byte{segment[i+1], segment[i+2] | 0x20} {
		case [2]byte{'2', 'e'}:
			return dotToken, 3
		case [2]byte{'2', 'f'}, [2]byte{'5', 'c'}:
			return separatorToken, 3
		}
		return otherToken, 3
	}
	return otherToken, 1
}

// braced is the variable as the template spells it: {name} or {+name}.
func braced(name string, reserved bool) string {
	if reserved {
		return "{+" + name + "}"
	}
	return "{" + name + "}"
}
