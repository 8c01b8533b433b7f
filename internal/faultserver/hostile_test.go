package faultserver_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/internal/faultserver"
)

func TestHangNeverAnswers(t *testing.T) {
	for _, proto := range protocols {
		t.Run(proto.String(), func(t *testing.T) {
			s, c := start(t, proto, faultserver.Always(faultserver.Fault{Kind: faultserver.Hang}))
			ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			defer cancel()
			req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL+"/orders", strings.NewReader("work"))
			require.NoError(t, err)
			_, err = c.Do(req)
			require.ErrorIs(t, err, context.DeadlineExceeded)
			// No answer came: poll until the handler has seen the client leave.
			require.Eventually(t, func() bool { return len(s.Records()) == 1 }, 5*time.Second, time.Millisecond)
			records := s.Records()
			assert.Equal(t, faultserver.Hang, records[0].Fault.Kind)
			assert.True(t, records[0].Processed, "it read the request: it may have acted on it")
			assert.Zero(t, records[0].Status)
			// HTTP/2 keeps a connection with a cancelled stream busy until the server
			// acknowledges the reset: close it once it is idle.
			require.Eventually(t, func() bool {
				c.CloseIdleConnections()
				return s.Conns().Open() == 0
			}, 5*time.Second, time.Millisecond)
		})
	}
}

func TestTrickleHeaders(t *testing.T) {
	for _, proto := range protocols {
		t.Run(proto.String(), func(t *testing.T) {
			s, c := start(t, proto, faultserver.Always(faultserver.Fault{Kind: faultserver.TrickleHeaders, Delay: time.Millisecond}))
			begin := time.Now()
			resp, err := post(t, c, s.URL, "c1", "body")
			require.NoError(t, err)
			var echo faultserver.Echo
			require.NoError(t, json.NewDecoder(resp.Body).Decode(&echo))
			resp.Body.Close()
			assert.Equal(t, "c1", echo.CallID)
			assert.Greater(t, time.Since(begin), 100*time.Millisecond, "over a hundred header bytes, one a millisecond")
			require.Eventually(t, func() bool { return len(s.Records()) == 1 }, 5*time.Second, time.Millisecond)
			assert.Equal(t, http.StatusOK, only(t, s).Status)

			// A client bounding the wait for headers gives up.
			transport := s.Transport()
			defer transport.CloseIdleConnections()
			transport.ResponseHeaderTimeout = 20 * time.Millisecond
			_, err = post(t, &http.Client{Transport: transport}, s.URL, "c2", "body")
			require.Error(t, err)
			require.Eventually(t, func() bool { return len(s.Records()) == 2 }, 5*time.Second, time.Millisecond)
		})
	}
}

func TestTrickleBody(t *testing.T) {
	for _, proto := range protocols {
		t.Run(proto.String(), func(t *testing.T) {
			s, c := start(t, proto, faultserver.Always(faultserver.Fault{Kind: faultserver.TrickleBody, Delay: time.Millisecond}))
			begin := time.Now()
			resp, err := post(t, c, s.URL, "c1", "body")
			require.NoError(t, err)
			headers := time.Since(begin)
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			require.NoError(t, err)
			assert.Greater(t, time.Since(begin)-headers, time.Duration(len(body)-1)*time.Millisecond, "one byte a millisecond")
			var echo faultserver.Echo
			require.NoError(t, json.Unmarshal(body, &echo))
			assert.Equal(t, "c1", echo.CallID)
			require.Eventually(t, func() bool { return len(s.Records()) == 1 }, 5*time.Second, time.Millisecond)
			assert.EqualValues(t, len(body), only(t, s).BodyWritten)
		})
	}
}

func TestRedirectElsewhere(t *testing.T) {
	other := faultserver.New(nil, faultserver.Options{})
	defer other.Close()
	s, c := start(t, faultserver.HTTP1, faultserver.Always(faultserver.Fault{
		Kind: faultserver.RedirectElsewhere, Status: http.StatusTemporaryRedirect, Location: other.URL}))
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := post(t, c, s.URL, "c1", "body")
	require.NoError(t, err)
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusTemporaryRedirect, resp.StatusCode)
	assert.Equal(t, other.URL+"/orders?x=1", resp.Header.Get("Location"))
	rec := only(t, s)
	assert.False(t, rec.Processed)
	assert.Equal(t, faultserver.RedirectElsewhere, rec.Fault.Kind)
}

func TestRedirectLoop(t *testing.T) {
	s, c := start(t, faultserver.HTTP1, faultserver.Sequence(faultserver.Fault{Kind: faultserver.RedirectLoop}))
	req, err := http.NewRequest(http.MethodGet, s.URL+"/items/1?x=1", nil)
	require.NoError(t, err)
	req.Header.Set("X-Call-Id", "c1")
	_, err = c.Do(req)
	require.Error(t, err, "net/http stops after 10 redirects")
	records := s.Records()
	require.Len(t, records, 10)
	for i, rec := range records {
		assert.Equal(t, faultserver.RedirectLoop, rec.Fault.Kind)
		assert.Equal(t, "c1", rec.CallID)
		assert.False(t, rec.Processed)
		if i > 0 {
			assert.Equal(t, faultserver.LoopPath+"/items/1", rec.Path)
		}
	}
	// The loop drew one fault from the plan: the next request is answered normally.
	resp, err := post(t, c, s.URL, "c2", "body")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.False(t, errors.Is(err, context.Canceled))
}

func TestHostileKindsHaveNames(t *testing.T) {
	for kind, name := range map[faultserver.Kind]string{
		faultserver.Hang: "hang", faultserver.TrickleHeaders: "trickle-headers", faultserver.TrickleBody: "trickle-body",
		faultserver.RedirectElsewhere: "redirect-elsewhere", faultserver.RedirectLoop: "redirect-loop",
	} {
		assert.Equal(t, name, kind.String())
	}
}
