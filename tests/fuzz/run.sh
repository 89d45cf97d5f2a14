#!/bin/sh
# Builds the libFuzzer targets (tests/fuzz/CMakeLists.txt, clang++-14) into build-fuzz/ and runs each
# on its seed corpus (tests/fuzz/corpus/<target>/) plus any kept regression inputs
# (tests/fuzz/regressions/<target>/).
#   sh tests/fuzz/run.sh          fixed seed (-seed=1), a bounded number of runs (about 30 s each): CI
#   sh tests/fuzz/run.sh --long   random seeds, 600 s per target
# Exits 1 if any target finds a crash (sanitizer report, uncaught exception, out of memory).
# The scenario target checks against the plugin manifests in DTOP_FUZZ_PLUGIN_DIR
# (default: the main build's build/lib/dtop/plugins; build it first).
set -eu
cd "$(dirname "$0")/../.."
root=$(pwd)
build=build-fuzz
cmake -S tests/fuzz -B "$build" -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=Release >/dev/null
nice cmake --build "$build" -j"$(nproc)" >/dev/null
export DTOP_FUZZ_PLUGIN_DIR="${DTOP_FUZZ_PLUGIN_DIR:-$root/${DTOP_BUILD_DIR:-build}/lib/dtop/plugins}"

# Runs per target, sized to about 30 s each on the 2-core CI machine (tests/fuzz/README.md).
# scenario: 1500, below the out-of-memory input it finds at about 2 000 (README, "Found").
targets="units:300000 scenario:1500 manifest:250000 delimited:15000 fe_dat:20000 battery_twin:100000"
failed=""
for spec in $targets; do
  t=${spec%%:*}; runs=${spec#*:}
  work="$build/corpus/$t"; rm -rf "$work"; mkdir -p "$work"
  regressions=""; [ -d "tests/fuzz/regressions/$t" ] && regressions="tests/fuzz/regressions/$t"
  if [ "${1:-}" = --long ]; then limits="-max_total_time=600"; else limits="-seed=1 -runs=$runs"; fi
  start=$(date +%s)
  # The first directory receives new inputs; the shipped corpus stays as committed.
  if "$build/fuzz_$t" $limits -rss_limit_mb=2048 -artifact_prefix="$build/$t-" -print_final_stats=1 "$work" "tests/fuzz/corpus/$t" $regressions \
       > "$build/$t.log" 2>&1; then result=ok; else result=FAILED; failed="$failed $t"; fi
  execs=$(grep -a 'stat::number_of_executed_units' "$build/$t.log" | tail -1 | awk '{print $2}')
  echo "fuzz $t: $result, ${execs:-?} executions in $(( $(date +%s) - start )) s (log: $build/$t.log)"
done
if [ -n "$failed" ]; then
  echo "fuzz: a target found a crash:$failed (its input: $build/<target>-crash-*, -oom-*, -leak-*)" >&2
  exit 1
fi
