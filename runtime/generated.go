package runtime

import (
	"net/http"
	"strings"
)

// Decode ends c as Call.Decode does, into a new T, and returns it; on any error it
// returns the zero T, never a half-decoded value. A body whose connection breaks while
// it is read and is retried is followed by a decode into a fresh T, so nothing that a
// Decoder streaming into the value took from the broken body remains in the result.
// Generated methods with a (T, error) result end with it.
func Decode[T any](c *Call) (T, error) {
	var v T
	reads := 0
	_, err := c.send(want2xx, func(resp *http.Response) error {
		if reads++; reads > 1 {
			var zero T
			v = zero
		}
		return c.client.decoder.Decode(resp, &v)
	})
	if err != nil {
		var zero T
		return zero, err
	}
	return v, nil
}

// Escape percent-encodes every byte of s but the unreserved characters of RFC 3986,
// as RFC 6570 expands a {var}: generated code uses it for a query value that mixes
// literal text and parameters.
func Escape(s string) string {
	for i := range len(s) {
		if !unreserved(s[i]) {
			return string(appendEscaped(make([]byte, 0, len(s)+16), s))
		}
	}
	return s
}

// Join formats each value with format and joins them with commas, as RFC 6570 expands
// a list variable. Generated code uses it for list parameters in header values.
func Join[T any](values []T, format func(T) string) string {
	var b strings.Builder
	for i, v := range values {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(format(v))
	}
	return b.String()
}
