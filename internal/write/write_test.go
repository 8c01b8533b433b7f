package write_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gofeign/feign/internal/write"
)

const generated = write.Header + "\n\n//go:build !feigngen\n\npackage p\n"

// files writes name → content into a new temporary directory, every file dated an hour
// ago, and returns the directory.
func files(t *testing.T, contents map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range contents {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
		require.NoError(t, os.Chtimes(path, hourAgo, hourAgo))
	}
	return dir
}

var hourAgo = time.Now().Add(-time.Hour).Truncate(time.Second)

func modTime(t *testing.T, path string) time.Time {
	t.Helper()
	info, err := os.Stat(path)
	require.NoError(t, err)
	return info.ModTime()
}

func TestStaleNamesDifferingMissingAndOrphanedFiles(t *testing.T) {
	dir := files(t, map[string]string{
		"same_feign.go":    generated,
		"changed_feign.go": generated,
	})
	want := map[string][]byte{
		filepath.Join(dir, "same_feign.go"):    []byte(generated),
		filepath.Join(dir, "changed_feign.go"): []byte(generated + "// more\n"),
		filepath.Join(dir, "new_feign.go"):     []byte(generated),
	}
	orphan := filepath.Join(dir, "old_feign.go")

	stale, err := write.Stale(want, []string{orphan})
	require.NoError(t, err)
	assert.Equal(t, []string{
		filepath.Join(dir, "changed_feign.go"),
		filepath.Join(dir, "new_feign.go"),
		orphan,
	}, stale, "sorted, without the file that is up to date")

	stale, err = write.Stale(map[string][]byte{filepath.Join(dir, "same_feign.go"): []byte(generated)}, nil)
	require.NoError(t, err)
	assert.Empty(t, stale)
}

func TestStaleReportsUnreadableFiles(t *testing.T) {
	dir := t.TempDir() // a directory where a file is expected cannot be read as one
	_, err := write.Stale(map[string][]byte{dir: []byte(generated)}, nil)
	assert.Error(t, err)
}

func TestApplyWritesOnlyWhatDiffers(t *testing.T) {
	dir := files(t, map[string]string{
		"same_feign.go":    generated,
		"changed_feign.go": generated,
		"old_feign.go":     generated,
	})
	same := filepath.Join(dir, "same_feign.go")
	changed := filepath.Join(dir, "changed_feign.go")
	created := filepath.Join(dir, "new_feign.go")
	orphan := filepath.Join(dir, "old_feign.go")
	want := map[string][]byte{
		same:    []byte(generated),
		changed: []byte(generated + "// more\n"),
		created: []byte(generated),
	}

	require.NoError(t, write.Apply(want, []string{orphan}))

	assert.Equal(t, hourAgo, modTime(t, same), "a file with the same bytes is not rewritten")
	assert.NotEqual(t, hourAgo, modTime(t, changed))
	for path, content := range want {
		got, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.Equal(t, string(content), string(got), path)
		info, err := os.Stat(path)
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o644), info.Mode().Perm(), path)
	}
	assert.NoFileExists(t, orphan)

	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.Equal(t, []string{"changed_feign.go", "new_feign.go", "same_feign.go"}, names, "no temporary file is left behind")

	stale, err := write.Stale(want, nil)
	require.NoError(t, err)
	assert.Empty(t, stale, "nothing is stale after Apply")
}

func TestApplyToleratesAnOrphanAlreadyGone(t *testing.T) {
	dir := t.TempDir()
	assert.NoError(t, write.Apply(nil, []string{filepath.Join(dir, "gone_feign.go")}))
}

func TestApplyReportsAnUnwritableDirectory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", "api_feign.go")
	assert.Error(t, write.Apply(map[string][]byte{path: []byte(generated)}, nil))
}

func TestOrphansAreOnlyGeneratedFilesNotWanted(t *testing.T) {
	dir := files(t, map[string]string{
		"api.go":            "package p\n",
		"api_feign.go":      generated,
		"gone_feign.go":     generated,
		"handmade_feign.go": "// Package p does things by hand.\npackage p\n",
		"late_feign.go":     "package p\n\n" + write.Header + "\n",
		"short_feign.go":    "// Code",
		"longer_feign.go":   write.Header + "ed by hand\npackage p\n",
		"crlf_feign.go":     write.Header + "\r\n\r\npackage p\r\n",
		"bare_feign.go":     write.Header,
		"empty_feign.go":    "",
		"notes.txt":         generated,
	})
	want := map[string][]byte{filepath.Join(dir, "api_feign.go"): []byte(generated)}

	orphans, err := write.Orphans(dir, want, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{filepath.Join(dir, "bare_feign.go"), filepath.Join(dir, "crlf_feign.go"), filepath.Join(dir, "gone_feign.go")}, orphans)

	require.NoError(t, write.Apply(want, orphans))
	assert.FileExists(t, filepath.Join(dir, "handmade_feign.go"), "a file without the header is never removed")
	assert.FileExists(t, filepath.Join(dir, "late_feign.go"), "the header must start the file")
	assert.FileExists(t, filepath.Join(dir, "longer_feign.go"), "the header must be the whole first line")
	assert.NoFileExists(t, filepath.Join(dir, "gone_feign.go"))
}

func TestOrphansOfAnEmptyDirectory(t *testing.T) {
	orphans, err := write.Orphans(t.TempDir(), nil, nil)
	require.NoError(t, err)
	assert.Empty(t, orphans)
}
