// Package load is the first phase of feigngen: it loads the user's packages with
// go/packages, type-checking those that hold //feign: lines, and finds the interfaces
// that carry //feign: directives, with every directive line and its position. No AST
// value leaves it: the model phase sees names, types.Types and token.Positions only.
package load

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/gofeign/feign/internal/diag"
)

// BuildTag is set while loading, so that generated files, which carry
// "//go:build !feigngen", are left out: a stale client never blocks regeneration.
const BuildTag = "feigngen"

// Config says what to load.
type Config struct {
	Dir      string   // the working directory; patterns are relative to it
	Patterns []string // package patterns; none means the package in Dir
	Tags     []string // extra build tags
}

// Package is a loaded package with its annotated interfaces.
type Package struct {
	Path       string // import path
	Name       string
	Dir        string
	Fset       *token.FileSet
	Types      *types.Package
	Interfaces []*Interface // in source order
	// Stray are directives in the doc comment of anything but an interface or one of
	// its methods, where they have no effect.
	Stray []StrayDirective
}

// StrayDirective is a directive that sits where it has no effect.
type StrayDirective struct {
	Directive
	On string // what it documents: "func NewThing", "type Config"
}

// Interface is an interface type carrying //feign: directives on itself or its methods.
type Interface struct {
	Name       string
	Named      *types.Named
	File       string // absolute path of the declaring file
	Pos        token.Position
	Directives []Directive
	Doc        string    // the doc comment's text, without its directives
	Methods    []*Method // explicit methods, in source order
	Embedded   []Embedded
	TypeParams bool // the interface is generic

	// Build is the build constraint of File, which the generated file carries.
	Build Constraint
}

// Method is one explicitly declared method of an Interface.
type Method struct {
	Name       string
	Func       *types.Func
	Pos        token.Position
	Directives []Directive
	Doc        string // the doc comment's text, without its directives
}

// Embedded is an interface embedded in an Interface.
type Embedded struct {
	Type types.Type
	Pos  token.Position
}

// Directive is one //feign: comment line.
type Directive struct {
	Name    string         // "requestLine"
	Args    string         // the rest of the line, spaces trimmed
	Pos     token.Position // of the "//"
	ArgsPos token.Position // of the first byte of Args; its Column plus a byte offset into Args is that byte's column
}

// Load loads the packages cfg names. Declaration problems are returned as diagnostics;
// the error reports a failure to load at all.
//
// It loads in two passes. The first lists the packages and their import graph without
// type-checking anything, and finds the packages whose files hold //feign: lines. The
// second type-checks those alone. A package without directives is returned with no
// interfaces and is never type-checked: it may call the constructors feigngen is about
// to write, which do not exist while generated files are left out, and nothing in it
// is needed to generate anything.
func Load(cfg Config) ([]*Package, diag.List, error) {
	tags := append([]string{BuildTag}, cfg.Tags...)
	flags := []string{"-tags=" + strings.Join(tags, ",")}
	patterns := cfg.Patterns
	if len(patterns) == 0 {
		patterns = []string{"."}
	}
	listed, err := packages.Load(&packages.Config{
		Mode:       packages.NeedName | packages.NeedFiles | packages.NeedImports | packages.NeedDeps,
		Dir:        cfg.Dir,
		BuildFlags: flags,
	}, patterns...)
	if err != nil {
		return nil, nil, fmt.Errorf("loading packages: %w", err)
	}
	g := newGraph(listed)
	var roots []string
	for _, p := range listed {
		if declares(p.GoFiles) {
			roots = append(roots, p.PkgPath)
		}
	}
	typed := map[string]*packages.Package{}
	if len(roots) > 0 {
		if len(roots) == len(listed) {
			// All of them (as with go:generate): the patterns name them, file names too.
			roots = patterns
		}
		pkgs, err := packages.Load(&packages.Config{
			Mode: packages.NeedName | packages.NeedFiles | packages.NeedSyntax |
				packages.NeedTypes | packages.NeedTypesInfo,
			Dir:        cfg.Dir,
			BuildFlags: flags,
		}, roots...)
		if err != nil {
			return nil, nil, fmt.Errorf("loading packages: %w", err)
		}
		for _, p := range pkgs {
			typed[p.PkgPath] = p
			g.typed[p.PkgPath] = newPackage(p)
		}
	}
	var (
		out   []*Package
		diags diag.List
	)
	for _, l := range listed {
		if p := typed[l.PkgPath]; p != nil {
			pkg := g.typed[p.PkgPath]
			diags = append(diags, placed(p, packageErrors(p, pkg, g))...)
			out = append(out, pkg)
			continue
		}
		pkg := &Package{Path: l.PkgPath, Name: l.Name}
		if len(l.GoFiles) > 0 {
			pkg.Dir = filepath.Dir(l.GoFiles[0])
		} else {
			// Nothing to scan: a pattern naming no package, a directory without Go
			// files. The go command says why.
			diags = append(diags, placed(l, listErrors(l))...)
		}
		out = append(out, pkg)
	}
	return out, diags, nil
}

func newPackage(p *packages.Package) *Package {
	pkg := &Package{Path: p.PkgPath, Name: p.Name, Fset: p.Fset, Types: p.Types}
	if len(p.GoFiles) > 0 {
		pkg.Dir = filepath.Dir(p.GoFiles[0])
	}
	if p.TypesInfo == nil {
		return pkg
	}
	for i, file := range p.Syntax {
		name := p.Fset.Position(file.Pos()).Filename
		if i < len(p.CompiledGoFiles) && name == "" {
			name = p.CompiledGoFiles[i]
		}
		build := fileConstraint(p.Fset, file, name)
		for _, decl := range file.Decls {
			if fn, ok := decl.(*ast.FuncDecl); ok {
				pkg.stray(p.Fset, fn.Doc, "func "+fn.Name.Name)
				continue
			}
			gen, ok := decl.(*ast.GenDecl)
			if !ok {
				continue
			}
			if gen.Tok != token.TYPE {
				pkg.stray(p.Fset, gen.Doc, gen.Tok.String()+" declaration")
				continue
			}
			for _, spec := range gen.Specs {
				ts := spec.(*ast.TypeSpec)
				it, ok := ts.Type.(*ast.InterfaceType)
				if !ok {
					doc := ts.Doc
					if doc == nil && len(gen.Specs) == 1 {
						doc = gen.Doc
					}
					pkg.stray(p.Fset, doc, "type "+ts.Name.Name)
					continue
				}
				doc := ts.Doc
				if doc == nil && len(gen.Specs) == 1 {
					doc = gen.Doc
				}
				if iface := newInterface(p, name, ts, it, doc); iface != nil {
					iface.Build = build
					pkg.Interfaces = append(pkg.Interfaces, iface)
				}
			}
		}
	}
	return pkg
}

// stray records the directives of a doc comment that documents something else than an
// interface or its methods.
func (pkg *Package) stray(fset *token.FileSet, doc *ast.CommentGroup, on string) {
	for _, d := range directives(fset, doc) {
		pkg.Stray = append(pkg.Stray, StrayDirective{Directive: d, On: on})
	}
}

// newInterface returns the Interface declared by ts, or nil when neither it nor any of
// its methods carries a directive.
func newInterface(p *packages.Package, file string, ts *ast.TypeSpec, it *ast.InterfaceType, doc *ast.CommentGroup) *Interface {
	iface := &Interface{
		Name:       ts.Name.Name,
		File:       file,
		Pos:        p.Fset.Position(ts.Name.Pos()),
		Directives: directives(p.Fset, doc),
		Doc:        docText(doc),
		TypeParams: ts.TypeParams != nil && len(ts.TypeParams.List) > 0,
	}
	annotated := len(iface.Directives) > 0
	if obj, ok := p.TypesInfo.Defs[ts.Name].(*types.TypeName); ok {
		iface.Named, _ = obj.Type().(*types.Named)
	}
	for _, field := range it.Methods.List {
		if len(field.Names) == 0 {
			iface.Embedded = append(iface.Embedded, Embedded{
				Type: p.TypesInfo.TypeOf(field.Type),
				Pos:  p.Fset.Position(field.Type.Pos()),
			})
			continue
		}
		for _, name := range field.Names {
			m := &Method{
				Name:       name.Name,
				Pos:        p.Fset.Position(name.Pos()),
				Directives: directives(p.Fset, field.Doc),
				Doc:        docText(field.Doc),
			}
			m.Func, _ = p.TypesInfo.Defs[name].(*types.Func)
			annotated = annotated || len(m.Directives) > 0
			iface.Methods = append(iface.Methods, m)
		}
	}
	if !annotated {
		return nil
	}
	return iface
}

// directives reads the //feign: lines of a doc comment from its raw lines:
// CommentGroup.Text drops directive lines, so it cannot be used.
func directives(fset *token.FileSet, doc *ast.CommentGroup) []Directive {
	if doc == nil {
		return nil
	}
	var out []Directive
	for _, c := range doc.List {
		d, ok := parseDirective(c.Text)
		if !ok {
			continue
		}
		d.Pos = fset.Position(c.Slash)
		d.ArgsPos = d.Pos
		d.ArgsPos.Column += d.argsOffset
		d.ArgsPos.Offset += d.argsOffset
		out = append(out, d.Directive)
	}
	return out
}

// docText returns the prose of a doc comment: CommentGroup.Text drops its directive
// lines, which is what documentation wants.
func docText(doc *ast.CommentGroup) string {
	if doc == nil {
		return ""
	}
	return strings.TrimSpace(doc.Text())
}

type rawDirective struct {
	Directive
	argsOffset int
}

// Prefix starts every directive line.
const Prefix = "//feign:"

// parseDirective splits a comment line "//feign:name args" into its name and args. A
// line "// feign:name" (with a space, as gofmt leaves a directive whose name starts
// with an upper-case letter) is returned too, with a name the model rejects with a hint.
func parseDirective(text string) (rawDirective, bool) {
	rest, ok := strings.CutPrefix(text, Prefix)
	if !ok {
		trimmed := strings.TrimLeft(strings.TrimPrefix(text, "//"), " \t")
		if !strings.HasPrefix(text, "//") || !strings.HasPrefix(trimmed, "feign:") {
			return rawDirective{}, false
		}
		// Spaced: keep it, marked, so the user learns why it is ignored by Go tools.
		rest = trimmed[len("feign:"):]
		name, args, off := splitNameArgs(rest)
		return rawDirective{Directive{Name: " " + name, Args: args}, len(text) - len(rest) + off}, true
	}
	name, args, off := splitNameArgs(rest)
	return rawDirective{Directive{Name: name, Args: args}, len(Prefix) + off}, true
}

// splitNameArgs splits "name  args " into name, "args" and the byte offset of args.
func splitNameArgs(s string) (name, args string, argsOffset int) {
	end := strings.IndexAny(s, " \t")
	if end < 0 {
		return s, "", len(s)
	}
	name = s[:end]
	rest := s[end:]
	trimmed := strings.TrimLeft(rest, " \t")
	return name, strings.TrimRight(trimmed, " \t"), end + len(rest) - len(trimmed)
}
