package feigntest

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// Reset says whether and when a Behavior drops the connection instead of answering.
type Reset uint8

const (
	// NoReset answers the call.
	NoReset Reset = iota
	// ResetBeforeRead drops the connection as soon as the request's headers have
	// arrived, without reading its body: the server certainly did not act on it.
	ResetBeforeRead
	// ResetAfterRead reads the whole request, then drops the connection without an
	// answer: the case a client must not retry a POST after, since a real server may
	// have acted on it.
	ResetAfterRead
)

func (r Reset) String() string {
	switch r {
	case NoReset:
		return "NoReset"
	case ResetBeforeRead:
		return "ResetBeforeRead"
	case ResetAfterRead:
		return "ResetAfterRead"
	}
	return "Reset(" + strconv.Itoa(int(r)) + ")"
}

// A Behavior is what the Server does with one call before, or instead of, passing it to
// the handler. The zero Behavior passes the call to the handler at once.
type Behavior struct {
	// Latency delays everything the server sends for this call (the status line, or the
	// reset): the client waits that long for response headers. The call's request body
	// is read first. A client that gives up meanwhile ends the wait.
	Latency time.Duration

	// Status, when not 0, is answered instead of calling the handler, with Header and
	// Body.
	Status int
	Header http.Header
	Body   string

	// Reset drops the connection instead of answering (Status is then ignored).
	// Over loopback TCP the client sees a reset (RST); in memory, the connection's end.
	Reset Reset
}

// An Option configures a Server. Options apply to every call, unless given inside a
// Route: then they apply to the calls of that route only.
type Option func(*config)

// Script makes the first len(bs) calls behave as bs says, in order: the first call as
// bs[0], and so on; the calls after the script go to the handler. Script, FailFirst and
// ResetConnections append to one sequence (per Route), so
//
//	feigntest.FailFirst(2, http.StatusServiceUnavailable), feigntest.ResetConnections(1)
//
// answers the first two calls 503, drops the third call's connection and passes the
// rest to the handler.
func Script(bs ...Behavior) Option {
	return func(c *config) {
		for i, b := range bs {
			switch {
			case b.Status != 0 && !validStatus(b.Status):
				c.fail(fmt.Errorf("feigntest: Script behaviour %d has status %d, want 0 or 200 to 999", i, b.Status))
				return
			case b.Reset > ResetAfterRead:
				c.fail(fmt.Errorf("feigntest: Script behaviour %d has an unknown %v", i, b.Reset))
				return
			case b.Latency < 0:
				c.fail(fmt.Errorf("feigntest: Script behaviour %d has a negative Latency", i))
				return
			}
			b.Header = b.Header.Clone()
			c.cur.script = append(c.cur.script, b)
		}
	}
}

// FailFirst answers the next n calls of the sequence (see Script) with status, adding
// the Retry-After of RetryAfter or RetryAfterDate and the body of FailureBody when they
// are given.
func FailFirst(n, status int) Option {
	return func(c *config) {
		if n < 0 || !validStatus(status) {
			c.fail(errors.New("feigntest: FailFirst needs n >= 0 and a status from 200 to 999"))
			return
		}
		for range n {
			c.cur.script = append(c.cur.script, Behavior{Status: status})
		}
	}
}

// ResetConnections drops the connection of the next n calls of the sequence (see Script)
// after reading each request whole, without answering (ResetAfterRead).
//
// While a reset is still to come, every answer carries Connection: close, so that each
// call reaches the server on a connection of its own. Otherwise net/http's Transport
// would send a GET again by itself when a reused connection breaks, and the server
// would count one call more than the client made.
func ResetConnections(n int) Option {
	return func(c *config) {
		if n < 0 {
			c.fail(errors.New("feigntest: ResetConnections needs n >= 0"))
			return
		}
		for range n {
			c.cur.script = append(c.cur.script, Behavior{Reset: ResetAfterRead})
		}
	}
}

// RetryAfter adds "Retry-After: <seconds>" to every status the sequence injects
// (FailFirst, and Script behaviours with a Status and no Retry-After of their own). A
// duration that is not whole seconds is rounded up, so that a client never comes back
// sooner than d.
func RetryAfter(d time.Duration) Option {
	return func(c *config) {
		if d < 0 {
			c.fail(errors.New("feigntest: RetryAfter needs d >= 0"))
			return
		}
		c.cur.retryAfter, c.cur.retryAfterSet, c.cur.retryAfterDate = d, true, false
	}
}

// RetryAfterDate is RetryAfter with an HTTP date: the time of the answer plus d, rounded
// up to the next whole second (an HTTP date has no fractions). Inside a testing/synctest
// bubble the clock is fake and starts at a whole second, so a whole-second d is waited
// exactly.
func RetryAfterDate(d time.Duration) Option {
	return func(c *config) {
		if d < 0 {
			c.fail(errors.New("feigntest: RetryAfterDate needs d >= 0"))
			return
		}
		c.cur.retryAfter, c.cur.retryAfterSet, c.cur.retryAfterDate = d, true, true
	}
}

// FailureBody is the body, with its Content-Type, of every status the sequence injects
// whose Behavior has no Body of its own. Without it those answers have an empty body.
func FailureBody(contentType, body string) Option {
	return func(c *config) {
		c.cur.failType, c.cur.failBody = contentType, body
	}
}

// Latency delays every call by d before anything is sent (see Behavior.Latency), on top
// of any Latency of the call's Behavior.
func Latency(d time.Duration) Option {
	return func(c *config) {
		if d < 0 {
			c.fail(errors.New("feigntest: Latency needs d >= 0"))
			return
		}
		c.cur.latency += d
	}
}

// LatencyFunc delays each call by f(call), where call counts the calls from 1 (within
// the Route, inside one), on top of Latency. f may be called from several goroutines at
// once; a negative result counts as 0.
func LatencyFunc(f func(call int) time.Duration) Option {
	return func(c *config) {
		if f == nil {
			c.fail(errors.New("feigntest: LatencyFunc needs a func"))
			return
		}
		c.cur.latencyFuncs = append(c.cur.latencyFuncs, f)
	}
}

// Route applies opts only to the calls that match pattern, an http.ServeMux pattern
// ("GET /todos/{id}", "POST /todos", "/admin/"; a GET pattern also matches HEAD). A call
// belongs to the first Route that matches it, and then only that Route's options apply
// to it (the server's other options do not); its calls are counted, and its sequence
// followed, apart from the others. A call no Route matches gets the options given
// outside any Route.
func Route(pattern string, opts ...Option) Option {
	return func(c *config) {
		if c.cur != &c.root {
			c.fail(errors.New("feigntest: a Route cannot hold another Route"))
			return
		}
		m, err := newMatcher(pattern)
		if err != nil {
			c.fail(err)
			return
		}
		r := &scope{pattern: pattern, match: m}
		c.cur = r
		for _, o := range opts {
			o(c)
		}
		c.cur = &c.root
		c.routes = append(c.routes, r)
	}
}

// InMemory serves over in-memory connections (net.Pipe) instead of a loopback port: the
// Server's Client dials them, and only it can reach URL(), whose host is feigntest.test.
//
// This is the mode for tests inside a testing/synctest bubble: a goroutine waiting on a
// socket is never durably blocked, so a bubble holding a real listener would never
// advance its fake clock, while one waiting on a pipe is. Call NewServer inside the
// bubble, so that the server's goroutines belong to it; then Latency, Retry-After and
// the client's backoff all pass in fake time, and a test of minutes of retries runs in
// milliseconds.
func InMemory() Option {
	return func(c *config) { c.inMemory = true }
}

// validStatus reports whether status can end a call: an informational status (1xx) is
// no final answer.
func validStatus(status int) bool { return status >= 200 && status <= 999 }

// config is what the Options build.
type config struct {
	root     scope
	routes   []*scope
	cur      *scope // the scope Options apply to: root, or the Route being built
	inMemory bool
	err      error
}

func (c *config) fail(err error) {
	if c.err == nil {
		c.err = err
	}
}

// scope is the server itself or one Route: its options, and its count of calls.
type scope struct {
	pattern string
	match   *matcher // nil for the root

	script         []Behavior
	latency        time.Duration
	latencyFuncs   []func(int) time.Duration
	retryAfter     time.Duration
	retryAfterSet  bool
	retryAfterDate bool
	failType       string
	failBody       string

	calls int // guarded by Server.mu
}

// behavior is what the scope does with its call number call (from 1), without the
// latency of its LatencyFuncs.
func (s *scope) behavior(call int) Behavior {
	var b Behavior
	if call <= len(s.script) {
		b = s.script[call-1]
		b.Header = b.Header.Clone()
	}
	b.Latency += s.latency
	return b
}

// resetAhead reports whether a call after call (from 1) will be reset.
func (s *scope) resetAhead(call int) bool {
	for _, b := range s.script[min(call, len(s.script)):] {
		if b.Reset != NoReset {
			return true
		}
	}
	return false
}
