package cli_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/internal/cli"
)

// A module as users lay one out: api/ declares an interface and calls its own
// constructor, svc/ declares another and calls api's through a renamed import, helper/
// (no directives) builds a client at package level and is imported by svc, and
// cmd/app calls the constructor and uses the client. While generating, the generated
// files are left out, so none of those calls resolves.
var shopModule = map[string]string{
	"api/api.go": `package api

import "context"

// Items is the items API.
type Items interface {
	//feign:requestLine GET /items/{id}
	Get(ctx context.Context, id string) (string, error)
}
`,
	"api/default.go": `package api

// Default returns a client of the public service.
func Default() (Items, error) {
	c, err := NewItems("https://items.example")
	return c, err
}
`,
	"helper/helper.go": `package helper

import "example.com/ping/api"

// Items is a client shared by the module.
var Items, Err = api.NewItems("http://127.0.0.1:1")
`,
	"svc/svc.go": `package svc

import (
	"context"

	items "example.com/ping/api"
	"example.com/ping/helper"
)

// Orders is the orders API.
type Orders interface {
	//feign:requestLine GET /orders/{id}
	Get(ctx context.Context, id string) (string, error)
}

// Both calls both APIs.
func Both(ctx context.Context) error {
	c, err := items.NewItems("http://127.0.0.1:1")
	if err != nil {
		return err
	}
	if _, err := c.Get(ctx, "1"); err != nil {
		return err
	}
	if _, err := helper.Items.Get(ctx, "2"); err != nil {
		return err
	}
	o, err := NewOrders("http://127.0.0.1:1")
	if err != nil {
		return err
	}
	_, err = o.Get(ctx, "3")
	return err
}
`,
	"cmd/app/main.go": `package main

import (
	"context"
	"fmt"
	"os"

	"example.com/ping/api"
)

func main() {
	c, err := api.NewItems("http://127.0.0.1:1")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(c.Get(context.Background(), "1"))
}
`,
}

func shop(t *testing.T) string {
	t.Helper()
	files := map[string]string{}
	for name, src := range shopModule {
		files[name] = src
	}
	return scratchModule(t, files)
}

// generatedFiles lists the *_feign.go files under dir, relative to it.
func generatedFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(path, "_feign.go") {
			rel, _ := filepath.Rel(dir, path)
			out = append(out, filepath.ToSlash(rel))
		}
		return err
	})
	require.NoError(t, err)
	sort.Strings(out)
	return out
}

// TestModuleWide runs feigngen ./... and feigngen -check ./... from the root of a
// module whose packages, the declaring ones included, call the generated constructors.
func TestModuleWide(t *testing.T) {
	dir := shop(t)

	code, stdout, stderr := runIn(t, dir, "-check", "./...")
	assert.Equal(t, cli.ExitError, code)
	assert.Equal(t, "api/api_feign.go: stale generated code; run go generate\nsvc/svc_feign.go: stale generated code; run go generate\n", stderr)
	assert.Empty(t, stdout)

	code, stdout, stderr = runIn(t, dir, "./...")
	require.Equal(t, cli.ExitOK, code, stderr)
	assert.Empty(t, stdout)
	assert.Empty(t, stderr)
	assert.Equal(t, []string{"api/api_feign.go", "svc/svc_feign.go"}, generatedFiles(t, dir))

	code, stdout, stderr = runIn(t, dir, "-check", "./...")
	assert.Equal(t, cli.ExitOK, code, stderr)
	assert.Empty(t, stdout)
	assert.Empty(t, stderr)

	// The module-wide output is what go:generate writes in each package.
	for _, pkg := range []string{"api", "svc"} {
		code, _, stderr = runIn(t, filepath.Join(dir, pkg), "-check")
		assert.Equal(t, cli.ExitOK, code, "%s: %s", pkg, stderr)
	}
	// A declaring package named alone, its dependencies not generated in the same run.
	require.NoError(t, os.Remove(filepath.Join(dir, "svc", "svc_feign.go")))
	code, _, stderr = runIn(t, dir, "./svc")
	require.Equal(t, cli.ExitOK, code, stderr)
	assert.Empty(t, stderr)
	assert.Equal(t, []string{"api/api_feign.go", "svc/svc_feign.go"}, generatedFiles(t, dir))
}

// TestModuleWideCompiles builds the generated module against this checkout: the
// constructors the packages call are the ones written.
func TestModuleWideCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet")
	}
	dir := shop(t)
	code, _, stderr := runIn(t, dir, "./...")
	require.Equal(t, cli.ExitOK, code, stderr)

	root, err := filepath.Abs(repoRoot(t))
	require.NoError(t, err)
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/ping\n\ngo 1.26\n\n"+
		"require github.com/gofeign/feign v0.0.0\n\nreplace github.com/gofeign/feign => "+root+"\n"), 0o644))
	cmd := exec.Command("go", "vet", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "go vet of the generated module:\n%s", out)
}

// TestModuleWideRefusesRealErrors: forgiving the calls of generated constructors
// forgives nothing else, in the package that declares the interface or in one that
// imports it.
func TestModuleWideRefusesRealErrors(t *testing.T) {
	for _, tc := range []struct {
		name, file, old, new, want string
	}{{
		name: "type error in the declaring package",
		file: "api/default.go",
		old:  "\treturn c, err",
		new:  "\tvar n int = \"n\"\n\treturn c, err",
		want: "api/default.go:6:6: declared and not used: n\napi/default.go:6:14: cannot use \"n\" (untyped string constant) as int value in variable declaration\n",
	}, {
		name: "a constructor no interface has",
		file: "api/default.go",
		old:  `NewItems("https://items.example")`,
		new:  `NewItem("https://items.example")`,
		want: "api/default.go:5:12: undefined: NewItem\n",
	}, {
		name: "an imported package's constructor no interface has",
		file: "svc/svc.go",
		old:  `items.NewItems(`,
		new:  `items.NewOrders(`,
		want: "svc/svc.go:18:18: undefined: items.NewOrders\n",
	}, {
		name: "an undefined name of an imported package",
		file: "svc/svc.go",
		old:  `items.NewItems(`,
		new:  `items.Default(`,
		want: "svc/svc.go:18:26: too many arguments in call to items.Default have (string) want ()\n",
	}, {
		name: "syntax error",
		file: "api/api.go",
		old:  "Get(ctx context.Context, id string) (string, error)",
		new:  "Get(ctx context.Context, id string) (string; error)",
		want: "api/api.go:8:45: missing ',' in parameter list\n",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			dir := shop(t)
			path := filepath.Join(dir, tc.file)
			src, err := os.ReadFile(path)
			require.NoError(t, err)
			require.Contains(t, string(src), tc.old)
			require.NoError(t, os.WriteFile(path, []byte(strings.Replace(string(src), tc.old, tc.new, 1)), 0o644))

			for _, args := range [][]string{{"./..."}, {"-check", "./..."}} {
				code, stdout, stderr := runIn(t, dir, args...)
				assert.Equal(t, cli.ExitError, code, "%v", args)
				assert.Empty(t, stdout)
				assert.Equal(t, tc.want, stderr, "%v", args)
			}
			assert.Empty(t, generatedFiles(t, dir), "nothing is written when there are errors")
		})
	}
}

// TestModuleWideRegeneratesBrokenOutput: generated output that no longer compiles, or
// no longer parses, never blocks a module-wide run.
func TestModuleWideRegeneratesBrokenOutput(t *testing.T) {
	const header = "// Code generated by feigngen. DO NOT EDIT.\n\n//go:build !feigngen\n\npackage api\n\n"
	for name, broken := range map[string]string{
		"stale":  header + "func NewItems(baseURL string, timeout int) (Items, error) { return nil, undefinedThing }\n",
		"syntax": header + "func NewItems( {\n",
	} {
		t.Run(name, func(t *testing.T) {
			dir := shop(t)
			code, _, stderr := runIn(t, dir, "./...")
			require.Equal(t, cli.ExitOK, code, stderr)
			path := filepath.Join(dir, "api", "api_feign.go")
			good, err := os.ReadFile(path)
			require.NoError(t, err)

			require.NoError(t, os.WriteFile(path, []byte(broken), 0o644))
			code, _, stderr = runIn(t, dir, "-check", "./...")
			assert.Equal(t, cli.ExitError, code)
			assert.Equal(t, "api/api_feign.go: stale generated code; run go generate\n", stderr)

			code, _, stderr = runIn(t, dir, "./...")
			require.Equal(t, cli.ExitOK, code, stderr)
			assert.Empty(t, stderr)
			got, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, string(good), string(got))
			code, _, stderr = runIn(t, dir, "-check", "./...")
			assert.Equal(t, cli.ExitOK, code, stderr)
		})
	}
}
