package runtime

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// seenRequest is what a server saw of one request.
type seenRequest struct {
	Method, URI, Host, Body string
	Header                  http.Header
}

// redirectServer answers /to/{status}?loc=L, for a number status, with that status and Location L (none when
// loc is absent), /loop/{n} with a 302 to /loop/{n+1}, and anything else with 200 and
// the request's method; it records every request.
type redirectServer struct {
	mu   sync.Mutex
	seen []seenRequest
}

func (s *redirectServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	header := r.Header.Clone()
	s.mu.Lock()
	s.seen = append(s.seen, seenRequest{Method: r.Method, URI: r.RequestURI, Host: r.Host, Body: string(body), Header: header})
	s.mu.Unlock()
	status, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/to/"))
	switch {
	case err == nil:
		if loc, ok := r.URL.Query()["loc"]; ok {
			w.Header()["Location"] = loc // as given, even when malformed
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, "redirect body")
	case strings.HasPrefix(r.URL.Path, "/loop/"):
		n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/loop/"))
		http.Redirect(w, r, "/loop/"+strconv.Itoa(n+1), http.StatusFound)
	default:
		_, _ = io.WriteString(w, "final "+r.Method)
	}
}

func (s *redirectServer) take() []seenRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	seen := s.seen
	s.seen = nil
	return seen
}

// outcome is everything a caller can see of a sent request, and what the server saw.
type outcome struct {
	Status   int
	Body     string
	Err      string
	WithResp bool // a response came with the error
	Seen     []seenRequest
}

// TestFollowDoesWhatClientDoDoes sends the same requests through http.Client.Do (with
// the runtime's CheckRedirect) and through follow, which the runtime uses instead for
// its own client, and requires the same outcome: the same requests on the server, the
// same answer, the same error.
func TestFollowDoesWhatClientDoDoes(t *testing.T) {
	server := &redirectServer{}
	ts := httptest.NewServer(server)
	defer ts.Close()
	transport := &http.Transport{}
	defer transport.CloseIdleConnections()

	type body int
	const (
		noBody body = iota
		replayable
		oneShot
	)
	locations := map[string]string{
		"relative":     "/final?x=1",
		"absolute":     ts.URL + "/final",
		"reference":    "final#frag",
		"none":         "",
		"malformed":    "http://[::1",
		"chain":        "/to/307?loc=/to/303%3Floc%3D/end",
		"userinfo":     strings.Replace(ts.URL, "http://", "http://user:pass@", 1) + "/final",
		"otherorigin":  "http://localhost:" + ts.URL[strings.LastIndexByte(ts.URL, ':')+1:] + "/final",
		"explicitHost": "/final",
	}
	statuses := []int{301, 302, 303, 307, 308, 300, 304}
	methods := []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodDelete}
	checks := map[string]func(c *Client) func(*http.Request, []*http.Request) error{
		"runtime": func(c *Client) func(*http.Request, []*http.Request) error { return c.checkRedirect },
		"useLastResponse": func(*Client) func(*http.Request, []*http.Request) error {
			return func(_ *http.Request, via []*http.Request) error {
				if len(via) > 1 {
					return http.ErrUseLastResponse
				}
				return nil
			}
		},
		"refuse": func(*Client) func(*http.Request, []*http.Request) error {
			return func(*http.Request, []*http.Request) error { return errors.New("no redirects here") }
		},
	}
	for _, config := range []struct {
		check      string
		withBodies bool
	}{{"runtime", false}, {"runtime", true}, {"useLastResponse", false}, {"refuse", false}} {
		withBodies := config.withBodies
		c := &Client{redirectBodies: withBodies, transport: transport}
		c.redirectCheck = checks[config.check](c)
		viaDo := &http.Client{Transport: transport, CheckRedirect: c.redirectCheck}
		for _, status := range statuses {
			for _, method := range methods {
				for _, b := range []body{noBody, replayable, oneShot} {
					for name, loc := range locations {
						target := ts.URL + "/to/" + strconv.Itoa(status)
						if name != "none" {
							target += "?loc=" + url.QueryEscape(loc)
						}
						request := func() *http.Request {
							var reader io.Reader
							if b != noBody {
								reader = strings.NewReader("payload")
							}
							req, err := http.NewRequest(method, target, reader)
							require.NoError(t, err)
							if b == oneShot {
								req.GetBody = nil
							}
							req.Header.Set("Authorization", "Bearer s3cret")
							req.Header.Set("Accept", "application/json")
							if reader != nil {
								req.Header.Set("Content-Type", "text/plain")
							}
							if name == "explicitHost" {
								req.Host = "api.example"
							}
							return req
						}
						run := func(send func(*http.Request) (*http.Response, error)) outcome {
							resp, err := send(request())
							var o outcome
							if err != nil {
								o.Err, o.WithResp = err.Error(), resp != nil
							}
							if resp != nil {
								data, _ := io.ReadAll(resp.Body)
								_ = resp.Body.Close()
								o.Status, o.Body = resp.StatusCode, string(data)
							}
							o.Seen = server.take()
							return o
						}
						want := run(viaDo.Do)
						got := run(c.follow)
						assert.Equal(t, want, got, "%d %s body %d, Location %s, CheckRedirect %s, WithRedirectBodies %v", status, method, b, name, config.check, withBodies)
					}
				}
			}
		}
	}
	t.Run("loop", func(t *testing.T) {
		c := &Client{transport: transport}
		c.redirectCheck = c.checkRedirect
		viaDo := &http.Client{Transport: transport, CheckRedirect: c.checkRedirect}
		for _, send := range []func(*http.Request) (*http.Response, error){viaDo.Do, c.follow} {
			req, err := http.NewRequest(http.MethodGet, ts.URL+"/loop/0", nil)
			require.NoError(t, err)
			resp, err := send(req)
			require.ErrorIs(t, err, ErrTooManyRedirects)
			require.NotNil(t, resp)
			_ = resp.Body.Close()
			seen := server.take()
			uris := make([]string, len(seen))
			for i, r := range seen {
				uris[i] = r.URI
			}
			wantURIs := make([]string, maxRedirects) // the first request and 9 hops; the 10th is refused
			for i := range wantURIs {
				wantURIs[i] = "/loop/" + strconv.Itoa(i)
			}
			assert.Equal(t, wantURIs, uris)
			assert.Equal(t, fmt.Sprintf(`Get "/loop/%d": %v`, maxRedirects, ErrTooManyRedirects), err.Error())
		}
	})
}

// TestFollowTransportFailures: what a RoundTripper gets wrong, follow turns into what
// http.Client.Do returns.
func TestFollowTransportFailures(t *testing.T) {
	nothing := roundTripFunc(func(*http.Request) (*http.Response, error) { return nil, nil })
	noBody := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Request: r}, nil
	})
	for name, rt := range map[string]http.RoundTripper{"nil response": nothing, "nil body": noBody} {
		t.Run(name, func(t *testing.T) {
			c := &Client{transport: rt}
			c.redirectCheck = c.checkRedirect
			viaDo := &http.Client{Transport: rt, CheckRedirect: c.checkRedirect}
			var results [2]string
			for i, send := range []func(*http.Request) (*http.Response, error){viaDo.Do, c.follow} {
				req, err := http.NewRequest(http.MethodPost, "http://u:p@api.example/x", nil)
				require.NoError(t, err)
				resp, err := send(req)
				if err != nil {
					results[i] = err.Error()
					continue
				}
				require.NotNil(t, resp.Body, "a response always has a body")
				data, err := io.ReadAll(resp.Body)
				require.NoError(t, err)
				results[i] = fmt.Sprintf("%d %q", resp.StatusCode, data)
			}
			assert.Equal(t, results[0], results[1])
		})
	}
}

// TestFollowSendsUserinfoAsBasicCredentials, as http.Client does, and leaves the
// caller's request as it was.
func TestFollowSendsUserinfoAsBasicCredentials(t *testing.T) {
	var got []string
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		got = append(got, r.Header.Get("Authorization"))
		return &http.Response{StatusCode: http.StatusNoContent, Body: http.NoBody, Request: r}, nil
	})
	c := &Client{transport: rt}
	c.redirectCheck = c.checkRedirect
	for _, explicit := range []string{"", "Bearer t0ken"} {
		req, err := http.NewRequest(http.MethodGet, "http://user:pa%20ss@api.example/x", nil)
		require.NoError(t, err)
		if explicit != "" {
			req.Header.Set("Authorization", explicit)
		}
		before := req.Header.Clone()
		resp, err := c.follow(req)
		require.NoError(t, err)
		_ = resp.Body.Close()
		assert.Equal(t, before, req.Header, "the caller's request is not changed")
	}
	assert.Equal(t, []string{"Basic dXNlcjpwYSBzcw==", "Bearer t0ken"}, got) // base64("user:pa ss")
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestIsDomainOrSubdomain(t *testing.T) {
	for _, tc := range []struct {
		sub, parent string
		want        bool
	}{
		{"example.com", "example.com", true},
		{"api.example.com", "example.com", true},
		{"badexample.com", "example.com", false},
		{"example.com", "api.example.com", false},
		{"::1%.example.com", "example.com", false},
		{"127.0.0.1", "127.0.0.1", true},
		{"x.bücher.de", "bücher.de", false},
		{"", "example.com", false},
	} {
		assert.Equal(t, tc.want, isDomainOrSubdomain(tc.sub, tc.parent), "%q of %q", tc.sub, tc.parent)
	}
}
