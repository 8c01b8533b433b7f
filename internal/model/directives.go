package model

import (
	"errors"
	"go/token"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofeign/feign/internal/load"
)

// The directive names, Feign's annotations in lower camel case.
const (
	dirRequestLine = "requestLine"
	dirHeaders     = "headers"
	dirBody        = "body"
	dirQueryMap    = "queryMap"
	dirHeaderMap   = "headerMap"
	dirIdempotent  = "idempotent"
	dirOptions     = "options"
)

var knownDirectives = []string{dirBody, dirHeaderMap, dirHeaders, dirIdempotent, dirOptions, dirPaginate, dirQueryMap, dirRequestLine, dirResponse, dirStream}

// httpMethods are the methods a requestLine may name.
var httpMethods = []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "QUERY"}

// at returns the position of the byte off bytes into d's arguments.
func at(d load.Directive, off int) token.Position {
	p := d.ArgsPos
	p.Column += off
	p.Offset += off
	return p
}

// checkName reports a directive whose name is not one of ours; it returns false then.
func (b *builder) checkName(d load.Directive) bool {
	if spaced, ok := strings.CutPrefix(d.Name, " "); ok {
		if known := lookupFold(spaced); known != "" {
			b.diags.Addf(d.Pos, "%q is an ordinary comment, not a directive: write //feign:%s with no space after //", "// feign:"+spaced, known)
		}
		return false
	}
	if slices.Contains(knownDirectives, d.Name) {
		return true
	}
	if known := lookupFold(d.Name); known != "" {
		b.diags.Addf(d.Pos, "unknown directive //feign:%s: did you mean //feign:%s? (names start with a lower-case letter, or gofmt turns the line into an ordinary comment)", d.Name, known)
		return false
	}
	b.diags.Addf(d.Pos, "unknown directive //feign:%s (known: %s)", d.Name, strings.Join(knownDirectives, ", "))
	return false
}

func lookupFold(name string) string {
	for _, k := range knownDirectives {
		if strings.EqualFold(k, name) {
			return k
		}
	}
	return ""
}

// optionKeys lists the keys of //feign:options.
var optionKeys = []string{"attemptTimeout", "collection", "dismiss404", "hedge", "maxResponse", "retry", "timeout"}

var collections = map[string]Collection{"exploded": Exploded, "csv": CSV, "ssv": SSV, "pipes": Pipes}

// parseOptions applies a //feign:options directive to o: the keys it sets replace the
// values o holds, which are the interface's when it parses a method's options.
func (b *builder) parseOptions(d load.Directive, o *Options) {
	if d.Args == "" {
		b.diags.Addf(d.Pos, "//feign:options needs key=value pairs (keys: %s)", strings.Join(optionKeys, ", "))
		return
	}
	seen := map[string]bool{}
	for off, field := range fields(d.Args) {
		key, value, ok := strings.Cut(field, "=")
		pos := at(d, off)
		switch {
		case !ok || key == "" || value == "":
			b.diags.Addf(pos, "malformed option %q: write key=value", field)
		case !slices.Contains(optionKeys, key):
			b.diags.Addf(pos, "unknown option %q (known: %s)", key, strings.Join(optionKeys, ", "))
		case seen[key]:
			b.diags.Addf(pos, "option %s is set twice", key)
		case key == "dismiss404":
			b.boolOption(pos, key, value, &o.Dismiss404, false)
		case key == "retry":
			b.boolOption(pos, key, value, &o.NoRetry, true)
		case key == "hedge":
			b.boolOption(pos, key, value, &o.NoHedge, true)
		case key == "timeout":
			b.durationOption(pos, key, value, &o.Timeout)
		case key == "attemptTimeout":
			b.durationOption(pos, key, value, &o.AttemptTimeout)
		case key == "maxResponse":
			b.sizeOption(pos, key, value, &o.MaxResponse)
		case key == "collection":
			c, ok := collections[value]
			if !ok {
				b.diags.Addf(pos, "option collection=%s: want exploded, csv, ssv or pipes", value)
				break
			}
			o.Collection = c
		}
		seen[key] = true
	}
}

// boolOption sets *dst from "true" or "false", negated when the option turns a
// behaviour off (retry=false sets NoRetry).
func (b *builder) boolOption(pos token.Position, key, value string, dst *bool, negate bool) {
	switch value {
	case "true":
		*dst = !negate
	case "false":
		*dst = negate
	default:
		b.diags.Addf(pos, "option %s=%s: want true or false", key, value)
	}
}

// durationOption sets *dst from a positive Go duration such as 2s or 500ms.
func (b *builder) durationOption(pos token.Position, key, value string, dst *time.Duration) {
	d, err := time.ParseDuration(value)
	switch {
	case err != nil:
		b.diags.Addf(pos, "option %s=%s: want a duration such as 2s or 500ms", key, value)
	case d <= 0:
		b.diags.Addf(pos, "option %s=%s: want a positive duration such as 2s or 500ms", key, value)
	default:
		*dst = d
	}
}

// sizeUnits are the units a size option may end with, binary and decimal.
var sizeUnits = []struct {
	suffix string
	bytes  int64
}{
	{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30},
	{"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9},
}

// sizeOption sets *dst from a positive size in bytes: 1048576, or a whole number of
// KiB, MiB, GiB (or KB, MB, GB) such as 64MiB.
func (b *builder) sizeOption(pos token.Position, key, value string, dst *int64) {
	digits, unit := value, int64(1)
	for _, u := range sizeUnits {
		if d, ok := strings.CutSuffix(value, u.suffix); ok {
			digits, unit = d, u.bytes
			break
		}
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	switch {
	case err != nil && errors.Is(err, strconv.ErrRange), err == nil && n > math.MaxInt64/unit:
		b.diags.Addf(pos, "option %s=%s: too large a size", key, value)
	case err != nil || digits == "" || digits[0] == '+':
		b.diags.Addf(pos, "option %s=%s: want a size in bytes such as 1048576, 512KiB, 64MiB or 1GiB (units: KiB, MiB, GiB, KB, MB, GB)", key, value)
	case n <= 0:
		b.diags.Addf(pos, "option %s=%s: want a positive size such as 64MiB", key, value)
	default:
		*dst = n * unit
	}
}

// fields splits s at runs of spaces and tabs, yielding each field with its byte offset.
func fields(s string) func(yield func(int, string) bool) {
	return func(yield func(int, string) bool) {
		start := -1
		for i := 0; i <= len(s); i++ {
			space := i == len(s) || s[i] == ' ' || s[i] == '\t'
			switch {
			case space && start >= 0:
				if !yield(start, s[start:i]) {
					return
				}
				start = -1
			case !space && start < 0:
				start = i
			}
		}
	}
}
