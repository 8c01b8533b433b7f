package cli_test

import (
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/internal/cli"
)

// TestCommittedClientsAreCurrent regenerates, without writing, every generated client
// committed outside testdata/ (whose goldens TestScenarios covers): from the root of
// each module of the repository with -check ./..., as the README advises for CI, and
// from each directory holding a *_feign.go, as go:generate runs feigngen. Any
// difference fails, naming the file.
func TestCommittedClientsAreCurrent(t *testing.T) {
	root, err := filepath.Abs(repoRoot(t))
	require.NoError(t, err)
	var modules, dirs []string
	seen := map[string]bool{}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() && path != root && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
			return filepath.SkipDir
		}
		switch {
		case name == "go.mod":
			modules = append(modules, filepath.Dir(path))
		case strings.HasSuffix(name, "_feign.go") && !seen[filepath.Dir(path)]:
			seen[filepath.Dir(path)] = true
			dirs = append(dirs, filepath.Dir(path))
		}
		return nil
	})
	require.NoError(t, err)
	sort.Strings(modules)
	sort.Strings(dirs)
	rel := func(dir string) string {
		r, err := filepath.Rel(root, dir)
		require.NoError(t, err)
		return filepath.ToSlash(r)
	}
	var names []string
	for _, m := range modules {
		names = append(names, rel(m))
	}
	// The walk finds the modules CI checks (and any new one).
	assert.Subset(t, names, []string{".", "bench", "examples/observability"})
	require.NotEmpty(t, dirs)

	for _, m := range modules {
		t.Run("module "+rel(m), func(t *testing.T) {
			code, stdout, stderr := runIn(t, m, "-check", "./...")
			assert.Equal(t, cli.ExitOK, code, stderr)
			assert.Empty(t, stdout)
			assert.Empty(t, stderr)
		})
	}
	for _, dir := range dirs {
		t.Run(rel(dir), func(t *testing.T) {
			code, stdout, stderr := runIn(t, dir, "-check")
			assert.Equal(t, cli.ExitOK, code, stderr)
			assert.Empty(t, stdout)
			assert.Empty(t, stderr)
		})
	}
}
