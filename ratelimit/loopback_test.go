package ratelimit_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/gofeign/feign/ratelimit"
)

// quotaServer accepts quota requests in each second of Unix time and says so GitHub's
// way (X-RateLimit-Reset in seconds since the epoch); a request over the quota gets a
// 429.
type quotaServer struct {
	quota    int
	mu       sync.Mutex
	second   int64
	used     int
	accepted map[int64]int
	refused  map[int64]int
}

func (s *quotaServer) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	now := time.Now().Unix()
	s.mu.Lock()
	if now != s.second {
		s.second, s.used = now, 0
	}
	ok := s.used < s.quota
	if ok {
		s.used++
		s.accepted[now]++
	} else {
		s.refused[now]++
	}
	remaining := s.quota - s.used
	s.mu.Unlock()
	w.Header().Set("X-RateLimit-Limit", strconv.Itoa(s.quota))
	w.Header().Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
	w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(now+1, 10))
	if !ok {
		w.WriteHeader(http.StatusTooManyRequests)
	}
}

// Eight goroutines share one Governor against a real loopback server with a quota of 30
// a second, for three seconds: after the first second no request is refused, and the
// server accepts its whole quota every second.
func TestGoroutinesShareAQuotaOverLoopback(t *testing.T) {
	if testing.Short() {
		t.Skip("runs for 3 s of real time")
	}
	const workers, quota, seconds = 8, 30, 3
	qs := &quotaServer{quota: quota, accepted: map[int64]int{}, refused: map[int64]int{}}
	srv := httptest.NewServer(qs)
	defer srv.Close()
	defer srv.Client().CloseIdleConnections()
	g := ratelimit.New()

	start := time.Now().Add(100 * time.Millisecond).Truncate(time.Second).Add(time.Second)
	time.Sleep(time.Until(start))
	ctx, cancel := context.WithDeadline(context.Background(), start.Add(seconds*time.Second))
	defer cancel()
	var mu sync.Mutex
	ok, late429 := 0, 0
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				if err := g.Wait(ctx, srv.URL); err != nil {
					if !errors.Is(err, ratelimit.ErrRateLimited) && ctx.Err() == nil {
						t.Errorf("Wait: %v", err)
					}
					return
				}
				req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
				if !assert.NoError(t, err) {
					return
				}
				resp, err := srv.Client().Do(req)
				if err != nil {
					return // the end of the run
				}
				resp.Body.Close()
				assert.NoError(t, g.Observe(ctx, srv.URL, resp.StatusCode, resp.Header))
				mu.Lock()
				switch {
				case resp.StatusCode == http.StatusOK:
					ok++
				case !time.Now().Before(start.Add(time.Second)):
					late429++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	first := start.Unix()
	accepted := 0
	for sec := first; sec < first+seconds; sec++ {
		accepted += qs.accepted[sec]
		if sec > first {
			assert.Zero(t, qs.refused[sec], "second %d", sec-first)
			assert.Equal(t, quota, qs.accepted[sec], "second %d: the whole quota is used", sec-first)
		}
	}
	assert.Zero(t, late429)
	assert.Equal(t, accepted, ok, "the client saw what the server accepted")
	assert.InEpsilon(t, quota, float64(ok)/seconds, 0.05)
	t.Logf("accepted %v, refused %v", qs.accepted, qs.refused)
}
