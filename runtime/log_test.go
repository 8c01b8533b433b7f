package runtime

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	rt "runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/internal/redact"
	"github.com/gofeign/feign/retryer"
)

// The secrets every logging test plants, none of which may reach a log line or an
// error message.
var logSecrets = []string{"SECRET123", "HUNTER2", "BEARERTOKEN", "COOKIE1", "COOKIE2", "PROXYPASS", "APIKEY9", "SESSION7", "PASSWORD5"}

func assertNoLogSecret(t *testing.T, text string) {
	t.Helper()
	for _, secret := range logSecrets {
		assert.NotContains(t, text, secret)
	}
}

// logBuffer collects the lines of a text handler at Debug, without their time, so
// they can be compared whole. It is safe for concurrent use, as the handler writes
// under its own lock and String takes the same.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// lines returns the lines logged so far.
func (b *logBuffer) lines() []string {
	return strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
}

func newLogBuffer(level slog.Level) (*logBuffer, *slog.Logger) {
	b := &logBuffer{}
	h := slog.NewTextHandler(b, &slog.HandlerOptions{
		Level: level,
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if len(groups) == 0 && a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	})
	return b, slog.New(h)
}

func TestLogLevelString(t *testing.T) {
	assert.Equal(t, "LogNone", LogNone.String())
	assert.Equal(t, "LogBasic", LogBasic.String())
	assert.Equal(t, "LogHeaders", LogHeaders.String())
	assert.Equal(t, "LogFull", LogFull.String())
	assert.Equal(t, "LogLevel(9)", LogLevel(9).String())
}

// script feeds l the Events of a call whose first attempt is answered 503 and whose
// hedge wins with a 201, then of a call that fails: what the pipeline reports, with
// requests and responses full of secrets.
func script(l *logger) {
	ctx := context.Background()
	u, _ := url.Parse("http://user:HUNTER2@api.test/issues?token=SECRET123&page=2")
	payload := []byte(`{"title":"bug"}`)
	newReq := func() *http.Request {
		u := *u
		return &http.Request{
			Method: http.MethodPost,
			URL:    &u,
			Header: http.Header{
				"Authorization":       {"Bearer BEARERTOKEN"},
				"Proxy-Authorization": {"Basic PROXYPASS"},
				"Cookie":              {"a=COOKIE1"},
				"X-Api-Key":           {"APIKEY9"},
				"Content-Type":        {"application/json"},
				"User-Agent":          {userAgent},
			},
			Body:          newPayloadReader(payload),
			GetBody:       func() (io.ReadCloser, error) { return newPayloadReader(payload), nil },
			ContentLength: int64(len(payload)),
		}
	}
	base := Event{MethodKey: "API#Create", Method: http.MethodPost, URL: redact.URL(u), payload: payload}
	at := func(kind EventKind, attempt int) Event {
		e := base
		e.Kind, e.Attempt = kind, attempt
		return e
	}

	first := newReq()
	e := at(AttemptStart, 1)
	e.Request = first
	l.Observe(ctx, e)
	e = at(AttemptEnd, 1)
	e.Request, e.StatusCode, e.Duration = first, 503, 20*time.Millisecond
	e.Response = &http.Response{StatusCode: 503, Header: http.Header{"Retry-After": {"1"}, "Set-Cookie": {"s=COOKIE2"}}}
	e.Err = errors.New("[503 Service Unavailable] during [POST] to [" + base.URL + "] [API#Create]: []")
	l.Observe(ctx, e)
	e = at(RetryWait, 1)
	e.Wait = time.Second
	l.Observe(ctx, e)

	second, hedge := newReq(), newReq()
	for i, req := range []*http.Request{second, hedge} {
		e = at(AttemptStart, 2+i)
		e.Request, e.Hedge = req, i == 1
		l.Observe(ctx, e)
	}
	e = at(HedgeFired, 3)
	e.Hedge = true
	l.Observe(ctx, e)
	e = at(AttemptEnd, 3)
	e.Request, e.Hedge, e.StatusCode, e.Duration = hedge, true, 201, 5*time.Millisecond
	e.Response = &http.Response{StatusCode: 201, Header: http.Header{"Content-Type": {"application/json"}}}
	l.Observe(ctx, e)
	e = at(HedgeWon, 3)
	e.Hedge = true
	l.Observe(ctx, e)
	e = at(AttemptEnd, 2)
	e.Request, e.Duration, e.Err = second, 7*time.Millisecond, context.Canceled
	l.Observe(ctx, e)
	e = at(CallEnd, 3)
	e.Duration = 1032 * time.Millisecond
	l.Observe(ctx, e)

	e = at(BudgetRefused, 2)
	l.Observe(ctx, e)
	e = at(CallEnd, 1)
	e.Duration, e.Err = 30*time.Millisecond, errors.New("API#Create: [503 Service Unavailable] during [POST] to ["+base.URL+"] [API#Create]: []")
	l.Observe(ctx, e)
}

// The lines every level shares, the attempt lines left out: LogBasic writes them bare,
// LogHeaders and LogFull add to them.
const (
	urlAttrs     = `method_key=API#Create method=POST url="http://user:xxxxx@api.test/issues?token=REDACTED&page=2"`
	retryLine    = `level=INFO msg="feign retry" ` + urlAttrs + ` attempt=1 wait=1s`
	hedgeLine    = `level=INFO msg="feign hedge" ` + urlAttrs + ` attempt=3 hedge=true`
	hedgeWonLine = `level=INFO msg="feign hedge won" ` + urlAttrs + ` attempt=3 hedge=true`
	refusedLine  = `level=INFO msg="feign budget refused" ` + urlAttrs + ` attempt=2`
	failedLine   = `level=WARN msg="feign call failed" ` + urlAttrs + ` attempt=1 duration=30ms err="API#Create: [503 Service Unavailable] during [POST] to [http://user:xxxxx@api.test/issues?token=REDACTED&page=2] [API#Create]: []"`

	reqHeaders  = ` request_headers.Authorization=REDACTED request_headers.Content-Type=application/json request_headers.Cookie=REDACTED request_headers.Proxy-Authorization=REDACTED request_headers.User-Agent=gofeign/1 request_headers.X-Api-Key=REDACTED`
	attempt1    = `level=DEBUG msg="feign attempt" ` + urlAttrs + ` attempt=1 status=503 duration=20ms err="[503 Service Unavailable] during [POST] to [http://user:xxxxx@api.test/issues?token=REDACTED&page=2] [API#Create]: []"`
	attempt3    = `level=DEBUG msg="feign attempt" ` + urlAttrs + ` attempt=3 hedge=true status=201 duration=5ms`
	attempt2    = `level=DEBUG msg="feign attempt" ` + urlAttrs + ` attempt=2 duration=7ms err="context canceled"`
	headers1    = reqHeaders + ` response_headers.Retry-After=1 response_headers.Set-Cookie=REDACTED`
	headers3    = reqHeaders + ` response_headers.Content-Type=application/json`
	requestBody = ` request_body="{\"title\":\"bug\"}"`
)

func TestLoggerLevels(t *testing.T) {
	tests := []struct {
		level LogLevel
		want  []string
	}{
		{LogBasic, []string{attempt1, retryLine, hedgeLine, attempt3, hedgeWonLine, attempt2, refusedLine, failedLine}},
		{LogHeaders, []string{
			attempt1 + headers1, retryLine, hedgeLine, attempt3 + headers3, hedgeWonLine,
			attempt2 + reqHeaders, refusedLine, failedLine,
		}},
		{LogFull, []string{
			attempt1 + headers1 + requestBody, retryLine, hedgeLine, attempt3 + headers3 + requestBody, hedgeWonLine,
			attempt2 + reqHeaders + requestBody, refusedLine, failedLine,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.level.String(), func(t *testing.T) {
			buf, sl := newLogBuffer(slog.LevelDebug)
			c, err := New("http://api.test", WithLogger(sl, tt.level))
			require.NoError(t, err)

			script(clientLogger(c))

			assert.Equal(t, tt.want, buf.lines())
			assertNoLogSecret(t, buf.String())
			assertNoAttemptsLeft(t, clientLogger(c))
		})
	}
}

func assertNoAttemptsLeft(t *testing.T, l *logger) {
	t.Helper()
	l.attempts.Range(func(k, _ any) bool {
		t.Errorf("attempt of %v still remembered after it ended", k)
		return true
	})
}

func TestLoggerSilent(t *testing.T) {
	for _, tt := range []struct {
		name string
		opts func(*slog.Logger) []Option
	}{
		{"no logger", func(*slog.Logger) []Option { return nil }},
		{"LogNone", func(sl *slog.Logger) []Option { return []Option{WithLogger(sl, LogNone)} }},
		{"nil slog.Logger", func(*slog.Logger) []Option { return []Option{WithLogger(nil, LogFull)} }},
		{"turned off again", func(sl *slog.Logger) []Option {
			return []Option{WithLogger(sl, LogFull), WithLogger(sl, LogNone)}
		}},
		{"redaction only", func(*slog.Logger) []Option {
			return []Option{WithLogRedaction(LogRedaction{Headers: []string{"X-Session"}})}
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			buf, sl := newLogBuffer(slog.LevelDebug)
			c, err := New("http://api.test", tt.opts(sl)...)
			require.NoError(t, err)

			script(clientLogger(c))
			resp := &http.Response{Body: io.NopCloser(strings.NewReader("body")), Request: &http.Request{URL: &url.URL{}}}
			for _, intercept := range c.responseInterceptors {
				require.NoError(t, intercept(resp))
			}
			_, err = io.Copy(io.Discard, resp.Body)
			require.NoError(t, err)

			assert.Empty(t, buf.String())
		})
	}
}

// The handler's level picks the lines: at Info the attempts are hidden, at Warn only
// the failure is left.
func TestLoggerSlogLevels(t *testing.T) {
	buf, sl := newLogBuffer(slog.LevelInfo)
	c, err := New("http://api.test", WithLogger(sl, LogFull))
	require.NoError(t, err)
	script(clientLogger(c))
	assert.Equal(t, []string{retryLine, hedgeLine, hedgeWonLine, refusedLine, failedLine}, buf.lines())

	buf, sl = newLogBuffer(slog.LevelWarn)
	c, err = New("http://api.test", WithLogger(sl, LogFull))
	require.NoError(t, err)
	script(clientLogger(c))
	assert.Equal(t, []string{failedLine}, buf.lines())
}

func TestLogRedaction(t *testing.T) {
	extra := LogRedaction{Headers: []string{"x-session"}, QueryKeys: []string{"SessionID"}}
	for _, loggerFirst := range []bool{false, true} {
		t.Run(fmt.Sprintf("logger first %v", loggerFirst), func(t *testing.T) {
			buf, sl := newLogBuffer(slog.LevelDebug)
			opts := []Option{WithLogRedaction(extra), WithLogger(sl, LogHeaders)}
			if loggerFirst {
				opts[0], opts[1] = opts[1], opts[0]
			}
			c, err := New("http://api.test", opts...)
			require.NoError(t, err)
			lg := clientLogger(c)

			u, _ := url.Parse("http://api.test/x?sessionid=SESSION7&page=1#top")
			req := &http.Request{Method: http.MethodGet, URL: u, Header: http.Header{"X-Session": {"SESSION7"}}}
			lg.Observe(context.Background(), Event{Kind: AttemptEnd, MethodKey: "API#GET", Method: http.MethodGet, Attempt: 1, Request: req, StatusCode: 200})
			lg.Observe(context.Background(), Event{Kind: RetryWait, MethodKey: "API#GET", Method: http.MethodGet, Attempt: 1, URL: u.String(), Wait: time.Second})

			assert.Equal(t, []string{
				`level=DEBUG msg="feign attempt" method_key=API#GET method=GET url="http://api.test/x?sessionid=REDACTED&page=1#top" attempt=1 status=200 duration=0s request_headers.X-Session=REDACTED`,
				`level=INFO msg="feign retry" method_key=API#GET method=GET url="http://api.test/x?sessionid=REDACTED&page=1#top" attempt=1 wait=1s`,
			}, buf.lines())
			assert.Len(t, c.observers, 1, "one logger, whatever the order of the options")
		})
	}
}

// A form body's secret fields are redacted like query values; a body over the limit is
// cut at the limit and says how long it was.
func TestLogFullRequestBody(t *testing.T) {
	buf, sl := newLogBuffer(slog.LevelDebug)
	c, err := New("http://api.test", WithLogger(sl, LogFull))
	require.NoError(t, err)
	lg := clientLogger(c)
	u, _ := url.Parse("http://api.test/login")
	// attempt is what the pipeline reports of an attempt: its request and, when the
	// call's body was encoded, the payload every attempt sends.
	type attempt struct {
		req     *http.Request
		payload []byte
	}
	body := func(payload []byte, contentType string) attempt {
		return attempt{&http.Request{
			Method: http.MethodPost, URL: u, Header: http.Header{"Content-Type": {contentType}},
			Body:          newPayloadReader(payload),
			GetBody:       func() (io.ReadCloser, error) { return newPayloadReader(payload), nil },
			ContentLength: int64(len(payload)),
		}, payload}
	}
	big := bytes.Repeat([]byte("a"), LogBodyLimit+100)
	for _, a := range []attempt{
		body([]byte("user=ann&password=PASSWORD5&client_secret=SECRET123"), "application/x-www-form-urlencoded"),
		body(big, "text/plain"),
		{req: &http.Request{Method: http.MethodPost, URL: u, Header: http.Header{}, Body: io.NopCloser(strings.NewReader("streamed")), ContentLength: -1}},
		{req: &http.Request{Method: http.MethodGet, URL: u, Header: http.Header{}, Body: http.NoBody}},
	} {
		lg.Observe(context.Background(), Event{Kind: AttemptEnd, MethodKey: "API#Login", Method: a.req.Method, Attempt: 1, Request: a.req, StatusCode: 204, payload: a.payload})
	}

	lines := buf.lines()
	require.Len(t, lines, 4)
	assert.Contains(t, lines[0], ` request_body="user=ann&password=REDACTED&client_secret=REDACTED"`)
	assert.Contains(t, lines[1], ` request_body="`+string(big[:LogBodyLimit])+`... (8292 bytes)"`)
	assert.Contains(t, lines[2], ` request_body="(streamed, not logged)"`)
	assert.NotContains(t, lines[3], "request_body")
	assertNoLogSecret(t, buf.String())
}

// endlessReader yields n bytes of 'x' without holding them.
type endlessReader struct{ left int64 }

func (r *endlessReader) Read(p []byte) (int, error) {
	if r.left == 0 {
		return 0, io.EOF
	}
	n := int(min(int64(len(p)), r.left))
	for i := range p[:n] {
		p[i] = 'x'
	}
	r.left -= int64(n)
	return n, nil
}

// LogFull never holds more than LogBodyLimit bytes of a body, however large: a 10 MiB
// body streams through while the tee keeps the first 8 KiB.
func TestLogFullHoldsAtMostTheLimit(t *testing.T) {
	const size = 10 << 20
	buf, sl := newLogBuffer(slog.LevelDebug)
	c, err := New("http://api.test", WithLogger(sl, LogFull))
	require.NoError(t, err)
	lg := clientLogger(c)
	resp := &http.Response{
		StatusCode: 200,
		Header:     http.Header{},
		Body:       io.NopCloser(&endlessReader{left: size}),
		Request:    &http.Request{Method: http.MethodGet, URL: &url.URL{Scheme: "http", Host: "api.test", Path: "/big"}},
	}
	require.NoError(t, lg.teeResponse(resp))
	tee, ok := resp.Body.(*teeBody)
	require.True(t, ok, "the body is teed")

	var before, after rt.MemStats
	rt.ReadMemStats(&before)
	n, err := io.Copy(io.Discard, resp.Body)
	rt.ReadMemStats(&after)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())

	assert.EqualValues(t, size, n, "the consumer reads the whole body")
	assert.LessOrEqual(t, cap(tee.head), LogBodyLimit, "the copy is bounded")
	// io.Copy's 32 KiB buffer, the 8 KiB copy and one log line: far below the body.
	allocated := after.TotalAlloc - before.TotalAlloc
	t.Logf("%d bytes allocated while %d streamed through; %d held", allocated, n, cap(tee.head))
	assert.Less(t, allocated, uint64(128<<10), "bytes allocated while 10 MiB streamed through")

	lines := buf.lines()
	require.Len(t, lines, 1, "logged once, at EOF, not again at Close")
	assert.Equal(t, `level=DEBUG msg="feign response body" method_key="" method=GET url=http://api.test/big attempt=0 response_body="`+
		strings.Repeat("x", LogBodyLimit)+`... (10485760 bytes)" read=10485760 complete=true`, lines[0])
}

// A body closed before EOF is logged at Close with what was read.
func TestLogFullBodyClosedEarly(t *testing.T) {
	buf, sl := newLogBuffer(slog.LevelDebug)
	c, err := New("http://api.test", WithLogger(sl, LogFull))
	require.NoError(t, err)
	resp := &http.Response{
		Header:  http.Header{"Content-Type": {"application/x-www-form-urlencoded"}},
		Body:    io.NopCloser(strings.NewReader("access_token=SECRET123&expires=3600&more=1")),
		Request: &http.Request{Method: http.MethodPost, URL: &url.URL{Scheme: "http", Host: "api.test", Path: "/token"}},
	}
	require.NoError(t, clientLogger(c).teeResponse(resp))
	p := make([]byte, 36)
	_, err = io.ReadFull(resp.Body, p)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	require.NoError(t, resp.Body.Close())

	assert.Equal(t, []string{
		`level=DEBUG msg="feign response body" method_key="" method=POST url=http://api.test/token attempt=0 response_body="access_token=REDACTED&expires=3600&" read=36 complete=false`,
	}, buf.lines())
}

// logServer answers GET /items with 503 the first time and then a large body; POST
// /items with 502. It plants a cookie in every response.
func logServer(t *testing.T, bodySize int) (*httptest.Server, *atomic.Int32) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		n := hits.Add(1)
		w.Header().Set("Set-Cookie", "s=COOKIE2")
		switch {
		case r.Method == http.MethodPost:
			w.WriteHeader(http.StatusBadGateway)
			io.WriteString(w, "upstream failed")
		case n == 1:
			w.WriteHeader(http.StatusServiceUnavailable)
		default:
			w.Header().Set("Content-Type", "text/plain")
			io.Copy(w, &endlessReader{left: int64(bodySize)})
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

// secretGet is a GET /items carrying secrets in its URL and headers.
func secretGet(c *Client) *Call {
	call := c.NewCall(context.Background(), &Endpoint{MethodKey: "API#Items", Method: http.MethodGet})
	call.Path("/items")
	call.Query("token", "SECRET123")
	call.Query("page", "2")
	call.Header("Authorization", "Bearer BEARERTOKEN")
	call.Header("Cookie", "a=COOKIE1")
	return call
}

// Real calls over loopback, at LogFull: the retried GET's large body is logged up to
// the limit while the caller reads all of it, a failed POST is logged at Warn, and no
// secret reaches the log or the errors. The attempt lines come from the Client's
// Events; if the pipeline reports none, only the body lines, which come from the
// response interceptor, are checked.
func TestLoggerThroughCalls(t *testing.T) {
	const size = 10 << 20
	srv, hits := logServer(t, size)
	transport := &http.Transport{}
	t.Cleanup(transport.CloseIdleConnections)
	var events atomic.Int32
	buf, sl := newLogBuffer(slog.LevelDebug)
	c, err := New(strings.Replace(srv.URL, "http://", "http://user:HUNTER2@", 1),
		WithHTTPClient(&http.Client{Transport: transport}),
		WithRetryer(retryer.New(time.Millisecond, time.Millisecond, 3)),
		WithObserver(ObserverFunc(func(context.Context, Event) { events.Add(1) })),
		WithLogger(sl, LogFull),
		WithRequestInterceptor(func(r *http.Request) error {
			r.Header.Set("Proxy-Authorization", "Basic PROXYPASS")
			return nil
		}),
	)
	require.NoError(t, err)

	body, err := secretGet(c).Stream()
	require.NoError(t, err)
	n, err := io.Copy(io.Discard, body)
	require.NoError(t, err)
	require.NoError(t, body.Close())
	assert.EqualValues(t, size, n)
	assert.EqualValues(t, 2, hits.Load())

	post := c.NewCall(context.Background(), &Endpoint{MethodKey: "API#Create", Method: http.MethodPost})
	post.Path("/items")
	post.Query("api_key", "APIKEY9")
	post.Header("Authorization", "Bearer BEARERTOKEN")
	post.Body(map[string]string{"title": "bug"})
	err = post.Do()
	require.Error(t, err)
	assert.EqualValues(t, 3, hits.Load(), "a POST is not retried after a 502")

	out := buf.String()
	assertNoLogSecret(t, out)
	assertNoLogSecret(t, err.Error())
	var bodyLines []string
	for _, line := range buf.lines() {
		if strings.Contains(line, `msg="feign response body"`) {
			bodyLines = append(bodyLines, line)
		}
	}
	// The 503 has no body (http.NoBody): nothing to log.
	require.Len(t, bodyLines, 2, "one per response with a body: the large one, the 502's")
	assert.True(t, strings.Contains(bodyLines[0], `method=GET url="http://user:xxxxx@127.0.0.1:`) &&
		strings.Contains(bodyLines[0], `/items?token=REDACTED&page=2"`) &&
		strings.HasSuffix(bodyLines[0], ` response_body="`+strings.Repeat("x", LogBodyLimit)+`... (10485760 bytes)" read=10485760 complete=true`),
		"the large body's line, cut at the limit: %.300s", bodyLines[0])
	assert.Contains(t, bodyLines[1], `response_body="upstream failed" read=15 complete=true`)
	assert.Less(t, len(out), 4*LogBodyLimit, "the log holds the head of each body only")

	if events.Load() == 0 {
		t.Skip("the pipeline reports no Events yet: the attempt lines are not checked")
	}
	var msgs []string // the body lines left out: when they come depends on the reader
	for _, line := range buf.lines() {
		msg, _, _ := strings.Cut(strings.TrimPrefix(line, "level="), " method_key=")
		if !strings.Contains(msg, "response body") {
			msgs = append(msgs, msg)
		}
	}
	assert.Equal(t, []string{
		`DEBUG msg="feign attempt"`,
		`INFO msg="feign retry"`,
		`DEBUG msg="feign attempt"`,
		`DEBUG msg="feign attempt"`,
		`WARN msg="feign call failed"`,
	}, msgs)
	assert.Contains(t, bodyLines[0], `method_key=API#Items`)
	assert.Contains(t, out, `request_body="{\"title\":\"bug\"}"`)
	assert.Contains(t, out, `request_headers.Proxy-Authorization=REDACTED`)
	assert.Contains(t, out, `response_headers.Set-Cookie=REDACTED`)
	assertNoAttemptsLeft(t, clientLogger(c))
}
