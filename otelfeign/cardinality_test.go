package otelfeign_test

import (
	"context"
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"

	"github.com/gofeign/feign/otelfeign"
)

// 10,000 calls for 10,000 repositories make one series: the metrics carry the route,
// never the URL. Metrics only, so no trace context is sent either.
func TestMetricsKeepOneSeriesPerRoute(t *testing.T) {
	const calls = 10_000
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { contributors(w) })
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	defer mp.Shutdown(context.Background())
	gh := newClient(t, srv, otelfeign.WithTelemetry(otelfeign.WithMeterProvider(mp)))

	for i := range calls {
		_, err := gh.Contributors(context.Background(), "user-"+strconv.Itoa(i), "repo-"+strconv.Itoa(i), nil)
		require.NoError(t, err)
	}

	var rm metricdata.ResourceMetrics
	require.NoError(t, reader.Collect(context.Background(), &rm))
	require.Len(t, rm.ScopeMetrics, 1)
	require.Len(t, rm.ScopeMetrics[0].Metrics, 1)
	hist := rm.ScopeMetrics[0].Metrics[0].Data.(metricdata.Histogram[float64])
	require.Len(t, hist.DataPoints, 1)
	template, _ := hist.DataPoints[0].Attributes.Value(semconv.URLTemplateKey)
	assert.Equal(t, tmpl, template.AsString())
	assert.Equal(t, uint64(calls), hist.DataPoints[0].Count)

	requests, traceparents := srv.seen()
	assert.Equal(t, calls, requests)
	assert.Equal(t, make([]string, calls), traceparents)
}
