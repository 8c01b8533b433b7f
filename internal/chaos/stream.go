package chaos

import (
	"context"
	"iter"

	"github.com/gofeign/feign/runtime"
)

// Tick is the data of one event of a faultserver.SSEServer.
type Tick struct {
	N int `json:"n"`
}

// Ticks is a stream of numbered server-sent events whose connections break: a GET, so
// the runtime resumes it with Last-Event-ID.
type Ticks interface {
	//feign:requestLine GET /ticks
	//feign:stream sse
	Ticks(ctx context.Context) iter.Seq2[runtime.SSE[Tick], error]
}
