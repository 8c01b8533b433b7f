package feigntest_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/feigntest"
	"github.com/gofeign/feign/feigntest/internal/petstore"
	"github.com/gofeign/feign/runtime"
)

// petHandler is a hand-written fake of the pet store: what a test of code that uses a
// petstore.Store serves.
func petHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /pets/{id}", func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.Atoi(r.PathValue("id"))
		if err != nil {
			http.Error(w, "bad id", http.StatusBadRequest)
			return
		}
		writeJSON(w, http.StatusOK, petstore.Pet{ID: id, Name: "Rex"})
	})
	mux.HandleFunc("POST /pets", func(w http.ResponseWriter, r *http.Request) {
		var p petstore.Pet
		if err := json.NewDecoder(r.Body).Decode(&p); err != nil {
			http.Error(w, "bad pet", http.StatusBadRequest)
			return
		}
		p.ID = 7
		writeJSON(w, http.StatusCreated, p)
	})
	return mux
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// storeClient returns a generated Store client that sends through the Server's Client,
// and a count of the attempts it sent (the interceptor runs on every attempt).
func storeClient(t *testing.T, s *feigntest.Server, opts ...runtime.Option) (petstore.Store, *atomic.Int32) {
	t.Helper()
	attempts := new(atomic.Int32)
	store, err := petstore.NewStore(s.URL(), append([]runtime.Option{
		runtime.WithHTTPClient(s.Client()),
		runtime.WithRequestInterceptor(func(*http.Request) error { attempts.Add(1); return nil }),
	}, opts...)...)
	require.NoError(t, err)
	return store, attempts
}
