package runtime

import "strings"

const upperHex = "0123456789ABCDEF"

// appendEscaped appends s to dst, percent-encoding with upper-case hex every byte that is
// not unreserved in RFC 3986 (A-Z a-z 0-9 - . _ ~). The result holds no delimiter at
// all, so a value can never end its path segment, its query pair or the URL.
func appendEscaped(dst []byte, s string) []byte {
	start := 0 // the start of the run of unreserved bytes not yet appended
	for i := 0; i < len(s); i++ {
		if b := s[i]; !unreserved(b) {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '%', upperHex[b>>4], upperHex[b&0x0f])
			start = i + 1
		}
	}
	return append(dst, s[start:]...) // runs at once: most values need no escape at all
}

func unreserved(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' ||
		b == '-' || b == '.' || b == '_' || b == '~'
}

// validHeaderValue reports whether v holds no control character but horizontal tab:
// a CR or LF would let a value inject headers, and net/http rejects the others only
// when sending, with an error the retryer would see as a transport failure.
func validHeaderValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if b := v[i]; b < 0x20 && b != '\t' || b == 0x7f {
			return false
		}
	}
	return true
}

// validHeaderName reports whether name is a non-empty RFC 9110 token.
func validHeaderName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		b := name[i]
		switch {
		case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", b) >= 0:
		default:
			return false
		}
	}
	return true
}
