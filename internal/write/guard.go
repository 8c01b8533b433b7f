package write

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"slices"
)

// ForeignError is returned by Apply when a file it was asked to write or remove exists
// and was not written by feigngen: such a file is the user's and is never touched.
type ForeignError struct {
	Paths []string // sorted
}

func (e *ForeignError) Error() string {
	return fmt.Sprintf("%s: not written by feigngen (it does not start with %q); refusing to overwrite or remove it", e.Paths[0], Header)
}

// Foreign returns, sorted, the paths among paths that exist and do not start with
// Header: files feigngen did not write, which it must neither overwrite nor remove.
func Foreign(paths []string) ([]string, error) {
	var foreign []string
	for _, path := range paths {
		generated, err := isGenerated(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if !generated {
			foreign = append(foreign, path)
		}
	}
	slices.Sort(foreign)
	return slices.Compact(foreign), nil
}

// Clients returns the interfaces whose clients the generated file at path holds, in the
// order it declares them, read from the compile-time assertions every client starts
// with (var _ GitHub = (*gitHubClient)(nil)). A file that does not exist holds none; one
// that does not parse holds none that can be named.
func Clients(path string) ([]string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if f == nil {
		return nil, err
	}
	var names []string
	for _, decl := range f.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.VAR {
			continue
		}
		for _, spec := range gen.Specs {
			vs := spec.(*ast.ValueSpec)
			if len(vs.Names) != 1 || vs.Names[0].Name != "_" || vs.Type == nil {
				continue
			}
			if id, ok := vs.Type.(*ast.Ident); ok {
				names = append(names, id.Name)
			}
		}
	}
	return names, nil
}
