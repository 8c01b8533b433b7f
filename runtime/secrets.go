package runtime

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/internal/redact"
)

// redactEcho makes the *errordecoder.HTTPError in err, if there is one, hide the secrets
// req sent (see redact.Secrets), so that a server echoing them back in its status or body
// cannot put them in the error's message, or in a log. It runs on the attempt's goroutine,
// before the error is handed to anyone; a request without secrets costs nothing.
func redactEcho(err error, req *http.Request) {
	if err == nil || req == nil {
		return
	}
	httpErr := errorIn[errordecoder.HTTPError](err)
	if httpErr == nil {
		return
	}
	httpErr.RedactFrom((*requestSecrets)(req))
}

// requestSecrets is a request as the errordecoder.SecretSource of the HTTPError its
// response became: its secrets are found only if the error's message is made. A pointer
// conversion, so that giving it costs no allocation.
type requestSecrets http.Request

func (r *requestSecrets) Secrets() []string { return redact.Secrets(r.Header, r.URL) }

// secrets returns the secret values the call's requests carry before interceptors run:
// its declared and per-call headers and its URL. A CallError hides them from its message,
// whatever error holds them: one of an ErrorDecoder of one's own that quotes the body, or
// of the transport.
func (c *Call) secrets() []string {
	var out []string
	if len(c.headers()) > 0 {
		out = append(out, redact.Secrets(c.declaredHeader(), nil)...)
	}
	if c.extraHeader != nil {
		out = append(out, redact.Secrets(c.extraHeader, nil)...)
	}
	if strings.ContainsAny(c.url, "?@") { // a query or userinfo: else nothing to parse for
		if u, err := url.Parse(c.url); err == nil {
			out = append(out, redact.Secrets(nil, u)...)
		}
	}
	return out
}

// redactTransport is redactError for the error of http.Client.Do on req: its message
// also hides the secrets req carried, which a transport error may quote (a malformed
// header line in which the server echoed the request's Cookie). The cause is wrapped, so
// errors.Is and errors.As see through it, and *url.Error's Timeout still answers.
func redactTransport(err error, req *http.Request) error {
	err = redactError(err)
	if req == nil {
		return err
	}
	secrets := redact.Secrets(req.Header, req.URL)
	if len(secrets) == 0 {
		return err
	}
	if urlErr, ok := err.(*url.Error); ok { // a copy of redactError's own
		urlErr.Err = &scrubbedError{err: urlErr.Err, secrets: secrets}
		return urlErr
	}
	return &scrubbedError{err: err, secrets: secrets}
}

// scrubbedError is err with secrets hidden from its message and control characters
// escaped.
type scrubbedError struct {
	err     error
	secrets []string
}

func (e *scrubbedError) Error() string {
	return redact.Escape(redact.Scrub(e.err.Error(), e.secrets))
}

func (e *scrubbedError) Unwrap() error { return e.err }

// Timeout and Temporary answer as err does: *url.Error asks its Err directly.
func (e *scrubbedError) Timeout() bool {
	t, ok := e.err.(interface{ Timeout() bool })
	return ok && t.Timeout()
}

func (e *scrubbedError) Temporary() bool {
	t, ok := e.err.(interface{ Temporary() bool })
	return ok && t.Temporary()
}
