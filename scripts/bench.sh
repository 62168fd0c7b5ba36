#!/usr/bin/env bash
# Performance benchmarks of CDC Toolkit against its targets (see BENCHMARKS.md).
#
# Builds cdc, generates the synthetic databases once (cached; internal/synth Scales: the default
# of 101 organisations with a 1,000-service pack, 10,000 services, 1,000 organisations,
# 50 cycles, a 1M-row change log), runs the in-process Go benchmarks, the pseudo-terminal
# benchmarks (internal/ptybench), cold-process timings of the commands and of the streamed
# reference, peak memory of every command, and prints a summary table.
#
# Knobs (environment):
#   COUNT=10          runs of every benchmark (medians and spread are over these)
#   PRESSES=50        key presses per run for the in-process 64-service key-press benchmark (1,000: a third)
#   PTY_PRESSES=400   key presses pooled in the pseudo-terminal at 64 and 1,000 services
#   PTY_PRESSES_HUGE=400 the same at 10,000 services and with 50 cycles (a press takes under 0.1 s since the save patches the cycle)
#   RUNS=5            runs of every cold-process timing
#   CACHE=DIR         where generated databases are kept between runs (default: $TMPDIR/cdc-bench-cache)
#   CDC_BENCH_DB=F    use this generated default database instead of the cached one
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

PTY_PRESSES=${PTY_PRESSES:-400}
PTY_PRESSES_HUGE=${PTY_PRESSES_HUGE:-400}
RUNS=${RUNS:-5}
CACHE=${CACHE:-${TMPDIR:-/tmp}/cdc-bench-cache}
mkdir -p "$CACHE"
chmod 700 "$CACHE"
# Cached databases are keyed by the generator and the schema: a change to either regenerates.
key=$(cat internal/synth/*.go catalog/migrations/* 2>/dev/null | sha1sum | cut -c1-12)
go test -c -o "$work/synth.test" ./internal/synth
# scale NAME: the path of the cached database of internal/synth's workload NAME.
scale() {
	local f=$CACHE/$1-$key.db
	if [ ! -s "$f" ]; then
		log "generate the $1 database"
		rm -f "$f.tmp" "$f.tmp-wal" "$f.tmp-shm"
		(cd internal/synth && "$work/synth.test" -test.run '^TestGenerateFile$' -test.v -test.timeout 60m -synth.scale="$1" -synth.out="$f.tmp") |
			grep -E 'organisations,|FAIL|Error' >&2
		mv "$f.tmp" "$f"
		[ -e "$f.tmp-wal" ] && mv "$f.tmp-wal" "$f-wal"
	fi
	echo "$f"
}
if [ -n "${CDC_BENCH_DB:-}" ]; then
	db=$CDC_BENCH_DB
	log "using $db"
else
	db=$(scale default)
fi
[ -s "$db" ] || { echo "no database at $db" >&2; exit 1; }
export CDC_BENCH_DB=$db
CDC_BENCH_DB_SERVICES10K=$(scale services10k)
CDC_BENCH_DB_ORGS1000=$(scale orgs1000)
CDC_BENCH_DB_CYCLES50=$(scale cycles50)
CDC_BENCH_DB_LOG1M=$(scale log1m)
export CDC_BENCH_DB_SERVICES10K CDC_BENCH_DB_ORGS1000 CDC_BENCH_DB_CYCLES50 CDC_BENCH_DB_LOG1M
log "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

raw=$OUT/bench.txt
: >"$raw"
# The test binaries are built once; each group below runs one of them.
for pkg in tui scoring catalog export internal/ptybench; do
	log "build the $pkg benchmarks"
	go test -c -o "$work/$(basename "$pkg").test" "./$pkg"
done
# bench PKG REGEX BENCHTIME: one group of benchmarks, COUNT runs each.
bench() {
	local pkg=$1 re=$2 bt=$3
	if [ "$BENCH" != . ] && ! printf '%s\n' "$re" | grep -Eq -- "$BENCH"; then return; fi
	log "$pkg: -bench '$re' -benchtime $bt -count $COUNT"
	# Run from the package folder, as go test does; the pkg: line lets benchstat group results.
	(cd "$pkg" && echo "pkg: github.com/cdc-toolkit/cdc/$pkg" &&
		"$work/$(basename "$pkg").test" -test.run '^$' -test.bench "$re" -test.benchmem -test.benchtime "$bt" -test.count "$COUNT" -test.timeout 60m) |
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
bench scoring '^BenchmarkProgramme1000$' 2x
bench catalog '^Benchmark(StoreOpen|CycleData|History|CycleWithHistory|SetAssessment|ReviewsAllCycles|OrgListLatest)$' 5x
bench catalog '^BenchmarkChanges$' 3x
bench export '^BenchmarkReportExport$/^64$' 5x
bench export '^BenchmarkReportExport$/^1000$' 2x
bench export '^BenchmarkReportExport$/^10000$' 1x
bench internal/ptybench '^BenchmarkStartupToCompleteScreen$' 5x
bench internal/ptybench '^BenchmarkKeyPressToFrame$/^(64|1000)$' "${PTY_PRESSES}x"
bench internal/ptybench '^BenchmarkKeyPressToFrame$/^(1000x50cycles|10000)$' "${PTY_PRESSES_HUGE}x"
bench export '^BenchmarkJSONExport$' 1x
bench export '^BenchmarkQuestionnaireImport$/^64$' 5x
bench export '^BenchmarkQuestionnaireImport$/^1000$' 2x
bench export '^BenchmarkImportInflationBombs$' 1x
bench export '^BenchmarkProgrammeWorkbook1000$' 1x

# Cold processes: every command on a copy of each database, RUNS times (hyperfine when
# installed), each with its peak memory (maximum resident set size, GNU time).
cold=$OUT/cold.tsv
mem=$OUT/memory.txt
: >"$cold"
: >"$mem"
if [ "${SKIP_MEMORY:-}" != 1 ]; then
	if [ ! -x /usr/bin/time ]; then
		echo "GNU time is missing (apt-get install time); skipping cold timings and peak memory" >&2
	else
		shape=$work/ref-shape.json
		# cold LABEL TAG DB ARGS...: median wall ms over RUNS and peak MB of one more run.
		cold() {
			local name=$1 tag=$2 cdb=$3
			shift 3
			local cmd=("$work/cdc" --db "$cdb" --lang en "$@")
			[ "$name" = "streamed reference" ] && cmd=("$@")
			/usr/bin/time -v -o "$work/time.txt" "${cmd[@]}" >/dev/null 2>"$work/err.txt" || {
				echo "$name ($tag) failed:" >&2
				head -5 "$work/err.txt" >&2
				printf '%s\t%s\tfailed\t-\t-\n' "$name" "$tag" >>"$cold"
				return 0
			}
			local kb ms
			kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
			if command -v hyperfine >/dev/null 2>&1; then
				hyperfine -N --style none --runs "$RUNS" --export-json "$work/hf.json" -- "$(printf '%q ' "${cmd[@]}")" >/dev/null 2>&1
				ms=$(python3 -c 'import json,sys; r = json.load(open(sys.argv[1]))["results"][0]; print("%.1f\t%.1f" % (r["median"] * 1000, (r["user"] + r["system"]) * 1000))' "$work/hf.json")
			else
				# median wall ms and mean CPU ms (user + system of the children) over RUNS runs
				ms=$(python3 - "$RUNS" "${cmd[@]}" <<'PY'
import resource, statistics, subprocess, sys, time
n, cmd = int(sys.argv[1]), sys.argv[2:]
r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
walls = []
for _ in range(n):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    walls.append((time.perf_counter() - t) * 1000)
r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = ((r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)) * 1000 / n
print("%.1f\t%.1f" % (statistics.median(walls), cpu))
PY
				)
			fi
			printf '%s\t%s\t%s\t%s\n' "$name" "$tag" "$kb" "$ms" >>"$cold"
			printf '%s\t%s\t%s\t%s\n' "$name" "$tag" "$kb" "$ms" >&2
		}
		for spec in "64|$db|Synthetic Org 001|A-1" "1000|$db|Big Pack Holdings|K01-001" \
			"10000|$CDC_BENCH_DB_SERVICES10K|Big Pack Holdings|K01-001" "1000x50cycles|$CDC_BENCH_DB_CYCLES50|Big Pack Holdings|K01-001" \
			"log1m|$CDC_BENCH_DB_LOG1M|Long History Ltd|A-1"; do
			IFS='|' read -r tag src org svc <<<"$spec"
			log "cold processes: $org ($tag)"
			c=$work/cold-$tag.db
			cp "$src" "$c"
			[ -e "$src-wal" ] && cp "$src-wal" "$c-wal"
			chmod 600 "$c"*
			q=$work/q-$tag.xlsx
			cold "cdc eval" "$tag" "$c" eval --org "$org"
			cold "cdc build list" "$tag" "$c" build list --org "$org"
			cold "cdc assess list" "$tag" "$c" assess list --org "$org"
			cold "cdc log" "$tag" "$c" log --org "$org"
			cold "cdc log --service" "$tag" "$c" log --org "$org" --service "$svc" --limit 0
			cold "cdc export report" "$tag" "$c" export report --force --org "$org" -o "$work/r-$tag.xlsx"
			if [ "$tag" != log1m ]; then
				(cd export && "$work/export.test" -test.run '^TestStreamedReference$' -ref.report="$work/r-$tag.xlsx" -ref.shape="$shape-$tag" >/dev/null)
				cold "streamed reference" "$tag" "$c" "$work/export.test" -test.run '^TestStreamedReference$' -ref.shape="$shape-$tag" -ref.out="$work/ref-$tag.xlsx"
			fi
			cold "cdc export questionnaire" "$tag" "$c" export questionnaire --force --org "$org" -o "$q"
			cold "cdc import --dry-run" "$tag" "$c" import --dry-run "$q"
			cold "cdc export json" "$tag" "$c" export json --force --org "$org" -o "$work/o-$tag.json"
			rm -f "$c"*
		done
		c=$work/cold-orgs.db
		cp "$CDC_BENCH_DB_ORGS1000" "$c"
		[ -e "$CDC_BENCH_DB_ORGS1000-wal" ] && cp "$CDC_BENCH_DB_ORGS1000-wal" "$c-wal"
		chmod 600 "$c"*
		log "cold processes: 1,000 organisations"
		cold "cdc programme" "1000orgs" "$c" programme
		cold "cdc org list" "1000orgs" "$c" org list
		cold "cdc export programme" "1000orgs" "$c" export programme --force -o "$work/p-1000orgs.xlsx"
		cold "cdc export benchmark" "1000orgs" "$c" export benchmark --group-by sector --yes --force -o "$work/b-1000orgs.json"
		awk -F'\t' '{ print $1 "\t" $2 "\t" $3 "\t" $4 }' "$cold" >"$mem"
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

# quantiles LABEL NAME LIMIT [cpu]: the p50 and the p99 row of one measure in milliseconds;
# LABEL holds %s where the quantile goes, cpu adds the CPU time of the same quantile.
quantiles() {
	local q label
	for q in p50 p99; do
		printf -v label "$1" "$q"
		row "$label" "$2" "$q-ms" "$3" ms ${4:+cpu-$q-ms}
	done
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
	quantiles "score key press to frame %s, 64 services" BenchmarkScoreKeyPress/64 16 cpu
	quantiles "score key press to frame %s, 1,000 services" BenchmarkScoreKeyPress/1000 50 cpu
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
	row "report export / streamed reference in process, 64 services" BenchmarkReportExport/64 x-ref 1.3 x cpu-x-ref
	row "report export, 1,000 services [beyond the target's one organisation]" BenchmarkReportExport/1000 p50-ms 500 ms cpu-p50-ms
	row "report export / streamed reference in process, 1,000 services" BenchmarkReportExport/1000 x-ref 1.3 x cpu-x-ref
	row "questionnaire import (plan + apply), 64" BenchmarkQuestionnaireImport/64 p50-ms 300 ms cpu-p50-ms
	row "questionnaire import (plan + apply), 1,000" BenchmarkQuestionnaireImport/1000 p50-ms 300 ms cpu-p50-ms
	quantiles "key press to frame in a pty, %s, 64 services" BenchmarkKeyPressToFrame/64 16
	quantiles "key press to frame in a pty, %s, 1,000 services" BenchmarkKeyPressToFrame/1000 33
	row "key press to frame in a pty, p99, 1,000 services x 50 cycles" BenchmarkKeyPressToFrame/1000x50cycles p99-ms 33 ms
	quantiles "key press to frame in a pty, %s, 10,000 services" BenchmarkKeyPressToFrame/10000 100
	row "start-up to complete screen in a pty, demo" BenchmarkStartupToCompleteScreen/demo p50-ms 150 ms
	row "start-up to complete screen in a pty, 101 organisations" BenchmarkStartupToCompleteScreen/101orgs p50-ms 150 ms
	row "start-up to complete screen in a pty, 1,000 organisations" BenchmarkStartupToCompleteScreen/1000orgs p50-ms 150 ms
	row "start-up to complete screen in a pty, 1,000 organisations p99" BenchmarkStartupToCompleteScreen/1000orgs p99-ms 150 ms
	row "start-up to complete screen in a pty, programme of 1,000 organisations x 3 cycles" BenchmarkStartupToCompleteScreen/programme1000 p50-ms 150 ms
	row "report export / streamed reference in process, 10,000 services" BenchmarkReportExport/10000 x-ref 1.3 x cpu-x-ref
	row "questionnaire inflation bombs: worst part's plan time" BenchmarkImportInflationBombs worst-ms/part 2000 ms
	row "questionnaire inflation bombs: worst part's peak heap" BenchmarkImportInflationBombs worst-peak-MB/part 150 MB
	row "programme workbook of 1,000 organisations (read + write) [start-up budget x 10]" BenchmarkProgrammeWorkbook1000 ns/op 1500 ms
	row "every organisation read and evaluated, 1,000 x 3 cycles (cdc programme's work) [no stated target; 10x start-up]" BenchmarkProgramme1000 ns/op 1500 ms
	for j in log1m 10000 1000x50cycles; do
		row "organisation file (export json), $j [no stated time target]" "BenchmarkJSONExport/$j" ns/op 60000 ms
	done
	if [ -s "$cold" ]; then
		echo
		echo "Cold processes: median wall ms of $RUNS runs, peak memory (maximum resident set size) of one; targets < 150 MB, cdc eval < 50 ms at 1,000 services, report < 1.3x the streamed reference"
		echo
		echo "| command | size | cold median ms | CPU ms (mean) | peak MB | verdict |"
		echo "|---|---|---|---|---|---|"
		awk -F'\t' '
		{ ms[$1, $2] = $4; cpu[NR] = $5; n[NR] = $1; t[NR] = $2; kb[NR] = $3 }
		END {
			for (i = 1; i <= NR; i++) {
				v = "met"; extra = ""
				if (kb[i] == "failed") { printf "| %s | %s | - | - | - | FAILED |\n", n[i], t[i]; continue }
				mb = kb[i] / 1024
				if (mb >= 150) v = "MISSED (memory)"
				if (n[i] == "cdc eval" && t[i] == "1000" && ms[n[i], t[i]] >= 50) v = "MISSED (time)"
				if (n[i] == "cdc export report" && (("streamed reference", t[i]) in ms)) {
					r = ms[n[i], t[i]] / ms["streamed reference", t[i]]
					extra = sprintf(" (%.2fx the reference)", r)
					if (r >= 1.3) v = (v == "met" ? "MISSED (ratio)" : v ", ratio")
				}
				printf "| %s | %s | %s%s | %s | %.1f | %s |\n", n[i], t[i], ms[n[i], t[i]], extra, cpu[i], mb, v
			}
		}' "$cold"
	fi
	echo
	echo "Store and scoring details (median ms, CPU ms):"
	echo
	echo "| benchmark | median ms | min-max | CPU ms |"
	echo "|---|---|---|---|"
	for b in BenchmarkStoreOpen BenchmarkCycleData/64 BenchmarkCycleData/1000 BenchmarkHistory/64 BenchmarkHistory/1000 \
		BenchmarkCycleWithHistory/64 BenchmarkCycleWithHistory/1000 \
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
