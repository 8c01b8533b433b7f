package redact

import (
	"iter"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// secretWords are the words that make a query key secret wherever they appear in it:
// access_token, apiKey, X-Amz-Signature, client_secret, auth-code, sessionId, X-Jwt-Assertion.
var secretWords = []string{
	"token", "key", "secret", "password", "signature", "sig", "code",
	"auth", "authorization", "jwt", "session", "sid", "pwd", "pass", "passwd", "passphrase",
	"bearer", "credential", "credentials", "otp", "hmac",
	// Common keys written as one lower-case word, which word splitting cannot see into.
	"apikey", "apitoken", "apisecret", "accesstoken", "accesskey", "authtoken", "authkey",
	"refreshtoken", "idtoken", "sessiontoken", "sessionid", "sessionkey", "jsessionid",
	"phpsessid", "clientsecret", "appsecret", "secretkey", "privatekey", "userpassword",
	"passcode",
}

// SecretQueryKey reports whether a query key names a secret. The key is percent-decoded,
// split into words at every character that is not a letter or a digit (so at '_', '-' and
// '.'), between a letter and a digit, and at camelCase boundaries ("apiKey", "APIKey");
// it is secret when one of its words is, case-insensitively, token, key, secret,
// password, signature, sig, code, auth, authorization, jwt, session, sid, pwd, pass,
// passwd, passphrase, bearer, credential(s), otp or hmac, or a known compound written as
// one word, such as apikey, refreshtoken, clientsecret or sessionid. So access_token,
// apiKey, refreshToken, api-key and X-Amz-Signature are secret; whole words only, so
// design, monkey, zipcode, passenger, side and author are not.
//
// It allocates nothing unless the key has percent-escapes: error messages of failed
// attempts redact their URL, and a retry should not cost more than it must.
func SecretQueryKey(name string) bool {
	if strings.IndexByte(name, '%') >= 0 || strings.IndexByte(name, '+') >= 0 {
		if decoded, err := url.QueryUnescape(name); err == nil {
			name = decoded
		}
	}
	for word := range words(name) {
		if isSecretWord(word) {
			return true
		}
	}
	return false
}

// secretWordSet holds secretWords, for the lookup of an ASCII word; longestSecretWord is
// the length of the longest.
var secretWordSet, longestSecretWord = func() (map[string]bool, int) {
	set, longest := make(map[string]bool, len(secretWords)), 0
	for _, w := range secretWords {
		set[w] = true
		longest = max(longest, len(w))
	}
	return set, longest
}()

// isSecretWord reports whether word is one of secretWords, case-insensitively. An ASCII
// word is lower-cased into a buffer on the stack and looked up; any other goes through
// strings.EqualFold with each, since Unicode folds some letters outside ASCII onto ASCII
// ones (the Kelvin sign K onto k).
func isSecretWord(word string) bool {
	var buf [32]byte
	if len(word) <= len(buf) && isASCII(word) {
		if len(word) > longestSecretWord {
			return false
		}
		lower := buf[:len(word)]
		for i := range len(word) {
			c := word[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			lower[i] = c
		}
		return secretWordSet[string(lower)] // a lookup by string(bytes) does not allocate
	}
	for _, secret := range secretWords {
		if strings.EqualFold(word, secret) {
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := range len(s) {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// words yields the alphanumeric words of s, split also at lower→upper case changes,
// before the last capital of an acronym followed by a lower-case letter (APIKey → API,
// Key) and between letters and digits. The words are substrings of s.
func words(s string) iter.Seq[string] {
	return func(yield func(string) bool) {
		start := -1   // byte offset of the word in progress, or -1
		var prev rune // the rune before r
		for i := 0; i < len(s); {
			r, size := utf8.DecodeRuneInString(s[i:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				if start >= 0 && !yield(s[start:i]) {
					return
				}
				start, prev, i = -1, r, i+size
				continue
			}
			if start >= 0 {
				next, _ := utf8.DecodeRuneInString(s[i+size:]) // RuneError at the end: not lower-case
				if boundary(prev, r, next) {
					if !yield(s[start:i]) {
						return
					}
					start = i
				}
			}
			if start < 0 {
				start = i
			}
			prev, i = r, i+size
		}
		if start >= 0 {
			yield(s[start:])
		}
	}
}

// boundary reports whether a new word starts at cur, given that prev and cur are both
// letters or digits and next follows cur.
func boundary(prev, cur, next rune) bool {
	switch {
	case unicode.IsDigit(prev) != unicode.IsDigit(cur):
		return true
	case unicode.IsLower(prev) && unicode.IsUpper(cur):
		return true
	case unicode.IsUpper(prev) && unicode.IsUpper(cur) && unicode.IsLower(next):
		return true
	}
	return false
}
