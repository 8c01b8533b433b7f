package ratelimit

import (
	"strconv"
	"strings"
)

// A small parser of the structured fields of RFC 9651 (Lists and Dictionaries of Items
// with Parameters), enough for the RateLimit fields: it keeps integers, decimals,
// strings, tokens and booleans, skips byte sequences and dates, and fails the whole
// field on anything malformed or on an inner list, as RFC 9651 asks a parser to do.

// sfKind is the type of a bare item.
type sfKind int

const (
	sfInteger sfKind = iota
	sfDecimal
	sfString
	sfToken
	sfBoolean
	sfOther // byte sequence, date, display string: not needed here
)

type sfItem struct {
	kind sfKind
	num  int64  // sfInteger, and sfBoolean (0 or 1)
	str  string // sfString, sfToken
}

type sfParam struct {
	key   string
	value sfItem
}

// sfMember is a member of a List (key is empty) or of a Dictionary.
type sfMember struct {
	key    string
	item   sfItem
	params []sfParam
}

// param returns the integer parameter key of m.
func (m sfMember) param(key string) (int64, bool) {
	for _, p := range m.params {
		if p.key == key {
			return p.value.num, p.value.kind == sfInteger
		}
	}
	return 0, false
}

// maxMembers bounds what a field may hold: a response is not a place for thousands of
// policies, and a hostile one must not cost much.
const maxMembers = 64

type sfParser struct {
	s   string
	pos int
}

// parseSFList parses a List; ok is false when the field is malformed.
func parseSFList(s string) ([]sfMember, bool) { return (&sfParser{s: s}).members(false) }

// parseSFDict parses a Dictionary; ok is false when the field is malformed.
func parseSFDict(s string) ([]sfMember, bool) { return (&sfParser{s: s}).members(true) }

func (p *sfParser) members(dict bool) ([]sfMember, bool) {
	var out []sfMember
	p.skip(" ")
	for p.pos < len(p.s) {
		if len(out) == maxMembers {
			return nil, false
		}
		var m sfMember
		if dict {
			key, ok := p.key()
			if !ok {
				return nil, false
			}
			m.key = key
			if p.peek() == '=' {
				p.pos++
				if m.item, ok = p.bareItem(); !ok {
					return nil, false
				}
			} else {
				m.item = sfItem{kind: sfBoolean, num: 1}
			}
		} else {
			var ok bool
			if m.item, ok = p.bareItem(); !ok {
				return nil, false
			}
		}
		var ok bool
		if m.params, ok = p.params(); !ok {
			return nil, false
		}
		out = append(out, m)
		p.skip(" \t")
		if p.pos == len(p.s) {
			return out, true
		}
		if p.s[p.pos] != ',' {
			return nil, false
		}
		p.pos++
		p.skip(" \t")
		if p.pos == len(p.s) {
			return nil, false // a trailing comma
		}
	}
	return out, true
}

func (p *sfParser) params() ([]sfParam, bool) {
	var out []sfParam
	for p.peek() == ';' {
		if len(out) == maxMembers {
			return nil, false
		}
		p.pos++
		p.skip(" ")
		key, ok := p.key()
		if !ok {
			return nil, false
		}
		v := sfItem{kind: sfBoolean, num: 1}
		if p.peek() == '=' {
			p.pos++
			if v, ok = p.bareItem(); !ok {
				return nil, false
			}
		}
		out = append(out, sfParam{key, v})
	}
	return out, true
}

func (p *sfParser) peek() byte {
	if p.pos < len(p.s) {
		return p.s[p.pos]
	}
	return 0
}

func (p *sfParser) skip(chars string) {
	for p.pos < len(p.s) && strings.IndexByte(chars, p.s[p.pos]) >= 0 {
		p.pos++
	}
}

// key parses a key: lcalpha or "*", then lcalpha, digits, "_-.*".
func (p *sfParser) key() (string, bool) {
	start := p.pos
	if c := p.peek(); !(c >= 'a' && c <= 'z' || c == '*') {
		return "", false
	}
	for p.pos < len(p.s) {
		c := p.s[p.pos]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.IndexByte("_-.*", c) >= 0) {
			break
		}
		p.pos++
	}
	return p.s[start:p.pos], true
}

func (p *sfParser) bareItem() (sfItem, bool) {
	switch c := p.peek(); {
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	case c == '"':
		return p.string()
	case c == '*' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z':
		return p.token()
	case c == '?':
		if p.pos+1 < len(p.s) && (p.s[p.pos+1] == '0' || p.s[p.pos+1] == '1') {
			p.pos += 2
			return sfItem{kind: sfBoolean, num: int64(p.s[p.pos-1] - '0')}, true
		}
	case c == ':': // byte sequence
		end := strings.IndexByte(p.s[p.pos+1:], ':')
		if end < 0 {
			return sfItem{}, false
		}
		p.pos += end + 2
		return sfItem{kind: sfOther}, true
	case c == '@': // date
		p.pos++
		it, ok := p.number()
		return sfItem{kind: sfOther}, ok && it.kind == sfInteger
	}
	return sfItem{}, false // also an inner list
}

// number parses an Integer (at most 15 digits) or a Decimal (12 digits, a point, 3).
func (p *sfParser) number() (sfItem, bool) {
	start := p.pos
	if p.peek() == '-' {
		p.pos++
	}
	digits, point := 0, -1
scan:
	for ; p.pos < len(p.s); p.pos++ {
		switch c := p.s[p.pos]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && point < 0:
			point = digits
		default:
			break scan
		}
	}
	text := p.s[start:p.pos]
	if point < 0 {
		if digits == 0 || digits > 15 {
			return sfItem{}, false
		}
		n, err := strconv.ParseInt(text, 10, 64)
		return sfItem{kind: sfInteger, num: n}, err == nil
	}
	if point == 0 || point > 12 || digits == point || digits-point > 3 {
		return sfItem{}, false
	}
	return sfItem{kind: sfDecimal}, true
}

func (p *sfParser) string() (sfItem, bool) {
	p.pos++ // the opening quote
	// Most names have no escape: they are a part of the field as it is.
	if end := strings.IndexAny(p.s[p.pos:], "\\\""); end >= 0 && p.s[p.pos+end] == '"' && printable(p.s[p.pos:p.pos+end]) {
		str := p.s[p.pos : p.pos+end]
		p.pos += end + 1
		return sfItem{kind: sfString, str: str}, true
	}
	var b strings.Builder
	for p.pos < len(p.s) {
		c := p.s[p.pos]
		p.pos++
		switch {
		case c == '\\':
			if p.pos == len(p.s) || (p.s[p.pos] != '"' && p.s[p.pos] != '\\') {
				return sfItem{}, false
			}
			b.WriteByte(p.s[p.pos])
			p.pos++
		case c == '"':
			return sfItem{kind: sfString, str: b.String()}, true
		case c < 0x20 || c > 0x7e:
			return sfItem{}, false
		default:
			b.WriteByte(c)
		}
	}
	return sfItem{}, false
}

// token parses a Token: ALPHA or "*", then tchar, ":" or "/".
func (p *sfParser) token() (sfItem, bool) {
	start := p.pos
	p.pos++
	for p.pos < len(p.s) {
		c := p.s[p.pos]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' ||
			strings.IndexByte("!#$%&'*+-.^_`|~:/", c) >= 0) {
			break
		}
		p.pos++
	}
	return sfItem{kind: sfToken, str: p.s[start:p.pos]}, true
}

// printable reports whether s holds only the characters a String may hold unescaped.
func printable(s string) bool {
	for i := range len(s) {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}
