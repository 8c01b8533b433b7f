package runtime

import (
	"errors"
	"fmt"

	"github.com/gofeign/feign/retrybudget"
)

// ErrBudgetExhausted is wrapped by the error of a call that the retry budget stopped:
// its last failure (an *errordecoder.HTTPError, say) is wrapped too, so errors.As still
// finds it.
var ErrBudgetExhausted = errors.New("feign: retry budget exhausted")

// defaultBudget is the budget of a Client built without WithRetryBudget: package
// retrybudget's defaults, spelled out so the doc and the code cannot drift apart.
var defaultBudget = RetryBudget{
	Ratio:        retrybudget.DefaultRatio,
	MinPerSecond: retrybudget.DefaultMinPerSecond,
	Window:       retrybudget.DefaultWindow,
}

// newBudget returns the budget of cfg (nil: the default), shared by every call of a
// Client: each call deposits once when it starts, each retry and each hedge withdraws.
// It returns nil, which allows everything and counts nothing, for the zero RetryBudget.
func newBudget(cfg *RetryBudget) (*retrybudget.Budget, error) {
	if cfg == nil {
		cfg = &defaultBudget
	}
	b, err := retrybudget.New(retrybudget.Config(*cfg))
	if err != nil {
		return nil, fmt.Errorf("feign: RetryBudget: %w", err)
	}
	return b, nil
}
