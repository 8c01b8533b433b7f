package model

import (
	"fmt"

	"github.com/gofeign/feign/internal/diag"
	"github.com/gofeign/feign/internal/load"
)

// MaxPerDirective bounds the errors reported for one directive line: a megabyte of
// broken template yields a screenful, not a quarter of a million lines. Past it, one
// more line at the first left out says how many there were.
const MaxPerDirective = 10

// capPerDirective keeps the first MaxPerDirective problems of every directive line of
// pkg in the sorted list l, and replaces the rest of each by a count.
func capPerDirective(pkg *load.Package, l diag.List) diag.List {
	type line struct {
		file string
		line int
	}
	directives := map[line]bool{}
	add := func(ds []load.Directive) {
		for _, d := range ds {
			directives[line{d.Pos.Filename, d.Pos.Line}] = true
		}
	}
	for _, iface := range pkg.Interfaces {
		add(iface.Directives)
		for _, m := range iface.Methods {
			add(m.Directives)
		}
	}
	for _, s := range pkg.Stray {
		add([]load.Directive{s.Directive})
	}
	out := l[:0:0]
	for i := 0; i < len(l); {
		key := line{l[i].Pos.Filename, l[i].Pos.Line}
		j := i + 1
		for j < len(l) && l[j].Pos.Filename == key.file && l[j].Pos.Line == key.line {
			j++
		}
		if !directives[key] || j-i <= MaxPerDirective {
			out = append(out, l[i:j]...)
		} else {
			out = append(out, l[i:i+MaxPerDirective]...)
			out = append(out, diag.Diagnostic{
				Pos: l[i+MaxPerDirective].Pos,
				Msg: fmt.Sprintf("... and %d more errors in this directive", j-i-MaxPerDirective),
			})
		}
		i = j
	}
	return out
}
