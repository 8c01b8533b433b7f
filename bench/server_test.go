package bench

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// serverEnv makes the test binary a loopback server of Backend instead of running
// tests: the benchmarks that measure the client's CPU start it as a process of its own
// (see startServer), so that the server's work is not counted as the client's.
const serverEnv = "FEIGN_BENCH_SERVER"

// serveFromEnv serves Backend with the protocol serverEnv names ("h1" or "h2c") on a
// loopback port, writes the base URL on stdout, and returns when stdin is closed. It
// reports false when serverEnv is not set.
func serveFromEnv() bool {
	proto := os.Getenv(serverEnv)
	if proto == "" {
		return false
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	srv := &http.Server{Handler: &Backend{}, Protocols: protocols(proto), ReadHeaderTimeout: time.Minute}
	go func() { _ = srv.Serve(ln) }()
	os.Stdout.WriteString("http://" + ln.Addr().String() + "\n")
	_, _ = io.Copy(io.Discard, os.Stdin) // until the benchmark closes it, or exits
	_ = srv.Close()
	return true
}

// protocols returns the protocols of proto: "h1" is HTTP/1.1, "h2c" HTTP/2 without TLS
// (prior knowledge), as a service mesh sidecar speaks it.
func protocols(proto string) *http.Protocols {
	p := new(http.Protocols)
	switch proto {
	case "h1":
		p.SetHTTP1(true)
	case "h2c":
		p.SetUnencryptedHTTP2(true)
	default:
		panic("bench: unknown protocol " + proto)
	}
	return p
}

// startServer starts the test binary as a loopback server speaking proto and returns
// its base URL; the server stops when the test or benchmark ends.
func startServer(tb testing.TB, proto string) string {
	tb.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), serverEnv+"="+proto)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		tb.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		_ = stdin.Close()
		_ = cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		tb.Fatalf("loopback server: %v", err)
	}
	return strings.TrimSpace(line)
}

// newTransport returns a transport for proto that keeps up to conns idle connections,
// so that concurrent callers reuse their connections instead of dialing.
func newTransport(proto string, conns int) *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.Protocols = protocols(proto)
	t.MaxIdleConns = max(conns, 100)
	t.MaxIdleConnsPerHost = max(conns, 2)
	return t
}
