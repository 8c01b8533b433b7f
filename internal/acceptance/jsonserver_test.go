package acceptance

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/runtime"
)

// totalPosts is how many posts the generated db.json holds: not a multiple of the page
// size, so the last page is short.
const totalPosts = 23

// jsonServer finds json-server: $FEIGN_JSON_SERVER, or json-server on $PATH. Without
// it the test is skipped, unless CI is "true": there its absence is a failure.
func jsonServer(t *testing.T) string {
	t.Helper()
	path := os.Getenv("FEIGN_JSON_SERVER")
	if path == "" {
		path, _ = exec.LookPath("json-server")
	}
	if path == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("json-server not found: set FEIGN_JSON_SERVER (.ci/run installs it with npm)")
		}
		t.Skip("json-server not found: install it with `npm install json-server@0.17` and set FEIGN_JSON_SERVER to node_modules/.bin/json-server")
	}
	return path
}

// posts is a json-server behind a reverse proxy that records every request it passes
// on: the server's own view of what the client sent.
type posts struct {
	url string
	mu  sync.Mutex
	log []string
}

func (p *posts) requests() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.log...)
}

// startJSONServer starts json-server on a free loopback port with a generated
// db.json, waits until it answers, and puts the recording proxy in front of it.
func startJSONServer(t *testing.T) *posts {
	t.Helper()
	bin := jsonServer(t)
	dir := t.TempDir()
	var db struct {
		Posts []Post `json:"posts"`
	}
	for i := 1; i <= totalPosts; i++ {
		db.Posts = append(db.Posts, Post{ID: i, Title: fmt.Sprintf("post %d", i)})
	}
	data, err := json.Marshal(db)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "db.json"), data, 0o644))

	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	require.NoError(t, l.Close())

	logFile, err := os.Create(filepath.Join(dir, "json-server.log"))
	require.NoError(t, err)
	cmd := exec.Command(bin, "--host", "127.0.0.1", "--port", port, "--quiet", "--no-gzip", filepath.Join(dir, "db.json"))
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = logFile, logFile // files: no goroutine copies them
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		logFile.Close()
	})

	target := &url.URL{Scheme: "http", Host: "127.0.0.1:" + port}
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := (&http.Client{Transport: tr, Timeout: time.Second}).Get(target.String() + "/posts?_limit=1")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(logFile.Name())
			t.Fatalf("json-server did not answer on port %s within 30s: %v\n%s", port, err, log)
		}
		time.Sleep(50 * time.Millisecond)
	}

	p := &posts{}
	proxy := httputil.NewSingleHostReverseProxy(target) // keeps the Host: links point back here
	proxy.Transport = tr
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		p.log = append(p.log, r.URL.RequestURI())
		p.mu.Unlock()
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	p.url = srv.URL
	return p
}

func newPosts(t *testing.T, url string) Posts {
	t.Helper()
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	api, err := NewPosts(url, runtime.WithHTTPClient(&http.Client{Transport: tr}))
	require.NoError(t, err)
	return api
}

func TestJSONServerListFollowsEveryNextLink(t *testing.T) {
	p := startJSONServer(t)
	api := newPosts(t, p.url)
	seq := api.List(context.Background(), 1, 5)
	assert.Empty(t, p.requests(), "nothing sent before the loop")
	var ids []int
	for post, err := range seq {
		require.NoError(t, err)
		ids = append(ids, post.ID)
		assert.Equal(t, fmt.Sprintf("post %d", post.ID), post.Title)
	}
	require.Len(t, ids, totalPosts)
	for i, id := range ids {
		assert.Equal(t, i+1, id)
	}
	assert.Equal(t, []string{
		"/posts?_page=1&_limit=5", "/posts?_page=2&_limit=5", "/posts?_page=3&_limit=5",
		"/posts?_page=4&_limit=5", "/posts?_page=5&_limit=5",
	}, p.requests(), "one request per page, the last page without a next link")
}

func TestJSONServerBreakSendsNoFurtherRequest(t *testing.T) {
	p := startJSONServer(t)
	api := newPosts(t, p.url)
	n := 0
	for _, err := range api.List(context.Background(), 1, 5) {
		require.NoError(t, err)
		if n++; n == 7 {
			break
		}
	}
	assert.Equal(t, []string{"/posts?_page=1&_limit=5", "/posts?_page=2&_limit=5"}, p.requests())
}

func TestJSONServerPagesWithTheirHeaders(t *testing.T) {
	p := startJSONServer(t)
	api := newPosts(t, p.url)
	var sizes []int
	for page, err := range api.Pages(context.Background(), 2, 10) {
		require.NoError(t, err)
		assert.Equal(t, http.StatusOK, page.StatusCode)
		assert.Equal(t, strconv.Itoa(totalPosts), page.Header.Get("X-Total-Count"))
		last, ok := page.Link("last")
		require.True(t, ok)
		assert.Equal(t, p.url+"/posts?_page=3&_limit=10", last.String())
		sizes = append(sizes, len(page.Value))
	}
	assert.Equal(t, []int{10, 3}, sizes, "from page 2 on")
	assert.Equal(t, []string{"/posts?_page=2&_limit=10", "/posts?_page=3&_limit=10"}, p.requests())
}

func TestJSONServerCancelledBetweenPages(t *testing.T) {
	p := startJSONServer(t)
	api := newPosts(t, p.url)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var errs []error
	n := 0
	for _, err := range api.List(ctx, 1, 5) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if n++; n == 5 {
			cancel() // the end of the first page
		}
	}
	assert.Equal(t, 5, n)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], context.Canceled)
	assert.Equal(t, []string{"/posts?_page=1&_limit=5"}, p.requests(), "a cancelled call sends nothing")
}
