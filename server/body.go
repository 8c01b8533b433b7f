package server

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"

	"github.com/gofeign/feign/codec"
)

// media returns the request's media type, lower case, or "" when it has none.
func (q *Request) media() (string, map[string]string) {
	ct := q.r.Header.Get("Content-Type")
	if ct == "" {
		return "", nil
	}
	media, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return strings.ToLower(strings.TrimSpace(ct)), nil
	}
	return media, params
}

// checkMedia answers 415 when the request declares a Content-Type other than want
// ("" accepts any). A request without a Content-Type is taken to be of the declared one.
func (q *Request) checkMedia(want string) bool {
	got, _ := q.media()
	if want == "" || got == "" || got == want || isJSON(want) && isJSON(got) && want == "application/json" {
		return true
	}
	q.fail(http.StatusUnsupportedMediaType, "body", "Content-Type "+quote(got)+" is not the declared "+quote(want), nil)
	return false
}

func isJSON(media string) bool {
	return media == "application/json" || strings.HasSuffix(media, "+json")
}

// take marks the body read: a method has one body.
func (q *Request) take() bool {
	if q.bodyTaken {
		return false
	}
	q.bodyTaken = true
	return true
}

// Decode decodes the body into v, a pointer, with the Server's Decoder. media is the
// method's declared Content-Type, or "" when it declares none; then the default
// Decoder, codec.JSON, accepts only JSON. An empty body leaves v as it is.
func (q *Request) Decode(v any, media string) {
	if media == "" && defaultDecoder(q.s.decoder) {
		media = "application/json"
	}
	if !q.checkMedia(media) || !q.take() || q.err != nil {
		return
	}
	q.decodeWith(q.s.decoder, v)
}

// DecodeForm decodes a form body (application/x-www-form-urlencoded) into v, a map or
// a pointer to a struct with form tags, with codec.Form, as the client encodes it.
func (q *Request) DecodeForm(v any) {
	if !q.checkMedia("application/x-www-form-urlencoded") || !q.take() || q.err != nil {
		return
	}
	q.decodeWith(codec.Form{}, v)
}

func (q *Request) decodeWith(d codec.Decoder, v any) {
	resp := &http.Response{StatusCode: http.StatusOK, Header: q.r.Header, Body: q.r.Body, ContentLength: q.r.ContentLength, Request: q.r}
	if err := d.Decode(resp, v); err != nil {
		if mbe := (*http.MaxBytesError)(nil); errors.As(err, &mbe) {
			q.readFailed("body", err)
			return
		}
		q.fail(http.StatusBadRequest, "body", "cannot be decoded: "+err.Error(), err)
	}
}

// defaultDecoder reports whether d is codec.JSON, the default, which a client's raw
// bodies never go through.
func defaultDecoder(d codec.Decoder) bool {
	switch d.(type) {
	case codec.JSON, *codec.JSON:
		return true
	}
	return false
}

// BodyBytes returns the whole body, a []byte body parameter sent as it is. media is
// the declared Content-Type, "" when there is none. As a client with an Encoder of its
// own hands it its raw bodies too, a Server with a Decoder of its own (WithDecoder
// with anything but codec.JSON) decodes the body into the []byte.
func (q *Request) BodyBytes(media string) []byte {
	if !q.checkMedia(media) || !q.take() || q.err != nil {
		return nil
	}
	if !defaultDecoder(q.s.decoder) {
		var b []byte
		q.decodeWith(q.s.decoder, &b)
		return b
	}
	b, err := io.ReadAll(q.r.Body)
	if err != nil {
		q.readFailed("body", err)
		return nil
	}
	return b
}

// BodyText is BodyBytes for a string body parameter; a Decoder of the Server's own
// decodes the body into the string.
func (q *Request) BodyText(media string) string {
	if !defaultDecoder(q.s.decoder) {
		if !q.checkMedia(media) || !q.take() || q.err != nil {
			return ""
		}
		var s string
		q.decodeWith(q.s.decoder, &s)
		return s
	}
	return string(q.BodyBytes(media))
}

// BodyReader returns the body for an io.Reader body parameter, bounded by the limit
// of WithMaxBodyBytes: a read past it fails with an *http.MaxBytesError.
func (q *Request) BodyReader(media string) io.ReadCloser {
	if !q.checkMedia(media) || !q.take() {
		return http.NoBody
	}
	return q.r.Body
}

// ReadForm reads a form body, application/x-www-form-urlencoded or, with multipart,
// multipart/form-data, whose fields FormValue, FormAll and FormFile then return.
func (q *Request) ReadForm(multipartForm bool) {
	if q.formRead {
		return
	}
	q.formRead = true
	want := "application/x-www-form-urlencoded"
	if multipartForm {
		want = "multipart/form-data"
	}
	if !q.checkMedia(want) || !q.take() || q.err != nil {
		return
	}
	if !multipartForm {
		b, err := io.ReadAll(q.r.Body)
		if err != nil {
			q.readFailed("body", err)
			return
		}
		values, err := url.ParseQuery(string(b))
		if err != nil {
			q.fail(http.StatusBadRequest, "body", "malformed form", err)
			return
		}
		q.form = values
		return
	}
	_, params := q.media()
	if params["boundary"] == "" {
		q.fail(http.StatusBadRequest, "body", "multipart/form-data without a boundary", nil)
		return
	}
	q.form, q.files = map[string][]string{}, map[string][]byte{}
	mr := multipart.NewReader(q.r.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return
		}
		if err != nil {
			q.readFailed("body", err)
			return
		}
		data, err := io.ReadAll(p)
		if err != nil {
			q.readFailed("part "+p.FormName(), err)
			return
		}
		if p.FileName() != "" {
			q.files[p.FormName()] = data
			continue
		}
		q.form[p.FormName()] = append(q.form[p.FormName()], string(data))
	}
}

// FormValue returns the first value of the form field name, and whether there is one.
func (q *Request) FormValue(name string) (string, bool) {
	if v := q.form[name]; len(v) > 0 {
		return v[0], true
	}
	return "", false
}

// FormAll returns every value of the form field name, nil when there is none.
func (q *Request) FormAll(name string) []string { return q.form[name] }

// FormFile returns the bytes of the multipart file part name, nil when there is none.
func (q *Request) FormFile(name string) []byte { return q.files[name] }
