// Command ratelimits sends the calls of 40 concurrent callers through rate limiters
// that servers commonly run, and counts the 429s each client meets after the first
// window, when what the server said of its quota is known: feign with
// runtime.WithRateLimits (goal: none), feign without it, go-retryablehttp and resty
// v2, each configured with 5 attempts and their own handling of Retry-After.
//
//	go run ./cmd/ratelimits [-callers 40] [-calls 5] [-servers express,nginx]
//
// The limiters are real ones, run on a loopback port for the run:
//
//   - Express with express-rate-limit (testdata/server.js): a fixed window of LIMIT
//     requests per WINDOW_MS, announced in the RateLimit and RateLimit-Policy fields of
//     draft-ietf-httpapi-ratelimit-headers-08 (standardHeaders: 'draft-8'), with a
//     Retry-After on its 429s. It needs node and the npm packages express and
//     express-rate-limit under -node-prefix (default $FEIGN_NODE_PREFIX), as
//     `npm install --prefix DIR express express-rate-limit` puts them.
//   - Debian's nginx with limit_req (a leaky bucket of -rate requests a second with a
//     burst as large) and limit_req_status 429, answering its 429s with Retry-After: 1
//     as its documentation's error_page recipe does. nginx announces no quota, so a
//     governor can only honour that Retry-After; the row "feign + x/time/rate" adds
//     the client's own ceiling at the server's rate, in a request interceptor.
//
// Every client counts what it sent and got on a RoundTripper of its own: requests,
// 429s, and 429s received after the first window (1 s) of the run.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	restyv2 "github.com/go-resty/resty/v2"
	"github.com/hashicorp/go-retryablehttp"
	"golang.org/x/time/rate"

	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

// config is the workload and the servers' limits.
type config struct {
	callers, calls int
	window         time.Duration // express-rate-limit's windowMs
	limit          int           // its limit per window; nginx's rate per second and burst
	nodePrefix     string
}

func main() {
	var cfg config
	flag.IntVar(&cfg.callers, "callers", 40, "concurrent callers")
	flag.IntVar(&cfg.calls, "calls", 5, "calls per caller")
	flag.DurationVar(&cfg.window, "window", time.Second, "express-rate-limit's window")
	flag.IntVar(&cfg.limit, "limit", 40, "requests per window (express) and per second with as large a burst (nginx)")
	flag.StringVar(&cfg.nodePrefix, "node-prefix", os.Getenv("FEIGN_NODE_PREFIX"), "npm prefix holding express and express-rate-limit")
	servers := flag.String("servers", "express,nginx", "the limiters to run")
	flag.Parse()
	fmt.Printf("%d callers x %d calls, 5 attempts each; a quota of %d per %v\n", cfg.callers, cfg.calls, cfg.limit, cfg.window)
	fmt.Printf("%-8s %-22s %8s %8s %9s %6s %15s %8s\n", "server", "client", "ok", "failed", "requests", "429s", "429s after 1st", "seconds")
	for _, name := range strings.Split(*servers, ",") {
		rows, err := runServer(name, cfg)
		if err != nil {
			fmt.Fprintln(os.Stderr, "ratelimits:", err)
			os.Exit(1)
		}
		for _, r := range rows {
			fmt.Printf("%-8s %-22s %8d %8d %9d %6d %15d %8.1f\n", name, r.client, r.ok, r.failed, r.requests, r.limited, r.limitedLater, r.elapsed.Seconds())
		}
	}
}

// row is what one client met against one server.
type row struct {
	client                          string
	ok, failed                      int64
	requests, limited, limitedLater int64
	elapsed                         time.Duration
}

// runServer runs every client against a fresh server of the named kind, so each
// starts with a full quota.
func runServer(name string, cfg config) ([]row, error) {
	var rows []row
	for _, c := range contenders(name, cfg) {
		srv, err := start(name, cfg)
		if err != nil {
			return nil, err
		}
		r := run(srv.url, c, cfg)
		if err := srv.stop(); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		rows = append(rows, r)
	}
	return rows, nil
}

func start(name string, cfg config) (*server, error) {
	switch name {
	case "express":
		return startExpress(cfg)
	case "nginx":
		return startNginx(cfg)
	}
	return nil, fmt.Errorf("unknown server %q (express, nginx)", name)
}

// contender builds a client: call makes one call, retries included.
type contender struct {
	name string
	new  func(baseURL string, rt http.RoundTripper) (call func(context.Context) error)
}

func contenders(server string, cfg config) []contender {
	cs := []contender{
		{"feign WithRateLimits", func(u string, rt http.RoundTripper) func(context.Context) error {
			return feignCall(u, rt, runtime.WithRateLimits())
		}},
		{"feign", func(u string, rt http.RoundTripper) func(context.Context) error { return feignCall(u, rt) }},
		{"go-retryablehttp", retryableCall},
		{"resty v2", restyCall},
	}
	if server == "nginx" {
		cs = append(cs, contender{"feign + x/time/rate", func(u string, rt http.RoundTripper) func(context.Context) error {
			limiter := rate.NewLimiter(rate.Limit(cfg.limit), cfg.limit)
			return feignCall(u, rt, runtime.WithRateLimits(), runtime.WithRequestInterceptor(func(r *http.Request) error {
				return limiter.Wait(r.Context())
			}))
		}})
	}
	return cs
}

var item = &runtime.Endpoint{MethodKey: "Items#Get", Method: http.MethodGet}

func feignCall(baseURL string, rt http.RoundTripper, opts ...runtime.Option) func(context.Context) error {
	client, err := runtime.New(baseURL, append([]runtime.Option{
		runtime.WithHTTPClient(&http.Client{Transport: rt}),
		runtime.WithRetryer(retryer.New(100*time.Millisecond, 2*time.Second, 5)),
	}, opts...)...)
	if err != nil {
		panic(err) // the options above are valid
	}
	return func(ctx context.Context) error {
		call := client.NewCall(ctx, item)
		call.Path("/item")
		return call.Do()
	}
}

func retryableCall(baseURL string, rt http.RoundTripper) func(context.Context) error {
	c := retryablehttp.NewClient()
	c.HTTPClient = &http.Client{Transport: rt}
	c.Logger = nil
	c.RetryMax = 4
	c.RetryWaitMin, c.RetryWaitMax = 100*time.Millisecond, 2*time.Second
	return func(ctx context.Context) error {
		req, err := retryablehttp.NewRequestWithContext(ctx, http.MethodGet, baseURL+"/item", nil)
		if err != nil {
			return err
		}
		resp, err := c.Do(req)
		if err != nil {
			return err
		}
		return consume(resp)
	}
}

func restyCall(baseURL string, rt http.RoundTripper) func(context.Context) error {
	c := restyv2.NewWithClient(&http.Client{Transport: rt}).
		SetRetryCount(4).
		SetRetryWaitTime(100 * time.Millisecond).
		SetRetryMaxWaitTime(2 * time.Second).
		AddRetryCondition(func(r *restyv2.Response, err error) bool {
			return err == nil && (r.StatusCode() == http.StatusTooManyRequests || r.StatusCode() >= 500)
		})
	return func(ctx context.Context) error {
		resp, err := c.R().SetContext(ctx).Get(baseURL + "/item")
		if err != nil {
			return err
		}
		if !resp.IsSuccess() {
			return fmt.Errorf("status %d", resp.StatusCode())
		}
		return nil
	}
}

func consume(resp *http.Response) error {
	_, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("status %d", resp.StatusCode)
	}
	return err
}

// counter is the RoundTripper every client sends through: it counts requests and
// 429s, and the 429s after the first window of the run.
type counter struct {
	next                            http.RoundTripper
	start                           time.Time
	requests, limited, limitedLater atomic.Int64
}

func (c *counter) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := c.next.RoundTrip(r)
	c.requests.Add(1)
	if err == nil && resp.StatusCode == http.StatusTooManyRequests {
		c.limited.Add(1)
		if time.Since(c.start) >= time.Second {
			c.limitedLater.Add(1)
		}
	}
	return resp, err
}

// run makes cfg.callers callers each make cfg.calls calls through the client c
// builds, and counts.
func run(baseURL string, c contender, cfg config) row {
	transport := &http.Transport{MaxIdleConnsPerHost: cfg.callers}
	defer transport.CloseIdleConnections()
	count := &counter{next: transport}
	call := c.new(baseURL, count)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var ok, failed atomic.Int64
	var wg sync.WaitGroup
	count.start = time.Now()
	for range cfg.callers {
		wg.Go(func() {
			for range cfg.calls {
				if call(ctx) == nil {
					ok.Add(1)
				} else {
					failed.Add(1)
				}
			}
		})
	}
	wg.Wait()
	return row{client: c.name, ok: ok.Load(), failed: failed.Load(), requests: count.requests.Load(),
		limited: count.limited.Load(), limitedLater: count.limitedLater.Load(), elapsed: time.Since(count.start)}
}

// server is a limiter running for the run.
type server struct {
	url  string
	stop func() error
}

// errMissing is wrapped by the error of a server whose program or packages are not
// installed.
var errMissing = errors.New("not installed")

// startExpress starts testdata/server.js under node.
func startExpress(cfg config) (*server, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, fmt.Errorf("express: node: %w", errMissing)
	}
	modules := filepath.Join(cfg.nodePrefix, "node_modules")
	if _, err := os.Stat(filepath.Join(modules, "express-rate-limit")); cfg.nodePrefix == "" || err != nil {
		return nil, fmt.Errorf("express: express-rate-limit under -node-prefix %q: %w", cfg.nodePrefix, errMissing)
	}
	script, err := filepath.Abs(filepath.Join(sourceDir(), "testdata", "server.js"))
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(node, script)
	cmd.Env = append(os.Environ(), "NODE_PATH="+modules,
		"WINDOW_MS="+strconv.FormatInt(cfg.window.Milliseconds(), 10), "LIMIT="+strconv.Itoa(cfg.limit))
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("express: %w", err)
	}
	lines := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		lines <- line
		io.Copy(io.Discard, stdout)
	}()
	stop := func() error {
		cmd.Process.Signal(os.Interrupt)
		cmd.Process.Kill()
		cmd.Wait()
		return nil
	}
	select {
	case line := <-lines:
		port, ok := strings.CutPrefix(strings.TrimSpace(line), "listening ")
		if !ok {
			stop()
			return nil, fmt.Errorf("express: server.js said %q", line)
		}
		return &server{url: "http://127.0.0.1:" + port, stop: stop}, nil
	case <-time.After(30 * time.Second):
		stop()
		return nil, errors.New("express: server.js did not start in 30 s")
	}
}

// sourceDir is the directory of this command's source: the experiment runs from the
// bench module's root or from its own directory.
func sourceDir() string {
	for _, dir := range []string{".", "cmd/ratelimits"} {
		if _, err := os.Stat(filepath.Join(dir, "testdata", "server.js")); err == nil {
			return dir
		}
	}
	return "."
}

// nginxConf is the configuration the experiment writes for nginx: a loopback port, a
// prefix of its own, limit_req at %[2]d r/s with as large a burst, and 429s that say
// Retry-After: 1.
const nginxConf = `worker_processes 1;
error_log %[3]s/error.log;
pid %[3]s/nginx.pid;
user root;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path %[3]s/tmp;
	proxy_temp_path %[3]s/tmp;
	fastcgi_temp_path %[3]s/tmp;
	uwsgi_temp_path %[3]s/tmp;
	scgi_temp_path %[3]s/tmp;
	limit_req_zone $binary_remote_addr zone=api:1m rate=%[2]dr/s;
	limit_req_status 429;
	server {
		listen 127.0.0.1:%[1]d;
		root %[3]s/www;
		default_type application/json;
		location / {
			limit_req zone=api burst=%[2]d nodelay;
			try_files $uri =404;
		}
		error_page 429 /429.json;
		location = /429.json {
			internal;
			add_header Retry-After 1 always;
		}
	}
}
`

// startNginx writes a configuration into a temporary prefix and runs nginx on it.
func startNginx(cfg config) (*server, error) {
	bin, err := exec.LookPath("nginx")
	if err != nil {
		if _, serr := os.Stat("/usr/sbin/nginx"); serr != nil {
			return nil, fmt.Errorf("nginx: %w", errMissing)
		}
		bin = "/usr/sbin/nginx"
	}
	dir, err := os.MkdirTemp("", "ratelimits-nginx-")
	if err != nil {
		return nil, err
	}
	for _, d := range []string{"tmp", "www"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			return nil, err
		}
	}
	for name, body := range map[string]string{"item": `{"ok":true}`, "429.json": `{"error":"rate limited"}`} {
		if err := os.WriteFile(filepath.Join(dir, "www", name), []byte(body), 0o644); err != nil {
			return nil, err
		}
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	conf := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(conf, fmt.Appendf(nil, nginxConf, port, cfg.limit, dir), 0o644); err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "-p", dir, "-c", conf, "-g", "daemon off;")
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("nginx: %w", err)
	}
	stop := func() error {
		cmd.Process.Signal(os.Interrupt) // SIGINT: fast shutdown
		cmd.Wait()
		return os.RemoveAll(dir)
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	for deadline := time.Now().Add(30 * time.Second); ; {
		conn, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			conn.Close()
			break
		}
		if time.Now().After(deadline) {
			stop()
			return nil, fmt.Errorf("nginx: not listening on %s after 30 s: %w", addr, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return &server{url: "http://" + addr, stop: stop}, nil
}

// freePort returns a loopback port nothing listens on now.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
