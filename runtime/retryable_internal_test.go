package runtime

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/gofeign/feign/errordecoder"
)

// claims is an error whose As method hands out a RetryableError it does not wrap.
type claims struct{ failure *errordecoder.RetryableError }

func (c claims) Error() string { return "claims" }

func (c claims) As(target any) bool {
	if p, ok := target.(**errordecoder.RetryableError); ok {
		*p = c.failure
		return true
	}
	return false
}

// retryableIn finds what errors.As finds, in every shape of error tree.
func TestRetryableInFindsWhatErrorsAsFinds(t *testing.T) {
	failure := &errordecoder.RetryableError{Err: errors.New("503")}
	other := errors.New("other")
	for name, err := range map[string]error{
		"nil":                nil,
		"none":               other,
		"itself":             failure,
		"wrapped":            fmt.Errorf("decode: %w", failure),
		"wrapped twice":      fmt.Errorf("a: %w", fmt.Errorf("b: %w", failure)),
		"joined, second":     errors.Join(other, failure),
		"joined, deep":       fmt.Errorf("x: %w", errors.Join(other, fmt.Errorf("y: %w", failure))),
		"several %w":         fmt.Errorf("%w and %w", other, failure),
		"joined, none":       errors.Join(other, errors.New("again")),
		"As method":          claims{failure},
		"As method, wrapped": fmt.Errorf("w: %w", claims{failure}),
		"HTTPError wrapped":  &errordecoder.RetryableError{Err: &errordecoder.HTTPError{StatusCode: 503}},
	} {
		var want *errordecoder.RetryableError
		errors.As(err, &want)
		assert.Same(t, want, retryableIn(err), name)
	}
}
