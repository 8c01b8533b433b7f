package faultserver_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/internal/faultserver"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var protocols = []faultserver.Protocol{faultserver.HTTP1, faultserver.H2C, faultserver.H2TLS}

// start runs a Server with plan and a client speaking its protocol; at the end of the
// test it proves the client left no connection open.
func start(t *testing.T, proto faultserver.Protocol, plan faultserver.Plan) (*faultserver.Server, *http.Client) {
	t.Helper()
	s := faultserver.New(plan, faultserver.Options{Protocol: proto})
	transport := s.Transport()
	t.Cleanup(func() {
		transport.CloseIdleConnections()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		counts, err := s.WaitConnsClosed(ctx)
		assert.NoError(t, err, "connections left open: %+v", counts)
		s.Close()
	})
	return s, &http.Client{Transport: transport}
}

func post(t *testing.T, c *http.Client, url, callID, body string) (*http.Response, error) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url+"/orders?x=1", strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("X-Call-Id", callID)
	return c.Do(req)
}

func only(t *testing.T, s *faultserver.Server) faultserver.Record {
	t.Helper()
	records := s.Records()
	require.Len(t, records, 1)
	return records[0]
}

func TestEveryKindOnEveryProtocol(t *testing.T) {
	const body = `{"order":42}`
	sum := sha256.Sum256([]byte(body))
	for _, proto := range protocols {
		wantProto := "HTTP/2.0"
		if proto == faultserver.HTTP1 {
			wantProto = "HTTP/1.1"
		}
		t.Run(proto.String(), func(t *testing.T) {
			t.Run("none", func(t *testing.T) {
				s, c := start(t, proto, nil)
				resp, err := post(t, c, s.URL, "c1", body)
				require.NoError(t, err)
				defer resp.Body.Close()
				var echo faultserver.Echo
				require.NoError(t, json.NewDecoder(resp.Body).Decode(&echo))
				assert.Equal(t, faultserver.Echo{CallID: "c1", Method: "POST", Path: "/orders", Query: "x=1",
					SHA256: hex.EncodeToString(sum[:])}, echo)
				rec := only(t, s)
				assert.Equal(t, wantProto, rec.Proto)
				assert.Equal(t, "c1", rec.CallID)
				assert.Equal(t, sum, rec.BodySHA256)
				assert.True(t, rec.BodyRead)
				assert.True(t, rec.Processed)
				assert.Equal(t, http.StatusOK, rec.Status)
			})
			t.Run("reset before response", func(t *testing.T) {
				s, c := start(t, proto, faultserver.Always(faultserver.Fault{Kind: faultserver.ResetBeforeResponse}))
				resp, err := post(t, c, s.URL, "c1", body)
				if err == nil {
					resp.Body.Close()
				}
				require.Error(t, err)
				rec := only(t, s)
				assert.False(t, rec.BodyRead)
				assert.False(t, rec.Processed)
				assert.Zero(t, rec.Status)
			})
			t.Run("reset after read", func(t *testing.T) {
				s, c := start(t, proto, faultserver.Always(faultserver.Fault{Kind: faultserver.ResetAfterRead}))
				resp, err := post(t, c, s.URL, "c1", body)
				if err == nil {
					resp.Body.Close()
				}
				require.Error(t, err)
				rec := only(t, s)
				assert.True(t, rec.BodyRead)
				assert.Equal(t, sum, rec.BodySHA256)
				assert.True(t, rec.Processed)
			})
			t.Run("truncated body", func(t *testing.T) {
				s, c := start(t, proto, faultserver.Always(faultserver.Fault{Kind: faultserver.TruncatedBody}))
				resp, err := post(t, c, s.URL, "c1", body)
				require.NoError(t, err)
				defer resp.Body.Close()
				assert.Equal(t, http.StatusOK, resp.StatusCode)
				got, err := io.ReadAll(resp.Body)
				require.Error(t, err)
				assert.Less(t, int64(len(got)), resp.ContentLength)
				assert.True(t, only(t, s).Processed)
			})
			for _, kind := range []faultserver.Kind{faultserver.SlowHeaders, faultserver.SlowBody} {
				t.Run(kind.String(), func(t *testing.T) {
					const delay = 30 * time.Millisecond
					s, c := start(t, proto, faultserver.Always(faultserver.Fault{Kind: kind, Delay: delay}))
					begin := time.Now()
					resp, err := post(t, c, s.URL, "c1", body)
					require.NoError(t, err)
					defer resp.Body.Close()
					_, err = io.ReadAll(resp.Body)
					require.NoError(t, err)
					assert.GreaterOrEqual(t, time.Since(begin), delay)
				})
			}
			t.Run("slow headers stop when the client leaves", func(t *testing.T) {
				s, c := start(t, proto, faultserver.Always(faultserver.Fault{Kind: faultserver.SlowHeaders, Delay: time.Minute}))
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
				defer cancel()
				req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/x", nil)
				require.NoError(t, err)
				_, err = c.Do(req)
				require.ErrorIs(t, err, context.DeadlineExceeded)
				s.Close() // waits for the handler, if it started, which must not wait its minute
				for _, rec := range s.Records() {
					assert.Zero(t, rec.Status)
				}
			})
			t.Run("429 with each Retry-After form", func(t *testing.T) {
				forms := []faultserver.RetryAfterForm{faultserver.Seconds, faultserver.IMFFixdate,
					faultserver.RFC850, faultserver.Asctime, faultserver.PastDate}
				var faults []faultserver.Fault
				for _, form := range forms {
					faults = append(faults, faultserver.Fault{Kind: faultserver.TooManyRequests, RetryAfter: form, Seconds: 2})
				}
				s, c := start(t, proto, faultserver.Sequence(faults...))
				for i := range forms {
					before := time.Now()
					resp, err := post(t, c, s.URL, strconv.Itoa(i), body)
					require.NoError(t, err)
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					assert.Equal(t, http.StatusTooManyRequests, resp.StatusCode)
					at, ok := errordecoder.ParseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
					require.True(t, ok, "form %d: %q", i, resp.Header.Get("Retry-After"))
					rec := s.Records()[i]
					assert.False(t, rec.Processed)
					assert.Equal(t, resp.Header.Get("Retry-After"), rec.RetryAfter)
					if forms[i] == faultserver.PastDate {
						assert.True(t, rec.NotBefore.Before(before))
						continue
					}
					// The server's instant is the earliest the client can compute.
					assert.False(t, at.Before(rec.NotBefore), "form %d", i)
					assert.WithinDuration(t, before.Add(2*time.Second), rec.NotBefore, time.Second)
				}
			})
			t.Run("5xx", func(t *testing.T) {
				statuses := []int{500, 502, 503, 504}
				var faults []faultserver.Fault
				for _, code := range statuses {
					faults = append(faults, faultserver.Fault{Kind: faultserver.ServerError, Status: code})
				}
				s, c := start(t, proto, faultserver.Sequence(faults...))
				for _, code := range statuses {
					resp, err := post(t, c, s.URL, "c", body)
					require.NoError(t, err)
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					assert.Equal(t, code, resp.StatusCode)
				}
				for i, rec := range s.Records() {
					assert.Equal(t, statuses[i] != 503, rec.Processed, "status %d", statuses[i])
				}
			})
			t.Run("goaway", func(t *testing.T) {
				s, c := start(t, proto, faultserver.Sequence(faultserver.Fault{Kind: faultserver.GoAway}))
				for range 2 {
					resp, err := post(t, c, s.URL, "c", body)
					require.NoError(t, err)
					_, err = io.Copy(io.Discard, resp.Body)
					require.NoError(t, err)
					resp.Body.Close()
					assert.Equal(t, http.StatusOK, resp.StatusCode)
				}
				// The first connection was told to go away: the second request needed
				// a new one. An HTTP/2 transport may open one more, when its
				// connection pool sees the GOAWAY while it is dialing (under load).
				assert.GreaterOrEqual(t, s.Conns().New, 2)
				assert.LessOrEqual(t, s.Conns().New, 3)
			})
			t.Run("huge error body", func(t *testing.T) {
				const size = 3<<20 + 17
				s, c := start(t, proto, faultserver.Always(faultserver.Fault{Kind: faultserver.HugeErrorBody, BodyBytes: size}))
				resp, err := post(t, c, s.URL, "c", body)
				require.NoError(t, err)
				n, err := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				require.NoError(t, err)
				assert.Equal(t, http.StatusInternalServerError, resp.StatusCode)
				assert.Equal(t, int64(size), n)
				assert.Equal(t, int64(size), only(t, s).BodyWritten)
			})
			t.Run("absurd Retry-After", func(t *testing.T) {
				var faults []faultserver.Fault
				for _, v := range faultserver.AbsurdRetryAfters {
					faults = append(faults, faultserver.Fault{Kind: faultserver.AbsurdRetryAfter, RawRetryAfter: v})
				}
				s, c := start(t, proto, faultserver.Sequence(faults...))
				for _, v := range faultserver.AbsurdRetryAfters {
					resp, err := post(t, c, s.URL, "c", body)
					require.NoError(t, err)
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
					assert.Equal(t, v, resp.Header.Get("Retry-After"))
				}
			})
		})
	}
}

func TestLeakedBodyKeepsItsConnectionOpen(t *testing.T) {
	for _, proto := range protocols {
		t.Run(proto.String(), func(t *testing.T) {
			// A body still arriving: HTTP/2 forgets a stream whose body has all come,
			// read or not, so only an unfinished body holds an HTTP/2 connection.
			s := faultserver.New(faultserver.Always(faultserver.Fault{Kind: faultserver.SlowBody, Delay: time.Minute}),
				faultserver.Options{Protocol: proto})
			defer s.Close()
			transport := s.Transport()
			c := &http.Client{Transport: transport}
			resp, err := c.Get(s.URL + "/leak")
			require.NoError(t, err)
			transport.CloseIdleConnections()

			ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			defer cancel()
			counts, err := s.WaitConnsClosed(ctx)
			require.ErrorIs(t, err, context.DeadlineExceeded)
			assert.Equal(t, 1, counts.Open(), "%+v", counts)

			resp.Body.Close()
			transport.CloseIdleConnections()
			counts, err = s.WaitConnsClosed(context.Background())
			require.NoError(t, err)
			assert.Equal(t, 1, counts.New)
			assert.Equal(t, 1, counts.Closed)
		})
	}
}

func TestRefusedURL(t *testing.T) {
	url, err := faultserver.RefusedURL()
	require.NoError(t, err)
	_, err = http.Get(url + "/x")
	assert.True(t, errors.Is(err, syscall.ECONNREFUSED), "%v", err)
}

func TestPlanIsDeterministic(t *testing.T) {
	params := faultserver.Params{MaxBurst: 4}
	params.Weights = map[faultserver.Kind]int{}
	for _, k := range faultserver.Kinds() {
		params.Weights[k] = 1
	}
	draw := func(seed uint64) []faultserver.Fault {
		plan := faultserver.NewPlan(seed, params)
		faults := make([]faultserver.Fault, 2000)
		for i := range faults {
			faults[i] = plan.Next()
		}
		return faults
	}
	a, b, other := draw(7), draw(7), draw(8)
	assert.Equal(t, a, b)
	assert.NotEqual(t, a, other)

	seen := map[faultserver.Kind]int{}
	longest, run := 0, 0
	for i, f := range a {
		seen[f.Kind]++
		if i > 0 && f == a[i-1] && (f.Kind == faultserver.ServerError || f.Kind == faultserver.TooManyRequests) {
			run++
		} else {
			run = 1
		}
		longest = max(longest, run)
		switch f.Kind {
		case faultserver.SlowHeaders, faultserver.SlowBody:
			assert.True(t, 10*time.Millisecond <= f.Delay && f.Delay <= 20*time.Millisecond, "%v", f.Delay)
		case faultserver.ServerError:
			assert.Contains(t, []int{500, 502, 503, 504}, f.Status)
		case faultserver.TooManyRequests:
			assert.LessOrEqual(t, f.Seconds, 1)
		}
	}
	assert.Len(t, seen, len(faultserver.Kinds()), "every kind drawn")
	assert.GreaterOrEqual(t, longest, 2, "bursts happen")
}

func TestPlanKeepsToItsWeights(t *testing.T) {
	plan := faultserver.NewPlan(1, faultserver.Params{Weights: map[faultserver.Kind]int{
		faultserver.None: 3, faultserver.GoAway: 1,
	}})
	counts := map[faultserver.Kind]int{}
	for range 4000 {
		counts[plan.Next().Kind]++
	}
	assert.Len(t, counts, 2)
	assert.InDelta(t, 3000, counts[faultserver.None], 150)
}

func TestKindNames(t *testing.T) {
	names := map[string]bool{}
	for _, k := range faultserver.Kinds() {
		names[k.String()] = true
	}
	assert.Len(t, names, len(faultserver.Kinds()))
	assert.Equal(t, "Kind(200)", faultserver.Kind(200).String())
}
