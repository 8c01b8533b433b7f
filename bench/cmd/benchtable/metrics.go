package main

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// A metric is one of the figures a benchmark reports with testing.B.ReportMetric, and
// how its cells are printed.
type metric struct {
	unit   string // as the benchmark reports it: "ratio", "extra-ns/call"
	format string // a fmt verb for a float64: "%.2f", "%+.0f"
}

// parseMetrics reads -metrics: units, each with an optional ":format", separated by
// commas ("ratio:%.2f,extra-ns/call:%+.0f"); the format is "%.2f" when it is left out.
func parseMetrics(list string) ([]metric, error) {
	var metrics []metric
	for field := range strings.SplitSeq(list, ",") {
		unit, format, ok := strings.Cut(field, ":")
		if !ok {
			format = "%.2f"
		}
		if unit == "" || !strings.HasPrefix(format, "%") {
			return nil, fmt.Errorf("-metrics: %q is not unit or unit:%%format", field)
		}
		metrics = append(metrics, metric{unit, format})
	}
	return metrics, nil
}

// runMetrics writes a table of the benchmarks of in whose names match bench and that
// report every one of metrics: for each, the median of each metric over the runs, with
// the lowest and the highest. The paired benchmarks report their own ratios this way,
// each run's ratio of two contenders measured side by side, which is what the tables
// of run compute from two benchmarks.
func runMetrics(in io.Reader, out io.Writer, bench *regexp.Regexp, metrics []metric) error {
	values := map[string][][]float64{} // benchmark → metric → runs
	var names []string
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		name, got, ok := parseReported(sc.Text(), metrics)
		if !ok || !bench.MatchString(name) {
			continue
		}
		if values[name] == nil {
			values[name] = make([][]float64, len(metrics))
			names = append(names, name)
		}
		for i, v := range got {
			values[name][i] = append(values[name][i], v)
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if len(names) == 0 {
		return fmt.Errorf("no benchmark in the input matches %q and reports %s", bench, units(metrics))
	}
	fmt.Fprint(out, "| benchmark |")
	for _, m := range metrics {
		fmt.Fprintf(out, " %s | spread |", m.unit)
	}
	fmt.Fprint(out, "\n|---|", strings.Repeat("---:|---|", len(metrics)), "\n")
	for _, name := range names {
		fmt.Fprintf(out, "| %s |", strings.TrimPrefix(name, "Benchmark"))
		for i, m := range metrics {
			runs := values[name][i]
			fmt.Fprintf(out, " "+m.format+" | "+m.format+" to "+m.format+" |", median(runs), slices.Min(runs), slices.Max(runs))
		}
		fmt.Fprintln(out)
	}
	return nil
}

// parseReported reads a result line and returns its benchmark's name without the -N
// suffix and the values of metrics, in their order; false when it is not a result line
// or lacks one of them.
func parseReported(line string, metrics []metric) (string, []float64, bool) {
	fields := strings.Fields(line)
	if len(fields) < 4 || !strings.HasPrefix(fields[0], "Benchmark") {
		return "", nil, false
	}
	name := fields[0]
	if i := strings.LastIndexByte(name, '-'); i > 0 {
		if _, err := strconv.Atoi(name[i+1:]); err == nil {
			name = name[:i]
		}
	}
	got := make([]float64, len(metrics))
	found := 0
	for i := 2; i+1 < len(fields); i += 2 {
		for j, m := range metrics {
			if fields[i+1] != m.unit {
				continue
			}
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				return "", nil, false
			}
			got[j] = v
			found++
		}
	}
	return name, got, found == len(metrics)
}

// units lists the units of metrics for a message.
func units(metrics []metric) string {
	var list []string
	for _, m := range metrics {
		list = append(list, m.unit)
	}
	return strings.Join(list, " and ")
}
