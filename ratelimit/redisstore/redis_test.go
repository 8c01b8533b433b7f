package redisstore_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/gofeign/feign/ratelimit"
	"github.com/gofeign/feign/ratelimit/redisstore"
	"github.com/gofeign/feign/ratelimit/storetest"
)

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		os.Exit(child())
	}
	goleak.VerifyTestMain(m)
}

// startRedis starts a redis-server of the test's own on a free loopback port, without
// persistence, and returns its address. It skips the test when redis-server is not
// installed, unless CI is true: CI installs it, so there its absence is a failure.
func startRedis(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("redis-server is not installed, and CI=true: .ci/run installs it")
		}
		t.Skip("redis-server is not installed (apt-get install redis-server); skipping the Redis tests")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	require.NoError(t, l.Close())

	var out bytes.Buffer
	cmd := exec.Command(bin, "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
	cmd.Stdout, cmd.Stderr = &out, &out
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	addr := net.JoinHostPort("127.0.0.1", port)
	client := redis.NewClient(&redis.Options{Addr: addr})
	defer client.Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if err := client.Ping(context.Background()).Err(); err == nil {
			return addr
		} else if time.Now().After(deadline) {
			t.Fatalf("redis-server on %s did not answer: %v\n%s", addr, err, out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func newClient(t *testing.T, addr string) *redis.Client {
	c := redis.NewClient(&redis.Options{Addr: addr})
	t.Cleanup(func() { c.Close() })
	return c
}

func TestConformance(t *testing.T) {
	addr := startRedis(t)
	client := newClient(t, addr)
	n := 0
	storetest.Run(t, func(*testing.T) ratelimit.Store {
		n++
		return redisstore.New(client, redisstore.WithPrefix(fmt.Sprintf("test%d:", n)))
	})
}

func TestKeysAreWrittenUnderThePrefixAndExpire(t *testing.T) {
	addr := startRedis(t)
	client := newClient(t, addr)
	s := redisstore.New(client)
	ctx := context.Background()
	require.NoError(t, s.Observe(ctx, "https://api.example.com", ratelimit.Limits{
		Quota: 10, Remaining: 0, Reset: storetest.T0.Add(1500 * time.Millisecond), RetryAfter: storetest.T0.Add(time.Second),
	}, storetest.T0))
	got, err := client.HGetAll(ctx, "feign:ratelimit:https://api.example.com").Result()
	require.NoError(t, err)
	t0 := storetest.T0.UnixMilli()
	assert.Equal(t, map[string]string{
		"b": strconv.FormatInt(t0+1000, 10), "r": "0", "s": strconv.FormatInt(t0+1500, 10), "q": "10",
	}, got)
	ttl, err := client.PTTL(ctx, "feign:ratelimit:https://api.example.com").Result()
	require.NoError(t, err)
	assert.InDelta(t, float64(25*time.Hour), float64(ttl), float64(time.Minute))
}

// A reset between two milliseconds is rounded up: a wait is never shorter than asked.
func TestInstantsAreRoundedUp(t *testing.T) {
	addr := startRedis(t)
	s := redisstore.New(newClient(t, addr))
	ctx := context.Background()
	require.NoError(t, s.Observe(ctx, "k", ratelimit.Limits{Remaining: ratelimit.Unknown,
		RetryAfter: storetest.T0.Add(time.Second + time.Microsecond)}, storetest.T0))
	wait, err := s.Reserve(ctx, "k", storetest.T0.Add(time.Second+time.Microsecond/2))
	require.NoError(t, err)
	assert.Equal(t, time.Millisecond, wait)
}

func TestRedisDownIsAnError(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close()) // nothing listens there now
	client := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1})
	defer client.Close()
	g := ratelimit.New(ratelimit.WithStore(redisstore.New(client)))
	err = g.Wait(context.Background(), "k")
	var opErr *net.OpError
	assert.True(t, errors.As(err, &opErr), "the Store's error is wrapped: %v", err)
}

// The multi-process test: processes re-exec this test binary with these variables.
const (
	childEnv   = "REDISSTORE_TEST_CHILD" // the store: "redis" or "memory"
	redisEnv   = "REDISSTORE_TEST_REDIS"
	serverEnv  = "REDISSTORE_TEST_SERVER"
	startEnv   = "REDISSTORE_TEST_START" // ms since the epoch
	endEnv     = "REDISSTORE_TEST_END"
	workersEnv = "REDISSTORE_TEST_WORKERS"
)

// report is what a child process prints.
type report struct {
	OK, TooMany, LateTooMany, Limited int
	Errors                            []string
}

// child runs the workers of one process: each waits on the Governor, sends a request,
// and records what the response said, until the end; it prints a report.
func child() int {
	ms := func(name string) time.Time {
		n, _ := strconv.ParseInt(os.Getenv(name), 10, 64)
		return time.UnixMilli(n)
	}
	start, end := ms(startEnv), ms(endEnv)
	workers, _ := strconv.Atoi(os.Getenv(workersEnv))
	url := os.Getenv(serverEnv)
	store := ratelimit.Store(&ratelimit.MemoryStore{})
	if os.Getenv(childEnv) == "redis" {
		client := redis.NewClient(&redis.Options{Addr: os.Getenv(redisEnv)})
		defer client.Close()
		store = redisstore.New(client)
	}
	g := ratelimit.New(ratelimit.WithStore(store))
	httpClient := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: workers}}
	defer httpClient.CloseIdleConnections()

	time.Sleep(time.Until(start))
	ctx, cancel := context.WithDeadline(context.Background(), end)
	defer cancel()
	var mu sync.Mutex
	var r report
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for ctx.Err() == nil {
				err := g.Wait(ctx, url)
				if errors.Is(err, ratelimit.ErrRateLimited) || ctx.Err() != nil {
					mu.Lock()
					r.Limited++
					mu.Unlock()
					return // the next request could not be sent before the end
				}
				status, h, err := get(ctx, httpClient, url)
				if err == nil {
					err = g.Observe(ctx, url, status, h)
				}
				mu.Lock()
				switch {
				case err != nil && ctx.Err() == nil:
					r.Errors = append(r.Errors, err.Error())
				case status == http.StatusOK:
					r.OK++
				case status == http.StatusTooManyRequests:
					r.TooMany++
					if !time.Now().Before(start.Add(time.Second)) {
						r.LateTooMany++
					}
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if err := json.NewEncoder(os.Stdout).Encode(r); err != nil {
		return 1
	}
	return 0
}

func get(ctx context.Context, c *http.Client, url string) (int, http.Header, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, nil, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, resp.Header, nil
}

// quotaServer accepts quota requests in each second of Unix time, GitHub's way: every
// response says how many remain and when the second ends (X-RateLimit-Reset, in
// seconds since the epoch), and a request over the quota gets a 429.
type quotaServer struct {
	quota    int
	mu       sync.Mutex
	second   int64
	used     int
	accepted map[int64]int // per second
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

// runProcesses runs n child processes of workers each, sharing store ("redis" or
// "memory"), against a server of the given quota a second, for seconds whole seconds;
// it returns the server and the children's reports.
func runProcesses(t *testing.T, store, redisAddr string, n, workers, quota, seconds int) (*quotaServer, []report, int64) {
	t.Helper()
	qs := &quotaServer{quota: quota, accepted: map[int64]int{}, refused: map[int64]int{}}
	srv := httptest.NewServer(qs)
	defer srv.Close()
	// Start on a whole second, far enough ahead for every process to be running.
	start := time.Now().Add(3 * time.Second).Truncate(time.Second)
	end := start.Add(time.Duration(seconds) * time.Second)
	outs := make([]bytes.Buffer, n)
	cmds := make([]*exec.Cmd, n)
	for i := range cmds {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(),
			childEnv+"="+store, redisEnv+"="+redisAddr, serverEnv+"="+srv.URL,
			startEnv+"="+strconv.FormatInt(start.UnixMilli(), 10), endEnv+"="+strconv.FormatInt(end.UnixMilli(), 10),
			workersEnv+"="+strconv.Itoa(workers))
		cmd.Stdout, cmd.Stderr = &outs[i], &outs[i]
		require.NoError(t, cmd.Start())
		cmds[i] = cmd
	}
	reports := make([]report, n)
	for i, cmd := range cmds {
		require.NoError(t, cmd.Wait(), "process %d: %s", i, outs[i].String())
		require.NoError(t, json.Unmarshal(outs[i].Bytes(), &reports[i]), "process %d: %s", i, outs[i].String())
	}
	srv.CloseClientConnections()
	return qs, reports, start.Unix()
}

// Four processes share one server's quota through Redis: after the first second, none
// of them ever sees a 429, and together they use the whole quota.
func TestFourProcessesShareAQuota(t *testing.T) {
	const processes, workers, quota, seconds = 4, 4, 40, 4
	addr := startRedis(t)
	qs, reports, first := runProcesses(t, "redis", addr, processes, workers, quota, seconds)

	total, tooMany := 0, 0
	for i, r := range reports {
		assert.Empty(t, r.Errors, "process %d", i)
		assert.Zero(t, r.LateTooMany, "process %d saw a 429 after the first second", i)
		assert.Positive(t, r.OK, "process %d made calls", i)
		total += r.OK
		tooMany += r.TooMany
	}
	serverTotal := 0
	for sec := first; sec < first+seconds; sec++ {
		serverTotal += qs.accepted[sec]
		if sec > first {
			assert.Zero(t, qs.refused[sec], "the server refused requests in second %d", sec-first)
		}
	}
	t.Logf("accepted per second: %v, refused: %v; processes: %+v", qs.accepted, qs.refused, reports)
	assert.Equal(t, serverTotal, total, "what the server accepted in the run is what the processes got")
	rate := float64(total) / seconds
	assert.InEpsilon(t, quota, rate, 0.05, "the accepted rate is the quota, within 5%%")
}

// The same with a store per process: each counts only its own requests, and the
// processes get 429s every second. This is what the shared store prevents.
func TestFourProcessesWithoutASharedStoreSee429s(t *testing.T) {
	const processes, workers, quota, seconds = 4, 4, 40, 2
	qs, reports, first := runProcesses(t, "memory", "", processes, workers, quota, seconds)
	late := 0
	for _, r := range reports {
		late += r.LateTooMany
	}
	assert.Positive(t, late, "429s after the first second")
	assert.Positive(t, qs.refused[first+1])
}
