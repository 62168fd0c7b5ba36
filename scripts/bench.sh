#!/usr/bin/env bash
# Performance benchmarks of CDC Toolkit against its targets (see BENCHMARKS.md).
#
# Builds cdc, generates the large synthetic database (100 organisations x 8 cycles on the
# built-in pack, one organisation on a 1,000-service pack), runs the Go benchmarks against it,
# measures the peak memory of the commands, and prints a summary table.
#
# Knobs (environment):
#   COUNT=10          runs of every benchmark (medians and spread are over these)
#   PRESSES=50        key presses per run for the 64-service key-press benchmark (1,000: a third)
#   CDC_BENCH_DB=F    use this generated database instead of generating one
#   OUT=DIR           keep raw results here (default: a temporary folder, removed at the end)
#   BENCH=REGEX       run only the Go benchmarks matching REGEX (default: all of this script's)
#   SKIP_MEMORY=1     skip the peak-memory runs
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT=${COUNT:-10}
PRESSES=${PRESSES:-50}
BENCH=${BENCH:-.}
keep_out=1
if [ -z "${OUT:-}" ]; then
	OUT=$(mktemp -d)
	keep_out=0
fi
mkdir -p "$OUT"
work=$(mktemp -d)
cleanup() {
	rm -rf "$work"
	if [ "$keep_out" = 0 ]; then rm -rf "$OUT"; fi
}
trap cleanup EXIT

started=$(date +%s)
log() { printf '== %s (%ss)\n' "$*" "$(($(date +%s) - started))" >&2; }

log "build cdc"
go build -o "$work/cdc" ./cmd/cdc

if [ -n "${CDC_BENCH_DB:-}" ]; then
	db=$CDC_BENCH_DB
	log "using $db"
else
	db=$work/bench.db
	log "generate the synthetic database"
	go test -count=1 -v -timeout 30m -run '^TestGenerateFile$' ./internal/synth -args -synth.out="$db" | grep -E 'organisations,|FAIL|Error' >&2 || true
fi
[ -s "$db" ] || { echo "no database at $db" >&2; exit 1; }
export CDC_BENCH_DB=$db

raw=$OUT/bench.txt
: >"$raw"
# The test binaries are built once; each group below runs one of them.
for pkg in tui scoring catalog export; do
	log "build the $pkg benchmarks"
	go test -c -o "$work/$pkg.test" "./$pkg"
done
# bench PKG REGEX BENCHTIME: one group of benchmarks, COUNT runs each.
bench() {
	local pkg=$1 re=$2 bt=$3
	if [ "$BENCH" != . ] && ! printf '%s\n' "$re" | grep -Eq -- "$BENCH"; then return; fi
	log "$pkg: -bench '$re' -benchtime $bt -count $COUNT"
	# Run from the package folder, as go test does; the pkg: line lets benchstat group results.
	(cd "$pkg" && echo "pkg: github.com/cdc-toolkit/cdc/$pkg" &&
		"$work/$pkg.test" -test.run '^$' -test.bench "$re" -test.benchmem -test.benchtime "$bt" -test.count "$COUNT" -test.timeout 60m) |
		tee -a "$raw" | grep -E '^(Benchmark|FAIL|panic|---)' >&2 || true
}

bench tui '^BenchmarkStartupFirstFrame$' 5x
bench tui '^BenchmarkOpenOrgFirstFrame$/^64$' 10x
bench tui '^BenchmarkOpenOrgFirstFrame$/^1000$' 3x
bench tui '^BenchmarkScoreKeyPress$/^64$' "${PRESSES}x"
bench tui '^BenchmarkScoreKeyPress$/^1000$' "$(((PRESSES + 2) / 3))x"
bench tui '^BenchmarkTableView$' 50x
bench scoring '^BenchmarkEvaluate(64|1000)$' 200ms
bench scoring '^BenchmarkEvaluate(CycleFromStore|OrgHistory)$' 5x
bench catalog '^Benchmark(StoreOpen|CycleData|History|SetAssessment|ReviewsAllCycles|OrgListLatest)$' 5x
bench catalog '^BenchmarkChanges$' 3x
bench export '^BenchmarkReportExport$/^64$' 5x
bench export '^BenchmarkReportExport$/^1000$' 2x
bench export '^BenchmarkQuestionnaireImport$/^64$' 5x
bench export '^BenchmarkQuestionnaireImport$/^1000$' 2x

# Peak memory (maximum resident set size) of the commands on a copy of the database.
mem=$OUT/memory.txt
: >"$mem"
if [ "${SKIP_MEMORY:-}" != 1 ]; then
	if [ ! -x /usr/bin/time ]; then
		echo "GNU time is missing (apt-get install time); skipping peak memory" >&2
	else
		cp "$db" "$work/mem.db"
		chmod 600 "$work/mem.db"
		for org in "Synthetic Org 001" "Big Pack Holdings"; do
			tag=64
			[ "$org" = "Big Pack Holdings" ] && tag=1000
			q=$work/q-$tag.xlsx
			run() {
				local name=$1
				shift
				/usr/bin/time -v -o "$work/time.txt" "$work/cdc" --db "$work/mem.db" --lang en "$@" >/dev/null 2>"$work/err.txt" || {
					echo "cdc $* failed:" >&2
					cat "$work/err.txt" >&2
					exit 1
				}
				kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
				secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.txt")
				printf '%s\t%s\t%s\t%s\n' "$name" "$tag" "$kb" "$secs" >>"$mem"
			}
			log "peak memory: $org"
			run "cdc eval" eval --org "$org"
			run "cdc export report" export report --org "$org" -o "$work/r-$tag.xlsx"
			run "cdc export questionnaire" export questionnaire --org "$org" -o "$q"
			run "cdc import --dry-run" import --dry-run "$q"
			run "cdc export json" export json --org "$org" -o "$work/o-$tag.json"
		done
	fi
fi

log "summary"
if command -v benchstat >/dev/null 2>&1 || [ -x "$(go env GOPATH)/bin/benchstat" ]; then
	bs=$(command -v benchstat || echo "$(go env GOPATH)/bin/benchstat")
	"$bs" "$raw" >"$OUT/benchstat.txt" 2>&1 || true
fi

# median/min/max of every benchmark metric over the COUNT runs
awk '
/^Benchmark/ {
	name = $1; sub(/-[0-9]+$/, "", name)
	for (i = 3; i + 1 <= NF; i += 2) {
		key = name SUBSEP $(i + 1)
		n[key]++; v[key, n[key]] = $i
		if (!(key in seen)) { seen[key] = 1; order[++k] = key }
	}
}
END {
	for (j = 1; j <= k; j++) {
		key = order[j]; m = n[key]
		for (a = 1; a <= m; a++) s[a] = v[key, a] + 0
		for (a = 2; a <= m; a++) { x = s[a]; b = a - 1; while (b > 0 && s[b] > x) { s[b + 1] = s[b]; b-- } s[b + 1] = x }
		med = (m % 2) ? s[(m + 1) / 2] : (s[m / 2] + s[m / 2 + 1]) / 2
		split(key, p, SUBSEP)
		printf "%s\t%s\t%.6g\t%.6g\t%.6g\t%d\n", p[1], p[2], med, s[1], s[m], m
	}
}' "$raw" >"$OUT/medians.tsv"

# value NAME UNIT: the median of a metric, scaled to ms for ns/op
value() {
	awk -F'\t' -v n="$1" -v u="$2" '$1 == n && $2 == u { v = $3; if (u == "ns/op") v /= 1e6; printf "%.1f", v; f = 1 } END { if (!f) printf "-" }' "$OUT/medians.tsv"
}
spread() {
	awk -F'\t' -v n="$1" -v u="$2" '$1 == n && $2 == u { lo = $4; hi = $5; if (u == "ns/op") { lo /= 1e6; hi /= 1e6 }; printf "%.1f-%.1f", lo, hi; f = 1 } END { if (!f) printf "-" }' "$OUT/medians.tsv"
}
verdict() { # VALUE LIMIT
	awk -v v="$1" -v l="$2" 'BEGIN { if (v == "-") print "n/a"; else if (v + 0 < l + 0) print "met"; else print "MISSED" }'
}
row() { # LABEL NAME UNIT LIMIT UNITLABEL [CPU-UNIT]
	local v s c
	v=$(value "$2" "$3")
	s=$(spread "$2" "$3")
	c=-
	[ -n "${6:-}" ] && c=$(value "$2" "$6")
	printf '| %s | %s %s | %s | %s | < %s | %s |\n' "$1" "$v" "$5" "$s" "$c" "$4" "$(verdict "$v" "$4")"
}

{
	echo
	echo "Results: median of $COUNT runs (min-max), wall time; CPU = process CPU time (median) on $(nproc) cores."
	echo "[frame budget]: no stated target; compared with the key-press budget (16 ms / 50 ms) it must fit in."
	echo
	echo "| measure | median | min-max | CPU ms | target | verdict |"
	echo "|---|---|---|---|---|---|"
	row "start-up to first frame (open DB, 101 orgs listed)" BenchmarkStartupFirstFrame p50-ms 150 ms cpu-p50-ms
	row "open organisation to first frame, 64 services [start-up budget]" BenchmarkOpenOrgFirstFrame/64 p50-ms 150 ms cpu-p50-ms
	row "open organisation to first frame, 1,000 services [start-up budget]" BenchmarkOpenOrgFirstFrame/1000 p50-ms 150 ms cpu-p50-ms
	row "score key press to frame p50, 64 services" BenchmarkScoreKeyPress/64 p50-ms 16 ms cpu-p50-ms
	row "score key press to frame p99, 64 services" BenchmarkScoreKeyPress/64 p99-ms 16 ms cpu-p99-ms
	row "score key press to frame p50, 1,000 services" BenchmarkScoreKeyPress/1000 p50-ms 50 ms cpu-p50-ms
	row "score key press to frame p99, 1,000 services" BenchmarkScoreKeyPress/1000 p99-ms 50 ms cpu-p99-ms
	row "key press until every read it starts has finished, p99, 64 [no target]" BenchmarkScoreKeyPress/64 settled-p99-ms 16 ms settled-cpu-p99-ms
	row "key press until every read it starts has finished, p99, 1,000 [no target]" BenchmarkScoreKeyPress/1000 settled-p99-ms 50 ms settled-cpu-p99-ms
	for v in build evaluate results; do
		for n in 64 1000; do
			row "View() $v, $n services [frame budget]" "BenchmarkTableView/$v-$n" ns/op 16 ms cpu-ms/op
		done
	done
	row "evaluate one cycle from the store, 64 [frame budget]" BenchmarkEvaluateCycleFromStore/64 ns/op 16 ms cpu-ms/op
	row "evaluate one cycle from the store, 1,000 [frame budget]" BenchmarkEvaluateCycleFromStore/1000 ns/op 50 ms cpu-ms/op
	row "evaluate all 8 cycles with trend, 64 [frame budget]" BenchmarkEvaluateOrgHistory/64 ns/op 16 ms cpu-ms/op
	row "evaluate all 8 cycles with trend, 1,000 [frame budget]" BenchmarkEvaluateOrgHistory/1000 ns/op 50 ms cpu-ms/op
	row "report export, 64 services" BenchmarkReportExport/64 p50-ms 500 ms cpu-p50-ms
	row "report export / bare excelize, 64 services" BenchmarkReportExport/64 x-ref 1.5 x cpu-x-ref
	row "report export, 1,000 services [beyond the target's one organisation]" BenchmarkReportExport/1000 p50-ms 500 ms cpu-p50-ms
	row "report export / bare excelize, 1,000 services" BenchmarkReportExport/1000 x-ref 1.5 x cpu-x-ref
	row "questionnaire import (plan + apply), 64" BenchmarkQuestionnaireImport/64 p50-ms 300 ms cpu-p50-ms
	row "questionnaire import (plan + apply), 1,000" BenchmarkQuestionnaireImport/1000 p50-ms 300 ms cpu-p50-ms
	if [ -s "$mem" ]; then
		echo
		echo "Peak memory (maximum resident set size), target < 150 MB"
		echo
		echo "| command | services | peak MB | wall | verdict |"
		echo "|---|---|---|---|---|"
		awk -F'\t' '{ mb = $3 / 1024; printf "| %s | %s | %.1f | %s | %s |\n", $1, $2, mb, $4, (mb < 150 ? "met" : "MISSED") }' "$mem"
	fi
	echo
	echo "Store and scoring details (median ms, CPU ms):"
	echo
	echo "| benchmark | median ms | min-max | CPU ms |"
	echo "|---|---|---|---|"
	for b in BenchmarkStoreOpen BenchmarkCycleData/64 BenchmarkCycleData/1000 BenchmarkHistory/64 BenchmarkHistory/1000 \
		BenchmarkSetAssessment/64 BenchmarkSetAssessment/1000 BenchmarkChanges/64 BenchmarkChanges/1000 \
		BenchmarkReviewsAllCycles BenchmarkOrgListLatest BenchmarkEvaluate64 BenchmarkEvaluate1000; do
		printf '| %s | %s | %s | %s |\n' "$b" "$(value "$b" ns/op)" "$(spread "$b" ns/op)" "$(value "$b" cpu-ms/op)"
	done
} | tee "$OUT/summary.md"

if [ -s "$OUT/benchstat.txt" ]; then
	echo
	echo "benchstat:"
	cat "$OUT/benchstat.txt"
fi
log "done"
if [ "$keep_out" = 1 ]; then echo "raw results in $OUT" >&2; fi
if grep -Eq '^(--- FAIL|FAIL|panic:)' "$raw"; then
	echo "some benchmarks failed:" >&2
	grep -E -A3 '^(--- FAIL|panic:)' "$raw" | head -40 >&2
	exit 1
fi
