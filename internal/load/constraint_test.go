package load

import (
	"go/parser"
	"go/token"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFileConstraint(t *testing.T) {
	tests := []struct {
		name, src string
		want      Constraint
	}{
		{"api.go", "package p\n", Constraint{Pos: token.Position{Filename: "api.go"}}},
		{"api.go", "// Package p.\n//go:build special\npackage p\n", Constraint{Expr: "special", Pos: token.Position{Filename: "api.go", Offset: 14, Line: 2, Column: 1}}},
		{"api.go", "//go:build a || b && !c\n\npackage p\n", Constraint{Expr: "a || (b && !c)", Pos: token.Position{Filename: "api.go", Line: 1, Column: 1}}},
		{"api_linux.go", "//go:build a || b\n\npackage p\n", Constraint{Expr: "(a || b) && linux", Pos: token.Position{Filename: "api_linux.go", Line: 1, Column: 1}}},
		{"api_windows_arm64.go", "package p\n", Constraint{Expr: "windows && arm64", Pos: token.Position{Filename: "api_windows_arm64.go"}}},
		{"api_amd64_test.go", "package p\n", Constraint{Expr: "amd64", Pos: token.Position{Filename: "api_amd64_test.go"}}},
		{"linux.go", "package p\n", Constraint{Pos: token.Position{Filename: "linux.go"}}},
		{"api_special.go", "package p\n", Constraint{Pos: token.Position{Filename: "api_special.go"}}},
		// A //go:build line after the package clause is a comment, not a constraint.
		{"api.go", "package p\n\n//go:build special\n", Constraint{Pos: token.Position{Filename: "api.go"}}},
	}
	for _, tt := range tests {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, tt.name, tt.src, parser.ParseComments)
		require.NoError(t, err)
		assert.Equal(t, tt.want, fileConstraint(fset, f, tt.name), "%s: %q", tt.name, tt.src)
	}
}
