package redact

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Escape returns s with every character that could forge a log line or drive a terminal
// written as an escape: C0 controls, DEL and C1 controls (CR, LF and ESC among them) as
// \n, \r, \t, \x1b or \u009b; the line and paragraph separators U+2028 and U+2029 and the
// bidirectional controls (U+200E, U+200F, U+202A-U+202E, U+2066-U+2069, which reorder
// what a reader sees) as \u2028 and so on; and every byte that is not valid UTF-8 as \xff.
// Every other byte, a backslash included, is kept, so the result of Escape has no such
// character and Escape of it changes nothing.
//
// Servers choose the status text, headers and bodies that end up in error messages and
// log lines: escaped, a server cannot start a line of its own in a log or send escape
// sequences to the terminal that shows it. A string with nothing to escape is returned as
// is, without allocating.
func Escape(s string) string {
	i := unsafeAt(s)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			writeHex(&b, `\x`, uint32(s[i]), 2)
		case !unsafeRune(r):
			b.WriteString(s[i : i+size])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x80:
			writeHex(&b, `\x`, uint32(r), 2)
		default:
			writeHex(&b, `\u`, uint32(r), 4)
		}
		i += size
	}
	return b.String()
}

// unsafeAt returns the offset of the first byte of s that Escape changes, or -1.
func unsafeAt(s string) int {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || unsafeRune(r) {
			return i
		}
		i += size
	}
	return -1
}

// unsafeRune reports whether Escape writes r as an escape.
func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, 0x7f <= r && r <= 0x9f:
		return true
	case r == 0x200e, r == 0x200f, r == 0x2028, r == 0x2029,
		0x202a <= r && r <= 0x202e, 0x2066 <= r && r <= 0x2069:
		return true
	}
	return false
}

func writeHex(b *strings.Builder, prefix string, v uint32, digits int) {
	const hex = "0123456789abcdef"
	b.WriteString(prefix)
	for shift := 4 * (digits - 1); shift >= 0; shift -= 4 {
		b.WriteByte(hex[v>>uint(shift)&0xf])
	}
}

// Scrub returns s with every occurrence of each of secrets replaced by "REDACTED".
// Occurrences that overlap or touch are replaced as one, so no part of a secret is left
// between two replacements. Empty secrets are ignored. A string holding no secret is
// returned as is, without allocating.
//
// It hides what a server echoes back of the credentials a call sent ("bad token Bearer
// s3cr3t"), which no rule about names can find: the call knows its own secrets.
func Scrub(s string, secrets []string) string {
	var found [][2]int // [start, end) of each occurrence
	for _, secret := range secrets {
		if secret == "" {
			continue
		}
		for from := 0; ; {
			i := strings.Index(s[from:], secret)
			if i < 0 {
				break
			}
			start := from + i
			found = append(found, [2]int{start, start + len(secret)})
			from = start + 1
		}
	}
	if len(found) == 0 {
		return s
	}
	slices.SortFunc(found, func(a, b [2]int) int { return a[0] - b[0] })
	var b strings.Builder
	b.Grow(len(s))
	at := 0 // s[:at] is written
	for i := 0; i < len(found); {
		start, end := found[i][0], found[i][1]
		for i++; i < len(found) && found[i][0] <= end; i++ {
			end = max(end, found[i][1])
		}
		b.WriteString(s[at:start])
		b.WriteString(redacted)
		at = end
	}
	b.WriteString(s[at:])
	return b.String()
}
