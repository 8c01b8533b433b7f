package runtime

import (
	"errors"
	"fmt"
	"iter"
	"net/url"
	"strings"

	"github.com/gofeign/feign/internal/redact"
)

// Pager says how the pages of a //feign:paginate method follow each other. Generated
// code builds one per call.
type Pager[P any] struct {
	// Cursor, if not empty, is the query parameter that the request of the next page
	// sets to what Next returns (//feign:paginate cursor=Cursor next=...); the page
	// for which Next returns "" is the last. Otherwise the next page is the target of
	// the response's Link rel="next" (//feign:paginate link), and the page without one
	// is the last.
	Cursor string
	Next   func(page *P) string
}

// ErrCrossOriginLink is matched (errors.Is) by the error of a paginated call whose
// next link points to another origin (scheme, host and port) than the call's: the
// link is not followed, so the call's credentials (an Authorization header, a
// WithRequestInterceptor's token) never reach a server the API did not name by its
// base URL.
var ErrCrossOriginLink = errors.New("feign: the next page is on another origin")

// ErrPageLoop is matched (errors.Is) by the error of a paginated call whose next page
// is one it fetched already: a server bug that would otherwise loop forever.
var ErrPageLoop = errors.New("feign: the next page was fetched already")

// Pages ends c with a lazy iteration over every page of its result, each decoded into
// a P with the status and header of its response; the pages follow each other as p
// says. Generated methods with an iter.Seq2[runtime.Response[P], error] result and
// //feign:paginate end with it.
//
// Nothing is sent until the loop starts, and each page's request is sent when the loop
// asks for the page: leaving the loop sends no further request. Every page goes
// through the ErrorDecoder, the retries, hedging, the retry budget and the response
// limit as one call does, and has its own attempts and timeout. An error ends the
// iteration and is the last thing yielded: a page that failed, a next link to another
// origin (ErrCrossOriginLink), or a next page fetched already (ErrPageLoop); the page
// that named a bad next page is yielded first.
//
// The sequence can be ranged over once: a Call is single-use, and a second loop
// yields an error.
func Pages[P any](c *Call, p Pager[P]) iter.Seq2[Response[P], error] {
	return func(yield func(Response[P], error) bool) {
		var seen map[string]bool
		for first := true; ; first = false {
			if !first {
				c.rearm()
			}
			page, err := DecodeResponse[P](c)
			if err != nil {
				yield(Response[P]{}, err)
				return
			}
			if seen == nil {
				seen = map[string]bool{}
			}
			seen[c.url] = true
			next, err := p.next(c, &page)
			if !yield(page, nil) || next == "" && err == nil {
				return
			}
			if err == nil && seen[next] {
				err = fmt.Errorf("%w: %s", ErrPageLoop, redactedURL(next))
			}
			if err != nil {
				yield(Response[P]{}, c.end(err))
				return
			}
			c.rawURL = []byte(next) // send takes the URL over from rawURL
		}
	}
}

// PageItems ends c as Pages does and yields the items of every page, which items
// returns. Generated methods with an iter.Seq2[T, error] result and //feign:paginate
// end with it; leaving the loop in the middle of a page sends no further request.
func PageItems[P, T any](c *Call, p Pager[P], items func(page *P) []T) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		if items == nil {
			var zero T
			yield(zero, c.end(errors.New("feign: PageItems needs the function that returns a page's items")))
			return
		}
		for page, err := range Pages(c, p) {
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, item := range items(&page.Value) {
				if !yield(item, nil) {
					return
				}
			}
		}
	}
}

// next returns the URL of the page after page, "" when page is the last.
func (p Pager[P]) next(c *Call, page *Response[P]) (string, error) {
	if p.Cursor != "" {
		if p.Next == nil {
			return "", nil
		}
		cursor := p.Next(&page.Value)
		if cursor == "" {
			return "", nil
		}
		return withQuery(c.url, p.Cursor, cursor), nil
	}
	target, ok := page.Link("next")
	if !ok {
		return "", nil
	}
	target.Fragment, target.RawFragment = "", ""
	call, err := url.Parse(c.url)
	if err != nil {
		return "", err
	}
	if !sameOrigin(call, target) {
		return "", fmt.Errorf("%w: %s is not on %s", ErrCrossOriginLink, redactedURL(target.String()), origin(call))
	}
	return target.String(), nil
}

// withQuery returns rawURL with its query parameter name set to value: the pairs of
// that name are dropped, the others kept as written, and name=value appended.
func withQuery(rawURL, name, value string) string {
	base, query, _ := strings.Cut(rawURL, "?")
	var b strings.Builder
	b.WriteString(base)
	b.WriteByte('?')
	for pair := range strings.SplitSeq(query, "&") {
		if pair == "" {
			continue
		}
		key, _, _ := strings.Cut(pair, "=")
		if k, err := url.QueryUnescape(key); err == nil && k == name {
			continue
		}
		b.WriteString(pair)
		b.WriteByte('&')
	}
	b.WriteString(Escape(name))
	b.WriteByte('=')
	b.WriteString(Escape(value))
	return b.String()
}

// origin returns scheme://host:port of u, for messages.
func origin(u *url.URL) string {
	return strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Hostname()) + ":" + portOf(u)
}

// rearm makes c ready to send the request of the next page: a call of its own, with
// its own attempts, timeout and Retryer, on the caller's context.
func (c *Call) rearm() {
	c.ended = false
	if c.caller != nil {
		c.ctx = c.caller
	}
	c.cancel, c.ownDeadline, c.attemptCancel = nil, false, nil
	c.waiting = nil
	c.attempts = 0
	c.meta = responseMeta{}
}

// redactedURL is u for an error message: its secrets redacted.
func redactedURL(u string) string { return redact.URLString(u) }
