package redact

import (
	"net/url"
	"testing"
)

// The redaction of a failed attempt's URL is on the path of every retried call.
func BenchmarkURL(b *testing.B) {
	u, err := url.Parse("http://api.example/repos/golang/go/issues/42?fields=title%2Cstate")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = URL(u)
	}
}

func BenchmarkSecretQueryKey(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = SecretQueryKey("fields")
	}
}
