package model_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/packages"

	"github.com/gofeign/feign/internal/load"
)

// sourceFile is where the fixtures of this package pretend to live.
const sourceFile = "/src/p/api.go"

// imports are the packages fixture sources and the code generated from them import.
var imports = []string{
	"github.com/gofeign/feign/runtime", "github.com/gofeign/feign/server",
	"context", "encoding", "fmt", "io", "iter", "net/http", "strconv", "strings", "time",
}

// universe holds imports and their dependencies, loaded once with go/packages, so
// that each import path has one *types.Package, as for the go command.
var universe struct {
	once sync.Once
	pkgs map[string]*types.Package
	err  error
}

// importer imports from universe.
func importer(tb testing.TB) types.Importer {
	tb.Helper()
	universe.once.Do(func() {
		cfg := &packages.Config{Mode: packages.NeedName | packages.NeedTypes | packages.NeedImports | packages.NeedDeps}
		roots, err := packages.Load(cfg, imports...)
		if err != nil {
			universe.err = err
			return
		}
		universe.pkgs = map[string]*types.Package{}
		packages.Visit(roots, nil, func(p *packages.Package) {
			if len(p.Errors) > 0 && universe.err == nil {
				universe.err = fmt.Errorf("loading %s: %v", p.PkgPath, p.Errors[0])
			}
			universe.pkgs[p.PkgPath] = p.Types
		})
	})
	require.NoError(tb, universe.err)
	return importerFunc(func(path string) (*types.Package, error) {
		if p := universe.pkgs[path]; p != nil {
			return p, nil
		}
		return nil, fmt.Errorf("%s is not among the fixture imports", path)
	})
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// checkFiles parses and type-checks the files of package p, the first of which is
// sourceFile: src; the others are generated code.
func checkFiles(tb testing.TB, src string, generated ...[]byte) (*token.FileSet, *types.Package, error) {
	tb.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, sourceFile, src, parser.ParseComments|parser.SkipObjectResolution)
	require.NoError(tb, err)
	files := []*ast.File{f}
	for i, g := range generated {
		gf, err := parser.ParseFile(fset, fmt.Sprintf("/src/p/gen%d_feign.go", i), g, parser.SkipObjectResolution)
		if err != nil {
			return nil, nil, err
		}
		files = append(files, gf)
	}
	conf := types.Config{Importer: importer(tb)}
	pkg, err := conf.Check("example.com/p", fset, files, nil)
	return fset, pkg, err
}

// fixture is a type-checked source whose interfaces the tests annotate by hand, as the
// load phase would.
type fixture struct {
	src  string
	fset *token.FileSet
	pkg  *types.Package
}

func newFixture(tb testing.TB, src string) *fixture {
	tb.Helper()
	fset, pkg, err := checkFiles(tb, src)
	require.NoError(tb, err)
	return &fixture{src: src, fset: fset, pkg: pkg}
}

// method is one method of an interface with the directives it carries.
type method struct {
	name       string
	directives []load.Directive
}

// load returns the package as the load phase would find it when the interface named
// iface is the only annotated one, its methods annotated as given. Every method of the
// interface must be given, in source order.
func (f *fixture) load(tb testing.TB, iface string, methods ...method) *load.Package {
	tb.Helper()
	obj := f.pkg.Scope().Lookup(iface)
	require.NotNil(tb, obj, "the fixture declares no %s", iface)
	named := obj.Type().(*types.Named)
	under := named.Underlying().(*types.Interface)
	require.Equal(tb, under.NumExplicitMethods(), len(methods), "methods of %s", iface)
	li := &load.Interface{
		Name:  iface,
		Named: named,
		File:  sourceFile,
		Pos:   f.fset.Position(obj.Pos()),
	}
	for _, m := range methods {
		var fn *types.Func
		for i := range under.NumExplicitMethods() {
			if under.ExplicitMethod(i).Name() == m.name {
				fn = under.ExplicitMethod(i)
			}
		}
		require.NotNil(tb, fn, "%s has no method %s", iface, m.name)
		li.Methods = append(li.Methods, &load.Method{
			Name:       m.name,
			Func:       fn,
			Pos:        f.fset.Position(fn.Pos()),
			Directives: m.directives,
		})
	}
	return &load.Package{
		Path:       f.pkg.Path(),
		Name:       f.pkg.Name(),
		Dir:        "/src/p",
		Fset:       f.fset,
		Types:      f.pkg,
		Interfaces: []*load.Interface{li},
	}
}

// directive is the line //feign:name args at line, column 2, as the load phase reads it.
func directive(name, args string, line int) load.Directive {
	pos := token.Position{Filename: sourceFile, Line: line, Column: 2}
	argsPos := pos
	argsPos.Column += len(load.Prefix + name + " ")
	return load.Directive{Name: name, Args: args, Pos: pos, ArgsPos: argsPos}
}

// annotate returns the directives name, args, name, args... on consecutive lines.
func annotate(nameArgs ...string) []load.Directive {
	var out []load.Directive
	for i := 0; i+1 < len(nameArgs); i += 2 {
		out = append(out, directive(nameArgs[i], nameArgs[i+1], 10+i/2))
	}
	return out
}
