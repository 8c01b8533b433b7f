package runtime

// PathReserved appends the value of a {+name} path variable. Unlike PathValue it keeps
// '/', so a value may span several segments ("docs/intro.md"), but it percent-encodes
// every other character that is not unreserved in RFC 3986, so a value never adds a
// '?', '#' or '%'-escape of its own. A value with a "." or ".." segment ("a/../b") is an
// error returned before anything is sent, so a value can never climb the path; so is a
// value that would make the request target start with "//" (a base URL without a path,
// "/{+name}" and "/evil.example/x"), which servers and proxies may read as a host.
func (c *Call) PathReserved(name, value string) {
	if c.inPath(name) {
		c.appendPathReserved(name, value)
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
