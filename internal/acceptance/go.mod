module github.com/gofeign/feign/internal/acceptance

go 1.26.0

replace github.com/gofeign/feign => ../..

tool github.com/gofeign/feign/cmd/feigngen

require (
	github.com/dave/jennifer v1.7.1 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	golang.org/x/mod v0.42.0 // indirect
	golang.org/x/sync v0.24.0 // indirect
	golang.org/x/tools v0.52.0 // indirect
)

require (
	github.com/gofeign/feign v0.0.0-00010101000000-000000000000
	github.com/mccutchen/go-httpbin/v2 v2.26.0
	github.com/stretchr/testify v1.12.1
	go.uber.org/goleak v1.3.0
)
