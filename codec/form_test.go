package codec

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type signup struct {
	Name   string    `form:"name"`
	Email  string    `form:"email,omitempty"`
	Age    int       `form:"age"`
	Tags   []string  `form:"tag"`
	Nick   *string   `form:"nick"`
	When   time.Time `form:"when,omitempty"`
	Hidden string    `form:"-"`
	Plain  bool
}

func TestFormEncode(t *testing.T) {
	nick := "a&b"
	for _, c := range []struct {
		in   any
		want string
	}{
		{url.Values{"b": {"2"}, "a": {"1", "x=y"}}, "a=1&a=x%3Dy&b=2"},
		{map[string]string{"z": "&", "a": " "}, "a=+&z=%26"},
		{map[string][]string{"k": {"1", "2"}}, "k=1&k=2"},
		{signup{Name: "Ann", Age: 3, Tags: []string{"x", "y"}, Hidden: "h"}, "Plain=false&age=3&name=Ann&tag=x&tag=y"},
		{&signup{Name: "Bo", Nick: &nick, When: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), Plain: true}, "Plain=true&age=0&name=Bo&nick=a%26b&when=2026-01-02T00%3A00%3A00Z"},
	} {
		h := http.Header{}
		b, err := Form{}.Encode(c.in, h)
		require.NoError(t, err)
		assert.Equal(t, c.want, string(b), "%#v", c.in)
		assert.Equal(t, "application/x-www-form-urlencoded", h.Get("Content-Type"))
	}
	_, err := Form{}.Encode(42, http.Header{})
	var unsupported *UnsupportedTypeError
	require.ErrorAs(t, err, &unsupported)
	h := http.Header{"Content-Type": {"application/x-www-form-urlencoded; charset=utf-8"}}
	_, err = Form{}.Encode(url.Values{}, h)
	require.NoError(t, err)
	assert.Equal(t, "application/x-www-form-urlencoded; charset=utf-8", h.Get("Content-Type"), "a declared Content-Type wins")
}

func formResponse(body string) *http.Response {
	return &http.Response{Body: io.NopCloser(strings.NewReader(body))}
}

func TestFormDecode(t *testing.T) {
	var values url.Values
	require.NoError(t, Form{}.Decode(formResponse("a=1&a=2&b=x%26y"), &values))
	assert.Equal(t, url.Values{"a": {"1", "2"}, "b": {"x&y"}}, values)

	var m map[string]string
	require.NoError(t, Form{}.Decode(formResponse("a=1&a=2"), &m))
	assert.Equal(t, map[string]string{"a": "1"}, m)

	var s signup
	require.NoError(t, Form{}.Decode(formResponse("name=Ann&age=7&tag=x&tag=y&nick=n&when=2026-01-02T00:00:00Z&Plain=true&-=h"), &s))
	nick := "n"
	assert.Equal(t, signup{Name: "Ann", Age: 7, Tags: []string{"x", "y"}, Nick: &nick, When: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), Plain: true}, s)

	require.Error(t, Form{}.Decode(formResponse("age=old"), &s))
	var unsupported *UnsupportedTypeError
	require.ErrorAs(t, Form{}.Decode(formResponse(""), new(int)), &unsupported)
}
