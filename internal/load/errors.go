package load

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/gofeign/feign/internal/diag"
)

// packageErrors returns the errors that make p unusable. The one kind it forgives is a
// reference to a constructor feigngen is about to (re)generate, which does not exist
// while generated files are left out: "undefined: NewX" for an annotated interface X of
// p, and "undefined: q.NewX" where q names an imported package with an annotated
// interface X. Every other error is returned, with its position.
func packageErrors(p *packages.Package, pkg *Package, g *graph) diag.List {
	forgiven := map[string]bool{}
	for _, e := range p.TypeErrors {
		if constructorRef(p, pkg, g, e) {
			forgiven[e.Fset.Position(e.Pos).String()+"\x00"+e.Msg] = true
		}
	}
	var out diag.List
	for _, e := range p.Errors {
		if e.Kind == packages.TypeError && forgiven[e.Pos+"\x00"+e.Msg] {
			continue
		}
		if e.Kind == packages.ListError && strings.HasPrefix(e.Msg, "# ") {
			// The go command compiled the package for export data and failed: the type
			// checker reports the same problems, with positions, and forgives the ones
			// about names feigngen generates; the compiler's copy would not.
			continue
		}
		out = append(out, diag.Diagnostic{Pos: parsePos(e.Pos), Msg: e.Msg})
	}
	return out
}

// listErrors returns the errors the go command reported for p.
func listErrors(p *packages.Package) diag.List {
	var out diag.List
	for _, e := range p.Errors {
		out = append(out, diag.Diagnostic{Pos: parsePos(e.Pos), Msg: e.Msg})
	}
	return out
}

// constructorRef reports whether e is an undefined reference to a constructor that
// feigngen generates, found by the identifier at the error's position rather than by
// its message alone.
func constructorRef(p *packages.Package, pkg *Package, g *graph, e types.Error) bool {
	name, ok := strings.CutPrefix(e.Msg, "undefined: ")
	if !ok {
		return false
	}
	if !strings.Contains(name, ".") {
		return g.constructs(pkg.Path, name) && identAt(p, e.Pos, name)
	}
	sel := selectorAt(p, e.Pos)
	if sel == nil {
		return false
	}
	x, ok := sel.X.(*ast.Ident)
	if !ok || name != x.Name+"."+sel.Sel.Name {
		return false
	}
	imported, ok := p.TypesInfo.Uses[x].(*types.PkgName)
	return ok && g.constructs(imported.Imported().Path(), sel.Sel.Name)
}

// identAt reports whether the identifier name is at pos in p's syntax.
func identAt(p *packages.Package, pos token.Pos, name string) bool {
	found := false
	inspect(p, pos, func(n ast.Node) {
		if id, ok := n.(*ast.Ident); ok && id.Pos() == pos && id.Name == name {
			found = true
		}
	})
	return found
}

// selectorAt returns the selector expression whose selected name is at pos.
func selectorAt(p *packages.Package, pos token.Pos) *ast.SelectorExpr {
	var found *ast.SelectorExpr
	inspect(p, pos, func(n ast.Node) {
		if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Pos() == pos {
			found = sel
		}
	})
	return found
}

// inspect calls fn for every node of the file holding pos that encloses pos.
func inspect(p *packages.Package, pos token.Pos, fn func(ast.Node)) {
	for _, f := range p.Syntax {
		if pos < f.FileStart || pos > f.FileEnd {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil || pos < n.Pos() || pos >= n.End() {
				return false
			}
			fn(n)
			return true
		})
	}
}

// parsePos parses the "file:line:col" form of packages.Error.Pos.
func parsePos(s string) token.Position {
	var pos token.Position
	parts := strings.Split(s, ":")
	// The file name itself may contain ':'; line and column are the last numeric parts.
	nums := 0
	for i := len(parts) - 1; i > 0 && nums < 2; i-- {
		if _, err := strconv.Atoi(parts[i]); err != nil {
			break
		}
		nums++
	}
	pos.Filename = strings.Join(parts[:len(parts)-nums], ":")
	if nums >= 1 {
		pos.Line, _ = strconv.Atoi(parts[len(parts)-nums])
	}
	if nums == 2 {
		pos.Column, _ = strconv.Atoi(parts[len(parts)-1])
	}
	return pos
}
