package errordecoder

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofeign/feign/internal/redact"
)

// Feign shows a body of up to previewMinBytes-1 bytes whole in an error message, and only
// the first previewChars characters of a longer one.
const (
	previewMinBytes = 400
	previewChars    = 200
)

// HTTPError is a response with a status that is not 2xx: Feign's FeignException.
//
// Its fields hold what the server sent, for programs that read them. Its message
// (Error) is made for logs: it escapes the control characters a server put in its
// status or body, and hides the values given to Redact.
type HTTPError struct {
	StatusCode int
	Status     string // "503 Service Unavailable"
	Method     string
	URL        string // with secrets redacted
	MethodKey  string // "GitHub#Contributors"
	Header     http.Header
	Body       []byte // at most MaxBodyBytes of the response body

	secrets []string       // hidden from Error: see Redact
	source  SecretSource   // more of them, asked for only when Error runs: see RedactFrom
	sources []SecretSource // and more, for a second RedactFrom
}

// A SecretSource gives secret values that an HTTPError's message must hide (see
// RedactFrom): the runtime's is the request that got the response.
type SecretSource interface {
	Secrets() []string
}

// Error returns Feign's message for the error:
//
//	[503 Service Unavailable] during [GET] to [https://api.example.com/x] [API#Get]: [body]
//
// An empty body gives ": []", as in Feign. A body of 400 bytes or more shows its first 200
// characters followed by "... (N bytes)". The header never shows.
//
// The message is safe to log whatever the server sent: every value given to Redact is
// replaced by "REDACTED", and control characters (CR, LF, ESC, ...), invisible
// reordering characters and bytes that are not UTF-8 are written as escapes ("\n",
// "\x1b", "\xff"), so a server can neither start a log line of its own nor drive the
// terminal that shows it.
func (e *HTTPError) Error() string {
	e = e.resolved()
	var b strings.Builder
	b.WriteString("[")
	b.WriteString(e.clean(e.statusLine()))
	b.WriteString("] during [")
	b.WriteString(e.clean(e.Method))
	b.WriteString("] to [")
	b.WriteString(e.clean(e.URL))
	b.WriteString("] [")
	b.WriteString(e.clean(e.MethodKey))
	b.WriteString("]: [")
	b.WriteString(e.bodyPreview())
	b.WriteString("]")
	return b.String()
}

// Redact makes Error hide each of values wherever it shows in the message, in the status
// or the body, as "REDACTED"; empty values are ignored, and values add to those of
// earlier calls. The fields keep what the server sent.
//
// The runtime calls it, before it hands the error on, with the secrets of the request
// that got the response: its Authorization, Proxy-Authorization, Cookie and
// secret-looking header values, its secret query values and the password of its URL.
// A server that echoes them ({"error":"bad token Bearer s3cr3t"}) cannot put them in an
// error message, and so in a log. An ErrorDecoder of one's own that returns an
// *HTTPError gets this too. Redact must not be called while Error may run on another
// goroutine.
func (e *HTTPError) Redact(values ...string) {
	for _, v := range values {
		if v != "" {
			e.secrets = append(e.secrets, v)
		}
	}
}

// RedactFrom is Redact with the values src gives, asked for only when a message is made
// (Error, GoString): finding a request's secrets costs more than most errors are ever
// printed, and many are retried and never printed at all. src must not change once
// given.
func (e *HTTPError) RedactFrom(src SecretSource) {
	switch {
	case src == nil:
	case e.source == nil:
		e.source = src // the usual single source costs no allocation
	default:
		e.sources = append(e.sources, src)
	}
}

// resolved returns e, or when it has SecretSources a copy of it whose secrets hold
// theirs too, for making one message.
func (e *HTTPError) resolved() *HTTPError {
	if e.source == nil {
		return e
	}
	c := *e
	c.secrets = slices.Clip(e.secrets)
	for _, src := range append([]SecretSource{e.source}, e.sources...) {
		for _, v := range src.Secrets() {
			if v != "" {
				c.secrets = append(c.secrets, v)
			}
		}
	}
	c.source, c.sources = nil, nil
	return &c
}

// GoString is the error as %#v prints it: its fields in Go syntax, but with the Header
// redacted as logs redact it (Set-Cookie, Authorization, ...) and the Body as Error shows
// it, so that a test failure printing the error with %#v leaks nothing either.
func (e HTTPError) GoString() string {
	e = *e.resolved()
	return fmt.Sprintf("errordecoder.HTTPError{StatusCode:%d, Status:%q, Method:%q, URL:%q, MethodKey:%q, Header:%#v, Body:[]byte(%q)}",
		e.StatusCode, e.clean(e.Status), e.clean(e.Method), e.clean(e.URL), e.clean(e.MethodKey),
		e.header(), e.bodyPreview())
}

// header is Header as GoString shows it: secret values redacted, echoed secrets hidden
// and control characters escaped.
func (e *HTTPError) header() http.Header {
	h := redact.Header(e.Header)
	for name, values := range h {
		for i, v := range values {
			values[i] = e.clean(v)
		}
		if clean := redact.Escape(name); clean != name {
			delete(h, name)
			h[clean] = values
		}
	}
	return h
}

// clean hides the secrets given to Redact in s and escapes its control characters.
func (e *HTTPError) clean(s string) string {
	return redact.Escape(redact.Scrub(s, e.secrets))
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
//
// The secrets are hidden before the body is cut, so that one straddling the cut cannot
// show its first half; only as much of a long body is searched as the preview can show
// of a secret, so that a 64 KiB body is not copied for a 200-character preview.
func (e *HTTPError) bodyPreview() string {
	body := e.Body
	if len(body) < previewMinBytes {
		return e.clean(string(body))
	}
	cut := 0 // the first previewChars runes, an invalid byte counting as one
	for chars := 0; cut < len(body) && chars < previewChars; chars++ {
		_, size := utf8.DecodeRune(body[cut:])
		cut += size
	}
	longest := 0
	for _, s := range e.secrets {
		longest = max(longest, len(s))
	}
	head := redact.Scrub(string(body[:min(len(body), cut+longest)]), e.secrets)
	cut = 0
	for chars := 0; cut < len(head) && chars < previewChars; chars++ {
		_, size := utf8.DecodeRuneInString(head[cut:])
		cut += size
	}
	return redact.Escape(head[:cut]) + "... (" + strconv.Itoa(len(body)) + " bytes)"
}
