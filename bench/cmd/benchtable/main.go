// Benchtable turns the output of the bench module's benchmarks into the Markdown tables
// of BENCHMARKS.md: for each case, each contender's median ns/op, B/op and allocs/op
// over the runs, and its time ratio to the baseline contender with the spread of that
// ratio over the rounds; for the cases that report cpu-ns/op (the client's CPU time
// per call), a second table of those and their ratios.
//
// Usage (bench/run.sh does all of it):
//
//	go test -c -o bench.test
//	for i in 1 2 3 4 5 6 7 8; do ./bench.test -test.run '^$' -test.bench . -test.benchmem; done > new.txt
//	go run ./cmd/benchtable [-base nethttp] [-only 'regexp'] [-skip 'regexp'] < new.txt
//	go run ./cmd/benchtable -metrics 'ratio:%.2f,extra-ns/call:%+.0f' [-bench 'regexp'] < new.txt
//
// The second form makes a table of figures the benchmarks report themselves
// (testing.B.ReportMetric), such as the paired benchmarks' ratios: for each benchmark
// that -bench matches and that reports every metric, each one's median over the runs,
// with the lowest and the highest.
//
// Rounds of -count=1, as above, rather than one -count=8 run: see ratio.
//
// A benchmark named BenchmarkCase/contender-N is the contender's figure for Case; Case
// may hold slashes of its own (Parallel/h2c-c64), the contender is the last element,
// and the -N suffix (GOMAXPROCS) is dropped. -only keeps the contenders whose names
// match it, -skip leaves out those that match it (the baseline is always kept).
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

func main() {
	base := flag.String("base", "nethttp", "the contender the ratios are relative to")
	only := flag.String("only", "", "a regular expression: show only the contenders it matches, and the baseline")
	skip := flag.String("skip", "", "a regular expression: leave out the contenders it matches, but the baseline")
	metricList := flag.String("metrics", "", "instead, a table of the metrics the benchmarks -bench matches report: unit[:format],...")
	bench := flag.String("bench", "", "with -metrics, a regular expression: the benchmarks to show")
	flag.Parse()
	if *metricList != "" {
		metrics, err := parseMetrics(*metricList)
		if err != nil {
			fmt.Fprintln(os.Stderr, "benchtable:", err)
			os.Exit(2)
		}
		benchRe, err := regexp.Compile(*bench)
		if err != nil {
			fmt.Fprintln(os.Stderr, "benchtable: -bench:", err)
			os.Exit(2)
		}
		if err := runMetrics(os.Stdin, os.Stdout, benchRe, metrics); err != nil {
			fmt.Fprintln(os.Stderr, "benchtable:", err)
			os.Exit(1)
		}
		return
	}
	onlyRe, err := regexp.Compile(*only)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtable: -only:", err)
		os.Exit(2)
	}
	var keep matcher = onlyRe
	if *skip != "" {
		drop, err := regexp.Compile(*skip)
		if err != nil {
			fmt.Fprintln(os.Stderr, "benchtable: -skip:", err)
			os.Exit(2)
		}
		keep = keepUnless(onlyRe, drop)
	}
	if err := run(os.Stdin, os.Stdout, *base, keep); err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
}

// keepUnless returns a matcher of what keep matches and drop does not.
func keepUnless(keep, drop *regexp.Regexp) matcher {
	return matchFunc(func(name string) bool { return keep.MatchString(name) && !drop.MatchString(name) })
}

// A matcher says which contenders to show.
type matcher interface{ MatchString(string) bool }

type matchFunc func(string) bool

func (f matchFunc) MatchString(s string) bool { return f(s) }

// sample holds the measurements of one benchmark over its runs.
type sample struct {
	ns, cpu, bytes, allocs []float64
}

// run reads benchmark output from in and writes the tables to out, with ratios to
// base, for the contenders keep matches.
func run(in io.Reader, out io.Writer, base string, keep matcher) error {
	samples := map[string]map[string]*sample{} // case → contender → runs
	var cases []string
	contenders := map[string][]string{}
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		name, s, ok := parseLine(sc.Text())
		if !ok {
			continue
		}
		i := strings.LastIndexByte(name, '/')
		if i < 0 {
			continue
		}
		bcase, contender := strings.TrimPrefix(name[:i], "Benchmark"), name[i+1:]
		if contender != base && !keep.MatchString(contender) {
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
		acc.cpu = append(acc.cpu, s.cpu...)
		acc.bytes = append(acc.bytes, s.bytes...)
		acc.allocs = append(acc.allocs, s.allocs...)
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if len(cases) == 0 {
		return fmt.Errorf("no benchmark results of the form BenchmarkCase/contender in the input")
	}

	fmt.Fprintf(out, "| case | client | ns/op | × %s | spread | B/op | allocs/op | allocs − %s |\n", base, base)
	fmt.Fprintln(out, "|---|---|---:|---:|---|---:|---:|---:|")
	var cpuCases []string
	for _, bcase := range cases {
		if len(contenders[bcase]) == 1 && contenders[bcase][0] == base {
			continue // the baseline alone: nothing to compare
		}
		baseline := samples[bcase][base]
		for _, contender := range contenders[bcase] {
			s := samples[bcase][contender]
			if len(s.cpu) > 0 && !slices.Contains(cpuCases, bcase) {
				cpuCases = append(cpuCases, bcase)
			}
			times, extra := ratioCells(nil, nil), ""
			if baseline != nil {
				times = ratioCells(s.ns, baseline.ns)
				extra = fmt.Sprintf("%+.0f", median(s.allocs)-median(baseline.allocs))
			}
			fmt.Fprintf(out, "| %s | %s | %.0f | %s | %.0f | %.0f | %s |\n",
				bcase, contender, median(s.ns), times, median(s.bytes), median(s.allocs), extra)
		}
	}
	if len(cpuCases) == 0 {
		return nil
	}
	fmt.Fprintf(out, "\n| case | client | cpu-ns/op | × %s | spread |\n", base)
	fmt.Fprintln(out, "|---|---|---:|---:|---|")
	for _, bcase := range cpuCases {
		baseline := samples[bcase][base]
		for _, contender := range contenders[bcase] {
			s := samples[bcase][contender]
			cells := ratioCells(nil, nil)
			if baseline != nil {
				cells = ratioCells(s.cpu, baseline.cpu)
			}
			fmt.Fprintf(out, "| %s | %s | %.0f | %s |\n", bcase, contender, median(s.cpu), cells)
		}
	}
	return nil
}

// ratioCells returns the cells "ratio | spread" of xs to base (see ratio): the spread
// is the lowest and the highest ratio of a round, or "–" when the runs are not paired.
func ratioCells(xs, base []float64) string {
	if len(xs) == 0 || len(base) == 0 {
		return " | "
	}
	r, lo, hi, paired := ratio(xs, base)
	if !paired {
		return fmt.Sprintf("%.2f | –", r)
	}
	return fmt.Sprintf("%.2f | %.2f–%.2f", r, lo, hi)
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
		case "cpu-ns/op":
			s.cpu = append(s.cpu, v)
		case "B/op":
			s.bytes = append(s.bytes, v)
		case "allocs/op":
			s.allocs = append(s.allocs, v)
		}
	}
	return name, s, len(s.ns) == 1
}

// ratio is how many times the baseline's a contender's figure is. When both ran the
// same number of times it is the median of the ratios of the i-th runs, and lo and hi
// the lowest and highest of those: runs made in interleaved rounds (a loop over
// -count=1) then share the machine's load of their round, which makes the ratio much
// steadier than the ratio of the medians on a noisy machine. Otherwise it is the ratio
// of the medians, and paired is false.
func ratio(xs, base []float64) (r, lo, hi float64, paired bool) {
	if len(xs) != len(base) {
		r = median(xs) / median(base)
		return r, r, r, false
	}
	ratios := make([]float64, len(xs))
	for i := range xs {
		ratios[i] = xs[i] / base[i]
	}
	return median(ratios), slices.Min(ratios), slices.Max(ratios), true
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
