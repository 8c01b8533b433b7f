package runtime

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"strings"

	"github.com/gofeign/feign/codec"
)

// FormField adds the field name=value to a form body
// (application/x-www-form-urlencoded), built from the parameters a method's templates
// do not use. The body is encoded by codec.Form, whatever the Client's Encoder: fields
// sorted by name, names and values escaped so that no value adds a field.
func (c *Call) FormField(name, value string) {
	form, ok := c.body.(url.Values)
	if !ok || c.encoder == nil {
		form = url.Values{}
		c.Body(form)
		c.encoder = codec.Form{}
	}
	form[name] = append(form[name], value)
}

// Form sets v, a url.Values, a map or a struct with form tags, as the whole form body,
// encoded by codec.Form whatever the Client's Encoder.
func (c *Call) Form(v any) {
	c.Body(v)
	c.encoder = codec.Form{}
}

// MultipartField adds a text part name=value to a multipart/form-data body.
func (c *Call) MultipartField(name, value string) {
	c.multipartBody().parts = append(c.multipartBody().parts, part{name: name, value: []byte(value)})
}

// MultipartFile adds a file part, with a file name and Content-Type
// application/octet-stream, to a multipart/form-data body. data is not copied: it must
// not change until the call ends.
func (c *Call) MultipartFile(name, filename string, data []byte) {
	c.multipartBody().parts = append(c.multipartBody().parts, part{name: name, filename: filename, value: data, file: true})
}

func (c *Call) multipartBody() *multipartBody {
	mb, ok := c.body.(*multipartBody)
	if !ok {
		mb = &multipartBody{}
		c.Body(mb)
		c.encoder = multipartEncoder{}
	}
	return mb
}

// multipartBody is the parts of a multipart/form-data body, in declaration order.
type multipartBody struct{ parts []part }

type part struct {
	name, filename string
	value          []byte
	file           bool
}

// multipartEncoder writes a multipartBody. It sets Content-Type to
// multipart/form-data with its boundary, replacing the declared
// "multipart/form-data", which has no boundary and could not be parsed without it.
type multipartEncoder struct{}

var quoteEscaper = strings.NewReplacer("\\", "\\\\", `"`, "\\\"", "\r", "%0D", "\n", "%0A")

func (multipartEncoder) Encode(v any, h http.Header) ([]byte, error) {
	mb, ok := v.(*multipartBody)
	if !ok {
		return nil, fmt.Errorf("feign: multipart body of type %T", v)
	}
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, p := range mb.parts {
		ph := make(textproto.MIMEHeader, 2)
		disposition := `form-data; name="` + quoteEscaper.Replace(p.name) + `"`
		if p.file {
			disposition += `; filename="` + quoteEscaper.Replace(p.filename) + `"`
			ph.Set("Content-Type", "application/octet-stream")
		}
		ph.Set("Content-Disposition", disposition)
		pw, err := w.CreatePart(ph)
		if err != nil {
			return nil, err
		}
		if _, err := pw.Write(p.value); err != nil {
			return nil, err
		}
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	h.Set("Content-Type", w.FormDataContentType())
	return buf.Bytes(), nil
}
