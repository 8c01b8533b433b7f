package cli_test

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/gofeign/feign/internal/cli"
)

// TestHugeDirectiveGivesBoundedErrors feeds directives of about a megabyte: a request
// line of 262,144 '{' and a header of 50,000 variables that name no parameter. Each
// gives at most ten errors and a count of the rest, at the first one left out.
func TestHugeDirectiveGivesBoundedErrors(t *testing.T) {
	const header = "\t//feign:headers X: "
	src := "package ping\n\nimport \"context\"\n\n// API is enormous.\ntype API interface {\n" +
		"\t//feign:requestLine GET /" + strings.Repeat("{", 262144) + "\n" +
		"\tGet(ctx context.Context) error\n\n" +
		"\t//feign:requestLine GET /h\n" +
		header + strings.Repeat("{nope}", 50000) + "\n" +
		"\tHead(ctx context.Context) error\n}\n"
	dir := scratchModule(t, map[string]string{"api.go": src})

	code, stdout, stderr := runIn(t, dir)
	assert.Equal(t, cli.ExitError, code)
	assert.Empty(t, stdout)
	var want strings.Builder
	want.WriteString("api.go:7:28: requestLine of API.Get: unexpected '{' inside an expression: expressions cannot be nested (missing '}'?)\n")
	col := len(header) + 2 // of the name inside the braces; the tab is one column
	for i := range 10 {
		fmt.Fprintf(&want, "api.go:11:%d: header X of API.Head uses {nope}, which is no parameter (the method has no parameters to use)\n", col+6*i)
	}
	fmt.Fprintf(&want, "api.go:11:%d: ... and 49990 more errors in this directive\n", col+60)
	assert.Equal(t, want.String(), stderr)
}

// position is how every line feigngen prints about a declaration starts: a file with
// its line and column, a file or directory alone, or the pattern that matched nothing.
var position = regexp.MustCompile(`^(\S+\.go:\d+:\d+|\S+|pattern \S+): \S`)

// TestPackageProblemsArePositioned runs feigngen where the problem is a whole package or
// pattern: each line names the directory or the pattern.
func TestPackageProblemsArePositioned(t *testing.T) {
	dir := scratchModule(t, map[string]string{
		"api.go":         pingAPI,
		"plain/plain.go": "package plain\n\n// Plain has no directives.\ntype Plain interface{ M() }\n",
		"empty/README":   "no Go here\n",
	})
	tests := []struct {
		args   []string
		stderr string
	}{
		{[]string{"./plain"}, ""}, // matched by a pattern, a package without clients is no API package
		{[]string{"./nowhere"}, "pattern ./nowhere: stat " + filepath.Join(dir, "nowhere") + ": directory not found\n"},
		{[]string{"./empty"}, "empty: no Go files in " + filepath.Join(dir, "empty") + "\n"},
		{[]string{"-type", "Pang"}, ".: -type Pang: no interface with //feign: directives of that name in package example.com/ping\n"},
		{[]string{"./empty", "./nowhere", "."}, "empty: no Go files in " + filepath.Join(dir, "empty") + "\n" +
			"pattern ./nowhere: stat " + filepath.Join(dir, "nowhere") + ": directory not found\n"},
		{[]string{"example.com/elsewhere"}, "pattern example.com/elsewhere: no required module provides package example.com/elsewhere; to add it: go get example.com/elsewhere\n"},
	}
	for _, tt := range tests {
		code, stdout, stderr := runIn(t, dir, tt.args...)
		assert.Empty(t, stdout)
		assert.Equal(t, tt.stderr, stderr, "%v", tt.args)
		if tt.stderr != "" {
			assert.Equal(t, cli.ExitError, code, "%v", tt.args)
		}
		for _, line := range strings.Split(strings.TrimSuffix(stderr, "\n"), "\n") {
			if line != "" {
				assert.Regexp(t, position, line, "%v", tt.args)
			}
		}
	}
	code, _, stderr := runIn(t, filepath.Join(dir, "plain"))
	assert.Equal(t, cli.ExitError, code)
	assert.Equal(t, ".: package example.com/ping/plain has no interface with //feign: directives\n", stderr)
}

// TestTypeAcrossPackages names with -type an interface of one of the packages a
// pattern matches: the others are not in error for lacking it.
func TestTypeAcrossPackages(t *testing.T) {
	dir := scratchModule(t, map[string]string{"a/api.go": pingAPI, "b/pang.go": pongAPI})
	code, _, stderr := runIn(t, dir, "-type", "Ping,Pong", "./...")
	assert.Equal(t, cli.ExitOK, code, stderr)
	assert.FileExists(t, filepath.Join(dir, "a", "api_feign.go"))
	assert.NoFileExists(t, filepath.Join(dir, "b", "pang_feign.go"))

	code, stdout, stderr := runIn(t, dir, "-type", "Ping,Nope", "./...")
	assert.Equal(t, cli.ExitError, code)
	assert.Empty(t, stdout)
	assert.Equal(t, "pattern ./...: -type Nope: no interface with //feign: directives of that name in the 2 packages matched\n", stderr)
}
