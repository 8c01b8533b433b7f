package runtime

import (
	"net/http"
	"unicode/utf8"
)

// TemplateBody sets the body of a //feign:body template, expanded by generated code
// with every value escaped for the body's Content-Type (JSONString, Escape). It is sent
// as is: no Encoder runs, and the declared Content-Type stays.
func (c *Call) TemplateBody(body string) {
	c.Body(body)
	c.encoder = rawEncoder{}
}

// rawEncoder sends a string body as it is.
type rawEncoder struct{}

func (rawEncoder) Encode(v any, _ http.Header) ([]byte, error) {
	s, _ := v.(string)
	return []byte(s), nil
}

// JSONString escapes s for the inside of a JSON string, as a //feign:body variable
// between quotes is written: '"', '\\' and every control character are escaped, so a
// value can never end its string; '<', '>', '&', U+2028 and U+2029 are escaped too, as
// encoding/json does, and invalid UTF-8 becomes U+FFFD.
func JSONString(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if b := s[i]; b < 0x20 || b == '"' || b == '\\' || b == '<' || b == '>' || b == '&' || b >= utf8.RuneSelf {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	out := make([]byte, 0, len(s)+8)
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			out = append(out, '\\', byte(r))
		case r == '\n':
			out = append(out, '\\', 'n')
		case r == '\r':
			out = append(out, '\\', 'r')
		case r == '\t':
			out = append(out, '\\', 't')
		case r < 0x20 || r == '<' || r == '>' || r == '&' || r == '\u2028' || r == '\u2029':
			out = append(out, '\\', 'u', upperHex[r>>12&0xf], upperHex[r>>8&0xf], upperHex[r>>4&0xf], upperHex[r&0xf])
		default:
			out = utf8.AppendRune(out, r) // RuneError for invalid bytes: U+FFFD
		}
	}
	return string(out)
}

// JSONNumber returns text, the formatted value of a number outside a JSON string, or
// records an error for what is no JSON number (NaN, ±Inf): the body would not parse.
func (c *Call) JSONNumber(name, text string) string {
	switch text {
	case "NaN", "+Inf", "-Inf":
		c.fail(&ArgumentError{Param: name, Reason: "body parameter " + name + " is " + text + ", which JSON cannot hold"})
		return "null"
	}
	return text
}

// BodyUndefined records that the body template variable name has no value (a nil
// pointer or an empty list): the call fails before anything is sent, rather than
// sending a half-resolved body.
func (c *Call) BodyUndefined(name string) {
	c.fail(&ArgumentError{Param: name, Reason: "body parameter {" + name + "} has no value"})
}
