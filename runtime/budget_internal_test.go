package runtime

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestBudgetIsExactUnderConcurrency(t *testing.T) {
	b := newBudget(&RetryBudget{MaxTokens: 100_000, TokenRatio: 0.25})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 10_000 {
				b.failure()
			}
			for range 2_000 {
				b.success()
			}
		})
	}
	wg.Wait()
	// 80,000 failures take 80,000 tokens; 16,000 successes give back 4,000, exactly.
	assert.EqualValues(t, (100_000-80_000+4_000)*milli, b.tokens.Load())
}

func TestBudgetBounds(t *testing.T) {
	b := newBudget(nil)
	for range 20 {
		b.failure()
	}
	assert.Zero(t, b.tokens.Load(), "never below zero")
	assert.False(t, b.allow())
	for range 51 {
		b.success()
	}
	assert.EqualValues(t, 5100, b.tokens.Load(), "0.1 per success, exactly")
	assert.True(t, b.allow(), "more than MaxTokens/2")
	for range 1000 {
		b.success()
	}
	assert.EqualValues(t, 10*milli, b.tokens.Load(), "never above MaxTokens")

	assert.Nil(t, newBudget(&RetryBudget{}), "the zero RetryBudget turns it off")
	var off *budget
	off.failure()
	assert.True(t, off.allow())
}
