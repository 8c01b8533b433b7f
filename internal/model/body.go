package model

import (
	"go/types"
	"strings"

	"github.com/gofeign/feign/internal/load"
	"github.com/gofeign/feign/internal/uritemplate"
)

// bodyTemplate resolves a //feign:body template. Its values are escaped for the body's
// Content-Type, which must be declared and be one whose escaping feigngen knows: JSON
// (a value inside a string is escaped as string content; outside one, only a number or
// a bool may stand), a form (values percent-encoded), or text/plain (values as they are).
// Every variable must name a parameter: nothing is left to send as "{name}".
func (b *builder) bodyTemplate(m *Method, d load.Directive, r *resolver, where string) {
	if d.Args == "" {
		b.diags.Addf(d.Pos, "//feign:body of %s needs a template: //feign:body {\"name\": \"{name}\"}", where)
		return
	}
	media := formContentType(m)
	var escape BodyEscape
	switch {
	case media == "application/json" || strings.HasSuffix(media, "+json"):
		escape = EscapeJSONString
	case media == "application/x-www-form-urlencoded":
		escape = EscapeForm
	case media == "text/plain":
		escape = EscapeNone
	case media == "":
		b.diags.Addf(d.Pos, "//feign:body of %s has no Content-Type to escape its values for: add //feign:headers Content-Type: application/json (or application/x-www-form-urlencoded, or text/plain)", where)
		return
	default:
		b.diags.Addf(d.Pos, "//feign:body of %s: feigngen cannot escape values for Content-Type %s: use application/json, application/x-www-form-urlencoded or text/plain, or a body parameter and an Encoder", where, media)
		return
	}
	parts, err := uritemplate.ParseBody(d.Args)
	if err != nil {
		b.templateError(d, 0, err, "body", where)
		return
	}
	m.Template = []BodyPiece{}
	inString := false // JSON: whether the text so far leaves an open string
	for _, part := range parts {
		if part.Expr == nil {
			m.Template = append(m.Template, BodyPiece{Literal: part.Literal})
			if escape == EscapeJSONString {
				inString = jsonInString(part.Literal, inString)
			}
			continue
		}
		v := part.Expr.Vars[0]
		p := r.lookup(v, at(d, v.Offset), "body")
		if p == nil {
			continue
		}
		piece := BodyPiece{Param: p, Escape: escape}
		if escape == EscapeJSONString && !inString {
			if !jsonBare(p.Value) {
				b.diags.Addf(at(d, v.Offset), "body of %s: {%s} of type %s stands outside a JSON string, where only a number or a bool can: write \"{%s}\"", where, v.Name, types.TypeString(p.Type, types.RelativeTo(b.pkg.Types)), v.Name)
				continue
			}
			piece.Escape = EscapeJSONNumber
		}
		m.Template = append(m.Template, piece)
	}
	if escape == EscapeJSONString && inString {
		b.diags.Addf(d.Pos, "body of %s ends inside a JSON string: a '\"' is missing", where)
	}
}

// jsonInString scans JSON text from the state inString and returns the state after it.
func jsonInString(text string, inString bool) bool {
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case inString && c == '\\':
			i++ // the escaped character
		case c == '"':
			inString = !inString
		}
	}
	return inString
}

// jsonBare reports whether a value may stand outside a JSON string: a number or a bool
// whose text is a JSON token, not a list.
func jsonBare(v *Value) bool {
	if v.List {
		return false
	}
	switch v.Format {
	case FormatBool, FormatInt, FormatUint, FormatFloat32, FormatFloat64:
		return true
	}
	return false
}
