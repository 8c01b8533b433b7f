package main

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// server is the local to-do API the example calls. It misbehaves on purpose, in the
// ways real servers do, so the client has something to handle: it is briefly
// unavailable, it rate-limits, it fails a write with a 502, and it stalls on a read.
type server struct {
	URL   string
	srv   *http.Server
	ln    net.Listener
	mu    sync.Mutex
	calls map[string]int // requests seen per "METHOD path", to script the misbehaviour
	seen  []string       // request URIs as received, to show what reached the server
}

// startServer listens on a free loopback port and serves until Close.
func startServer() (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &server{URL: "http://" + ln.Addr().String(), ln: ln, calls: map[string]int{}}
	s.srv = &http.Server{Handler: http.HandlerFunc(s.serve)}
	go s.srv.Serve(ln)
	return s, nil
}

// Close stops the server and waits for its connections to end.
func (s *server) Close() error { return s.srv.Close() }

func (s *server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	key := r.Method + " " + r.URL.Path
	s.calls[key]++
	n := s.calls[key]
	s.seen = append(s.seen, r.RequestURI)
	s.mu.Unlock()

	w.Header().Set("Content-Type", "application/json")
	switch {
	case key == "GET /todos/1" && n == 1:
		w.WriteHeader(http.StatusServiceUnavailable) // a blip: the next attempt works
	case key == "GET /todos/1":
		writeJSON(w, http.StatusOK, Todo{ID: 1, Title: "Write the spec", Done: true})
	case key == "GET /todos/2" && n == 1:
		// A straggler: no answer until the client gives up on this request.
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	case key == "GET /todos/2":
		writeJSON(w, http.StatusOK, Todo{ID: 2, Title: "Ship it"})
	case key == "GET /todos":
		todos := []Todo{{ID: 1, Title: "Write the spec", Done: true}, {ID: 2, Title: "Ship it"}}
		if done := r.URL.Query().Get("done"); done != "" {
			todos = filter(todos, done == "true")
		}
		writeJSON(w, http.StatusOK, todos)
	case key == "POST /todos" && n == 1:
		w.Header().Set("Retry-After", "1") // too many requests: come back in a second
		w.WriteHeader(http.StatusTooManyRequests)
	case key == "POST /todos" && n == 2:
		var todo Todo
		json.Unmarshal(body, &todo)
		todo.ID = 3
		writeJSON(w, http.StatusCreated, todo)
	case key == "POST /todos":
		// A gateway error after the request went through: the write may have happened,
		// so a POST must not be sent again.
		w.WriteHeader(http.StatusBadGateway)
		io.WriteString(w, `{"error":"upstream timed out"}`)
	case strings.HasPrefix(key, "DELETE /todos/"):
		w.WriteHeader(http.StatusNotFound)
	case strings.HasPrefix(r.URL.Path, "/search/"):
		writeJSON(w, http.StatusOK, []Todo{})
	default:
		w.WriteHeader(http.StatusNotFound)
	}
}

// lastRequestURI returns the request URI the server received last.
func (s *server) lastRequestURI() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.seen) == 0 {
		return ""
	}
	return s.seen[len(s.seen)-1]
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func filter(todos []Todo, done bool) []Todo {
	var out []Todo
	for _, t := range todos {
		if t.Done == done {
			out = append(out, t)
		}
	}
	return out
}
