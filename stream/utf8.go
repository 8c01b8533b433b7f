package stream

import "unicode/utf8"

// decodeUTF8 returns b as a string, each invalid sequence replaced as the WHATWG
// Encoding standard's UTF-8 decoder replaces it.
func decodeUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return string(replaceInvalid(b))
}

// decodeUTF8Bytes returns a copy of b, decoded as decodeUTF8 does.
func decodeUTF8Bytes(b []byte) []byte {
	if utf8.Valid(b) {
		return append(make([]byte, 0, len(b)), b...)
	}
	return replaceInvalid(b)
}

// replaceInvalid replaces every maximal subpart of an ill-formed sequence with one
// U+FFFD (the Unicode standard's "U+FFFD substitution of maximal subparts", which the
// WHATWG decoder follows): a lead byte followed by some, but too few, of the
// continuation bytes it allows is one error; any other invalid byte is one error each.
func replaceInvalid(b []byte) []byte {
	out := make([]byte, 0, len(b)+8)
	for len(b) > 0 {
		if b[0] < utf8.RuneSelf {
			out = append(out, b[0])
			b = b[1:]
			continue
		}
		if r, n := utf8.DecodeRune(b); r != utf8.RuneError || n > 1 {
			out = append(out, b[:n]...)
			b = b[n:]
			continue
		}
		out = utf8.AppendRune(out, utf8.RuneError)
		b = b[maximalSubpart(b):]
	}
	return out
}

// maximalSubpart returns the length of the ill-formed sequence at the start of b.
func maximalSubpart(b []byte) int {
	lead := b[0]
	var need int
	lo, hi := byte(0x80), byte(0xBF) // the range of the first continuation byte
	switch {
	case lead >= 0xC2 && lead <= 0xDF:
		need = 1
	case lead == 0xE0:
		need, lo = 2, 0xA0
	case lead == 0xED:
		need, hi = 2, 0x9F
	case lead >= 0xE1 && lead <= 0xEF:
		need = 2
	case lead == 0xF0:
		need, lo = 3, 0x90
	case lead == 0xF4:
		need, hi = 3, 0x8F
	case lead >= 0xF1 && lead <= 0xF3:
		need = 3
	default:
		return 1
	}
	n := 1
	for ; n <= need && n < len(b); n++ {
		c := b[n]
		if c < lo || c > hi {
			break
		}
		lo, hi = 0x80, 0xBF
	}
	return n
}
