package runtime

import (
	"net/http"
	"net/url"
)

// Response is a decoded result with the metadata of the response it came from: what a
// method declared to return (runtime.Response[T], error) gets, as Retrofit's
// Response<T> or Spring's ResponseEntity<T>. It goes through the ErrorDecoder, the
// retries, hedging and the retry budget exactly as (T, error) does: StatusCode is a 2xx
// status, or 404 when the call dismisses it (Value is then the zero T).
type Response[T any] struct {
	Value      T
	StatusCode int
	Header     http.Header

	// url is the URL of the request the response answered, after redirects: the
	// context its Link header's references resolve against (RFC 8288, section 3.2).
	url *url.URL
}

// Link returns the target of the first link of the response's Link header whose
// relation types include rel (compared case-insensitively, as RFC 8288 says), resolved
// against the URL of the request it answered, and whether there is one. A link with an
// anchor parameter is about another resource than this response, so it is skipped, as
// is a target that is no URI reference.
//
// The URL may be of another origin than the Client's: check it before you send
// credentials to it.
func (r Response[T]) Link(rel string) (*url.URL, bool) {
	for _, l := range ParseLinks(r.Header) {
		if _, anchored := l.Params["anchor"]; anchored || !l.HasRel(rel) {
			continue
		}
		target, err := url.Parse(l.Target)
		if err != nil {
			continue
		}
		if r.url != nil {
			target = r.url.ResolveReference(target)
		}
		return target, true
	}
	return nil, false
}

// DecodeResponse ends c as Decode does and returns the value with the status and the
// header of its response. A []byte or string T is the raw body, as Bytes and Text
// return it; any other T, named types over those included, is decoded by the Decoder.
// On any error it returns the zero Response. Generated methods with a
// (runtime.Response[T], error) result end with it.
func DecodeResponse[T any](c *Call) (Response[T], error) {
	var r Response[T]
	c.meta.want = true
	var err error
	switch v := any(&r.Value).(type) {
	case *[]byte:
		*v, err = c.Bytes()
	case *string:
		*v, err = c.Text()
	default:
		err = c.Decode(&r.Value)
	}
	if err != nil {
		return Response[T]{}, err
	}
	r.StatusCode, r.Header, r.url = c.meta.status, c.meta.header, c.meta.url
	return r, nil
}

// responseMeta is what DecodeResponse keeps of the response its value came from. The
// call's goroutine records it: for the response whose body is read, or for the 404 a
// call dismissed.
type responseMeta struct {
	want   bool
	status int
	header http.Header
	url    *url.URL
}

// record keeps the metadata of resp, when DecodeResponse asked for it.
func (m *responseMeta) record(resp *http.Response) {
	if !m.want || resp == nil {
		return
	}
	m.status, m.header = resp.StatusCode, resp.Header
	if resp.Request != nil {
		m.url = resp.Request.URL
	}
}
