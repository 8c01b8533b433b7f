package uritemplate

import (
	"go/token"
	"unicode"
	"unicode/utf8"
)

// ParseBody parses the template of a //feign:body directive. A body is usually JSON,
// whose own braces would clash with RFC 6570 expressions, so only '{' followed by a Go
// identifier and '}' is an expression ({name}); every other brace is literal text, and
// so is everything else, unchanged. Control characters but tab are rejected. The
// returned error is always an *Error.
func ParseBody(s string) ([]Part, error) {
	var parts []Part
	start := 0 // of the current literal
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return nil, errorf(i, "invalid UTF-8")
		case r != '\t' && unicode.IsControl(r):
			return nil, errorf(i, "control character %U is not allowed", r)
		case r == '{':
			if name, ok := identifierAt(s, i+1); ok && i+1+len(name) < len(s) && s[i+1+len(name)] == '}' && !token.IsKeyword(name) {
				if start < i {
					parts = append(parts, Part{Literal: s[start:i], Offset: start})
				}
				end := i + 1 + len(name) + 1
				parts = append(parts, Part{
					Expr:   &Expr{Op: Simple, Vars: []Var{{Name: name, Offset: i + 1}}, Offset: i, End: end},
					Offset: i,
				})
				i, start = end, end
				continue
			}
		}
		i += size
	}
	if start < len(s) {
		parts = append(parts, Part{Literal: s[start:], Offset: start})
	}
	return parts, nil
}

// identifierAt returns the Go identifier that starts at s[i], if one does.
func identifierAt(s string, i int) (string, bool) {
	j := i
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if r != '_' && !unicode.IsLetter(r) && (j == i || !unicode.IsDigit(r)) {
			break
		}
		j += size
	}
	return s[i:j], j > i
}
