package runtime

import "github.com/gofeign/feign/codec"

// rawKind says which raw body a Call carries, if any.
type rawKind uint8

const (
	rawNone   rawKind = iota
	rawBytes          // BodyBytes: payload
	rawString         // BodyString: rawText
)

// The Content-Types of a raw body whose declaration names none.
const (
	contentTypeOctetStream = "application/octet-stream"
	contentTypeText        = "text/plain; charset=utf-8"
)

// BodyBytes sets b, a []byte body parameter, as the request body, sent as it is under
// any Content-Type: a JSON one included, where b is taken to be a JSON document already
// written. Without a declared Content-Type the request carries
// application/octet-stream. b is not copied: it must not change until the call ends.
//
// The default Encoder, codec.JSON, would have sent b as a base64 JSON string. A Client
// with an Encoder of its own (WithEncoder with anything but codec.JSON) gets the final
// say instead: b is handed to it, with the declared Content-Type in the header, and
// what it returns is sent.
func (c *Call) BodyBytes(b []byte) {
	c.raw, c.payload, c.rawText = rawBytes, b, ""
}

// BodyString sets s, a string body parameter, as the request body, sent as its bytes
// under any Content-Type; without a declared one the request carries text/plain;
// charset=utf-8. As with BodyBytes, a Client's own Encoder gets the final say.
func (c *Call) BodyString(s string) {
	c.raw, c.payload, c.rawText = rawString, nil, s
}

// rawToEncoder prepares a raw body once per call. It reports true when the Client has
// an Encoder of its own, which is then given the body as a []byte or a string, as
// Body would; otherwise it makes the body the payload, as it is, and reports false.
func (c *Call) rawToEncoder() bool {
	if customEncoder(c.client.encoder) {
		var v any = c.payload
		if c.raw == rawString {
			v = c.rawText
		}
		c.payload = nil
		c.Body(v)
		return true
	}
	contentType := contentTypeOctetStream
	payload := c.payload
	if c.raw == rawString {
		payload = []byte(c.rawText)
		contentType = contentTypeText
	}
	if c.headerValue("Content-Type") == "" {
		c.Header("Content-Type", contentType)
	}
	c.setPayload(payload)
	return false
}

// customEncoder reports whether e is an Encoder the user chose, rather than codec.JSON,
// the default, which would transform a raw body (base64, quotes) instead of sending it.
func customEncoder(e codec.Encoder) bool {
	switch e.(type) {
	case codec.JSON, *codec.JSON:
		return false
	}
	return true
}
