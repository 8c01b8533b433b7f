package runtime_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/runtime"
)

func TestEscapeLeavesOnlyUnreservedAndPercent(t *testing.T) {
	for in, want := range map[string]string{
		"":             "",
		"plain-._~09":  "plain-._~09",
		"a b&c=d#e+f":  "a%20b%26c%3Dd%23e%2Bf",
		"x/y?z":        "x%2Fy%3Fz",
		"é":            "%C3%A9",
		"100%":         "100%25",
		"line\r\nnext": "line%0D%0Anext",
	} {
		assert.Equal(t, want, runtime.Escape(in), "Escape(%q)", in)
	}
}

func TestJoinFormatsAndSeparatesWithCommas(t *testing.T) {
	assert.Equal(t, "", runtime.Join([]int(nil), strconv.Itoa))
	assert.Equal(t, "7", runtime.Join([]int{7}, strconv.Itoa))
	assert.Equal(t, "1,2,3", runtime.Join([]int{1, 2, 3}, strconv.Itoa))
}

func TestDecodeReturnsTheZeroValueOnError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/bad" {
			w.Write([]byte(`{"name": "half`)) // truncated JSON
			return
		}
		w.Write([]byte(`{"name": "whole"}`))
	}))
	defer srv.Close()
	client, err := runtime.New(srv.URL)
	require.NoError(t, err)
	type item struct{ Name string }
	endpoint := &runtime.Endpoint{MethodKey: "Items#Get", Method: http.MethodGet}

	call := client.NewCall(context.Background(), endpoint)
	call.Path("/good")
	got, err := runtime.Decode[*item](call)
	require.NoError(t, err)
	assert.Equal(t, &item{Name: "whole"}, got)

	call = client.NewCall(context.Background(), endpoint)
	call.Path("/bad")
	got, err = runtime.Decode[*item](call)
	require.Error(t, err)
	assert.Nil(t, got, "never a half-decoded value")
}
