// Command metrics measures the calls of a generated client with OpenTelemetry, through
// otelfeign, and exports the metrics to Prometheus with OpenTelemetry's Prometheus
// exporter: http.client.request.duration per attempt, labelled with the declared route
// (url_template="/todos/{id}", never the URL), and feign's retry counter. It serves the
// registry as Prometheus scrapes it and prints the scrape.
//
//	cd examples/observability && go run ./metrics
package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	otelprom "go.opentelemetry.io/otel/exporters/prometheus"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/gofeign/feign/examples/observability/todo"
	"github.com/gofeign/feign/otelfeign"
	"github.com/gofeign/feign/retryer"
	"github.com/gofeign/feign/runtime"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "metrics:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	srv := todo.NewServer()
	defer srv.Close()
	return runAgainst(w, srv)
}

// runAgainst makes the example's calls to srv and prints a scrape of the metrics.
func runAgainst(w io.Writer, srv *todo.Server) error {
	registry := prometheus.NewRegistry()
	exporter, err := otelprom.New(otelprom.WithRegisterer(registry), otelprom.WithoutTargetInfo(), otelprom.WithoutScopeInfo())
	if err != nil {
		return err
	}
	provider := sdkmetric.NewMeterProvider(sdkmetric.WithReader(exporter))
	defer provider.Shutdown(context.Background())

	transport := &http.Transport{}
	defer transport.CloseIdleConnections()
	todos, err := todo.NewTodos(srv.URL,
		otelfeign.WithTelemetry(otelfeign.WithMeterProvider(provider)),
		runtime.WithHTTPClient(&http.Client{Transport: transport}),
		runtime.WithRetryer(retryer.New(time.Millisecond, 5*time.Millisecond, 3)),
	)
	if err != nil {
		return err
	}
	for _, id := range []int{1, 2, 13} {
		todos.Get(context.Background(), id) // the outcome is in the metrics
	}
	return printScrape(w, registry)
}

// printScrape serves g as Prometheus scrapes it and prints the scrape, leaving out
// the histogram's buckets and sums, which depend on timing (its counts are exact),
// and writing the server's port, which changes on every run, as "…".
func printScrape(w io.Writer, g prometheus.Gatherer) error {
	scrape := httptest.NewServer(promhttp.HandlerFor(g, promhttp.HandlerOpts{}))
	defer scrape.Close()
	resp, err := http.Get(scrape.URL)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	port := regexp.MustCompile(`server_port="[0-9]+"`)
	lines := bufio.NewScanner(resp.Body)
	for lines.Scan() {
		line := lines.Text()
		if strings.Contains(line, "_bucket{") || strings.Contains(line, "_sum{") {
			continue
		}
		fmt.Fprintln(w, port.ReplaceAllString(line, `server_port="…"`))
	}
	return lines.Err()
}
