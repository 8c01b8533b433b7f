package chaos

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/internal/faultserver"
	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

// The secrets run: calls whose every credential the server echoes back, with control
// characters, in its status line, its headers and its error bodies. Invariant: no
// secret and no raw control character in any error message or log line of any call,
// whatever the protocol and the log level, and no body in a line below LogFull.

// marker is in every secret of the run: a line holding it leaks (part of) a secret.
const marker = "ZQX"

// forgery is what the server appends to what it echoes: a forged log line, terminal
// escapes, a bidi override, a NUL and bytes that are not UTF-8.
const forgery = "\r\ntime=0 level=ERROR msg=forged\x1b[31m\x1b]0;title\x07\u202e\u2028\x00\xff\xfe"

// bodyMarker is in every body the server sends: a line below LogFull must not hold it.
const bodyMarker = "BODYMARK"

const urlPassword = marker + "urlpw" + marker

// vaultSecrets are the credentials of call n.
type vaultSecrets struct {
	token, refresh, bearer, apiKey, sid, session, proxyUser, proxyPassword, intercepted string
}

func secretsOf(n int) vaultSecrets {
	s := func(kind string) string { return marker + kind + strconv.Itoa(n) + marker }
	return vaultSecrets{
		token: s("tok"), refresh: s("ref"), bearer: s("bear"), apiKey: s("key"), sid: s("sid"),
		session: s("sess"), proxyUser: "proxy" + strconv.Itoa(n), proxyPassword: s("ppw"), intercepted: s("int"),
	}
}

func (v vaultSecrets) basic() string {
	return base64.StdEncoding.EncodeToString([]byte(v.proxyUser + ":" + v.proxyPassword))
}

// all is every secret value of the call, in every form a server may echo it.
func (v vaultSecrets) all() []string {
	return []string{v.token, v.refresh, v.bearer, v.apiKey, v.sid, v.session, v.proxyPassword, v.basic(), v.intercepted,
		urlPassword, base64.StdEncoding.EncodeToString([]byte("vault:" + urlPassword))}
}

// echoFault is how the server answers one attempt.
type echoFault uint8

const (
	echoOK           echoFault = iota
	echoUnauthorized           // 401, every credential in the body
	echoUnavailable            // 503, credentials in headers and body: retried
	echoThrottled              // 429, Retry-After 0: retried
	echoStatusLine             // HTTP/1.1 only: the credentials in the reason phrase
	echoBadHeader              // HTTP/1.1 only: a header net/http refuses, quoting it in its error
	nEchoFaults
)

// echoServer answers with the faults above and counts the attempts of every call.
type echoServer struct {
	*httptest.Server
	mu       sync.Mutex
	attempts map[string]int
}

func newEchoServer(t *testing.T, h2 bool) *echoServer {
	s := &echoServer{attempts: map[string]int{}}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	if h2 {
		s.EnableHTTP2 = true
		s.StartTLS()
	} else {
		s.Start()
	}
	t.Cleanup(s.Close)
	return s
}

func (s *echoServer) serve(w http.ResponseWriter, r *http.Request) {
	io.Copy(io.Discard, r.Body)
	id := r.Header.Get(faultserver.DefaultCallIDHeader)
	s.mu.Lock()
	s.attempts[id]++
	n := s.attempts[id]
	s.mu.Unlock()
	h := fnv.New32a()
	fmt.Fprintf(h, "%s/%d", id, n)
	fault := echoFault(h.Sum32() % uint32(nEchoFaults))
	if strings.HasSuffix(id, "5") {
		fault = echoBadHeader // to the last attempt: a call that ends with the transport's error
	}
	if r.ProtoMajor != 1 && (fault == echoStatusLine || fault == echoBadHeader) {
		fault = echoUnauthorized
	}

	user, password, _ := r.BasicAuth()
	echo := strings.Join([]string{
		r.Header.Get("Authorization"), r.Header.Get("Proxy-Authorization"), r.Header.Get("Cookie"),
		r.Header.Get("X-Api-Key"), r.Header.Get("X-Auth-Token"), r.URL.RawQuery, user, password,
	}, "|")
	body := `{"error":"bad credentials ` + echo + `","mark":"` + bodyMarker + `"}` + forgery
	switch fault {
	case echoOK:
		b, _ := json.Marshal(faultserver.Echo{CallID: id, Method: r.Method, Path: r.URL.EscapedPath()})
		w.Header().Set("Content-Type", "application/json")
		w.Write(b)
		return
	case echoStatusLine, echoBadHeader:
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		if fault == echoStatusLine {
			fmt.Fprintf(buf, "HTTP/1.1 400 Bad %s\x1b[2J\u202e\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", echo, len(body), body)
		} else {
			fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nX-Echo: %s\x1b[2J\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}", echo)
		}
		buf.Flush()
		return
	}
	// Headers can carry no CR, LF or ESC through net/http, but bytes that are not UTF-8
	// and a bidi override, yes.
	w.Header().Set("X-Echo", echo+"\u202e\xff")
	w.Header().Set("Www-Authenticate", `Bearer error="invalid_token", token="`+strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")+`"`)
	w.Header().Set("Set-Cookie", "session="+r.Header.Get("Cookie"))
	status := http.StatusUnauthorized
	switch fault {
	case echoUnavailable:
		status = http.StatusServiceUnavailable
	case echoThrottled:
		status = http.StatusTooManyRequests
		w.Header().Set("Retry-After", "0")
	}
	w.WriteHeader(status)
	io.WriteString(w, body)
}

// lineRecorder is a slog.Handler that keeps every line written raw, unquoted and
// unescaped, as console handlers write them: only the logger's own escaping stands
// between a server and the reader.
type lineRecorder struct {
	mu    *sync.Mutex
	lines *[]string
}

func (h lineRecorder) Enabled(context.Context, slog.Level) bool { return true }
func (h lineRecorder) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h lineRecorder) WithGroup(string) slog.Handler            { return h }

func (h lineRecorder) Handle(_ context.Context, r slog.Record) error {
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

// rawControl returns the first character of s that could forge a line or drive a
// terminal, and whether there is one.
func rawControl(s string) (string, bool) {
	if !utf8.ValidString(s) {
		return "invalid UTF-8", true
	}
	for _, r := range s {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == '\u2028' || r == '\u2029' {
			return fmt.Sprintf("%U", r), true
		}
	}
	return "", false
}

// TestSecretsChaos makes calls over HTTP/1.1 and HTTP/2 through clients logging at
// every level, against a server that echoes their credentials, and checks the
// invariant above for each call and each line, and that client and server count the
// same attempts.
func TestSecretsChaos(t *testing.T) {
	const callsPerProtocol = 120
	var violations []string
	violate := func(format string, args ...any) {
		if len(violations) < 20 {
			violations = append(violations, fmt.Sprintf(format, args...))
		}
	}
	outcomes := map[string]int{}
	for _, h2 := range []bool{false, true} {
		proto := map[bool]string{false: "HTTP/1.1", true: "HTTP/2"}[h2]
		srv := newEchoServer(t, h2)
		transport := srv.Client().Transport.(*http.Transport).Clone()
		t.Cleanup(transport.CloseIdleConnections)
		var sentMu sync.Mutex
		sent := map[string]int{}
		base := strings.Replace(srv.URL, "://", "://vault:"+urlPassword+"@", 1)

		levels := []runtime.LogLevel{runtime.LogBasic, runtime.LogHeaders, runtime.LogFull}
		clients := make([]Vault, len(levels))
		lines := make([][]string, len(levels))
		var linesMu sync.Mutex
		for i, level := range levels {
			var err error
			clients[i], err = NewVault(base,
				runtime.WithHTTPClient(&http.Client{Transport: transport}),
				runtime.WithRetryer(retryer.New(time.Millisecond, 2*time.Millisecond, 3)),
				runtime.WithRetryBudget(runtime.RetryBudget{}),
				runtime.WithLogger(slog.New(lineRecorder{&linesMu, &lines[i]}), level),
				runtime.WithRequestInterceptor(func(r *http.Request) error {
					id := r.Header.Get(faultserver.DefaultCallIDHeader)
					n, _ := strconv.Atoi(strings.TrimPrefix(id, "v"))
					r.Header.Set("X-Auth-Token", secretsOf(n).intercepted)
					sentMu.Lock()
					sent[id]++
					sentMu.Unlock()
					return nil
				}))
			if err != nil {
				t.Fatal(err)
			}
		}

		var wg sync.WaitGroup
		var mu sync.Mutex
		for n := range callsPerProtocol {
			wg.Go(func() {
				id := "v" + strconv.Itoa(n)
				v := secretsOf(n)
				client := clients[n%len(clients)]
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				var err error
				if n%2 == 0 {
					_, err = client.Get(ctx, id, v.token, v.refresh, v.bearer, v.apiKey)
				} else {
					_, err = client.Put(ctx, id, v.sid, v.session, v.basic(), Payload{Call: id, Data: "d"})
				}
				mu.Lock()
				defer mu.Unlock()
				where := proto + " " + id
				if err == nil {
					outcomes["ok"]++
					return
				}
				var httpErr *errordecoder.HTTPError
				texts := []string{err.Error(), fmt.Sprintf("%v", err), fmt.Sprintf("%+v", err)}
				if errors.As(err, &httpErr) {
					outcomes["http-"+strconv.Itoa(httpErr.StatusCode)]++
					texts = append(texts, httpErr.Error(), fmt.Sprintf("%#v", httpErr))
				} else {
					outcomes["transport"]++
				}
				for _, text := range texts {
					for _, secret := range append(v.all(), marker) {
						if strings.Contains(text, secret) {
							violate("%s: the error shows %q: %s", where, secret, text)
						}
					}
					if c, ok := rawControl(text); ok {
						violate("%s: the error holds %s: %q", where, c, text)
					}
				}
				var callErr *runtime.CallError
				if !errors.As(err, &callErr) {
					violate("%s: %T is no CallError", where, err)
				}
			})
		}
		wg.Wait()
		transport.CloseIdleConnections()

		srv.mu.Lock()
		for id, n := range sent {
			if srv.attempts[id] != n {
				violate("%s %s: the client sent %d attempts, the server got %d", proto, id, n, srv.attempts[id])
			}
		}
		if len(srv.attempts) != callsPerProtocol {
			violate("%s: the server saw %d calls, not %d", proto, len(srv.attempts), callsPerProtocol)
		}
		srv.mu.Unlock()

		linesMu.Lock()
		for i, level := range levels {
			if len(lines[i]) == 0 {
				violate("%s %v: no line logged", proto, level)
			}
			for _, line := range lines[i] {
				if strings.Contains(line, marker) {
					violate("%s %v: a line shows a secret: %s", proto, level, line)
				}
				for n := range callsPerProtocol {
					v := secretsOf(n)
					for _, secret := range []string{v.basic(), base64.StdEncoding.EncodeToString([]byte("vault:" + urlPassword))} {
						if strings.Contains(line, secret) {
							violate("%s %v: a line shows the Basic credentials %q: %s", proto, level, secret, line)
						}
					}
				}
				if c, ok := rawControl(line); ok {
					violate("%s %v: a line holds %s: %q", proto, level, c, line)
				}
				if level < runtime.LogFull && strings.Contains(line, bodyMarker) {
					violate("%s %v: a line shows a body: %s", proto, level, line)
				}
			}
		}
		linesMu.Unlock()
	}
	t.Logf("outcomes: %v", outcomes)
	for _, kind := range []string{"ok", "http-400", "http-401", "transport"} {
		if outcomes[kind] == 0 {
			violate("no call ended %s: the run proves too little", kind)
		}
	}
	if len(violations) > 0 {
		t.Errorf("invariants violated:\n%s", strings.Join(violations, "\n"))
	}
}
