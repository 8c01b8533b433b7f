package openapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// encodeJSON writes v as indented JSON; encoding/json sorts the keys of every object.
func encodeJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("writing the OpenAPI document: %w", err)
	}
	return b.Bytes(), nil
}

// encodeYAML writes v as block-style YAML with sorted keys, after the generated-code
// comment. A string is written plain only when no YAML reader could take it for
// anything else; otherwise it is quoted as JSON quotes it, which YAML's double-quoted
// style reads the same.
func encodeYAML(v any) []byte {
	var b bytes.Buffer
	b.WriteString(YAMLHeader + "\n")
	writeYAML(&b, v, 0, "")
	return b.Bytes()
}

// writeYAML writes v, a block at indentation indent. first, when not "", replaces the
// indentation of the block's first line (the "- " of a list item).
func writeYAML(b *bytes.Buffer, v any, indent int, first string) {
	pad := strings.Repeat(" ", indent)
	lead := func(i int) string {
		if i == 0 && first != "" {
			return first
		}
		return pad
	}
	switch v := v.(type) {
	case obj:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for i, k := range keys {
			b.WriteString(lead(i) + scalar(k) + ":")
			value(b, v[k], indent)
		}
	case []any:
		for i, e := range v {
			b.WriteString(lead(i) + "-")
			switch e := e.(type) {
			case obj:
				if len(e) > 0 {
					writeYAML(b, e, indent+2, " ")
					continue
				}
			case []any:
				if len(e) > 0 {
					b.WriteString("\n")
					writeYAML(b, e, indent+2, "")
					continue
				}
			}
			value(b, e, indent)
		}
	}
}

// value writes the value of a key or list item, after its "key:" or "-".
func value(b *bytes.Buffer, v any, indent int) {
	switch e := v.(type) {
	case obj:
		if len(e) == 0 {
			b.WriteString(" {}\n")
			return
		}
		b.WriteString("\n")
		writeYAML(b, e, indent+2, "")
	case []any:
		if len(e) == 0 {
			b.WriteString(" []\n")
			return
		}
		b.WriteString("\n")
		writeYAML(b, e, indent+2, "")
	case string:
		if block(e) {
			// Prose keeps its lines: a literal block, without the final newline.
			pad := strings.Repeat(" ", indent+2)
			b.WriteString(" |-\n")
			for _, line := range strings.Split(e, "\n") {
				if line != "" {
					b.WriteString(pad + line)
				}
				b.WriteString("\n")
			}
			return
		}
		b.WriteString(" " + scalar(v) + "\n")
	default:
		b.WriteString(" " + scalar(v) + "\n")
	}
}

// block reports whether s is written as a literal block: text of several lines, none
// of which starts or ends with a space, that holds only printable characters.
func block(s string) bool {
	if !strings.Contains(s, "\n") || strings.HasSuffix(s, "\n") || strings.HasPrefix(s, "\n") {
		return false
	}
	for _, line := range strings.Split(s, "\n") {
		if strings.HasPrefix(line, " ") || strings.HasSuffix(line, " ") {
			return false
		}
		for _, r := range line {
			if r < 0x20 || r == 0x7f || r == 0xfeff || r == 0x85 || r == 0x2028 || r == 0x2029 || !unicode.IsPrint(r) {
				return false
			}
		}
	}
	return true
}

// plain matches the strings written unquoted: a letter, then letters, digits and a few
// punctuation marks that start nothing in YAML, single spaces between words.
var plain = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_./+()-]*( [A-Za-z0-9_./+()-]+)*$`)

// keywords are plain scalars YAML 1.1 or 1.2 read as something else than a string.
var keywords = []string{"true", "false", "yes", "no", "on", "off", "y", "n", "null"}

func scalar(v any) string {
	switch v := v.(type) {
	case string:
		if plain.MatchString(v) && !slices.Contains(keywords, strings.ToLower(v)) {
			return v
		}
		q, _ := json.Marshal(v)
		return string(q)
	case bool:
		return strconv.FormatBool(v)
	case int:
		return strconv.Itoa(v)
	case nil:
		return "null"
	}
	q, _ := json.Marshal(v)
	return string(q)
}

// unescape returns the text of an escaped literal of a URL, or s when it is not one.
func unescape(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}
