// Package form declares form bodies this version of feigngen cannot generate.
package form

import "context"

// API sends forms.
//
//feign:headers Content-Type: application/x-www-form-urlencoded
type API interface {
	// SignUp would send its parameters as form fields.
	//
	//feign:requestLine POST /signup
	SignUp(ctx context.Context, name, email string) error

	// Upload would too, as a multipart form.
	//
	//feign:requestLine POST /upload/{dir}
	//feign:headers Content-Type: multipart/form-data; boundary=x
	Upload(ctx context.Context, dir, name string, data []byte) error

	// Mixed names a JSON body: two parameters left over are the ordinary mistake.
	//
	//feign:requestLine POST /mixed
	//feign:headers Content-Type: application/json
	Mixed(ctx context.Context, a, b string) error
}
