// Package redact removes secrets from URLs and headers before they reach an error
// message or a log line.
//
// Query strings are where API keys and tokens most often leak: go-retryablehttp, pester
// and others print full URLs in errors and logs. URL keeps every byte of a URL except the
// userinfo password and the values of secret-looking query keys (see SecretQueryKey), so
// a redacted URL still shows which endpoint failed and with which ordinary parameters.
package redact
