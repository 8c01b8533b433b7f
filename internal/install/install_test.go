// Package install tries the install path of the README as a new user would: in a
// scratch module, outside this repository, it adds feigngen with go get -tool, declares
// an interface, runs go generate and passes a test against a loopback server.
//
// The module is not published where the module proxy can serve it, so the scratch
// module replaces github.com/gofeign/feign with this checkout and runs with
// GOPROXY=off. Every other module it needs is one of this repository's: the test first
// has the go command download them into the module cache (through the configured
// proxy, verified against this repository's go.sum, a no-op when they are there), and
// starts the scratch module's go.sum from this repository's, the same hashes, so no
// step needs the checksum database, which a fresh machine may not reach: go get checks
// every module missing from go.sum there. Apart from the replace line and the seeded
// go.sum, the commands are the README's, unchanged.
package install

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const apiGo = `package weather

//go:generate go tool feigngen

import "context"

// Forecast is the weather of a day.
type Forecast struct {
	City string  ` + "`json:\"city\"`" + `
	TempC float64 ` + "`json:\"temp_c\"`" + `
}

// Weather is a weather API.
//
//feign:headers Accept: application/json
type Weather interface {
	// Today returns today's forecast for a city.
	//
	//feign:requestLine GET /forecast/{city}?units={units}
	Today(ctx context.Context, city string, units *string) (*Forecast, error)
}
`

const apiTestGo = `package weather

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

func TestToday(t *testing.T) {
	var attempts atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if attempts.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable) // retried by the client
			return
		}
		if r.URL.EscapedPath() != "/forecast/S%C3%A3o%20Paulo" || r.URL.RawQuery != "units=metric" {
			t.Errorf("server got %s", r.URL)
		}
		json.NewEncoder(w).Encode(Forecast{City: "São Paulo", TempC: 24.5})
	}))
	defer srv.Close()

	api, err := NewWeather(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	units := "metric"
	got, err := api.Today(context.Background(), "São Paulo", &units)
	if err != nil {
		t.Fatal(err)
	}
	if *got != (Forecast{City: "São Paulo", TempC: 24.5}) || attempts.Load() != 2 {
		t.Fatalf("got %+v after %d attempts", *got, attempts.Load())
	}
}
`

const mainGo = `// Command forecast prints today's forecast: forecast BASE_URL CITY.
package main

import (
	"context"
	"fmt"
	"os"

	"example.com/weather"
)

func main() {
	api, err := weather.NewWeather(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	f, err := api.Today(context.Background(), os.Args[2], nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("%s: %.1f °C\n", f.City, f.TempC)
}
`

func TestNewUserInstallPath(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a scratch module with the go command")
	}
	goTool := filepath.Join(runtimeGOROOT(t), "bin", "go")
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	// The modules the scratch module builds with, on an empty module cache too.
	download := exec.Command(goTool, "mod", "download")
	download.Dir = repo
	download.Env = append(os.Environ(), "GOFLAGS=-mod=readonly", "GOWORK=off")
	if out, err := download.CombinedOutput(); err != nil {
		t.Fatalf("go mod download in %s: %v\n%s", repo, err, out)
	}
	sum, err := os.ReadFile(filepath.Join(repo, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	write(t, filepath.Join(dir, "go.sum"), string(sum))
	write(t, filepath.Join(dir, "go.mod"), "module example.com/weather\n\ngo 1.26.0\n\n"+
		"// Not yet on the module proxy: this checkout stands in for the published module.\n"+
		"replace github.com/gofeign/feign => "+repo+"\n")

	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(goTool, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod", "GOWORK=off")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}

	run("get", "-tool", "github.com/gofeign/feign/cmd/feigngen")
	write(t, filepath.Join(dir, "api.go"), apiGo)
	write(t, filepath.Join(dir, "api_test.go"), apiTestGo)
	// A command of the module calls the constructor: -check ./... from the module root
	// must still work, as the README advises for CI.
	if err := os.MkdirAll(filepath.Join(dir, "cmd", "forecast"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "cmd", "forecast", "main.go"), mainGo)
	run("generate", "./...")

	generated, err := os.ReadFile(filepath.Join(dir, "api_feign.go"))
	if err != nil {
		t.Fatal("go generate wrote no client: ", err)
	}
	if !strings.HasPrefix(string(generated), "// Code generated by feigngen. DO NOT EDIT.") {
		t.Errorf("api_feign.go does not start with the generated-code header:\n%.200s", generated)
	}
	run("vet", "./...")
	if out := run("test", "-count=1", "-v", "./..."); !strings.Contains(out, "--- PASS: TestToday") {
		t.Errorf("the new user's test did not pass:\n%s", out)
	}
	run("tool", "feigngen", "-check", "./...")
}

func write(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// runtimeGOROOT returns the GOROOT of the go command running the tests, so the scratch
// module is built by the same toolchain.
func runtimeGOROOT(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Skipf("no go command on PATH: %v", err)
	}
	return strings.TrimSpace(string(out))
}
