package redact

import (
	"net/url"
	"strings"
	"unicode"
)

// secretWords are the words that make a query key secret wherever they appear in it:
// access_token, apiKey, X-Amz-Signature, client_secret, auth-code.
var secretWords = map[string]bool{
	"token":     true,
	"key":       true,
	"secret":    true,
	"password":  true,
	"signature": true,
	"sig":       true,
	"code":      true,
	// Common keys written as one lower-case word, which word splitting cannot see into.
	"apikey":      true,
	"apitoken":    true,
	"accesstoken": true,
	"authtoken":   true,
	"passwd":      true,
}

// SecretQueryKey reports whether a query key names a secret. The key is percent-decoded,
// split into words at every character that is not a letter or a digit, between a letter
// and a digit, and at camelCase boundaries ("apiKey", "APIKey"); it is secret when one of
// its words is token, key, secret, password, signature, sig or code, case-insensitively,
// or a known compound such as apikey. So access_token, apiKey and X-Amz-Signature are
// secret; design, monkey and zipcode are not.
func SecretQueryKey(name string) bool {
	if decoded, err := url.QueryUnescape(name); err == nil {
		name = decoded
	}
	for _, word := range words(name) {
		if secretWords[strings.ToLower(word)] {
			return true
		}
	}
	return false
}

// words splits s into its alphanumeric words, also at lower→upper case changes, before
// the last capital of an acronym followed by a lower-case letter (APIKey → API, Key) and
// between letters and digits.
func words(s string) []string {
	rs := []rune(s)
	var out []string
	start := -1
	for i, r := range rs {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			if start >= 0 {
				out = append(out, string(rs[start:i]))
				start = -1
			}
			continue
		}
		if start >= 0 && boundary(rs, i) {
			out = append(out, string(rs[start:i]))
			start = i
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, string(rs[start:]))
	}
	return out
}

// boundary reports whether a new word starts at rs[i], given that rs[i-1] and rs[i] are
// both letters or digits.
func boundary(rs []rune, i int) bool {
	prev, cur := rs[i-1], rs[i]
	switch {
	case unicode.IsDigit(prev) != unicode.IsDigit(cur):
		return true
	case unicode.IsLower(prev) && unicode.IsUpper(cur):
		return true
	case unicode.IsUpper(prev) && unicode.IsUpper(cur) && i+1 < len(rs) && unicode.IsLower(rs[i+1]):
		return true
	}
	return false
}
