package runtime

// Texts formats every element of a list parameter once, so that generated code can
// write the list into paths, query pairs and headers as strings. It returns nil for an
// empty list, which is undefined.
func Texts[T any](values []T, format func(T) string) []string {
	if len(values) == 0 {
		return nil
	}
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = format(v)
	}
	return out
}

// NilElement records that the list parameter name holds a nil element (a nil pointer
// or interface), which has no text: the call fails before anything is sent rather than
// silently sending a shorter list. Generated code calls it instead of dereferencing nil.
func (c *Call) NilElement(name string) {
	c.fail(&ArgumentError{Param: name, Reason: "list parameter " + name + " has a nil element"})
}

// PathList appends the elements of a list path variable joined by commas, each encoded
// as PathValue encodes a value; an empty list is undefined, which fails the call. With
// reserved, as for {+name}, each element keeps its '/'. As with PathValue, a list that
// makes a "." or ".." segment fails the call.
func (c *Call) PathList(name string, values []string, reserved bool) {
	if len(values) == 0 {
		c.Undefined(name)
		return
	}
	if !c.inPath(name) {
		return
	}
	for i, v := range values {
		if i > 0 {
			c.rawURL = append(c.rawURL, ',')
		}
		if reserved {
			c.appendPathReserved(name, v)
		} else {
			c.appendPathValue(name, v)
		}
	}
}
