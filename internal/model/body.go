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
	case isJSONMedia(media):
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

// isJSONMedia reports whether a lower-case media type is JSON: application/json or a
// structured +json type (application/problem+json, application/vnd.github+json).
func isJSONMedia(media string) bool {
	return media == "application/json" || strings.HasSuffix(media, "+json")
}

// rawBody decides how the body parameter is sent: the declared Content-Type chooses,
// and nothing is silently transformed.
//
//   - An io.Reader is streamed as it is, under any Content-Type.
//   - A []byte or a string is its own bytes, under any Content-Type, a JSON one
//     included (a document already written), as a []byte or string result is the raw
//     body whatever the Accept. Without a declared Content-Type a []byte is
//     application/octet-stream and a string text/plain; charset=utf-8.
//   - A named type over []byte or string (type Token string) is encoded by the
//     Encoder, JSON by default, under a JSON Content-Type or none: its type says it is a
//     value, as a named result is decoded. Under any other declared Content-Type it is
//     sent as its bytes.
//   - Any other type is encoded by the Encoder, except under text/plain and
//     application/octet-stream, whose bodies are text or bytes as they are: a struct
//     there would be sent as JSON under a Content-Type that says otherwise, so it is an
//     error.
//
// A Client with an Encoder of its own (runtime.WithEncoder) still gets the final say:
// the runtime hands it the raw bodies too.
func (b *builder) rawBody(m *Method, where string) {
	p := m.Body
	t := p.Type
	media, known := declaredMedia(m)
	otherMedia := known && media != "" && !isJSONMedia(media)
	switch {
	case isReader(t):
		m.BodyStream = true
	case isByteSlice(t):
		m.BodyRaw = RawBytes
	case isBasic(t, types.String):
		m.BodyRaw = RawString
	case otherMedia && isBytesKind(t):
		m.BodyRaw, m.BodyConvert = RawBytes, true
	case otherMedia && isStringKind(t):
		m.BodyRaw, m.BodyConvert = RawString, true
	case media == "text/plain" || media == "application/octet-stream":
		b.diags.Addf(p.Pos, "%s: body %s of type %s cannot be sent as %s, which is text or bytes as they are: pass a string, a []byte or an io.Reader, or declare the Content-Type its Encoder writes (such as application/json)", where, p.display(), types.TypeString(t, types.RelativeTo(b.pkg.Types)), media)
	}
}

// declaredMedia returns the media type of m's declared Content-Type, lower case, and
// whether the generator knows it: ("", true) when none is declared, ("", false) when a
// parameter writes it.
func declaredMedia(m *Method) (string, bool) {
	for _, h := range m.Headers {
		if h.Name != "Content-Type" {
			continue
		}
		for _, piece := range h.Value {
			if piece.Param != nil {
				return "", false
			}
		}
		return formContentType(m), true
	}
	return "", true
}

// isBytesKind reports whether t is a slice of bytes, named or not.
func isBytesKind(t types.Type) bool {
	s, ok := t.Underlying().(*types.Slice)
	return ok && isByte(s.Elem())
}
