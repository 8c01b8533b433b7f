package load

import (
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"os"

	"golang.org/x/tools/go/packages"
)

// A module-wide run (feigngen ./...) matches two kinds of packages: those that declare
// annotated interfaces, and those that merely use the clients generated for them. Only
// the first kind is type-checked. The second kind would not type-check while loading:
// generated files are left out, so every call of a generated constructor is undefined
// there, and nothing in such a package is needed to generate anything.

// declares reports whether any of files holds a //feign: comment line. It reads the
// files with go/scanner, which needs no valid syntax, so a package whose source is
// broken is still found and its errors reported. It errs on the side of type-checking:
// a directive line anywhere, even in prose or where it has no effect, counts.
func declares(files []string) bool {
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			return true // let the type checker report it, with its position
		}
		if declaresIn(src) {
			return true
		}
	}
	return false
}

func declaresIn(src []byte) bool {
	fset := token.NewFileSet()
	var s scanner.Scanner
	s.Init(fset.AddFile("", -1, len(src)), src, nil, scanner.ScanComments)
	for {
		_, tok, lit := s.Scan()
		switch tok {
		case token.EOF:
			return false
		case token.COMMENT:
			if _, ok := parseDirective(lit); ok {
				return true
			}
		}
	}
}

// annotated returns the names of the interfaces of files that carry //feign: directives
// on themselves or on one of their methods: the interfaces feigngen writes a New<Name>
// for. It needs no types, so it serves packages that are only dependencies of the ones
// being generated.
func annotated(files []string) map[string]bool {
	names := map[string]bool{}
	fset := token.NewFileSet()
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments|parser.SkipObjectResolution)
		if f == nil {
			continue
		}
		_ = err // a partial file still shows the interfaces it declares before the error
		for _, decl := range f.Decls {
			gen, ok := decl.(*ast.GenDecl)
			if !ok || gen.Tok != token.TYPE {
				continue
			}
			for _, spec := range gen.Specs {
				ts := spec.(*ast.TypeSpec)
				it, ok := ts.Type.(*ast.InterfaceType)
				if !ok {
					continue
				}
				doc := ts.Doc
				if doc == nil && len(gen.Specs) == 1 {
					doc = gen.Doc
				}
				found := len(directives(fset, doc)) > 0
				for _, field := range it.Methods.List {
					found = found || len(field.Names) > 0 && len(directives(fset, field.Doc)) > 0
				}
				if found {
					names[ts.Name.Name] = true
				}
			}
		}
	}
	return names
}

// graph answers, for any package of the import graph listed in the first pass, which
// interfaces feigngen generates a constructor for. Answers are computed on demand: only
// an error that names a constructor of another package asks.
type graph struct {
	listed map[string]*packages.Package
	typed  map[string]*Package // the packages type-checked in the second pass
	cache  map[string]map[string]bool
}

func newGraph(roots []*packages.Package) *graph {
	g := &graph{listed: map[string]*packages.Package{}, typed: map[string]*Package{}, cache: map[string]map[string]bool{}}
	packages.Visit(roots, nil, func(p *packages.Package) { g.listed[p.PkgPath] = p })
	return g
}

// constructs reports whether feigngen generates a function named fn in the package
// with import path pkgPath: fn is "New" followed by an annotated interface's name.
func (g *graph) constructs(pkgPath, fn string) bool {
	iface, ok := cutNew(fn)
	if !ok {
		return false
	}
	if pkg := g.typed[pkgPath]; pkg != nil {
		for _, it := range pkg.Interfaces {
			if it.Name == iface {
				return true
			}
		}
		return false
	}
	names, ok := g.cache[pkgPath]
	if !ok {
		if p := g.listed[pkgPath]; p != nil {
			names = annotated(p.GoFiles)
		}
		g.cache[pkgPath] = names
	}
	return names[iface]
}

// cutNew returns X for "NewX".
func cutNew(fn string) (string, bool) {
	if len(fn) <= len("New") || fn[:len("New")] != "New" {
		return "", false
	}
	return fn[len("New"):], true
}
