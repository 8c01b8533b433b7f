package feigntest

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"
)

// MaxBodyBytes bounds the request body a Server reads to record its hash: a call with a
// longer body is answered 413 Request Entity Too Large, and its handler is not called.
const MaxBodyBytes = 32 << 20

// Request is one call as the Server received it, and what the Server did with it.
type Request struct {
	Seq   int    // order of arrival, from 1
	Route string // the pattern of the Route the call belonged to, "" for none
	Call  int    // the call's number within its Route (or among the calls of no Route), from 1
	// At is when the call arrived: inside a testing/synctest bubble, on the bubble's
	// fake clock, so a test can assert the exact spacing of a client's retries.
	At time.Time

	Method   string
	Path     string // the decoded path (URL.Path)
	RawQuery string
	Header   http.Header

	// BodyRead is false when the body was never read (ResetBeforeRead), or is not yet
	// (the call has just arrived). BodyLen and BodySHA256 are then zero.
	BodyRead   bool
	BodyLen    int
	BodySHA256 [32]byte

	// Behavior is what the Server did: the latency it added, and the status it injected
	// (with the Retry-After, Content-Type and body it sent) or the reset. The zero
	// Behavior means the call went to the handler at once.
	Behavior Behavior
}

// Server is an HTTP server for tests that serves a handler on a loopback port (or in
// memory), after misbehaving on purpose as its Options say. Its methods are safe for
// concurrent use.
type Server struct {
	tb        testing.TB // nil for a Server from Start
	handler   http.Handler
	cfg       *config
	srv       *http.Server
	url       string
	transport *http.Transport
	client    *http.Client
	served    chan struct{} // closed when Serve has returned
	closeOnce sync.Once

	mu       sync.Mutex
	idle     *sync.Cond // broadcast when handlers or conns falls
	closed   bool
	quit     chan struct{} // closed by Close: waits for latency end
	handlers int           // handlers running
	conns    int           // connections neither closed nor hijacked
	requests []Request
	routes   []*http.Request // what Calls matches patterns against, one per request
}

// NewServer starts a Server serving h, as opts say, and closes it when the test ends
// (tb.Cleanup). A mistake in the options fails the test at once.
//
// Inside a testing/synctest bubble, give InMemory and call NewServer inside the bubble.
func NewServer(tb testing.TB, h http.Handler, opts ...Option) *Server {
	tb.Helper()
	s, err := start(tb, h, opts)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(s.Close)
	return s
}

// Start is NewServer where no testing.TB is at hand (an Example, TestMain): it returns
// the mistake in the options instead, and the caller calls Close.
func Start(h http.Handler, opts ...Option) (*Server, error) {
	return start(nil, h, opts)
}

func start(tb testing.TB, h http.Handler, opts []Option) (*Server, error) {
	if h == nil {
		return nil, errors.New("feigntest: nil handler")
	}
	cfg := &config{}
	cfg.cur = &cfg.root
	for _, o := range opts {
		o(cfg)
	}
	if cfg.err != nil {
		return nil, cfg.err
	}
	s := &Server{
		tb:      tb,
		handler: h,
		cfg:     cfg,
		served:  make(chan struct{}),
		quit:    make(chan struct{}),
		// No proxy, no HTTP/2: the server speaks HTTP/1.1 on loopback only.
		transport: &http.Transport{MaxIdleConnsPerHost: 16},
	}
	s.idle = sync.NewCond(&s.mu)

	var ln net.Listener
	if cfg.inMemory {
		pl := newPipeListener()
		s.transport.DialContext = pl.dial
		ln, s.url = pl, "http://"+memoryHost
	} else {
		tcp, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ln, s.url = tcp, "http://"+tcp.Addr().String()
	}
	s.client = &http.Client{Transport: s.transport}
	s.srv = &http.Server{
		Handler:   http.HandlerFunc(s.serve),
		ConnState: s.connState,
		ErrorLog:  log.New(logWriter{s}, "", 0),
	}
	go func() {
		defer close(s.served)
		s.srv.Serve(ln)
	}()
	return s, nil
}

// URL is the base URL of the server, "http://127.0.0.1:port", or
// "http://feigntest.test" in memory, where only Client reaches it.
func (s *Server) URL() string { return s.url }

// Client returns the *http.Client that reaches the server, for
// runtime.WithHTTPClient; the same one every time. Its idle connections are closed with
// the Server. In memory it is the only client that reaches the server.
func (s *Server) Client() *http.Client { return s.client }

// Close stops the server: it ends every latency still being waited, closes every
// connection, and returns once every handler has returned and every connection is
// closed, so that no goroutine of the server is left. A handler must return once its
// request's context is done. NewServer calls Close when the test ends; calling it again
// does nothing. Close must not be called from a handler.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closed = true
		close(s.quit)
		s.mu.Unlock()

		s.srv.Close()
		<-s.served
		s.mu.Lock()
		for s.handlers > 0 || s.conns > 0 {
			s.idle.Wait()
		}
		s.mu.Unlock()
		s.transport.CloseIdleConnections()
	})
}

// Requests returns the calls the server has received so far, in order of arrival. A
// call is recorded as it arrives, before the server sends anything: once a client has
// an answer (or a reset), its call is here.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.requests))
	for i, r := range s.requests {
		r.Header = r.Header.Clone()
		r.Behavior.Header = r.Behavior.Header.Clone()
		out[i] = r
	}
	return out
}

// Calls counts the calls received so far that match pattern, an http.ServeMux pattern
// ("GET /todos/{id}"; "/" matches every call), whatever Route they belonged to. An
// invalid pattern counts -1 and fails the test of a Server from NewServer.
func (s *Server) Calls(pattern string) int {
	m, err := newMatcher(pattern)
	if err != nil {
		if s.tb != nil {
			s.tb.Error(err)
		}
		return -1
	}
	s.mu.Lock()
	routes := s.routes[:len(s.routes):len(s.routes)]
	s.mu.Unlock()
	n := 0
	for _, r := range routes {
		if m.matches(r) {
			n++
		}
	}
	return n
}

func (s *Server) connState(_ net.Conn, state http.ConnState) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch state {
	case http.StateNew:
		s.conns++
	case http.StateHijacked, http.StateClosed:
		s.conns--
		s.idle.Broadcast()
	}
}

// scopeOf returns the first Route matching r, or the root scope.
func (s *Server) scopeOf(r *http.Request) *scope {
	for _, rt := range s.cfg.routes {
		if rt.match.matches(r) {
			return rt
		}
	}
	return &s.cfg.root
}

// resetAhead reports whether a later call of any scope is to be reset. s.mu is held.
func (s *Server) resetAhead() bool {
	if s.cfg.root.resetAhead(s.cfg.root.calls) {
		return true
	}
	for _, rt := range s.cfg.routes {
		if rt.resetAhead(rt.calls) {
			return true
		}
	}
	return false
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	sc := s.scopeOf(r)

	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		panic(http.ErrAbortHandler) // the connection ends without an answer
	}
	s.handlers++
	sc.calls++
	call := sc.calls
	b := sc.behavior(call)
	closeConn := s.resetAhead()
	i := len(s.requests)
	s.requests = append(s.requests, Request{
		Seq: i + 1, Route: sc.pattern, Call: call, At: time.Now(),
		Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Header: r.Header.Clone(),
	})
	s.routes = append(s.routes, routeOf(r))
	quit := s.quit
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.handlers--
		s.idle.Broadcast()
		s.mu.Unlock()
	}()

	for _, f := range sc.latencyFuncs {
		if d := f(call); d > 0 {
			b.Latency += d
		}
	}
	s.record(i, func(rec *Request) { rec.Behavior = b })

	var body []byte
	tooLarge := false
	if b.Reset != ResetBeforeRead {
		var err error
		body, err = io.ReadAll(io.LimitReader(r.Body, MaxBodyBytes+1))
		if err != nil {
			panic(http.ErrAbortHandler) // the client went away while sending
		}
		if tooLarge = len(body) > MaxBodyBytes; tooLarge {
			b = Behavior{Status: http.StatusRequestEntityTooLarge, Body: "feigntest: request body over MaxBodyBytes\n"}
		}
		s.record(i, func(rec *Request) {
			rec.BodyRead, rec.BodyLen, rec.BodySHA256 = true, len(body), sha256.Sum256(body)
			rec.Behavior = b
		})
	}

	if b.Latency > 0 {
		t := time.NewTimer(b.Latency)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done(): // the client gave up
			panic(http.ErrAbortHandler)
		case <-quit: // the server is closing
			panic(http.ErrAbortHandler)
		}
	}

	switch {
	case b.Reset != NoReset:
		b.Status, b.Header, b.Body = 0, nil, ""
		s.record(i, func(rec *Request) { rec.Behavior = b })
		reset(w)
	case b.Status != 0:
		if !tooLarge { // the 413 is the server's own, not the sequence's
			b = sc.injected(b)
		}
		s.record(i, func(rec *Request) { rec.Behavior = b })
		for k, v := range b.Header {
			w.Header()[k] = append([]string(nil), v...)
		}
		if closeConn {
			w.Header().Set("Connection", "close")
		}
		w.WriteHeader(b.Status)
		io.WriteString(w, b.Body)
	default:
		if closeConn {
			w.Header().Set("Connection", "close")
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		s.handler.ServeHTTP(w, r)
	}
}

// record updates the record of call i.
func (s *Server) record(i int, f func(*Request)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(&s.requests[i])
}

// injected completes the answer of an injected status with the scope's Retry-After and
// failure body.
func (sc *scope) injected(b Behavior) Behavior {
	h := b.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	if sc.retryAfterSet && h.Get("Retry-After") == "" {
		h.Set("Retry-After", retryAfterValue(sc.retryAfter, sc.retryAfterDate, time.Now()))
	}
	if b.Body == "" && sc.failBody != "" {
		b.Body = sc.failBody
		if sc.failType != "" && h.Get("Content-Type") == "" {
			h.Set("Content-Type", sc.failType)
		}
	}
	if len(h) == 0 {
		h = nil
	}
	b.Header = h
	return b
}

// retryAfterValue is a Retry-After of d from now: whole seconds, rounded up, or the HTTP
// date of the next whole second at or after now+d.
func retryAfterValue(d time.Duration, date bool, now time.Time) string {
	if !date {
		return strconv.FormatInt(int64((d+time.Second-1)/time.Second), 10)
	}
	at := now.Add(d)
	if t := at.Truncate(time.Second); t.Before(at) {
		at = t.Add(time.Second)
	}
	return at.UTC().Format(http.TimeFormat)
}

// reset drops the connection of w without an answer: with an RST over TCP (SO_LINGER
// 0), so that the client sees a reset rather than an orderly close.
func reset(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler) // net/http closes the connection
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		tcp.SetLinger(0)
	}
	conn.Close()
}

// routeOf keeps what a ServeMux routes on: method, host and URL.
func routeOf(r *http.Request) *http.Request {
	u := *r.URL
	return &http.Request{Method: r.Method, Host: r.Host, URL: &u, RequestURI: r.RequestURI,
		Proto: r.Proto, ProtoMajor: r.ProtoMajor, ProtoMinor: r.ProtoMinor, Header: http.Header{}}
}

// logWriter sends net/http's server log (a handler's panic, say) to the test log, until
// the Server closes: a test's log cannot be written after the test.
type logWriter struct{ s *Server }

func (l logWriter) Write(p []byte) (int, error) {
	l.s.mu.Lock()
	defer l.s.mu.Unlock()
	if l.s.tb != nil && !l.s.closed {
		l.s.tb.Logf("feigntest: %s", bytes.TrimRight(p, "\n"))
	}
	return len(p), nil
}
