package model

import (
	"fmt"
	"strings"
)

// didYouMean returns ": did you mean {petID}?" when name differs from parameters of m
// only in case or underscores ({petId}, {pet_id} for petID; {api_key} for apiKey),
// the usual slips of a name copied from an API's documentation, or "" when none does.
// format writes a candidate: "{%s}" in a template, "%s" where a bare name is expected.
func didYouMean(m *Method, name, format string) string {
	key := foldName(name)
	var candidates []string
	for _, p := range m.Params {
		if p == m.Context || p == m.CallOptions || p.Declared == "" || p.Declared == "_" || p.Declared == name {
			continue
		}
		if foldName(p.Declared) == key {
			candidates = append(candidates, fmt.Sprintf(format, p.Declared))
		}
	}
	if len(candidates) == 0 {
		return ""
	}
	return ": did you mean " + strings.Join(candidates, " or ") + "?"
}

// foldName is name in lower case without underscores.
func foldName(name string) string {
	return strings.ToLower(strings.ReplaceAll(name, "_", ""))
}

// unusedHint tells what to do with a parameter p that no template uses when body is
// already the request body: a value that can be a template value usually belongs in the
// query (?name={name}, or &name={name} after a query the request line already has); a
// map or struct can be a queryMap, or travel in the body with the other.
func unusedHint(m *Method, p, body *Param) string {
	name := p.display()
	if q, ok := queryPair(m, p); ok {
		return fmt.Sprintf("it could be a query pair: add %s to the requestLine, or reference it as {%s} in the path or a header", q, name)
	}
	if m.QueryMap == nil && formBodyType(p.Type) && named(p) {
		return fmt.Sprintf("add //feign:queryMap %s if its fields or keys are query pairs, or send one value holding both %s and %s", name, body.display(), name)
	}
	return fmt.Sprintf("reference it as {%s} in the requestLine or a header", name)
}

// bodyTemplateHint is unusedHint under a //feign:body template, which is the whole body.
func bodyTemplateHint(m *Method, p *Param) string {
	name := p.display()
	if q, ok := queryPair(m, p); ok {
		return fmt.Sprintf("reference it as {%s} in the body template, or make it a query pair: add %s to the requestLine", name, q)
	}
	return fmt.Sprintf("reference it as {%s} in a template", name)
}

// queryPair returns the query pair p could be, ?name={name} or &name={name} after a
// query the request line already has, when p can be a template value.
func queryPair(m *Method, p *Param) (string, bool) {
	if _, ok := valueOf(p.Type); !ok || !named(p) {
		return "", false
	}
	sep := "?"
	if strings.Contains(m.RequestLine, "?") {
		sep = "&"
	}
	return fmt.Sprintf("%s%s={%s}", sep, p.Declared, p.Declared), true
}

func named(p *Param) bool { return p.Declared != "" && p.Declared != "_" }
