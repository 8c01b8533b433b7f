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
		{"api_Key", true},                                 // the Kelvin sign folds onto k
		{"SESSIONTOKEN", true},                            // a compound, in capitals
		{"refreshtokens", false},                          // longer than every secret word
		{"supercalifragilisticexpialidociousness", false}, // longer than the lower-casing buffer
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
		{"auth", true},
		{"jwt", true},
		{"session", true},
		{"sessionid", true},
		{"sessionId", true},
		{"JSESSIONID", true},
		{"PHPSESSID", true},
		{"sid", true},
		{"pwd", true},
		{"pass", true},
		{"user_pass", true},
		{"bearer", true},
		{"credential", true},
		{"credentials", true},
		{"otp", true},
		{"hmac", true},
		{"x-hmac-sha256", true},
		{"refreshToken", true},
		{"refreshtoken", true},
		{"refresh_token", true},
		{"clientSecret", true},
		{"clientsecret", true},
		{"sessionToken", true},
		{"userPassword", true},
		{"userpassword", true},
		{"access_token", true},
		{"api-key", true},
		{"auth.token", true},
		{"X-Jwt-Assertion", true},
		{"X-Goog-Iap-Jwt-Assertion", true},
		{"design", false},
		{"monkey", false},
		{"zipcode", false},
		{"keyboard", false},
		{"tokenizer", false},
		{"passenger", false},
		{"passive", false},
		{"bypass", false},
		{"side", false},
		{"inside", false},
		{"sidebar", false},
		{"author", false},
		{"authors", false},
		{"sessions_count", false}, // "sessions" is not "session": whole words only
		{"otplib", false},
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

// SecretQueryKey runs on every URL of every error and log line: it stays free of
// allocations for keys without percent-escapes, however many words it knows.
func TestSecretQueryKeyAllocatesNothing(t *testing.T) {
	for _, key := range append(fuzzKeys, "page", "passenger", "X-Request-Id", "sessions_count") {
		assert.Zero(t, testing.AllocsPerRun(100, func() { SecretQueryKey(key) }), key)
	}
	assert.Zero(t, testing.AllocsPerRun(100, func() { query("page=2&side=left&q=go") }))
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
		{"user only is a token", "https://user@h/p", "https://xxxxx@h/p"},
		{"token as user name", "https://ghp_T0KEN@github.com/o/r.git", "https://xxxxx@github.com/o/r.git"},
		{"empty user", "https://@h/p", "https://@h/p"},
		{"unparsable token as user name", "http://ghp_T0KEN@h:bad/p", "http://xxxxx@h:bad/p"},
		{"new keys", "https://h/p?refreshToken=r1&sid=s1&side=left&pass=p1&passenger=2&x_jwt=j1",
			"https://h/p?refreshToken=REDACTED&sid=REDACTED&side=left&pass=REDACTED&passenger=2&x_jwt=REDACTED"},
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

	h["X-Forwarded-Authorization"] = []string{"Bearer fwd"}
	h["Authentication-Info"] = []string{`nextnonce="n1"`}
	h["X-Goog-Iap-Jwt-Assertion"] = []string{"eyJ"}
	h["X-Session-Id"] = []string{"s1"}
	h["X-Passenger-Count"] = []string{"3"}
	got = Header(h)
	assert.Equal(t, http.Header{
		"X-Forwarded-Authorization": {"REDACTED"},
		"Authentication-Info":       {"REDACTED"},
		"X-Goog-Iap-Jwt-Assertion":  {"REDACTED"},
		"X-Session-Id":              {"REDACTED"},
		"X-Passenger-Count":         {"3"},
		"Authorization":             {"REDACTED"},
		"Proxy-Authorization":       {"REDACTED"},
		"Cookie":                    {"REDACTED", "REDACTED"},
		"Set-Cookie":                {"REDACTED"},
		"X-Api-Key":                 {"REDACTED"},
		"authorization":             {"REDACTED"},
		"Accept":                    {"application/json"},
	}, got)
	assert.Equal(t, "Bearer s3cr3t", h.Get("Authorization"), "the caller's header is not modified")
	assert.Nil(t, Header(nil))
}

// fuzzKeys are secret query keys of every kind SecretQueryKey knows: words, camelCase,
// snake and kebab compounds, compounds written as one word.
var fuzzKeys = []string{
	"token", "access_token", "apiKey", "api-key", "X-Amz-Signature", "refreshToken",
	"clientsecret", "sessionId", "sid", "pass", "pwd", "jwt", "otp", "hmac", "bearer",
	"credential", "auth.code", "JSESSIONID",
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
		"https://ghp_T0KEN@github.com/o/r",
		"https://h/p?refreshToken=a&side=b&passenger=c",
	} {
		f.Add(seed)
	}
	const secret = "Zq7SecretValue"
	f.Fuzz(func(t *testing.T, s string) {
		out := URLString(s) // never panics
		if u, err := url.Parse(s); err == nil && u.User != nil && u.User.Username() != "" {
			if o, err := url.Parse(out); err == nil && o.User != nil {
				_, hasPassword := u.User.Password()
				if gotPassword, _ := o.User.Password(); hasPassword && gotPassword != "xxxxx" || !hasPassword && o.User.Username() != "xxxxx" {
					t.Fatalf("URLString(%q) = %q keeps the credential of its userinfo", s, out)
				}
			}
		}

		if strings.Contains(s, secret) || strings.Contains(s, "#") {
			// A '#' would move the token into the fragment, which is not a query.
			return
		}
		// Append token=<secret> as a pair of its own, after the query's '?'.
		sep := "?"
		if strings.Contains(s, "?") {
			sep = "&"
		}
		key := fuzzKeys[len(s)%len(fuzzKeys)] // a key of each kind, as the input varies
		in := s + sep + key + "=" + secret
		out = URLString(in)
		if strings.Contains(out, secret) {
			t.Fatalf("URLString(%q) = %q leaks the value of %s", in, out, key)
		}
	})
}
