package runtime

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/gofeign/feign/errordecoder"
	"github.com/gofeign/feign/retryer"
)

// errCallEnded is the cause when a Call is ended twice: the generated code is wrong.
var errCallEnded = errors.New("feign: call already ended")

// want says which responses an ending method takes.
type want uint8

const (
	want2xx       want = iota // other statuses go through the ErrorDecoder
	wantAnyStatus             // Response: every status is a result, none is retried
)

// send runs the call: it builds the URL and the body once, then makes attempts until one
// gives a result, a failure that may not be retried, or the Retryer ends the call.
//
// It returns either a response whose body the ending method must consume and close, or
// an error (always a *CallError), or neither: the call succeeded with the zero value (a
// dismissed 404, or an ErrorDecoder that returned nil).
func (c *Call) send(w want) (*http.Response, error) {
	if c.ended {
		return nil, c.end(errCallEnded)
	}
	c.ended = true
	if c.err != nil {
		return nil, c.end(c.err)
	}
	c.url = string(c.rawURL) // every attempt's request parses it
	if err := c.encodeBody(); err != nil {
		return nil, c.end(err)
	}
	c.addUserAgent()

	var retry retryer.Retryer // cloned on the first retryable failure only
	for {
		resp, failure, err := c.attempt(w)
		if failure == nil {
			if err != nil {
				return nil, c.end(err)
			}
			return resp, nil
		}
		if c.stream != nil && !c.stream.replayable() {
			return nil, c.end(err) // the body is consumed: it cannot be sent again
		}
		if retry == nil {
			retry = c.client.retryer
			if c.retryer != nil {
				retry = c.retryer
			}
			retry = retry.Clone()
		}
		if stop := retry.ContinueOrPropagate(c.ctx, failure); stop != nil {
			if stop == error(failure) {
				stop = err // keep what the ErrorDecoder wrapped around the failure
			}
			return nil, c.end(stop)
		}
	}
}

// attempt sends one attempt. It returns the response to hand on, or the error that ends
// the call, or a retryable failure together with the error to end the call with if the
// Retryer gives up (the ErrorDecoder's error, which wraps failure).
func (c *Call) attempt(w want) (*http.Response, *errordecoder.RetryableError, error) {
	if err := c.ctx.Err(); err != nil {
		return nil, nil, err // nothing to send for: not counted as an attempt
	}
	req, err := c.newRequest()
	if err != nil {
		return nil, nil, err
	}
	for _, intercept := range c.client.interceptors {
		if err := intercept(req); err != nil {
			return nil, nil, err
		}
	}

	c.attempts++
	resp, err := c.client.httpClient.Do(req)
	if err != nil {
		failure, err := c.transportFailure(req, redactError(err))
		return nil, failure, err
	}
	for _, intercept := range c.client.responseInterceptors {
		if err := intercept(resp); err != nil {
			drainAndClose(resp.Body)
			return nil, nil, err
		}
	}
	if w == wantAnyStatus || 200 <= resp.StatusCode && resp.StatusCode <= 299 {
		return resp, nil, nil
	}
	if resp.StatusCode == http.StatusNotFound && (c.endpoint.Dismiss404 || c.client.dismiss404) {
		drainAndClose(resp.Body)
		return nil, nil, nil
	}

	err = c.client.errorDecoder.Decode(c.endpoint.MethodKey, resp)
	drainAndClose(resp.Body)
	var failure *errordecoder.RetryableError
	if err == nil || !errors.As(err, &failure) || !c.mayRetryStatus(req, resp.StatusCode) {
		return nil, nil, err
	}
	return nil, failure, err
}

// transportFailure classifies an error of http.Client.Do: the end of the call, or a
// failure to retry.
func (c *Call) transportFailure(req *http.Request, err error) (*errordecoder.RetryableError, error) {
	if ctxErr := c.ctx.Err(); ctxErr != nil {
		if !errors.Is(err, ctxErr) {
			err = fmt.Errorf("%w: %w", ctxErr, err)
		}
		return nil, err
	}
	if !c.mayRetryTransport(req, err) {
		return nil, err
	}
	failure := &errordecoder.RetryableError{Err: err}
	return failure, failure
}

// encodeBody encodes the body, if the call has one, once for all its attempts. The
// Encoder may set Content-Type in the call's header.
func (c *Call) encodeBody() error {
	if c.stream != nil {
		if c.header.Get("Content-Type") == "" {
			c.Header("Content-Type", "application/octet-stream")
		}
		return nil
	}
	if !c.hasBody {
		return nil
	}
	if c.header == nil {
		c.header = make(http.Header, 1)
	}
	encoder := c.client.encoder
	if c.encoder != nil {
		encoder = c.encoder
	}
	payload, err := encoder.Encode(c.body, c.header)
	if err != nil {
		return err
	}
	c.payload = payload
	if len(payload) > 0 {
		c.getBody = c.newBody // one closure per call, not one per attempt
	}
	return nil
}

// end returns the error that ends the call.
func (c *Call) end(err error) error {
	return &CallError{MethodKey: c.endpoint.MethodKey, Attempts: c.attempts, Err: err}
}
