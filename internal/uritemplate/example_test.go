package uritemplate_test

import (
	"errors"
	"fmt"

	"github.com/gofeign/feign/internal/uritemplate"
)

func ExampleParse() {
	t, err := uritemplate.Parse("/repos/{owner}/{repo}/contributors?anon={anon}&per_page=100{&page}")
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, p := range t.Path {
		if p.Expr == nil {
			fmt.Printf("path literal %q\n", p.Literal)
			continue
		}
		fmt.Printf("path {%s}, whole segment: %v\n", p.Expr.Vars[0].Name, t.WholeSegment(i))
	}
	for _, q := range t.Query {
		switch {
		case q.Expr != nil:
			fmt.Printf("query expression {%c%s}\n", q.Expr.Op, q.Expr.Vars[0].Name)
		case len(q.Value) == 1 && q.Value[0].Expr != nil:
			fmt.Printf("query pair %s={%s}\n", q.Name, q.Value[0].Expr.Vars[0].Name)
		default:
			fmt.Printf("query pair %s=%s\n", q.Name, q.Value[0].Literal)
		}
	}
	// Output:
	// path literal "/repos/"
	// path {owner}, whole segment: true
	// path literal "/"
	// path {repo}, whole segment: true
	// path literal "/contributors"
	// query pair anon={anon}
	// query pair per_page=100
	// query expression {&page}
}

func ExampleParse_error() {
	_, err := uritemplate.Parse("/repos/{owner}/{1repo}")
	var perr *uritemplate.Error
	if errors.As(err, &perr) {
		fmt.Println(perr.Offset, perr.Msg)
	}
	// Output:
	// 16 {1repo}: a variable name must be a Go identifier
}

func ExampleParseText() {
	parts, err := uritemplate.ParseText("Bearer {token}")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range parts {
		if p.Expr != nil {
			fmt.Printf("expression {%s}\n", p.Expr.Vars[0].Name)
		} else {
			fmt.Printf("literal %q\n", p.Literal)
		}
	}
	// Output:
	// literal "Bearer "
	// expression {token}
}
