package load

import (
	"go/ast"
	"go/build/constraint"
	"go/token"
	"path/filepath"
	"strings"
)

// Constraint is the build constraint of a source file, which its generated file must
// carry: the file's clients implement interfaces that exist only when it is compiled.
type Constraint struct {
	// Expr is the constraint in //go:build syntax: the file's //go:build line and the
	// GOOS and GOARCH its name implies (api_linux.go), joined with &&; "" when the file
	// has none.
	Expr string
	Pos  token.Position // of the //go:build line; the file alone when only its name constrains it
}

// fileConstraint returns the build constraint of file, named name. A //go:build line
// that does not parse was already refused by the go command, so it is left out here.
func fileConstraint(fset *token.FileSet, file *ast.File, name string) Constraint {
	var exprs []constraint.Expr
	c := Constraint{Pos: token.Position{Filename: name}}
	for _, group := range file.Comments {
		if group.Pos() >= file.Package {
			break
		}
		for _, line := range group.List {
			if !constraint.IsGoBuild(line.Text) {
				continue
			}
			if x, err := constraint.Parse(line.Text); err == nil {
				exprs = append(exprs, x)
				c.Pos = fset.Position(line.Slash)
			}
		}
	}
	exprs = append(exprs, nameConstraint(name)...)
	if len(exprs) == 0 {
		return c
	}
	x := exprs[0]
	for _, y := range exprs[1:] {
		x = &constraint.AndExpr{X: x, Y: y}
	}
	c.Expr = x.String()
	return c
}

// nameConstraint returns the tags a file's name implies, as the go command reads them:
// *_GOOS, *_GOARCH and *_GOOS_GOARCH, before .go and an optional _test. A generated
// file's name ends in _feign.go, which implies nothing, so they must be written out.
func nameConstraint(name string) []constraint.Expr {
	base := strings.TrimSuffix(filepath.Base(name), ".go")
	base = strings.TrimSuffix(base, "_test")
	i := strings.Index(base, "_")
	if i < 0 {
		return nil
	}
	l := strings.Split(base[i:], "_")
	n := len(l)
	if n >= 2 && knownOS[l[n-2]] && knownArch[l[n-1]] {
		return []constraint.Expr{&constraint.TagExpr{Tag: l[n-2]}, &constraint.TagExpr{Tag: l[n-1]}}
	}
	if n >= 1 && (knownOS[l[n-1]] || knownArch[l[n-1]]) {
		return []constraint.Expr{&constraint.TagExpr{Tag: l[n-1]}}
	}
	return nil
}

// knownOS and knownArch are the go command's lists (internal/syslist): a file name
// suffix is a constraint only when it names one of them.
var (
	knownOS = set("aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd openbsd plan9 solaris wasip1 windows zos")

	knownArch = set("386 amd64 amd64p32 arm armbe arm64 arm64be loong64 mips mipsle mips64 mips64le mips64p32 mips64p32le ppc ppc64 ppc64le riscv riscv64 s390 s390x sparc sparc64 wasm")
)

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}
