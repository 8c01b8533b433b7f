package main

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadmeShowsTheRealOutput runs the example and compares its whole output with the
// sample in the README's Quickstart, so the sample can never drift from the program.
// Only the port, picked by the system, is normalised; the README writes it PORT.
func TestReadmeShowsTheRealOutput(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	want, err := quickstartSample(string(readme))
	require.NoError(t, err)

	var out strings.Builder
	require.NoError(t, run(&out))
	got := regexp.MustCompile(`127\.0\.0\.1:\d+`).ReplaceAllString(out.String(), "127.0.0.1:PORT")
	assert.Equal(t, want, got, "README.md's Quickstart sample is not what go run ./examples/quickstart prints")
}

// quickstartSample returns the first fenced block without a language in the README's
// Quickstart section: the sample output (the commands are in a ```sh block).
func quickstartSample(readme string) (string, error) {
	_, section, ok := strings.Cut(readme, "\n## Quickstart\n")
	if !ok {
		return "", errors.New("README.md has no Quickstart section")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	for rest := section; ; {
		_, after, ok := strings.Cut(rest, "\n```")
		if !ok {
			return "", errors.New("the Quickstart section has no sample output")
		}
		lang, body, ok := strings.Cut(after, "\n")
		if !ok {
			return "", errors.New("the Quickstart section has an unterminated block")
		}
		block, next, ok := strings.Cut(body, "```\n")
		if !ok {
			return "", errors.New("the Quickstart section has an unterminated block")
		}
		if lang == "" {
			return block, nil
		}
		rest = "\n" + next
	}
}
