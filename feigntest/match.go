package feigntest

import (
	"fmt"
	"net/http"
)

// matcher tells whether a request matches an http.ServeMux pattern, by asking a
// ServeMux that holds only that pattern: the rules are exactly ServeMux's, and a request
// the ServeMux would answer with a redirect (POST /todos for "POST /todos/") does not
// match.
type matcher struct{ mux *http.ServeMux }

func newMatcher(pattern string) (m *matcher, err error) {
	mux := http.NewServeMux()
	defer func() {
		// ServeMux panics on a pattern it cannot parse; here that is the caller's error.
		if r := recover(); r != nil {
			m, err = nil, fmt.Errorf("feigntest: pattern %q: %v", pattern, r)
		}
	}()
	mux.HandleFunc(pattern, func(w http.ResponseWriter, _ *http.Request) {
		if p, ok := w.(*probe); ok {
			p.hit = true
		}
	})
	return &matcher{mux: mux}, nil
}

// matches routes a copy of r, since ServeMux sets the pattern and path values of the
// request it routes.
func (m *matcher) matches(r *http.Request) bool {
	rc := *r
	p := &probe{}
	m.mux.ServeHTTP(p, &rc)
	return p.hit
}

// probe is the ResponseWriter a matcher routes with: it only notes whether the
// pattern's handler ran.
type probe struct {
	header http.Header
	hit    bool
}

func (p *probe) Header() http.Header {
	if p.header == nil {
		p.header = http.Header{}
	}
	return p.header
}
func (p *probe) Write(b []byte) (int, error) { return len(b), nil }
func (p *probe) WriteHeader(int)             {}
