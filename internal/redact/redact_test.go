package redact

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSecretQueryKey(t *testing.T) {
	tests := []struct {
		key  string
		want bool
	}{
		{"access_token", true},
		{"token", true},
		{"TOKEN", true},
		{"apiKey", true},
		{"APIKey", true},
		{"api_key", true},
		{"api%5Fkey", true},
		{"api+key", true},
		{"apikey", true},
		{"X-Amz-Signature", true},
		{"sig", true},
		{"client_secret", true},
		{"password", true},
		{"auth-code", true},
		{"code", true},
		{"oauth2Token", true},
		{"key2", true},
		{"design", false},
		{"monkey", false},
		{"zipcode", false},
		{"keyboard", false},
		{"tokenizer", false},
		{"page", false},
		{"q", false},
		{"", false},
		{"%zz", false},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			assert.Equal(t, tt.want, SecretQueryKey(tt.key))
		})
	}
}

func TestURLString(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"no query", "https://api.example.com/repos/a/b", "https://api.example.com/repos/a/b"},
		{"plain query kept", "https://h/p?b=2&a=1", "https://h/p?b=2&a=1"},
		{
			"order and encoding kept",
			"https://h/p?z=%20x&access_token=abc&a=1&apiKey=k&a=2",
			"https://h/p?z=%20x&access_token=REDACTED&a=1&apiKey=REDACTED&a=2",
		},
		{"encoded key", "https://h/?api%5Fkey=s3cr3t", "https://h/?api%5Fkey=REDACTED"},
		{"repeated key", "https://h/?token=a&token=b", "https://h/?token=REDACTED&token=REDACTED"},
		{"empty value kept", "https://h/?token=&x=1", "https://h/?token=&x=1"},
		{"key without value", "https://h/?token&x=1", "https://h/?token&x=1"},
		{"value with equals", "https://h/?sig=a=b==", "https://h/?sig=REDACTED"},
		{"password", "https://user:hunter2@h/p", "https://user:xxxxx@h/p"},
		{"user only", "https://user@h/p", "https://user@h/p"},
		{"fragment kept", "https://h/p?code=1#frag", "https://h/p?code=REDACTED#frag"},
		{"force query", "https://h/p?", "https://h/p?"},
		{"relative", "/p?X-Amz-Signature=deadbeef&X-Amz-Date=20260101", "/p?X-Amz-Signature=REDACTED&X-Amz-Date=20260101"},
		{"unparsable", "http://h:bad/p?token=s3cr3t&a=1", "http://h:bad/p?REDACTED"},
		{"unparsable password", "http://u:hunter2@h:bad/p", "http://u:xxxxx@h:bad/p"},
		{"unparsable no query", "http://[::1/p", "http://[::1/p"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, URLString(tt.in))
		})
	}
}

func TestURL(t *testing.T) {
	assert.Empty(t, URL(nil))

	u, err := url.Parse("https://user:hunter2@h/p?token=abc")
	require.NoError(t, err)
	assert.Equal(t, "https://user:xxxxx@h/p?token=REDACTED", URL(u))
	assert.Equal(t, "https://user:hunter2@h/p?token=abc", u.String(), "the caller's URL is not modified")
}

func TestHeader(t *testing.T) {
	h := http.Header{
		"Authorization":       {"Bearer s3cr3t"},
		"Proxy-Authorization": {"Basic Zm9vOmJhcg=="},
		"Cookie":              {"session=1", "theme=dark"},
		"Set-Cookie":          {"session=2"},
		"X-Api-Key":           {"k"},
		"authorization":       {"non-canonical"},
		"Accept":              {"application/json"},
	}
	got := Header(h)

	assert.Equal(t, http.Header{
		"Authorization":       {"REDACTED"},
		"Proxy-Authorization": {"REDACTED"},
		"Cookie":              {"REDACTED", "REDACTED"},
		"Set-Cookie":          {"REDACTED"},
		"X-Api-Key":           {"REDACTED"},
		"authorization":       {"REDACTED"},
		"Accept":              {"application/json"},
	}, got)
	assert.Equal(t, "Bearer s3cr3t", h.Get("Authorization"), "the caller's header is not modified")
	assert.Nil(t, Header(nil))
}

func FuzzURLString(f *testing.F) {
	for _, seed := range []string{
		"",
		"https://api.example.com/p",
		"https://h/p?a=1",
		"https://u:p@h/p?x=1&y=2",
		"http://h:bad/p",
		"mailto:someone@example.com",
		"/relative/path",
		"http://[::1]:8080/?",
		"https://h/p;x?",
		"%zz",
	} {
		f.Add(seed)
	}
	const secret = "Zq7SecretValue"
	f.Fuzz(func(t *testing.T, s string) {
		_ = URLString(s) // never panics

		if strings.Contains(s, secret) || strings.Contains(s, "#") {
			// A '#' would move the token into the fragment, which is not a query.
			return
		}
		// Append token=<secret> as a pair of its own, after the query's '?'.
		sep := "?"
		if strings.Contains(s, "?") {
			sep = "&"
		}
		in := s + sep + "token=" + secret
		out := URLString(in)
		if strings.Contains(out, secret) {
			t.Fatalf("URLString(%q) = %q leaks the token", in, out)
		}
	})
}
