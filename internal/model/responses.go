package model

import (
	"cmp"
	"errors"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"github.com/gofeign/feign/internal/load"
)

// dirResponse documents a status a method may answer with, for the OpenAPI document.
const dirResponse = "response"

// Response is a status a method declares with //feign:response: what the OpenAPI
// document lists beside the method's 2xx result. It documents the API; the client
// behaves the same without it (every non-2xx still goes through the ErrorDecoder).
type Response struct {
	Status string     // "404", "4XX" or "default"
	Type   types.Type // the type of the body, described by its JSON schema; nil for none
}

// parseResponse parses "//feign:response STATUS [TYPE]": STATUS is a status from 300 to
// 599, a class 3XX, 4XX or 5XX, or default; TYPE a Go type as the declaring file writes
// it (APIError, *APIError, errs.Problem, []Detail). scope is a position in the declaring
// file, so TYPE may name its imports. A 1xx or 2xx status is refused: the 2xx response is
// the method's result, and 1xx are never a call's answer.
func (b *builder) parseResponse(d load.Directive, scope token.Pos, where string) (Response, bool) {
	status, expr, _ := strings.Cut(d.Args, " ")
	expr = strings.TrimSpace(expr)
	if status == "" {
		b.diags.Addf(d.Pos, "//feign:response needs a status: //feign:response 404, or //feign:response 4XX APIError with the type of the body")
		return Response{}, false
	}
	r := Response{Status: status}
	if !validResponseStatus(status) {
		b.diags.Addf(at(d, 0), "//feign:response on %s: status %q: want a status from 300 to 599 (404), a class (4XX, 5XX or 3XX), or default; the 2xx response is the method's result", where, status)
		return r, false
	}
	if expr == "" {
		return r, true
	}
	off := len(d.Args) - len(expr)
	if b.pkg.Types == nil {
		return r, false
	}
	tv, err := types.Eval(b.pkg.Fset, b.pkg.Types, scope, expr)
	var te types.Error
	switch {
	case errors.As(err, &te):
		b.diags.Addf(at(d, off), "//feign:response %s on %s: %s is not a type: %s", status, where, expr, te.Msg)
		return r, false
	case err != nil:
		b.diags.Addf(at(d, off), "//feign:response %s on %s: %s is not a type: %v", status, where, expr, err)
		return r, false
	case !tv.IsType():
		b.diags.Addf(at(d, off), "//feign:response %s on %s: %s is not a type", status, where, expr)
		return r, false
	}
	switch tv.Type.Underlying().(type) {
	case *types.Signature, *types.Chan:
		b.diags.Addf(at(d, off), "//feign:response %s on %s: a %s body cannot be decoded from JSON", status, where, expr)
		return r, false
	}
	r.Type = tv.Type
	return r, true
}

func validResponseStatus(s string) bool {
	switch s {
	case "default", "3XX", "4XX", "5XX":
		return true
	}
	n, err := strconv.Atoi(s)
	return err == nil && len(s) == 3 && n >= 300 && n <= 599
}

// addResponse adds r to list, reporting a status declared twice at one level; the
// method's declarations replace the interface's status by status (see mergeResponses).
func (b *builder) addResponse(list []Response, seen map[string]token.Position, r Response, d load.Directive, where string) []Response {
	if first, ok := seen[r.Status]; ok {
		b.diags.Addf(at(d, 0), "%s declares //feign:response %s twice (the first is at line %d)", where, r.Status, first.Line)
		return list
	}
	seen[r.Status] = d.Pos
	return append(list, r)
}

// mergeResponses returns the interface's responses with the method's over them, sorted
// by status.
func mergeResponses(shared, own []Response) []Response {
	out := slices.Clone(own)
	for _, r := range shared {
		if !slices.ContainsFunc(own, func(o Response) bool { return o.Status == r.Status }) {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b Response) int { return cmp.Compare(a.Status, b.Status) })
	return out
}
