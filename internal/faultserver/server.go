package faultserver

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"encoding/json"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Protocol is what a Server speaks.
type Protocol uint8

const (
	HTTP1 Protocol = iota // HTTP/1.1 without TLS
	H2C                   // HTTP/2 without TLS, prior knowledge (http.Protocols)
	H2TLS                 // HTTP/2 over TLS (ALPN), HTTP/1.1 for clients that ask
)

func (p Protocol) String() string {
	switch p {
	case HTTP1:
		return "HTTP/1.1"
	case H2C:
		return "h2c"
	case H2TLS:
		return "h2"
	}
	return "Protocol(" + strconv.Itoa(int(p)) + ")"
}

// DefaultCallIDHeader is the request header a Server reads a call's id from unless
// Options say otherwise.
const DefaultCallIDHeader = "X-Call-Id"

// WarmPath is a path the server answers 204 without drawing a fault or recording the
// request, so that a client can open a connection (and, over TLS, get a session ticket)
// before a run: the handshakes of many clients at once would otherwise delay a run's
// first calls by the time a small machine takes to sign them.
const WarmPath = "/.well-known/faultserver-warm"

// maxRequestBody bounds how much of a request body the server reads.
const maxRequestBody = 1 << 20

// Options configure a Server; the zero value is HTTP/1.1 reading X-Call-Id.
type Options struct {
	Protocol     Protocol
	CallIDHeader string // the header naming the call a request belongs to; default X-Call-Id
}

// Record is one request as the Server received and answered it.
type Record struct {
	Seq         int    // order of arrival, from 0
	Proto       string // "HTTP/1.1", "HTTP/2.0"
	Method      string
	Path        string // the escaped path, as sent
	RawQuery    string
	Header      http.Header
	CallID      string   // the call id header, "" without one
	BodyRead    bool     // the whole body was read (false for ResetBeforeResponse)
	BodyLen     int      // bytes of body read
	BodySHA256  [32]byte // of the body read; of nothing when BodyRead is false
	Processed   bool     // the server acted on the request (see the package doc)
	Fault       Fault
	Status      int       // the status sent, 0 when the connection was reset first
	RetryAfter  string    // the Retry-After value sent, "" for none
	NotBefore   time.Time // the earliest instant the Retry-After allows the next attempt; zero for none
	Arrived     time.Time // when the handler started
	Done        time.Time // when the handler returned
	BodyWritten int64     // response body bytes written before the end or an error
}

// ConnCounts counts the state changes of a Server's connections.
type ConnCounts struct {
	New, Active, Idle, Hijacked, Closed int
}

// Open is the number of connections not yet closed (a hijacked connection is the
// handler's, which closes it at once).
func (c ConnCounts) Open() int { return c.New - c.Closed - c.Hijacked }

// Server is a fault-injecting loopback server. Its methods are safe for concurrent use.
type Server struct {
	URL  string           // base URL of the server, "http://127.0.0.1:port" or https
	HTTP *httptest.Server // the underlying server
	plan Plan
	opts Options
	seq  atomic.Int64

	// handlers counts running handlers: closing an HTTP/2 connection does not wait
	// for the handlers of its streams, and Close must.
	handlers sync.WaitGroup

	mu      sync.Mutex
	records []Record
	conns   ConnCounts
	changed chan struct{} // closed and replaced whenever conns changes

	quit     chan struct{} // closed by Close: hostile handlers stop
	quitOnce sync.Once
}

// New starts a Server answering with plan (nil: no faults at all).
func New(plan Plan, opts Options) *Server {
	if plan == nil {
		plan = Always(Fault{})
	}
	if opts.CallIDHeader == "" {
		opts.CallIDHeader = DefaultCallIDHeader
	}
	s := &Server{plan: plan, opts: opts, changed: make(chan struct{}), quit: make(chan struct{})}
	s.HTTP = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	s.HTTP.Config.ConnState = s.connState
	// The faults make net/http log broken connections and handshakes: expected here.
	s.HTTP.Config.ErrorLog = log.New(io.Discard, "", 0)
	switch opts.Protocol {
	case H2C:
		s.HTTP.Config.Protocols = new(http.Protocols)
		s.HTTP.Config.Protocols.SetHTTP1(true)
		s.HTTP.Config.Protocols.SetUnencryptedHTTP2(true)
		s.HTTP.Start()
	case H2TLS:
		s.HTTP.EnableHTTP2 = true
		s.HTTP.StartTLS()
	default:
		s.HTTP.Start()
	}
	s.URL = s.HTTP.URL
	return s
}

// Transport returns a new *http.Transport that speaks the Server's protocol. The
// caller calls its CloseIdleConnections when done.
func (s *Server) Transport() *http.Transport {
	switch s.opts.Protocol {
	case H2C:
		t := &http.Transport{Protocols: new(http.Protocols)}
		t.Protocols.SetUnencryptedHTTP2(true)
		return t
	case H2TLS:
		t := s.HTTP.Client().Transport.(*http.Transport).Clone()
		// Resumed sessions skip the certificate's signature: the faults make clients
		// reconnect often, and full handshakes would eat a small machine's CPU.
		t.TLSClientConfig.ClientSessionCache = tls.NewLRUClientSessionCache(64)
		return t
	}
	return &http.Transport{MaxIdleConnsPerHost: 100}
}

// Warm sends a request to WarmPath through t, so that t holds an open connection to
// the server and, over TLS, a session to resume.
func (s *Server) Warm(t http.RoundTripper) error {
	resp, err := (&http.Client{Transport: t}).Get(s.URL + WarmPath)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, resp.Body)
	return resp.Body.Close()
}

// Close shuts the server down, closing any connection left open, and returns once
// every handler has returned.
func (s *Server) Close() {
	s.quitOnce.Do(func() { close(s.quit) })
	s.HTTP.Close()
	s.handlers.Wait()
}

// Records returns a copy of what the server received so far, in order of completion.
func (s *Server) Records() []Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Record(nil), s.records...)
}

// SettledRecords waits until every handler that has started has returned, then returns
// Records: a test that just cancelled an attempt (a hedge's loser) sees its record too.
func (s *Server) SettledRecords() []Record {
	s.handlers.Wait()
	return s.Records()
}

// Conns returns the connection state counts so far.
func (s *Server) Conns() ConnCounts {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns
}

// WaitConnsClosed waits until every connection the server accepted is closed, or ctx
// is done; then it returns ctx's error with the counts.
func (s *Server) WaitConnsClosed(ctx context.Context) (ConnCounts, error) {
	for {
		s.mu.Lock()
		counts, changed := s.conns, s.changed
		s.mu.Unlock()
		if counts.Open() == 0 {
			return counts, nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return counts, ctx.Err()
		}
	}
}

func (s *Server) connState(_ net.Conn, state http.ConnState) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch state {
	case http.StateNew:
		s.conns.New++
	case http.StateActive:
		s.conns.Active++
	case http.StateIdle:
		s.conns.Idle++
	case http.StateHijacked:
		s.conns.Hijacked++
	case http.StateClosed:
		s.conns.Closed++
	}
	close(s.changed)
	s.changed = make(chan struct{})
}

// RefusedURL returns an http URL of a loopback port where nothing listens: a port the
// system just gave out and that was closed again, so connecting to it is refused (unless
// another process took the port since, which a test can only make unlikely).
func RefusedURL() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		return "", err
	}
	return "http://" + addr, nil
}

// Echo is the body of a 200 answer: what the server received.
type Echo struct {
	CallID string `json:"call"`
	Method string `json:"method"`
	Path   string `json:"path"`
	Query  string `json:"query,omitempty"`
	SHA256 string `json:"sha256"` // hex, of the request body
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.handlers.Add(1)
	defer s.handlers.Done()
	if r.URL.Path == WarmPath {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	rec := Record{
		Seq:      int(s.seq.Add(1) - 1),
		Proto:    r.Proto,
		Method:   r.Method,
		Path:     r.URL.EscapedPath(),
		RawQuery: r.URL.RawQuery,
		Header:   r.Header.Clone(),
		CallID:   r.Header.Get(s.opts.CallIDHeader),
		Fault:    s.faultOf(r),
		Arrived:  time.Now(),
	}
	// Recorded however the handler ends, an abort's panic included; before a reset,
	// so that the record exists by the time the client sees the reset.
	recorded := false
	finish := func() {
		if recorded {
			return
		}
		recorded = true
		rec.Done = time.Now()
		s.mu.Lock()
		s.records = append(s.records, rec)
		s.mu.Unlock()
	}
	defer finish()

	f := rec.Fault
	if f.Kind == ResetBeforeResponse {
		finish()
		reset(w, r)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBody))
	rec.BodyLen, rec.BodySHA256 = len(body), sha256.Sum256(body)
	if err != nil {
		return // the client went away mid-body: nothing to act on or answer
	}
	rec.BodyRead = true
	rec.Processed = true // the work is done here; the statuses below may take it back
	echo, _ := json.Marshal(Echo{
		CallID: rec.CallID, Method: r.Method, Path: rec.Path, Query: rec.RawQuery,
		SHA256: hex.EncodeToString(rec.BodySHA256[:]),
	})

	switch f.Kind {
	case ResetAfterRead:
		finish()
		reset(w, r)
	case TruncatedBody:
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(echo)))
		rec.Status = http.StatusOK
		w.WriteHeader(http.StatusOK)
		n, _ := w.Write(echo[:len(echo)/2])
		rec.BodyWritten = int64(n)
		http.NewResponseController(w).Flush()
		finish()
		reset(w, r)
	case SlowHeaders:
		if !stall(r.Context(), f.Delay) {
			return
		}
		rec.Status, rec.BodyWritten = writeJSON(w, http.StatusOK, echo, "")
	case SlowBody:
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(echo)))
		rec.Status = http.StatusOK
		w.WriteHeader(http.StatusOK)
		n, _ := w.Write(echo[:len(echo)/2])
		http.NewResponseController(w).Flush()
		rec.BodyWritten = int64(n)
		if !stall(r.Context(), f.Delay) {
			return
		}
		n, _ = w.Write(echo[len(echo)/2:])
		rec.BodyWritten += int64(n)
	case TooManyRequests:
		rec.Processed = false
		rec.RetryAfter, rec.NotBefore = retryAfter(f, time.Now())
		w.Header().Set("Retry-After", rec.RetryAfter)
		rec.Status, rec.BodyWritten = writeJSON(w, http.StatusTooManyRequests, []byte(`{"error":"slow down"}`), "")
	case ServerError:
		rec.Processed = f.Status != http.StatusServiceUnavailable
		rec.Status, rec.BodyWritten = writeJSON(w, f.Status, []byte(`{"error":"boom"}`), "")
	case GoAway:
		rec.Status, rec.BodyWritten = writeJSON(w, http.StatusOK, echo, "close")
	case HugeErrorBody:
		rec.Status = http.StatusInternalServerError
		rec.BodyWritten = writeHuge(w, f.BodyBytes)
	case Hang, TrickleHeaders, TrickleBody, RedirectElsewhere, RedirectLoop:
		s.serveHostile(w, r, &rec, echo)
	case HugeBody, HugeStream, GzipBomb:
		rec.Status, rec.BodyWritten = writeHuge2xx(w, f)
	case AbsurdRetryAfter:
		rec.Processed = false
		rec.RetryAfter = f.RawRetryAfter
		w.Header().Set("Retry-After", f.RawRetryAfter)
		rec.Status, rec.BodyWritten = writeJSON(w, http.StatusServiceUnavailable, []byte(`{"error":"later"}`), "")
	default:
		rec.Status, rec.BodyWritten = writeJSON(w, http.StatusOK, echo, "")
	}
}

func writeJSON(w http.ResponseWriter, status int, body []byte, connection string) (int, int64) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	if connection != "" {
		w.Header().Set("Connection", connection)
	}
	w.WriteHeader(status)
	n, _ := w.Write(body)
	return status, int64(n)
}

// hugeChunk is what writeHuge repeats: one shared buffer, so a huge body costs the
// server no memory.
var hugeChunk = func() []byte {
	b := make([]byte, 32<<10)
	for i := range b {
		b[i] = 'x'
	}
	return b
}()

// writeHuge answers 500 with a body of size bytes, stopping at the first write error
// (the client closed the body). It returns the bytes written.
func writeHuge(w http.ResponseWriter, size int) int64 {
	w.Header().Set("Content-Type", "text/plain")
	w.Header().Set("Content-Length", strconv.Itoa(size))
	w.WriteHeader(http.StatusInternalServerError)
	var written int64
	for written < int64(size) {
		n, err := w.Write(hugeChunk[:min(int64(len(hugeChunk)), int64(size)-written)])
		written += int64(n)
		if err != nil {
			break
		}
	}
	return written
}

// retryAfter returns the Retry-After value of a TooManyRequests fault written at now,
// and the earliest instant it lets the client come back.
func retryAfter(f Fault, now time.Time) (string, time.Time) {
	at := now.Add(time.Duration(f.Seconds) * time.Second).UTC()
	switch f.RetryAfter {
	case IMFFixdate:
		return at.Format(imfLayout), at.Truncate(time.Second)
	case RFC850:
		return at.Format(rfc850Layout), at.Truncate(time.Second)
	case Asctime:
		return at.Format(asctimeLayout), at.Truncate(time.Second)
	case PastDate:
		past := now.Add(-time.Hour).UTC()
		return past.Format(imfLayout), past.Truncate(time.Second)
	}
	// The client reads the header after now, so now+seconds is the earliest instant
	// it may compute.
	return strconv.Itoa(f.Seconds), at
}

// stall waits d, or until the client goes away; it reports whether d passed.
func stall(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// reset ends the request without a (complete) answer: HTTP/1.1 resets the TCP
// connection (RST, linger 0), HTTP/2 resets the stream.
func reset(w http.ResponseWriter, r *http.Request) {
	if r.ProtoMajor == 1 {
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			if tcp, ok := conn.(*net.TCPConn); ok {
				tcp.SetLinger(0)
			}
			conn.Close()
			return
		}
	}
	// HTTP/2 connections cannot be hijacked: this panic makes net/http reset the stream
	// (RST_STREAM), and log nothing.
	panic(http.ErrAbortHandler)
}
