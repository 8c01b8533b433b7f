package faultserver

import (
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"time"
)

// The server-sent event faults: a stream of numbered events whose connections break
// on purpose, so that a client resuming with Last-Event-ID can be shown to deliver
// every event exactly once, in order, across reconnects.

// CutKind is how an SSEServer breaks one connection.
type CutKind uint8

const (
	NoCut      CutKind = iota // the connection delivers the rest of the stream and ends cleanly
	CutMidData                // half of the next event is written, then the body ends: a truncated event
	CutReset                  // half of the next event is written, then the TCP connection is reset
	CutStatus                 // the answer is a 503 with Retry-After: 0, before any event
)

func (k CutKind) String() string {
	switch k {
	case NoCut:
		return "NoCut"
	case CutMidData:
		return "CutMidData"
	case CutReset:
		return "CutReset"
	case CutStatus:
		return "CutStatus"
	}
	return "CutKind(" + strconv.Itoa(int(k)) + ")"
}

// Cut says how one connection of an SSEServer breaks: after After whole events, as
// Kind says.
type Cut struct {
	Kind  CutKind
	After int
}

// SSEPlan gives the Cut of each connection, counted from 1, in the order they come.
type SSEPlan func(conn int) Cut

// NewSSEPlan returns a plan drawn from a generator seeded with seed: each connection
// is cut (mid-event, by a reset, or answered 503) with probability cutPercent/100,
// after 0..maxAfter whole events. The same seed gives the same cuts.
func NewSSEPlan(seed uint64, cutPercent, maxAfter int) SSEPlan {
	var mu sync.Mutex
	rng := rand.New(rand.NewPCG(seed, seed^0x2545f4914f6cdd1d))
	return func(int) Cut {
		mu.Lock()
		defer mu.Unlock()
		if rng.IntN(100) >= cutPercent {
			return Cut{}
		}
		return Cut{Kind: CutKind(1 + rng.IntN(3)), After: rng.IntN(maxAfter + 1)}
	}
}

// SSERecord is one connection of an SSEServer as it served it.
type SSERecord struct {
	Conn        int    // from 1
	LastEventID string // the Last-Event-ID header the request carried
	Cut         Cut
	Sent        []int // the ids of the events written whole
	// Broke says the Cut took effect: the connection was cut, or answered 503, rather
	// than reaching the end of the stream first. NoContent says it was answered 204
	// because the request's Last-Event-ID was the last event.
	Broke, NoContent bool
}

// SSEServer serves GET requests with the events 1..Events of one stream, each with its
// id and the data {"n":id}, resuming after the request's Last-Event-ID, and breaks
// each connection as its plan says. It speaks HTTP/1.1 on loopback.
type SSEServer struct {
	URL    string
	srv    *httptest.Server
	events int
	plan   SSEPlan
	retry  time.Duration

	mu      sync.Mutex
	records []SSERecord
}

// NewSSE starts an SSEServer of events events, breaking connections as plan says; a
// retry above zero is sent as the stream's retry field at the start of every
// connection. Close it when done.
func NewSSE(events int, plan SSEPlan, retry time.Duration) *SSEServer {
	s := &SSEServer{events: events, plan: plan, retry: retry}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	return s
}

// Close closes the server and its connections.
func (s *SSEServer) Close() { s.srv.Close() }

// Records returns the connections served so far, in order.
func (s *SSEServer) Records() []SSERecord {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]SSERecord, len(s.records))
	for i, r := range s.records {
		out[i] = r
		out[i].Sent = append([]int(nil), r.Sent...)
	}
	return out
}

func (s *SSEServer) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	conn := len(s.records) + 1
	rec := SSERecord{Conn: conn, LastEventID: r.Header.Get("Last-Event-ID"), Cut: s.plan(conn)}
	s.records = append(s.records, rec)
	s.mu.Unlock()
	sent := func(id int) {
		s.mu.Lock()
		s.records[conn-1].Sent = append(s.records[conn-1].Sent, id)
		s.mu.Unlock()
	}

	broke := func() {
		s.mu.Lock()
		s.records[conn-1].Broke = true
		s.mu.Unlock()
	}
	if rec.Cut.Kind == CutStatus {
		broke()
		w.Header().Set("Retry-After", "0")
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	from := 1
	if rec.LastEventID != "" {
		n, err := strconv.Atoi(rec.LastEventID)
		if err != nil || n < 0 {
			http.Error(w, "bad Last-Event-ID", http.StatusBadRequest)
			return
		}
		from = n + 1
	}
	if from > s.events {
		s.mu.Lock()
		s.records[conn-1].NoContent = true
		s.mu.Unlock()
		w.WriteHeader(http.StatusNoContent) // nothing left: the standard's way to say stop
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(w)
	if s.retry > 0 {
		fmt.Fprintf(w, "retry: %d\n\n", s.retry.Milliseconds())
	}
	for id, whole := from, 0; id <= s.events; id, whole = id+1, whole+1 {
		if rec.Cut.Kind != NoCut && whole == rec.Cut.After {
			broke()
			fmt.Fprintf(w, "id: %d\ndata: {\"n\":", id) // half an event
			rc.Flush()
			if rec.Cut.Kind == CutReset {
				resetAfterWrite(rc)
			}
			return
		}
		fmt.Fprintf(w, "id: %d\ndata: {\"n\":%d}\n\n", id, id)
		if err := rc.Flush(); err != nil {
			return
		}
		sent(id)
	}
}

// resetAfterWrite resets the TCP connection of a response already under way.
func resetAfterWrite(rc *http.ResponseController) {
	conn, _, err := rc.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		tcp.SetLinger(0)
	}
	conn.Close()
}
