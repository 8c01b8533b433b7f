package model

import (
	"fmt"
	"strings"
	"unicode"
)

// unexport lower-cases the leading upper-case run of an exported name the way Go code
// spells it: GitHub → gitHub, API → api, HTTPServer → httpServer.
func unexport(name string) string {
	runes := []rune(name)
	upper := 0
	for upper < len(runes) && unicode.IsUpper(runes[upper]) {
		upper++
	}
	switch {
	case upper == 0:
		return name
	case upper == 1 || upper == len(runes):
		// "GitHub", "API": lower the whole run.
	case runes[upper] == 's' && (upper+1 == len(runes) || unicode.IsUpper(runes[upper+1])):
		// "IDs", "URLsService": a plural initialism is one word.
	case unicode.IsLower(runes[upper]):
		// "HTTPServer": keep the last upper-case rune, which starts the next word.
		upper--
	default:
		// "API2", "HTTP2Server": a digit follows the run, which is one word.
	}
	for i := range upper {
		runes[i] = unicode.ToLower(runes[i])
	}
	return string(runes)
}

// nameParams gives every parameter a name in generated code that shadows nothing the
// generated body uses: a declared name is kept unless it is reserved or taken, in which
// case it gets a trailing underscore; an unnamed or blank parameter is named after its
// role.
func nameParams(params []*Param, reserved map[string]bool) {
	taken := map[string]bool{}
	for i, p := range params {
		name := p.Declared
		switch {
		case name == "" || name == "_":
			if i == 0 && isContext(p.Type) {
				name = "ctx"
			} else {
				name = fmt.Sprintf("arg%d", i)
			}
		}
		for reserved[name] || taken[name] {
			name += "_"
		}
		taken[name] = true
		p.Name = name
	}
}

// paramList names the parameters a template may use, for messages.
func paramList(m *Method) string {
	var names []string
	for _, p := range m.Params {
		if p != m.Context && p.Declared != "" && p.Declared != "_" {
			names = append(names, p.Declared)
		}
	}
	if len(names) == 0 {
		return "the method has no parameters to use"
	}
	return strings.Join(names, ", ")
}
