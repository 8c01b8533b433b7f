package runtime

// PathReserved appends the value of a {+name} path variable. Unlike PathValue it keeps
// '/', so a value may span several segments ("docs/intro.md"), but it percent-encodes
// every other character that is not unreserved in RFC 3986 (so a value never adds a
// '?', '#' or '%'-escape of its own) and every segment made only of dots: "a/../b"
// becomes "a/%2E%2E/b", so a value can never climb the path.
func (c *Call) PathReserved(name, value string) {
	if c.inPath(name) {
		c.rawURL = appendReservedEscaped(c.rawURL, value)
	}
}

// PathReservedSegment is PathReserved for a variable that makes up a whole path
// segment; an empty value is an error, as with PathSegment.
func (c *Call) PathReservedSegment(name, value string) {
	if value == "" {
		c.fail(&ArgumentError{Param: name, Reason: "path parameter {+" + name + "} is empty"})
		return
	}
	c.PathReserved(name, value)
}

// appendReservedEscaped appends s, encoded as appendPathEscaped encodes each of its
// '/'-separated segments, keeping the slashes.
func appendReservedEscaped(dst []byte, s string) []byte {
	start := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] != '/' {
			continue
		}
		dst = appendPathEscaped(dst, s[start:i])
		if i < len(s) {
			dst = append(dst, '/')
		}
		start = i + 1
	}
	return dst
}
