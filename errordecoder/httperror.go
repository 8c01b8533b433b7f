package errordecoder

import (
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Feign shows a body of up to previewMinBytes-1 bytes whole in an error message, and only
// the first previewChars characters of a longer one.
const (
	previewMinBytes = 400
	previewChars    = 200
)

// HTTPError is a response with a status that is not 2xx: Feign's FeignException.
type HTTPError struct {
	StatusCode int
	Status     string // "503 Service Unavailable"
	Method     string
	URL        string // with secrets redacted
	MethodKey  string // "GitHub#Contributors"
	Header     http.Header
	Body       []byte // at most MaxBodyBytes of the response body
}

// Error returns Feign's message for the error:
//
//	[503 Service Unavailable] during [GET] to [https://api.example.com/x] [API#Get]: [body]
//
// An empty body gives ": []", as in Feign. A body of 400 bytes or more shows its first 200
// characters followed by "... (N bytes)"; the body is read as UTF-8, invalid bytes showing
// as U+FFFD, so the message is always valid UTF-8.
func (e *HTTPError) Error() string {
	var b strings.Builder
	b.WriteString("[")
	b.WriteString(e.statusLine())
	b.WriteString("] during [")
	b.WriteString(e.Method)
	b.WriteString("] to [")
	b.WriteString(e.URL)
	b.WriteString("] [")
	b.WriteString(e.MethodKey)
	b.WriteString("]: [")
	b.WriteString(bodyPreview(e.Body))
	b.WriteString("]")
	return b.String()
}

// statusLine is Status, or the status code and its standard text when Status is empty
// (an HTTPError built by hand); Feign prints the code alone when it has no reason phrase.
func (e *HTTPError) statusLine() string {
	if e.Status != "" {
		return e.Status
	}
	return statusLine(e.StatusCode)
}

func statusLine(code int) string {
	if text := http.StatusText(code); text != "" {
		return strconv.Itoa(code) + " " + text
	}
	return strconv.Itoa(code)
}

// bodyPreview is how Feign shows a body in a message: whole when it is short, else its
// first previewChars characters and its length in bytes. It counts runes, not bytes, so
// it never cuts a UTF-8 sequence in two.
func bodyPreview(body []byte) string {
	if len(body) < previewMinBytes {
		return strings.ToValidUTF8(string(body), string(utf8.RuneError))
	}
	cut, chars := 0, 0
	for cut < len(body) && chars < previewChars {
		_, size := utf8.DecodeRune(body[cut:])
		cut += size
		chars++
	}
	return strings.ToValidUTF8(string(body[:cut]), string(utf8.RuneError)) +
		"... (" + strconv.Itoa(len(body)) + " bytes)"
}
