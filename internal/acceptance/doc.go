// Package acceptance runs generated clients against real servers that nobody on this
// project wrote, started by the tests themselves: go-httpbin (its /sse server-sent
// events and /stream/{n} JSON lines) and json-server 0.17 (its paginated lists, whose
// answers link to the next page with a Link header). It is a module of its own, so
// that the main module gains no dependency on them.
//
// json-server comes from npm: the tests find it through $FEIGN_JSON_SERVER (the path of
// its executable, which .ci/run installs into a temporary prefix) or on $PATH, and
// skip when it is absent, unless $CI is "true", where its absence fails them.
package acceptance
