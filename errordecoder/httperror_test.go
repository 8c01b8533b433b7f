package errordecoder_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/gofeign/feign/errordecoder"
)

// A server that echoes the credentials of a request cannot put them in the message;
// the fields keep what it sent.
func TestHTTPErrorRedact(t *testing.T) {
	body := `{"error":"bad token Bearer s3cr3t-tok","cookie":"sid=c00kie-val"}`
	e := &errordecoder.HTTPError{
		StatusCode: 401, Status: "401 s3cr3t-tok is not valid", Method: "GET",
		URL: "https://h/x?token=REDACTED", MethodKey: "API#Get", Body: []byte(body),
		Header: http.Header{"Www-Authenticate": {`Bearer error="invalid_token" token="s3cr3t-tok"`}},
	}
	e.Redact("Bearer s3cr3t-tok", "s3cr3t-tok", "", "c00kie-val")

	want := `[401 REDACTED is not valid] during [GET] to [https://h/x?token=REDACTED] [API#Get]: [{"error":"bad token REDACTED","cookie":"sid=REDACTED"}]`
	assert.Equal(t, want, e.Error())
	assert.Equal(t, body, string(e.Body), "Body stays as the server sent it")
	assert.Equal(t, "401 s3cr3t-tok is not valid", e.Status)
	for _, format := range []string{"%v", "%+v", "%s"} {
		assert.Equal(t, want, fmt.Sprintf(format, e), format)
		assert.Equal(t, want, fmt.Sprintf(format, error(&errordecoder.RetryableError{Err: e})), format)
	}
}

// Overlapping secrets are hidden as one, and a secret straddling the 200th character of
// a long body shows none of itself.
func TestHTTPErrorRedactOverlapAndCut(t *testing.T) {
	e := &errordecoder.HTTPError{StatusCode: 500, Status: "500 Internal Server Error", Body: []byte("x abcdef y")}
	e.Redact("abcd", "cdef")
	assert.Equal(t, "[500 Internal Server Error] during [] to [] []: [x REDACTED y]", e.Error())

	long := strings.Repeat("a", 195) + "SECRETVALUE" + strings.Repeat("b", 400)
	e = &errordecoder.HTTPError{StatusCode: 500, Status: "500 Internal Server Error", Body: []byte(long)}
	e.Redact("SECRETVALUE")
	assert.Equal(t, "[500 Internal Server Error] during [] to [] []: ["+strings.Repeat("a", 195)+"REDAC... (606 bytes)]", e.Error())
}

// CR, LF, ESC and other controls a server sends are escaped: it cannot start a log line
// of its own or drive a terminal.
func TestHTTPErrorEscapesControls(t *testing.T) {
	e := &errordecoder.HTTPError{
		StatusCode: 500, Status: "500 Oops\x1b[2J", Method: "GET", URL: "/", MethodKey: "A#B",
		Body: []byte("first\r\ntime=2026 level=ERROR msg=\"forged\"\x1b]0;title\x07\u202eevil\u2028\x00\x9b\xc2\x9b"),
	}
	assert.Equal(t,
		`[500 Oops\x1b[2J] during [GET] to [/] [A#B]: [first\r\ntime=2026 level=ERROR msg="forged"\x1b]0;title\x07\u202eevil\u2028\x00\x9b\u009b]`,
		e.Error())
}

// %#v, which test failures print, shows neither Set-Cookie nor an echoed secret.
func TestHTTPErrorGoString(t *testing.T) {
	e := &errordecoder.HTTPError{
		StatusCode: 403, Status: "403 Forbidden", Method: "GET", URL: "/", MethodKey: "A#B",
		Header: http.Header{"Set-Cookie": {"session=SESSIONVAL"}, "X-Echo": {"Bearer s3cr3t-tok\x1b"}},
		Body:   []byte("no s3cr3t-tok"),
	}
	e.Redact("s3cr3t-tok")
	want := `errordecoder.HTTPError{StatusCode:403, Status:"403 Forbidden", Method:"GET", URL:"/", MethodKey:"A#B", ` +
		`Header:http.Header{"Set-Cookie":[]string{"REDACTED"}, "X-Echo":[]string{"Bearer REDACTED\\x1b"}}, Body:[]byte("no REDACTED")}`
	assert.Equal(t, want, fmt.Sprintf("%#v", e))
	assert.Equal(t, want, fmt.Sprintf("%#v", *e))
	assert.Equal(t, "session=SESSIONVAL", e.Header.Get("Set-Cookie"), "the Header stays as the server sent it")
}

// countingSource is a SecretSource that counts how often it is asked.
type countingSource struct {
	secrets []string
	asked   int
}

func (s *countingSource) Secrets() []string {
	s.asked++
	return s.secrets
}

// RedactFrom hides what its sources give, as Redact does, and asks them only when a
// message is made: an error that is retried and never printed costs no search.
func TestHTTPErrorRedactFrom(t *testing.T) {
	first := &countingSource{secrets: []string{"s3cr3t"}}
	second := &countingSource{secrets: []string{"", "hunter2"}}
	e := &errordecoder.HTTPError{
		StatusCode: 401, Status: "401 Unauthorized", Method: "GET", URL: "https://api.example.com/me", MethodKey: "API#Me",
		Body: []byte(`{"error":"bad token s3cr3t for hunter2"}`),
	}
	e.RedactFrom(first)
	e.RedactFrom(second)
	e.RedactFrom(nil)
	assert.Equal(t, 0, first.asked, "asked before any message was made")
	want := `[401 Unauthorized] during [GET] to [https://api.example.com/me] [API#Me]: [{"error":"bad token REDACTED for REDACTED"}]`
	assert.Equal(t, want, e.Error())
	assert.Equal(t, 1, first.asked)
	assert.Equal(t, 1, second.asked)
	assert.Equal(t, `{"error":"bad token s3cr3t for hunter2"}`, string(e.Body), "the field keeps what the server sent")
	assert.NotContains(t, fmt.Sprintf("%#v", *e), "s3cr3t")
}
