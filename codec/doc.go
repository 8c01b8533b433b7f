// Package codec turns the body parameter of a call into request bytes (Encoder) and a
// 2xx response body into the result of a call (Decoder).
//
// A runtime.Client encodes the body once per call and sends the same bytes on every
// attempt, so an Encoder returns a []byte rather than writing to a stream; it sets the
// Content-Type it produces unless the call already has one (a //feign:headers
// Content-Type wins). A Decoder reads the body but never closes it: the runtime drains
// and closes every body it does not hand to the caller.
//
// The codecs are empty structs, usable as zero values and safe for concurrent use:
//
//   - JSON, the default in both directions: encoding/json; an empty response body (204
//     No Content) leaves the result untouched.
//   - Text: strings, []byte, encoding.TextMarshaler/TextUnmarshaler and fmt.Stringer as
//     text/plain; charset=utf-8.
//   - Bytes: []byte and string as application/octet-stream.
//   - Form: url.Values, maps and structs with `form:"name"` tags as
//     application/x-www-form-urlencoded, names sorted.
//
// The runtime hands the default codec, JSON, no []byte or string body parameter: those
// are sent as they are, so that JSON never turns a []byte into a base64 string or a
// string into a quoted one behind the declared Content-Type. An Encoder a Client is
// given with runtime.WithEncoder has the final say and is handed them too.
//
// A type a codec cannot handle is reported as an *UnsupportedTypeError naming the codec
// and the Go type. EncoderFunc and DecoderFunc adapt plain functions.
package codec
