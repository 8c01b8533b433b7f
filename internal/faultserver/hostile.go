package faultserver

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The hostile faults: a server that holds the client rather than failing it (Hang,
// TrickleHeaders, TrickleBody), and one that sends it elsewhere (RedirectElsewhere,
// RedirectLoop). A client without bounds of its own waits on the first kind forever; on
// the second, it must not take its credentials to another origin, nor retry a loop.

// LoopPath prefixes the paths of a redirect loop: a request for one is answered with a
// 302 to itself, recorded with the Kind RedirectLoop, without drawing a fault from the
// plan. A client that follows redirects until its limit sends that many requests.
const LoopPath = "/.well-known/faultserver-loop"

// redirectStatuses are the statuses a drawn RedirectElsewhere answers with: those that
// turn the request into a GET, and those that keep its method and body.
var redirectStatuses = []int{
	http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
	http.StatusTemporaryRedirect, http.StatusPermanentRedirect,
}

// faultOf returns the fault of request r: RedirectLoop within LoopPath, else the plan's.
func (s *Server) faultOf(r *http.Request) Fault {
	if strings.HasPrefix(r.URL.Path, LoopPath) {
		return Fault{Kind: RedirectLoop}
	}
	return s.plan.Next()
}

// serveHostile answers r, whose body serve has read, with a hostile fault.
func (s *Server) serveHostile(w http.ResponseWriter, r *http.Request, rec *Record, echo []byte) {
	f := rec.Fault
	switch f.Kind {
	case Hang:
		// The request was read and may have been acted on: a server that hangs after
		// doing the work is the worst case for a client deciding whether to retry.
		select {
		case <-r.Context().Done():
		case <-s.quit:
		}
	case TrickleHeaders:
		rec.Status, rec.BodyWritten = s.trickleHeaders(w, r, f.Delay, echo)
	case TrickleBody:
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(echo)))
		rec.Status = http.StatusOK
		w.WriteHeader(http.StatusOK)
		rc := http.NewResponseController(w)
		rc.Flush()
		rec.BodyWritten = s.trickle(r.Context(), w, func() { rc.Flush() }, echo, f.Delay)
	case RedirectElsewhere:
		status := f.Status
		if status == 0 {
			status = http.StatusFound
		}
		rec.Processed = false
		w.Header().Set("Location", f.Location+r.URL.RequestURI())
		rec.Status, rec.BodyWritten = writeJSON(w, status, []byte(`{"moved":"elsewhere"}`), "")
	case RedirectLoop:
		rec.Processed = false
		location := r.URL.RequestURI()
		if !strings.HasPrefix(r.URL.Path, LoopPath) {
			location = LoopPath + location
		}
		w.Header().Set("Location", location)
		rec.Status, rec.BodyWritten = writeJSON(w, http.StatusFound, []byte(`{"moved":"here"}`), "")
	}
}

// trickleHeaders answers 200 with the echo, writing the status line and headers one
// byte per delay, then the body at once. Over HTTP/1.1 it writes the bytes to the
// hijacked connection; HTTP/2 sends a header block in one frame, so there it waits as
// long as the bytes would take, then answers: to the client, the same silence. It
// returns the status and the body bytes written, 0 and 0 if the client left first.
func (s *Server) trickleHeaders(w http.ResponseWriter, r *http.Request, delay time.Duration, echo []byte) (int, int64) {
	head := "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + strconv.Itoa(len(echo)) +
		"\r\nConnection: close\r\nX-Trickle: " + strings.Repeat("t", 64) + "\r\n\r\n"
	if r.ProtoMajor != 1 {
		if !s.stall(r.Context(), time.Duration(len(head))*delay) {
			return 0, 0
		}
		return writeJSON(w, http.StatusOK, echo, "")
	}
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return 0, 0
	}
	defer conn.Close()
	if s.trickle(context.Background(), conn, func() {}, []byte(head), delay) < int64(len(head)) {
		return 0, 0
	}
	n, _ := conn.Write(echo)
	return http.StatusOK, int64(n)
}

// trickle writes b to w one byte per delay, flushing each, until it is written, a write
// fails, ctx is done or the server closes. It returns the bytes written.
func (s *Server) trickle(ctx context.Context, w io.Writer, flush func(), b []byte, delay time.Duration) int64 {
	var written int64
	for i := range b {
		if !s.stall(ctx, delay) {
			break
		}
		if _, err := w.Write(b[i : i+1]); err != nil {
			break
		}
		flush()
		written++
	}
	return written
}

// stall waits d, or until ctx is done or the server closes; it reports whether d
// passed.
func (s *Server) stall(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-s.quit:
		return false
	}
}
