#!/usr/bin/env bash
# Runs the libFuzzer targets of tests/fuzz one after another, each for a bounded time, and writes
# a JSON summary (executions, exec/s, corpus size, crashes per target). A crash, a hang (over
# --timeout s for one input), a leak or a UBSan report fails the run; the input is kept in
# build/fuzz/artifacts/ (add it to tests/fuzz/corpus/<target>/ once fixed).
#
#   scripts/fuzz.sh [--seconds N] [--jobs N] [--targets a,b] [--json FILE] [--no-build]
#                   [--chunk S] [--min-execs E] [--lock FILE]
#
#   --seconds N    time per target (default 25)
#   --jobs N       parallel fuzzing processes per target (libFuzzer -fork; default 1)
#   --chunk S      run each target in pieces of S seconds on the same corpus (default: one piece)
#   --min-execs E  long runs: stop a target's pieces once E executions are reached (still at
#                  most --seconds in all)
#   --lock FILE    take `flock FILE` around the build and each piece, releasing it in between,
#                  so a long run on a shared machine lets others build
#
# A long run for humans, e.g. 10 million executions of the head, manifest and licence readers:
#   scripts/fuzz.sh --targets mp4_head_fuzz,bundle_manifest_fuzz,licence_fuzz \
#     --seconds 7200 --chunk 300 --min-execs 10000000 --json bench/results/fuzz-long-$(date +%F).json
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
seconds=25 jobs=1 chunk=0 min_execs=0 lock="" build=1 targets="" json=build/fuzz/fuzz-summary.json
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --chunk) chunk=$2; shift 2 ;;
    --min-execs) min_execs=$2; shift 2 ;;
    --lock) lock=$2; shift 2 ;;
    --targets) targets=$2; shift 2 ;;
    --json) json=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n 2,22p "$0"; exit 0 ;;
    *) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
locked() { if [ -n "$lock" ]; then flock "$lock" "$@"; else "$@"; fi; }

if [ "$build" = 1 ]; then
  export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1
  mkdir -p build
  locked bash scripts/build.sh fuzz >build/fuzz-build.log 2>&1 || {
    tail -30 build/fuzz-build.log; echo "fuzz.sh: the fuzz build failed" >&2; exit 1; }
fi
bin=build/fuzz/fuzz
[ -d "$bin" ] || { echo "fuzz.sh: no $bin (run scripts/build.sh fuzz)" >&2; exit 1; }
if [ -z "$targets" ]; then
  targets=$(cd "$bin" && ls ./*_fuzz | sed 's|^\./||' | paste -sd, -)
fi

bash scripts/fuzz-seeds.sh build/fuzz/seeds >/dev/null
mkdir -p build/fuzz/corpus build/fuzz/artifacts build/fuzz/logs "$(dirname "$json")"

# Runs "$@" and writes its wall time in seconds to $timing (measured inside the lock: the wait
# for it is not fuzzing).
timed() { local t0 rc=0; t0=$(date +%s.%N); "$@" || rc=$?; echo "$t0 $(date +%s.%N)" >"$timing"; return $rc; }

# One piece of fuzzing of target $1 for $2 seconds (and at most $3 executions, when given);
# prints its executions, exit status and time.
run_piece() {
  local t=$1 s=$2 log=build/fuzz/logs/$1.log
  local args=(-max_total_time="$s" ${3:+-runs="$3"} -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024
              -print_final_stats=1 -artifact_prefix="build/fuzz/artifacts/$t-")
  [ -f "tests/fuzz/dict/$t.dict" ] && args+=(-dict="tests/fuzz/dict/$t.dict")
  [ "$jobs" -gt 1 ] && args+=(-fork="$jobs" -ignore_crashes=0)
  local dirs=(build/fuzz/corpus/"$t")
  mkdir -p "${dirs[0]}"
  for d in tests/fuzz/corpus/"$t" build/fuzz/seeds/"$t"; do [ -d "$d" ] && dirs+=("$d"); done
  local rc=0
  timing=$(mktemp)
  export -f timed; export timing
  locked bash -c 'timed "$@"' _ "$bin/$t" "${args[@]}" "${dirs[@]}" >"$log" 2>&1 || rc=$?
  local took
  took=$(awk '{printf "%.1f", $2 - $1}' "$timing"); rm -f "$timing"
  local n
  # (`|| true`: with pipefail, a grep that matches nothing would end this subshell.)
  n=$({ grep -ao 'stat::number_of_executed_units: [0-9]*' "$log" || true; } | awk '{s+=$2} END {print s+0}')
  # Fork mode prints no final stats: the last progress line holds the total.
  [ "$n" = 0 ] && n=$({ grep -aoE '^#[0-9]+' "$log" || true; } | tail -1 | tr -d '#')
  echo "${n:-0} $rc $took"
}

failed=0
entries=()
printf '%-26s %12s %8s %10s %7s  %s\n' target executions seconds exec/s corpus result
for t in ${targets//,/ }; do
  [ -x "$bin/$t" ] || { echo "fuzz.sh: no target $t" >&2; failed=1; continue; }
  piece=$seconds
  [ "$chunk" -gt 0 ] && [ "$chunk" -lt "$seconds" ] && piece=$chunk
  execs=0 spent=0 rc=0 wall=0 start=$(date +%s)
  while [ "$spent" -lt "$seconds" ]; do
    this=$(( seconds - spent < piece ? seconds - spent : piece ))
    left=""
    [ "$min_execs" -gt 0 ] && left=$((min_execs - execs))
    read -r n rc took < <(run_piece "$t" "$this" "$left")
    execs=$((execs + n)); spent=$((spent + this))
    wall=$(python3 -c "print(round($wall + $took, 1))")
    [ "$rc" != 0 ] && break
    [ "$min_execs" -gt 0 ] && [ "$execs" -ge "$min_execs" ] && break
  done
  corpus=$(find build/fuzz/corpus/"$t" -type f | wc -l)
  crashes=$(find build/fuzz/artifacts -name "$t-*" -newermt "@$start" -type f | wc -l)
  result=ok
  if [ "$rc" != 0 ]; then
    result="FAILED (exit $rc, see build/fuzz/logs/$t.log)"; failed=1
    grep -a -m3 -E 'ERROR: |runtime error|invariant broken|Test unit written' \
      "build/fuzz/logs/$t.log" | sed 's/^/    /' >&2 || true
  fi
  rate=$(python3 -c "print(round($execs / max($wall, 0.1)))")
  printf '%-26s %12s %8s %10s %7s  %s\n' "$t" "$execs" "$wall" "$rate" "$corpus" "$result"
  entries+=("{\"target\": \"$t\", \"executions\": $execs, \"seconds\": $wall, \"exec_per_s\": $rate, \"corpus_files\": $corpus, \"crashes\": $crashes, \"exit_status\": $rc}")
done

clang_version=$(clang++ --version | head -1)
flags=$(grep -o 'fsanitize=fuzzer-no-link[^ ]*' build/fuzz/build.ninja 2>/dev/null | head -1 || true)
{
  echo "{"
  echo "  \"date\": \"$(date -u +%FT%TZ)\","
  echo "  \"compiler\": \"$clang_version\","
  echo "  \"library_flags\": \"-$flags -fno-omit-frame-pointer -fno-sanitize-recover=undefined -O2 -g\","
  echo "  \"target_flags\": \"-fsanitize=fuzzer,address,undefined\","
  echo "  \"libfuzzer_options\": \"-timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 -fork=$jobs\","
  echo "  \"seconds_per_target\": $seconds,"
  echo "  \"targets\": ["
  for i in "${!entries[@]}"; do
    sep=","; [ "$i" = $((${#entries[@]} - 1)) ] && sep=""
    echo "    ${entries[$i]}$sep"
  done
  echo "  ]"
  echo "}"
} >"$json"
echo "summary: $json"
exit $failed
