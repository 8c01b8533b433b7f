package model

import (
	"go/token"
	"slices"
	"strings"

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

var knownDirectives = []string{dirBody, dirHeaderMap, dirHeaders, dirIdempotent, dirOptions, dirQueryMap, dirRequestLine}

// notYet are directives of the contract that this version of feigngen does not generate.
// Reporting them beats ignoring them: a user never gets a client that silently does
// less than its declaration says.
var notYet = map[string]bool{dirBody: true, dirQueryMap: true, dirHeaderMap: true}

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

// options are the values of //feign:options, interface-level first, overridden by the
// method's.
type options struct {
	dismiss404 bool
}

// optionKeys lists the keys of //feign:options; the ones this version does not
// generate yet are refused by name rather than ignored.
var (
	optionKeys    = []string{"attemptTimeout", "collection", "dismiss404", "hedge", "retry", "timeout"}
	optionsNotYet = map[string]bool{"attemptTimeout": true, "collection": true, "hedge": true, "retry": true, "timeout": true}
)

// parseOptions applies a //feign:options directive to o.
func (b *builder) parseOptions(d load.Directive, o *options) {
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
		case optionsNotYet[key]:
			b.diags.Addf(pos, "option %s is not supported by this version of feigngen", key)
		case key == "dismiss404":
			switch value {
			case "true":
				o.dismiss404 = true
			case "false":
				o.dismiss404 = false
			default:
				b.diags.Addf(pos, "option dismiss404=%s: want true or false", value)
			}
		}
		seen[key] = true
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
