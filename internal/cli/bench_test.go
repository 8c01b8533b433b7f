package cli_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/internal/cli"
	"github.com/gofeign/feign/internal/emit"
	"github.com/gofeign/feign/internal/load"
	"github.com/gofeign/feign/internal/model"
)

// bigAPI returns the source of an interface with n methods that cycle through the
// shapes a real API has: path and query parameters, optional and list values, headers
// with templates, JSON bodies, options and every kind of result.
func bigAPI(n int) string {
	var b strings.Builder
	b.WriteString(`package big

import (
	"context"
	"io"
	"net/http"
)

type Item struct {
	ID    string   ` + "`json:\"id\"`" + `
	Name  string   ` + "`json:\"name\"`" + `
	Tags  []string ` + "`json:\"tags\"`" + `
}

// Big is a large API.
//
//feign:headers Accept: application/json
//feign:headers User-Agent: big/1
type Big interface {
`)
	for i := range n {
		switch i % 8 {
		case 0:
			fmt.Fprintf(&b, "\t//feign:requestLine GET /items/{id}/parts/{part}?fields={fields}&v={version}\n"+
				"\tGet%d(ctx context.Context, id string, part int, fields []string, version *int) (*Item, error)\n", i)
		case 1:
			fmt.Fprintf(&b, "\t//feign:requestLine POST /items\n\t//feign:headers Authorization: Bearer {token}\n"+
				"\tCreate%d(ctx context.Context, token string, item Item) (*Item, error)\n", i)
		case 2:
			fmt.Fprintf(&b, "\t//feign:requestLine PUT /items/{id}\n\t//feign:idempotent\n"+
				"\tPut%d(ctx context.Context, id string, item Item) error\n", i)
		case 3:
			fmt.Fprintf(&b, "\t//feign:requestLine DELETE /items/{id}\n\t//feign:options dismiss404=true\n"+
				"\tDelete%d(ctx context.Context, id string) error\n", i)
		case 4:
			fmt.Fprintf(&b, "\t//feign:requestLine GET /search?q={q}&page={page}&tag={tags}\n"+
				"\tSearch%d(ctx context.Context, q string, page *int, tags []string) ([]Item, error)\n", i)
		case 5:
			fmt.Fprintf(&b, "\t//feign:requestLine GET /items/{id}/raw\n"+
				"\tRaw%d(ctx context.Context, id string) (*http.Response, error)\n", i)
		case 6:
			fmt.Fprintf(&b, "\t//feign:requestLine GET /items/{id}/blob\n\t//feign:headers X-Trace: {trace}\n"+
				"\tBlob%d(ctx context.Context, id string, trace *string) (io.ReadCloser, error)\n", i)
		case 7:
			fmt.Fprintf(&b, "\t//feign:requestLine GET /text/{path}?lang=en\n"+
				"\tText%d(ctx context.Context, path string) (string, error)\n", i)
		}
	}
	b.WriteString("}\n")
	return b.String()
}

// BenchmarkGenerate300 times feigngen on a 300-method interface, phase by phase and as
// a whole (cli.Run with -check: everything but writing the file).
func BenchmarkGenerate300(b *testing.B) {
	dir := b.TempDir()
	require.NoError(b, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/big\n\ngo 1.26\n"), 0o644))
	require.NoError(b, os.WriteFile(filepath.Join(dir, "big.go"), []byte(bigAPI(300)), 0o644))
	b.Chdir(dir)
	var stderr bytes.Buffer
	require.Equal(b, cli.ExitOK, cli.Run(nil, &bytes.Buffer{}, &stderr), stderr.String())

	loadPkg := func(b *testing.B) *load.Package {
		pkgs, diags, err := load.Load(load.Config{Dir: dir})
		require.NoError(b, err)
		require.Empty(b, diags)
		require.Len(b, pkgs, 1)
		return pkgs[0]
	}
	buildModel := func(b *testing.B, pkg *load.Package) *model.Package {
		m, problems := model.Build(pkg, nil)
		require.Empty(b, problems)
		return m
	}

	b.Run("load", func(b *testing.B) {
		for b.Loop() {
			loadPkg(b)
		}
	})
	b.Run("model", func(b *testing.B) {
		pkg := loadPkg(b)
		for b.Loop() {
			buildModel(b, pkg)
		}
	})
	b.Run("emit", func(b *testing.B) {
		m := buildModel(b, loadPkg(b))
		for b.Loop() {
			out, err := emit.Emit(m)
			require.NoError(b, err)
			require.Len(b, out, 1)
		}
	})
	b.Run("run", func(b *testing.B) {
		for b.Loop() {
			stderr.Reset()
			require.Equal(b, cli.ExitOK, cli.Run([]string{"-check"}, &bytes.Buffer{}, &stderr), stderr.String())
		}
	})
}
