package runtime

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/retryer"
)

// echoSecrets are the secrets the calls of TestServerEchoesSecrets send, none of which
// may reach an error message or a log line although the server sends them all back.
var echoSecrets = []string{"BEARERTOKEN1", "COOKIEVAL1", "APIKEYVAL1", "QUERYTOK1", "HUNTER22", "aGl0Y2g6SFVOVEVSMjI", "INTERCEPTED1"}

// echoForgery is what the server adds to each body and header to forge a log line and
// drive a terminal.
const echoForgery = "\r\ntime=0 level=ERROR msg=forged\x1b[31m\u202e\x07"

// rawHandler is a slog.Handler that writes "msg key=value ..." lines without quoting or
// escaping anything, as many console handlers do: the logger's own escaping is all that
// stands between the server and the reader.
type rawHandler struct {
	mu    *sync.Mutex
	lines *[]string
}

func (h rawHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h rawHandler) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h rawHandler) WithGroup(string) slog.Handler            { return h }
func (h rawHandler) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	b.WriteString(r.Message)
	var write func(prefix string, a slog.Attr)
	write = func(prefix string, a slog.Attr) {
		if a.Value.Kind() == slog.KindGroup {
			for _, g := range a.Value.Group() {
				write(prefix+a.Key+".", g)
			}
			return
		}
		b.WriteString(" " + prefix + a.Key + "=" + a.Value.String())
	}
	r.Attrs(func(a slog.Attr) bool { write("", a); return true })
	h.mu.Lock()
	defer h.mu.Unlock()
	*h.lines = append(*h.lines, b.String())
	return nil
}

// A server answers 401 with every credential of the request echoed in its body and
// headers, with CR, LF, ESC and a bidi override: the HTTPError and CallError messages
// and every log line of every level hide each secret and escape each control
// character, LogBasic and LogHeaders log no body, and the raw fields keep what was sent.
func TestServerEchoesSecrets(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		echo := r.Header.Get("Authorization") + "|" + r.Header.Get("Cookie") + "|" + r.Header.Get("X-Api-Key") + "|" + r.URL.RawQuery + "|" + r.Header.Get("X-Intercepted")
		w.Header().Set("X-Echo", echo+"\u202e\xff") // net/http refuses a header with ESC, not these
		w.Header().Set("Www-Authenticate", `Bearer error="invalid_token", token="`+strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")+`"`)
		w.Header().Set("Set-Cookie", "session=SETCOOKIE1")
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"error":"bad token `+echo+`"}`+echoForgery)
	}))
	t.Cleanup(srv.Close)
	transport := &http.Transport{}
	t.Cleanup(transport.CloseIdleConnections)

	for _, level := range []LogLevel{LogBasic, LogHeaders, LogFull} {
		t.Run(level.String(), func(t *testing.T) {
			hits.Store(0)
			var mu sync.Mutex
			var lines []string
			base := strings.Replace(srv.URL, "http://", "http://hitch:HUNTER22@", 1)
			c, err := New(base,
				WithHTTPClient(&http.Client{Transport: transport}),
				WithRetryer(retryer.Never),
				WithLogger(slog.New(rawHandler{&mu, &lines}), level),
				WithRequestInterceptor(func(r *http.Request) error {
					r.Header.Set("Cookie", "sid=COOKIEVAL1; theme=dark")
					r.Header.Set("X-Intercepted", "not secret by name")
					r.Header.Set("X-Auth-Token", "INTERCEPTED1")
					return nil
				}))
			require.NoError(t, err)
			call := c.NewCall(context.Background(), &Endpoint{MethodKey: "API#Get", Method: "GET"})
			call.Path("/x")
			call.Query("token", "QUERYTOK1")
			call.Query("page", "2")
			call.Header("Authorization", "Bearer BEARERTOKEN1")
			call.Header("X-Api-Key", "APIKEYVAL1")

			err = call.Do()

			assert.EqualValues(t, 1, hits.Load(), "a 401 is not retried")
			wantURL := "http://hitch:xxxxx@" + strings.TrimPrefix(srv.URL, "http://") + "/x?token=REDACTED&page=2"
			body := `{"error":"bad token REDACTED|REDACTED|REDACTED|token=REDACTED&page=2|not secret by name"}` +
				`\r\ntime=0 level=ERROR msg=forged\x1b[31m\u202e\x07`
			want := "[401 Unauthorized] during [GET] to [" + wantURL + "] [API#Get]: [" + body + "]"
			require.EqualError(t, err, want, "the CallError shows the HTTPError's message")
			var httpErr *errordecoder.HTTPError
			require.ErrorAs(t, err, &httpErr)
			assert.Equal(t, want, httpErr.Error())
			for _, format := range []string{"%v", "%+v", "%s"} {
				assert.Equal(t, want, fmt.Sprintf(format, err), format)
			}
			assert.Contains(t, string(httpErr.Body), "Bearer BEARERTOKEN1", "the Body stays as the server sent it")
			assert.Equal(t, "session=SETCOOKIE1", httpErr.Header.Get("Set-Cookie"), "the Header stays as the server sent it")

			mu.Lock()
			defer mu.Unlock()
			require.NotEmpty(t, lines)
			all := strings.Join(lines, "\n") + "\n" + fmt.Sprintf("%#v", httpErr)
			for _, secret := range append(echoSecrets, "SETCOOKIE1") {
				assert.NotContains(t, all, secret)
			}
			for _, line := range lines {
				assertNoControl(t, line)
				if level < LogFull {
					assert.NotContains(t, line, "bad token", "%s logs no body", level)
				}
			}
			if level < LogFull {
				assert.Contains(t, lines, "feign call failed method_key=API#Get method=GET url="+wantURL+" attempt=1 duration="+durationOf(lines)+
					" err=[401 Unauthorized] during [GET] to ["+wantURL+"] [API#Get]: ("+fmt.Sprint(len(httpErr.Body))+" bytes of body, logged with LogFull)")
			}
			if level >= LogHeaders {
				assert.True(t, slicesContainsSubstring(lines, ` response_headers.X-Echo=REDACTED|REDACTED|REDACTED|token=REDACTED&page=2|not secret by name\u202e\xff`), "%q", lines)
				assert.True(t, slicesContainsSubstring(lines, ` response_headers.Set-Cookie=REDACTED`))
			}
			if level == LogFull {
				assert.True(t, slicesContainsSubstring(lines, `response_body=`+body), "%q", lines)
			}
		})
	}
}

// durationOf returns the duration attribute of the "feign call failed" line.
func durationOf(lines []string) string {
	for _, l := range lines {
		if strings.HasPrefix(l, "feign call failed") {
			_, rest, _ := strings.Cut(l, " duration=")
			d, _, _ := strings.Cut(rest, " ")
			return d
		}
	}
	return ""
}

func slicesContainsSubstring(lines []string, s string) bool {
	for _, l := range lines {
		if strings.Contains(l, s) {
			return true
		}
	}
	return false
}

// assertNoControl fails if s holds a control character, a bidi control, a line
// separator or a byte that is not UTF-8.
func assertNoControl(t *testing.T, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Errorf("not UTF-8: %q", s)
	}
	for _, r := range s {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == '\u2028' || r == '\u2029' {
			t.Errorf("%U in %q", r, s)
			return
		}
	}
}

// An ErrorDecoder of one's own that quotes the body in an error of its own type: the
// CallError still hides the secrets the call sent and escapes what the server sent.
func TestCustomErrorDecoderEcho(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, "denied "+r.Header.Get("Authorization")+"\n\x1b[1m")
	}))
	t.Cleanup(srv.Close)
	transport := &http.Transport{}
	t.Cleanup(transport.CloseIdleConnections)
	c, err := New(srv.URL, WithHTTPClient(&http.Client{Transport: transport}),
		WithErrorDecoder(errordecoder.Func(func(_ string, resp *http.Response) error {
			b, _ := io.ReadAll(resp.Body)
			return errors.New("api said: " + string(b))
		})))
	require.NoError(t, err)
	call := c.NewCall(context.Background(), &Endpoint{MethodKey: "API#Get", Method: "GET"})
	call.Header("Authorization", "Bearer BEARERTOKEN1")
	assert.EqualError(t, call.Do(), `API#Get: api said: denied REDACTED\n\x1b[1m`)
}

// net/http refuses a response header with ESC, and its error quotes the header line, in
// which the server echoed a Cookie an interceptor set: the transport error hides it too.
func TestTransportErrorEchoesSecrets(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("X-Echo", r.Header.Get("Cookie")+"\x1b[2J")
	}))
	t.Cleanup(srv.Close)
	transport := &http.Transport{}
	t.Cleanup(transport.CloseIdleConnections)
	c, err := New(srv.URL, WithHTTPClient(&http.Client{Transport: transport}), WithRetryer(retryer.Never),
		WithRequestInterceptor(func(r *http.Request) error {
			r.Header.Set("Cookie", "sid=COOKIEVAL1")
			return nil
		}))
	require.NoError(t, err)
	call := c.NewCall(context.Background(), &Endpoint{MethodKey: "API#Get", Method: "GET"})
	call.Path("/x")

	err = call.Do()

	assert.EqualValues(t, 1, hits.Load())
	assert.EqualError(t, err, `API#Get: Get "`+srv.URL+`/x": net/http: HTTP/1.x transport connection broken: malformed MIME header line: "X-Echo: REDACTED\x1b[2J"`)
	var urlErr *url.Error
	require.ErrorAs(t, err, &urlErr)
	assert.False(t, urlErr.Timeout())
}

// A token used as the URL's user name is sent by net/http as Basic credentials: neither
// it nor its Basic form, echoed by the server, shows in the error.
func TestTokenAsUserNameEchoed(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		user, _, _ := r.BasicAuth()
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, "no access for "+user+" ("+r.Header.Get("Authorization")+")")
	}))
	t.Cleanup(srv.Close)
	transport := &http.Transport{}
	t.Cleanup(transport.CloseIdleConnections)
	c, err := New(strings.Replace(srv.URL, "http://", "http://ghp_T0KENUSER@", 1), WithHTTPClient(&http.Client{Transport: transport}))
	require.NoError(t, err)
	call := c.NewCall(context.Background(), &Endpoint{MethodKey: "API#Get", Method: "GET"})
	call.Path("/x")

	err = call.Do()

	assert.EqualValues(t, 1, hits.Load())
	assert.EqualError(t, err, "[403 Forbidden] during [GET] to [http://xxxxx@"+strings.TrimPrefix(srv.URL, "http://")+"/x] [API#Get]: [no access for REDACTED (Basic REDACTED)]")
}
