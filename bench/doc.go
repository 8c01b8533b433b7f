// Package bench measures a feigngen client against the code a user would write
// instead: hand-written net/http, hashicorp/go-retryablehttp, go-resty/resty (v2 and
// v3) and failsafe-go's failsafehttp, each making the same logical calls of Issues.
//
// It is a module of its own so that users of github.com/gofeign/feign never download
// the peers. Every contender implements Issues, sends the same request (escaped path
// and query, Accept and User-Agent headers, a JSON body for Create), checks the status,
// decodes the JSON answer into the same struct, and drains and closes every body; the
// tests of this package check that on a loopback server. BENCHMARKS.md at the root of
// the repository holds the figures and how to reproduce them.
package bench
