package ratelimit_test

import (
	"testing"

	"github.com/gofeign/feign/ratelimit"
	"github.com/gofeign/feign/ratelimit/storetest"
)

func TestMemoryStoreConformance(t *testing.T) {
	storetest.Run(t, func(*testing.T) ratelimit.Store { return &ratelimit.MemoryStore{} })
}
