package todo

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
)

// Server is a local to-do API that answers the first request for each to-do with 503
// Service Unavailable and the next with the to-do, except to-do 13, which is always
// unavailable.
type Server struct {
	*httptest.Server

	mu     sync.Mutex
	hits   map[int]int
	traced int // requests that carried a traceparent header
}

// NewServer starts a Server on a loopback port; Close stops it.
func NewServer() *Server {
	s := &Server{hits: map[int]int{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /todos/{id}", s.get)
	s.Server = httptest.NewServer(mux)
	return s
}

// Traced returns how many requests carried a W3C traceparent header.
func (s *Server) Traced() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.traced
}

// Requests returns how many requests the server received in all.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, hits := range s.hits {
		n += hits
	}
	return n
}

func (s *Server) get(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		http.Error(w, "bad id", http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	s.hits[id]++
	if r.Header.Get("Traceparent") != "" {
		s.traced++
	}
	n := s.hits[id]
	s.mu.Unlock()
	if n == 1 || id == 13 {
		http.Error(w, "busy", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(Todo{ID: id, Title: "to-do " + strconv.Itoa(id)})
}
