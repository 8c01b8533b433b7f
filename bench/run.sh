#!/usr/bin/env bash
# run.sh measures every contender of the bench module and writes the figures of
# BENCHMARKS.md: the machine, the command, the ratio tables with the spread of every
# ratio, benchstat's summary, and the generator's speed.
#
# Usage, from anywhere:
#
#	bench/run.sh [--rounds N] [--benchtime T] [--bench REGEXP] [--out DIR] [--write [FILE]]
#
# It builds the bench test binary once and runs it in N interleaved rounds (default 8),
# each round running every benchmark once with -test.benchtime T (default 0.5s): the
# contenders of a round share the load of the machine of that moment, and benchtable
# takes the median of the per-round ratios (see bench/cmd/benchtable). Everything goes
# to DIR (default bench/results): raw.txt, benchstat.txt, table.md, hedge.md, paired.md, parallel.md,
# generator.txt, machine.txt. With --write it also replaces the generated blocks of
# FILE (default BENCHMARKS.md at the repository root), between the lines
# <!-- run.sh:NAME --> and <!-- /run.sh:NAME -->; the prose around them is left as it is.
#
# Times need a quiet machine: nothing else compiling or running. A quick check that
# the script works: bench/run.sh --rounds 2 --benchtime 100x.
set -euo pipefail

bench_dir=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$bench_dir/.." && pwd)
rounds=8
benchtime=0.5s
pattern=.
out=$bench_dir/results
doc=
while [ $# -gt 0 ]; do
	case $1 in
	--rounds) rounds=$2; shift 2 ;;
	--benchtime) benchtime=$2; shift 2 ;;
	--bench) pattern=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--write)
		if [ $# -gt 1 ] && [ "${2#--}" = "$2" ]; then doc=$2; shift 2; else doc=$root/BENCHMARKS.md; shift; fi ;;
	*) echo "run.sh: unknown argument $1 (see the comment at the top of $0)" >&2; exit 2 ;;
	esac
done
mkdir -p "$out"
out=$(cd "$out" && pwd)
command="bench/run.sh --rounds $rounds --benchtime $benchtime"
[ "$pattern" = . ] || command="$command --bench '$pattern'"

{
	echo "$(go version)"
	echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores at $(grep -m1 'cpu MHz' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//;s/\..*//') MHz"
	echo "memory: $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo)"
	echo "kernel: $(uname -sr)"
	echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- || echo ' (with local changes)')"
	echo "command: $command"
} >"$out/machine.txt"
cat "$out/machine.txt"

cd "$bench_dir"
go test -c -o "$out/bench.test" .
: >"$out/raw.txt"
for i in $(seq "$rounds"); do
	echo "round $i of $rounds" >&2
	"$out/bench.test" -test.run '^$' -test.bench "$pattern" -test.benchmem -test.benchtime "$benchtime" >>"$out/raw.txt"
done
# The paired benchmarks report ratios of their own (see below), not times to compare.
grep -Ev '^Benchmark(Parallel)?Paired/' "$out/raw.txt" >"$out/unpaired.txt" || true
if grep -q '^Benchmark' "$out/unpaired.txt"; then
	go tool benchstat "rounds=$out/unpaired.txt" >"$out/benchstat.txt"
	go run ./cmd/benchtable -base nethttp -skip '^feignhedged$' <"$out/unpaired.txt" >"$out/table.md"
	if grep -q '/feignhedged-' "$out/unpaired.txt"; then
		go run ./cmd/benchtable -base feign -only '^feignhedged$' <"$out/unpaired.txt" >"$out/hedge.md"
	else
		echo "(no feignhedged results: --bench left them out)" >"$out/hedge.md"
	fi
else
	for f in benchstat.txt table.md hedge.md; do
		echo "(no unpaired results: --bench left them out)" >"$out/$f"
	done
fi
# The paired benchmarks, once per round: for each, the median of the ratio it
# reports over the rounds, with the lowest and the highest.
if grep -q '^BenchmarkPaired/' "$out/raw.txt"; then
	go run ./cmd/benchtable -bench '^BenchmarkPaired/' -metrics 'ratio:%.2f,extra-ns/call:%+.0f' <"$out/raw.txt" >"$out/paired.md"
else
	echo "(no paired results: --bench left them out)" >"$out/paired.md"
fi
if grep -q '^BenchmarkParallelPaired/' "$out/raw.txt"; then
	go run ./cmd/benchtable -bench '^BenchmarkParallelPaired/' -metrics 'feign/nethttp-cpu:%.2f' <"$out/raw.txt" >"$out/parallel.md"
else
	echo "(no paired parallel results: --bench left them out)" >"$out/parallel.md"
fi

# The generator's speed: a 300-method interface (internal/cli/bench_test.go).
(cd "$root" && go test -run '^$' -bench Generate300 -benchtime=10x -count="$rounds" ./internal/cli) >"$out/generator.txt"
go tool benchstat "runs=$out/generator.txt" >"$out/generator-benchstat.txt"

cat "$out/table.md" "$out/hedge.md" "$out/paired.md" "$out/parallel.md"
echo "results in $out" >&2

[ -n "$doc" ] || exit 0

# splice NAME FILE replaces the lines between <!-- run.sh:NAME --> and
# <!-- /run.sh:NAME --> in $doc with a fenced or plain copy of FILE.
splice() {
	local name=$1 file=$2 fence=${3:-}
	local tmp
	tmp=$(mktemp)
	{
		[ -z "$fence" ] || echo '```'
		cat "$file"
		[ -z "$fence" ] || echo '```'
	} >"$tmp.block"
	awk -v start="<!-- run.sh:$name -->" -v end="<!-- /run.sh:$name -->" -v block="$tmp.block" '
		$0 == start { print; while ((getline line < block) > 0) print line; skip = 1; found = 1; next }
		$0 == end { skip = 0 }
		!skip { print }
		END { if (!found) { print "run.sh: no block " start > "/dev/stderr"; exit 1 } }
	' "$doc" >"$tmp"
	mv "$tmp" "$doc"
	rm -f "$tmp.block"
}
splice machine "$out/machine.txt" fence
splice results "$out/table.md"
splice hedge "$out/hedge.md"
splice paired "$out/paired.md"
splice parallel "$out/parallel.md"
splice benchstat "$out/benchstat.txt" fence
splice generator "$out/generator-benchstat.txt" fence
echo "wrote $doc" >&2
