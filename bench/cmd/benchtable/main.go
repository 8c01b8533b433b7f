// Benchtable turns the output of the bench module's benchmarks into the Markdown table
// of BENCHMARKS.md: for each case, each contender's median ns/op, B/op and allocs/op
// over the runs, and its ratio to the baseline contender.
//
// Usage:
//
//	go test -c -o bench.test
//	for i in 1 2 3 4 5 6 7 8; do ./bench.test -test.run '^$' -test.bench . -test.benchmem; done > new.txt
//	go run ./cmd/benchtable [-base nethttp] < new.txt
//
// Rounds of -count=1, as above, rather than one -count=8 run: see timeRatio.
//
// A benchmark named BenchmarkCase/contender-N is the contender's figure for Case; the
// -N suffix (GOMAXPROCS) is dropped.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
)

func main() {
	base := flag.String("base", "nethttp", "the contender the ratios are relative to")
	flag.Parse()
	if err := run(os.Stdin, os.Stdout, *base); err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
}

// sample holds the measurements of one benchmark over its runs.
type sample struct {
	ns, bytes, allocs []float64
}

func run(in io.Reader, out io.Writer, base string) error {
	samples := map[string]map[string]*sample{} // case → contender → runs
	var cases []string
	contenders := map[string][]string{}
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		name, s, ok := parseLine(sc.Text())
		if !ok {
			continue
		}
		bcase, contender, found := strings.Cut(strings.TrimPrefix(name, "Benchmark"), "/")
		if !found {
			continue
		}
		if samples[bcase] == nil {
			samples[bcase] = map[string]*sample{}
			cases = append(cases, bcase)
		}
		acc := samples[bcase][contender]
		if acc == nil {
			acc = &sample{}
			samples[bcase][contender] = acc
			contenders[bcase] = append(contenders[bcase], contender)
		}
		acc.ns = append(acc.ns, s.ns...)
		acc.bytes = append(acc.bytes, s.bytes...)
		acc.allocs = append(acc.allocs, s.allocs...)
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if len(cases) == 0 {
		return fmt.Errorf("no benchmark results of the form BenchmarkCase/contender in the input")
	}

	fmt.Fprintf(out, "| case | client | ns/op | × %s | B/op | allocs/op | allocs − %s |\n", base, base)
	fmt.Fprintln(out, "|---|---|---:|---:|---:|---:|---:|")
	for _, bcase := range cases {
		baseline := samples[bcase][base]
		for _, contender := range contenders[bcase] {
			s := samples[bcase][contender]
			ratio, extra := "", ""
			if baseline != nil {
				ratio = fmt.Sprintf("%.2f", timeRatio(s.ns, baseline.ns))
				extra = fmt.Sprintf("%+.0f", median(s.allocs)-median(baseline.allocs))
			}
			fmt.Fprintf(out, "| %s | %s | %.0f | %s | %.0f | %.0f | %s |\n",
				bcase, contender, median(s.ns), ratio, median(s.bytes), median(s.allocs), extra)
		}
	}
	return nil
}

// parseLine reads a result line such as
//
//	BenchmarkGetMemory/feign-2   2000   5129 ns/op   4498 B/op   41 allocs/op
func parseLine(line string) (string, sample, bool) {
	fields := strings.Fields(line)
	if len(fields) < 4 || !strings.HasPrefix(fields[0], "Benchmark") {
		return "", sample{}, false
	}
	name := fields[0]
	if i := strings.LastIndexByte(name, '-'); i > 0 {
		if _, err := strconv.Atoi(name[i+1:]); err == nil {
			name = name[:i]
		}
	}
	var s sample
	for i := 2; i+1 < len(fields); i += 2 {
		v, err := strconv.ParseFloat(fields[i], 64)
		if err != nil {
			return "", sample{}, false
		}
		switch fields[i+1] {
		case "ns/op":
			s.ns = append(s.ns, v)
		case "B/op":
			s.bytes = append(s.bytes, v)
		case "allocs/op":
			s.allocs = append(s.allocs, v)
		}
	}
	return name, s, len(s.ns) == 1
}

// timeRatio is how many times longer than the baseline a contender takes. When both
// ran the same number of times it is the median of the ratios of the i-th runs: runs
// made in interleaved rounds (a loop over -count=1) then share the machine's load of
// their round, which makes the ratio much steadier than the ratio of the medians on
// a noisy machine. Otherwise it is the ratio of the medians.
func timeRatio(ns, base []float64) float64 {
	if len(ns) != len(base) {
		return median(ns) / median(base)
	}
	ratios := make([]float64, len(ns))
	for i := range ns {
		ratios[i] = ns[i] / base[i]
	}
	return median(ratios)
}

// median returns the median of xs, or 0 for none.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if n := len(s); n%2 == 0 {
		return (s[n/2-1] + s[n/2]) / 2
	}
	return s[len(s)/2]
}
