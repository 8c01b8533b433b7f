// Package shadowed declares top-level names that generated code would otherwise import
// packages under (runtime, context, strconv, strings): the generated file must import
// those packages under other names.
package shadowed

var runtime = "not the runtime package"

func context() {}

type strconv int

const strings = 1

// API takes no context, so its generated methods call context.Background(); it formats
// numbers with strconv and joins a list with runtime.Join.
//
//feign:headers X-Tags: {tags}
type API interface {
	//feign:requestLine GET /items/{id}?n={n}
	Get(id int, n *float64, tags []int) ([]string, error)
}

var _ = []any{runtime, context, strconv(0), strings}
