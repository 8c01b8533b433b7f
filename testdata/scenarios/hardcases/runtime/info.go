// Package runtime has the name of feign's runtime package.
package runtime

// Info describes a runtime.
type Info struct {
	Go string `json:"go"`
}
