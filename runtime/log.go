package runtime

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/internal/redact"
)

// LogLevel says how much of each attempt a Client logs. Each level logs what the one
// before it logs, and more.
type LogLevel uint8

const (
	// LogNone logs nothing: the default.
	LogNone LogLevel = iota
	// LogBasic logs one line per attempt (method key, HTTP method, redacted URL, status,
	// duration, attempt number, hedge), one per retry with the wait before the next
	// attempt, one per hedge, and one when a call fails.
	LogBasic
	// LogHeaders adds the request and response headers to each attempt's line, with the
	// values of secret headers redacted.
	LogHeaders
	// LogFull adds the first LogBodyLimit bytes of the request and response bodies.
	// Bodies are logged as they are, except form bodies, whose secret-looking fields are
	// redacted like query values: use it where bodies carry no secrets.
	LogFull
)

// LogBodyLimit is the most of a body LogFull logs, and holds in memory to log it. A
// response body is copied as its reader consumes it, so the body itself is never held
// or read ahead; what follows the limit is only counted.
const LogBodyLimit = 8 << 10

// String returns the name of the level, as in "LogHeaders".
func (l LogLevel) String() string {
	switch l {
	case LogNone:
		return "LogNone"
	case LogBasic:
		return "LogBasic"
	case LogHeaders:
		return "LogHeaders"
	case LogFull:
		return "LogFull"
	}
	return "LogLevel(" + strconv.Itoa(int(l)) + ")"
}

// WithLogger logs the Client's calls to l, in as much detail as level says. Lines go at
// the slog level their news deserves, so the handler's level picks what is seen:
//
//   - slog.LevelDebug: every attempt ("feign attempt") and, with LogFull, every response
//     body ("feign response body");
//   - slog.LevelInfo: every retry with its wait ("feign retry"), every hedge ("feign
//     hedge", "feign hedge won") and every retry or hedge the budget refused ("feign
//     budget refused");
//   - slog.LevelWarn: the failure of a call, after its last attempt ("feign call failed").
//
// Secrets never reach the log: the userinfo password and secret-looking query values
// (token, key, secret, password, signature, sig, code, auth, jwt, session, sid, pass, pwd,
// bearer, credential, otp, hmac, as whole words: access_token, apiKey, refreshToken)
// are redacted from URLs, and the values of Authorization, Proxy-Authorization, Cookie,
// Set-Cookie and secret-looking headers (X-Api-Key) from headers. WithLogRedaction names
// more. The secret values a request sent are also hidden wherever a server echoes them,
// in a response header, a body or an error message. A server cannot forge a line either:
// control characters (CR, LF, ESC, ...), invisible reordering characters and bytes that
// are not UTF-8 are escaped in every value, for handlers that write them raw. Bodies
// show at LogFull only: below it, an error's message leaves its body out and gives its
// length. A nil l or LogNone turns logging off.
//
// The logger is an Observer of the Client's Events, plus, for LogFull, a response
// interceptor that copies bodies as they are read. Given twice, the last WithLogger wins.
func WithLogger(l *slog.Logger, level LogLevel) Option {
	return func(c *Client) {
		lg := clientLogger(c)
		lg.slog, lg.level = l, level
		if l == nil {
			lg.level = LogNone
		}
		if lg.level >= LogFull && !lg.teeing {
			lg.teeing = true
			c.responseInterceptors = append(c.responseInterceptors, lg.teeResponse)
		}
	}
}

// LogRedaction names secrets of an API that the logger must hide, beyond the ones it
// always hides (see WithLogger).
type LogRedaction struct {
	// Headers are header names, in any case, whose values are redacted: "X-Session".
	Headers []string
	// QueryKeys are query keys, matched whole and in any case, whose values are
	// redacted in URLs and in form bodies: "sessionid".
	QueryKeys []string
}

// WithLogRedaction makes the logger of WithLogger hide r's headers and query values too,
// whichever of the two options comes first. It adds to the secrets the logger hides;
// none can be removed. It does not change error messages, which hide the built-in
// secrets only.
func WithLogRedaction(r LogRedaction) Option {
	return func(c *Client) {
		lg := clientLogger(c)
		for _, name := range r.Headers {
			lg.headers = append(lg.headers, http.CanonicalHeaderKey(name))
		}
		for _, key := range r.QueryKeys {
			lg.queryKeys = append(lg.queryKeys, strings.ToLower(key))
		}
	}
}

// clientLogger returns the logger among c's Observers, adding a silent one if there is
// none yet, so that WithLogger and WithLogRedaction configure the same one in any order.
func clientLogger(c *Client) *logger {
	for _, o := range c.observers {
		if lg, ok := o.(*logger); ok {
			return lg
		}
	}
	lg := &logger{}
	c.observers = append(c.observers, lg)
	return lg
}

// logger writes the log lines of WithLogger. It is configured while New applies the
// options and only read afterwards, so it needs no lock but for bodies.
type logger struct {
	slog   *slog.Logger
	level  LogLevel
	teeing bool // teeResponse is among the Client's response interceptors

	headers   []string // more secret header names, canonical
	queryKeys []string // more secret query keys, lower case

	// attempts maps the URL of each attempt in flight to its Event, so the response
	// body, logged when it is read, can name the method key and attempt. Each attempt
	// has its own *url.URL, which net/http keeps in the request it hands back in
	// Response.Request even when it clones the request itself.
	attempts sync.Map // *url.URL → Event
}

// Observe logs e.
func (l *logger) Observe(ctx context.Context, e Event) {
	if l.level == LogNone {
		return
	}
	switch e.Kind {
	case AttemptStart:
		if l.level >= LogFull && e.Request != nil && e.Request.URL != nil {
			l.attempts.Store(e.Request.URL, e)
		}
	case AttemptEnd:
		if e.Request != nil && e.Request.URL != nil {
			l.attempts.Delete(e.Request.URL)
		}
		l.logAttempt(ctx, e)
	case RetryWait:
		l.log(ctx, slog.LevelInfo, "feign retry", e, slog.Duration("wait", e.Wait))
	case HedgeFired:
		l.log(ctx, slog.LevelInfo, "feign hedge", e)
	case HedgeWon:
		l.log(ctx, slog.LevelInfo, "feign hedge won", e)
	case BudgetRefused:
		l.log(ctx, slog.LevelInfo, "feign budget refused", e)
	case CallEnd:
		if e.Err != nil {
			l.log(ctx, slog.LevelWarn, "feign call failed", e,
				slog.Duration("duration", e.Duration), slog.String("err", l.errText(e.Err)))
		}
	}
}

// log writes one line about e, with the attributes every line has and then more.
func (l *logger) log(ctx context.Context, level slog.Level, msg string, e Event, more ...slog.Attr) {
	if !l.slog.Enabled(ctx, level) {
		return
	}
	attrs := make([]slog.Attr, 0, 6+len(more))
	attrs = append(attrs,
		slog.String("method_key", e.MethodKey),
		slog.String("method", e.Method),
		slog.String("url", l.eventURL(e)),
		slog.Int("attempt", e.Attempt),
	)
	if e.Hedge {
		attrs = append(attrs, slog.Bool("hedge", true))
	}
	attrs = append(attrs, more...)
	secrets := l.secrets(e)
	for i := range attrs {
		attrs[i] = cleanAttr(attrs[i], secrets)
	}
	l.slog.LogAttrs(ctx, level, msg, attrs...)
}

// secrets returns the secret values of e's request, which the line about e must not show
// even where the server echoed them (in a header or a body): those redact.Secrets finds,
// and the values of the headers and query keys of WithLogRedaction.
func (l *logger) secrets(e Event) []string {
	req := e.Request
	if req == nil {
		return nil // a CallEnd: its error hides the call's secrets itself
	}
	secrets := redact.Secrets(req.Header, req.URL)
	for _, name := range l.headers {
		secrets = append(secrets, req.Header[name]...)
	}
	if len(l.queryKeys) > 0 && req.URL != nil {
		for key, values := range req.URL.Query() {
			if slices.Contains(l.queryKeys, strings.ToLower(key)) {
				secrets = append(secrets, values...)
			}
		}
	}
	return secrets
}

// cleanAttr hides secrets in the string values of a, of the attributes of a group
// included, and escapes the control characters of its keys and values, so that nothing a
// server sent (a header, a body, a status text in an error) can forge a line or drive the
// terminal of whoever reads the log. Attributes with nothing to change are kept as they
// are.
func cleanAttr(a slog.Attr, secrets []string) slog.Attr {
	a.Key = redact.Escape(a.Key)
	switch a.Value.Kind() {
	case slog.KindString:
		s := a.Value.String()
		if clean := redact.Escape(redact.Scrub(s, secrets)); clean != s {
			a.Value = slog.StringValue(clean)
		}
	case slog.KindGroup:
		group := a.Value.Group() // built by the logger: changed in place
		for i := range group {
			group[i] = cleanAttr(group[i], secrets)
		}
	}
	return a
}

// errText is the message of err for a log line. Below LogFull, which logs bodies, the
// body of an *errordecoder.HTTPError is left out, its length shown instead: LogBasic and
// LogHeaders promise no body, and an error body may hold anything.
func (l *logger) errText(err error) string {
	msg := err.Error()
	var httpErr *errordecoder.HTTPError
	if l.level >= LogFull || !errors.As(err, &httpErr) || len(httpErr.Body) == 0 {
		return msg
	}
	bodiless := *httpErr
	bodiless.Body = nil
	short := strings.TrimSuffix(bodiless.Error(), "[]") + "(" + strconv.Itoa(len(httpErr.Body)) + " bytes of body, logged with LogFull)"
	if full := httpErr.Error(); strings.Contains(msg, full) {
		return strings.ReplaceAll(msg, full, short)
	}
	return short // the body may be anywhere in a message of another making: show none of it
}

// logAttempt writes the line of an attempt that ended.
func (l *logger) logAttempt(ctx context.Context, e Event) {
	if !l.slog.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := make([]slog.Attr, 0, 6)
	if e.StatusCode != 0 {
		attrs = append(attrs, slog.Int("status", e.StatusCode))
	}
	attrs = append(attrs, slog.Duration("duration", e.Duration))
	if e.Err != nil {
		attrs = append(attrs, slog.String("err", l.errText(e.Err)))
	}
	if l.level >= LogHeaders {
		if e.Request != nil {
			attrs = append(attrs, l.headerAttr("request_headers", e.Request.Header))
		}
		if e.Response != nil {
			attrs = append(attrs, l.headerAttr("response_headers", e.Response.Header))
		}
	}
	if l.level >= LogFull && e.Request != nil {
		if body, ok := l.requestBody(e); ok {
			attrs = append(attrs, slog.String("request_body", body))
		}
	}
	l.log(ctx, slog.LevelDebug, "feign attempt", e, attrs...)
}

// eventURL returns the URL of e with every secret the logger knows of redacted.
func (l *logger) eventURL(e Event) string {
	if e.Request != nil && e.Request.URL != nil {
		return l.redactURL(redact.URL(e.Request.URL))
	}
	// e.URL is redacted already; redacting it again costs little and keeps a secret
	// out of the log even if an Observer-facing URL ever were not.
	return l.redactURL(redact.URLString(e.URL))
}

// redactURL redacts the values of the extra query keys in s, a URL whose built-in
// secrets are redacted already.
func (l *logger) redactURL(s string) string {
	if len(l.queryKeys) == 0 {
		return s
	}
	start := strings.IndexByte(s, '?')
	if start < 0 {
		return s
	}
	end := strings.IndexByte(s[start:], '#')
	if end < 0 {
		end = len(s)
	} else {
		end += start
	}
	return s[:start+1] + redactPairs(s[start+1:end], l.extraQueryKey) + s[end:]
}

// extraQueryKey reports whether WithLogRedaction named key, a raw query key.
func (l *logger) extraQueryKey(key string) bool {
	if decoded, err := url.QueryUnescape(key); err == nil {
		key = decoded
	}
	return slices.Contains(l.queryKeys, strings.ToLower(key))
}

// secretQueryKey reports whether key is a built-in or an extra secret query key.
func (l *logger) secretQueryKey(key string) bool {
	return redact.SecretQueryKey(key) || l.extraQueryKey(key)
}

// headerAttr returns h, redacted, as a group of one attribute per header, sorted by
// name; the values of a repeated header are joined with ", ".
func (l *logger) headerAttr(key string, h http.Header) slog.Attr {
	h = redact.Header(h)
	for _, name := range l.headers {
		for i := range h[name] {
			h[name][i] = "REDACTED"
		}
	}
	names := make([]string, 0, len(h))
	for name := range h {
		names = append(names, name)
	}
	slices.Sort(names)
	attrs := make([]slog.Attr, len(names))
	for i, name := range names {
		attrs[i] = slog.String(name, strings.Join(h[name], ", "))
	}
	return slog.Attr{Key: key, Value: slog.GroupValue(attrs...)}
}

// requestBody returns the first LogBodyLimit bytes of the body of e's request, taken
// from the call's encoded payload, never from the reader the transport sends. A
// streamed body is not read: its reader is the caller's and is read once.
func (l *logger) requestBody(e Event) (string, bool) {
	req := e.Request
	switch {
	case e.payload != nil:
		head := e.payload[:min(len(e.payload), LogBodyLimit)]
		return l.bodyText(head, int64(len(e.payload)), req.Header), true
	case req.Body == nil || req.Body == http.NoBody:
		return "", false
	}
	return "(streamed, not logged)", true
}

// bodyText renders head, the start of a body of size bytes, for the log: form fields
// are redacted like query pairs, and a cut body says how long it was, as an
// errordecoder.HTTPError does.
func (l *logger) bodyText(head []byte, size int64, h http.Header) string {
	text := string(head)
	if strings.HasPrefix(h.Get("Content-Type"), "application/x-www-form-urlencoded") {
		text = redactPairs(text, l.secretQueryKey)
	}
	if size > int64(len(head)) {
		text += "... (" + strconv.FormatInt(size, 10) + " bytes)"
	}
	return text
}

// redactPairs replaces the values of the pairs of raw ("a=1&b=2", escaped as in a query
// or a form body) whose key is secret with REDACTED, keeping every other byte in place.
func redactPairs(raw string, secret func(key string) bool) string {
	var b strings.Builder
	for i, pair := range strings.Split(raw, "&") {
		if i > 0 {
			b.WriteByte('&')
		}
		key, value, hasValue := strings.Cut(pair, "=")
		if hasValue && value != "" && secret(key) {
			b.WriteString(key + "=REDACTED")
			continue
		}
		b.WriteString(pair)
	}
	return b.String()
}

// teeResponse is the response interceptor of LogFull: it wraps the body so that what
// its reader consumes is copied, up to LogBodyLimit, and logged once at EOF or Close.
func (l *logger) teeResponse(resp *http.Response) error {
	if l.level < LogFull || resp.Body == nil || resp.Body == http.NoBody {
		return nil
	}
	ctx := context.Background()
	e := Event{Kind: AttemptEnd}
	if req := resp.Request; req != nil {
		ctx = req.Context()
		e.Method, e.Request = req.Method, req
		if started, ok := l.attempts.Load(req.URL); ok {
			e = started.(Event)
			e.Request = req
		}
	}
	if !l.slog.Enabled(ctx, slog.LevelDebug) {
		return nil
	}
	resp.Body = &teeBody{rc: resp.Body, log: l, ctx: ctx, event: e, header: resp.Header}
	return nil
}

// teeBody is a response body that keeps a copy of at most LogBodyLimit bytes of what
// is read from it, and logs it once: at EOF, or at Close if the reader stops early.
type teeBody struct {
	rc     io.ReadCloser
	log    *logger
	ctx    context.Context
	event  Event // the attempt: method key, method, URL, attempt number
	header http.Header

	mu     sync.Mutex // Close may come from another goroutine than Read
	head   []byte     // the first bytes read, at most LogBodyLimit
	read   int64      // every byte read
	eof    bool
	logged bool
}

func (b *teeBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	b.mu.Lock()
	defer b.mu.Unlock()
	if keep := min(n, LogBodyLimit-len(b.head)); keep > 0 {
		if b.head == nil {
			b.head = make([]byte, 0, min(LogBodyLimit, max(keep, 512)))
		}
		b.head = append(b.head, p[:keep]...)
	}
	b.read += int64(n)
	if err == io.EOF {
		b.eof = true
		b.logOnce()
	}
	return n, err
}

func (b *teeBody) Close() error {
	err := b.rc.Close()
	b.mu.Lock()
	defer b.mu.Unlock()
	b.logOnce()
	return err
}

// logOnce writes the body's line the first time it is called. b.mu is held.
func (b *teeBody) logOnce() {
	if b.logged {
		return
	}
	b.logged = true
	// read counts what the consumer read: the whole body at EOF, less when it closed
	// the body early (complete=false), as the runtime does with bodies it discards.
	b.log.log(b.ctx, slog.LevelDebug, "feign response body", b.event,
		slog.String("response_body", b.log.bodyText(b.head, b.read, b.header)),
		slog.Int64("read", b.read),
		slog.Bool("complete", b.eof),
	)
}
