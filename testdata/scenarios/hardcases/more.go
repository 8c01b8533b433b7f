package hardcases

import (
	"context"
	"time"

	"github.com/gofeign/feign/testdata/scenarios/hardcases/runtime"
	"github.com/gofeign/feign/testdata/scenarios/hardcases/v2"
)

// Stamp marshals to text through a value receiver, as time.Time does.
type Stamp struct{ Unix int64 }

// MarshalText writes the seconds.
func (s Stamp) MarshalText() ([]byte, error) { return time.Unix(s.Unix, 0).UTC().MarshalText() }

// Clock is declared in a second file, so it has a generated file of its own.
//
//feign:headers Content-Type: text/plain
type Clock interface {
	// Set sends the time as a path value and a header.
	//
	//feign:requestLine PUT /clock/{at}?since={since}
	//feign:headers X-At: {at}
	//feign:headers Content-Type: application/json
	Set(ctx context.Context, at Stamp, since *time.Time, note string) (string, error)

	// Version uses the types of a package named runtime, as feign's is, and of a package
	// whose name is not the last element of its path, which a parameter is named after.
	// Its struct body is JSON, so it declares so over the interface's text/plain.
	//
	//feign:requestLine PUT /versions/{v2}
	//feign:headers Content-Type: application/json
	Version(ctx context.Context, v2 string, info runtime.Info) (*versioned.Version, error)
}
