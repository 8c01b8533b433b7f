package redact

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"":                    "",
		"plain text, zoë €":   "plain text, zoë €",
		`back\slash "quoted"`: `back\slash "quoted"`,
		"a\r\nb\tc":           `a\r\nb\tc`,
		"\x00\x07\x1b[31m":    `\x00\x07\x1b[31m`,
		"\x7f":                `\x7f`,
		"\u0085\u009b":        `\u0085\u009b`,
		"\xff\xc3":            `\xff\xc3`,
		"\u2028\u2029":        `\u2028\u2029`,
		"\u202eevil\u2066":    `\u202eevil\u2066`,
		"\u200e\u200f":        `\u200e\u200f`,
	} {
		assert.Equal(t, want, Escape(in), "%q", in)
	}
}

func TestScrub(t *testing.T) {
	for _, tt := range []struct {
		in      string
		secrets []string
		want    string
	}{
		{"bad token Bearer s3cr3t", []string{"Bearer s3cr3t", "s3cr3t"}, "bad token REDACTED"},
		{"s3cr3t and s3cr3t", []string{"s3cr3t"}, "REDACTED and REDACTED"},
		{"x abcdef y", []string{"cdef", "abcd"}, "x REDACTED y"},
		{"abcdabcd", []string{"abcd"}, "REDACTED"},
		{"nothing here", []string{"s3cr3t", ""}, "nothing here"},
		{"", []string{"s3cr3t"}, ""},
		{"s3cr3t", nil, "s3cr3t"},
	} {
		assert.Equal(t, tt.want, Scrub(tt.in, tt.secrets), "%q %q", tt.in, tt.secrets)
	}
}

func TestSecrets(t *testing.T) {
	u, err := url.Parse("https://alice:HUNTER22@h/p?token=a%2Bb%2Bc&page=2&code=1&sig=SIGVALUE")
	require.NoError(t, err)
	h := http.Header{
		"Authorization":       {"Bearer BEARERTOKEN1"},
		"Proxy-Authorization": {"Basic " + "YWxpY2U6UFJPWFlQQVNT"}, // alice:PROXYPASS
		"Cookie":              {`sid=COOKIEVAL1; theme="dark-mode"`},
		"X-Api-Key":           {"APIKEYVAL1"},
		"Accept":              {"application/json"},
	}
	got := Secrets(h, u)
	for _, want := range []string{
		"Bearer BEARERTOKEN1", "BEARERTOKEN1",
		"Basic YWxpY2U6UFJPWFlQQVNT", "YWxpY2U6UFJPWFlQQVNT", "alice:PROXYPASS", "PROXYPASS",
		`sid=COOKIEVAL1; theme="dark-mode"`, "COOKIEVAL1", "dark-mode",
		"APIKEYVAL1",
		"HUNTER22", "YWxpY2U6SFVOVEVSMjI=",
		"a%2Bb%2Bc", "a+b+c", "SIGVALUE",
	} {
		assert.Contains(t, got, want)
	}
	for _, not := range []string{"application/json", "1", "2", "alice", "Bearer", "Basic"} {
		assert.NotContains(t, got, not)
	}

	u, err = url.Parse("https://ghp_TOKENASUSER@h/")
	require.NoError(t, err)
	assert.Equal(t, []string{"ghp_TOKENASUSER", "Z2hwX1RPS0VOQVNVU0VSOg=="}, Secrets(nil, u), "a user name without password is a token")

	u, err = url.Parse("https://h/p?page=2")
	require.NoError(t, err)
	plain := http.Header{"Accept": {"*/*"}, "User-Agent": {"gofeign/1"}}
	assert.Nil(t, Secrets(plain, u))
	assert.Zero(t, testing.AllocsPerRun(100, func() { Secrets(plain, u) }), "nothing secret, nothing allocated")
}

func TestEscapeAndScrubAllocateNothingWhenClean(t *testing.T) {
	s := strings.Repeat("a clean line with zoë ", 10)
	secrets := []string{"s3cr3t", "BEARERTOKEN1"}
	assert.Zero(t, testing.AllocsPerRun(100, func() { Escape(s) }))
	assert.Zero(t, testing.AllocsPerRun(100, func() { Scrub(s, secrets) }))
}

// FuzzEscape checks that Escape leaves no control, separator or bidi character and no
// invalid UTF-8, that it changes nothing twice, and that it keeps every other character.
func FuzzEscape(f *testing.F) {
	for _, seed := range []string{"", "plain", "a\r\nb", "\x1b[31m", "\xff", "\u202e", "\u0085", `\x1b`, "\u2028"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Escape(s)
		if !utf8.ValidString(out) {
			t.Fatalf("Escape(%q) = %q is not UTF-8", s, out)
		}
		for _, r := range out {
			if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == '\u2028' || r == '\u2029' {
				t.Fatalf("Escape(%q) = %q holds %U", s, out, r)
			}
		}
		if again := Escape(out); again != out {
			t.Fatalf("Escape(%q) = %q, and again %q", s, out, again)
		}
		if unsafeAt(s) < 0 && out != s {
			t.Fatalf("Escape(%q) = %q changed a clean string", s, out)
		}
	})
}

// FuzzScrub checks Scrub against a plain model: every byte of s inside an occurrence
// of a secret is covered, and each run of covered bytes becomes one REDACTED.
func FuzzScrub(f *testing.F) {
	for _, seed := range [][3]string{{"bad token s3cr3t", "s3cr3t", "token s3"}, {"aaaa", "aa", "a"}, {"x", "", "y"}, {"abcdef", "abcd", "cdef"}} {
		f.Add(seed[0], seed[1], seed[2])
	}
	f.Fuzz(func(t *testing.T, s, a, b string) {
		covered := make([]bool, len(s))
		for _, secret := range []string{a, b} {
			for i := 0; secret != "" && i+len(secret) <= len(s); i++ {
				if s[i:i+len(secret)] == secret {
					for j := range len(secret) {
						covered[i+j] = true
					}
				}
			}
		}
		var want strings.Builder
		for i := 0; i < len(s); i++ {
			switch {
			case !covered[i]:
				want.WriteByte(s[i])
			case i == 0 || !covered[i-1]:
				want.WriteString(redacted)
			}
		}
		if got := Scrub(s, []string{a, b}); got != want.String() {
			t.Fatalf("Scrub(%q, %q, %q) = %q, want %q", s, a, b, got, want.String())
		}
	})
}
