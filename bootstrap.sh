#!/bin/sh
# The README's commands. On a fresh Debian machine (as root, or with sudo): installs the Debian
# packages that are missing, builds dtop (Release) in ./build, then
#   sh bootstrap.sh demo      runs the demonstration scenarios (vibration control strategies side by
#                             side; the battery twin's long-horizon prediction) and prints their tables
#   sh bootstrap.sh test      runs the whole test suite (what CI runs)
#   sh bootstrap.sh install PREFIX   installs dtop, its SDK, plugins and data to PREFIX
set -eu
cd "$(dirname "$0")"

# Build tools and the libraries dtop uses (README, "Dependencies", says why each is there).
PACKAGES="g++ make cmake libboost-dev libboost-filesystem-dev libeigen3-dev libyaml-cpp-dev
nlohmann-json3-dev libcli11-dev catch2 libbenchmark-dev libssl-dev libtorch-dev gnuplot-nox calculix-ccx chromium liblapack-dev
clang-14 libclang-rt-14-dev"
# npm fetches plotly.js for the run report at build time: any npm will do, Debian's if there is none.
command -v npm >/dev/null 2>&1 || PACKAGES="$PACKAGES nodejs npm"

missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "bootstrap: installing$missing"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
fi

build=${DTOP_BUILD_DIR:-build}
jobs=$(nproc)
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release
cmake --build "$build" -j"$jobs"

case "${1:-demo}" in
  demo)
    "$build/bin/dtop" run scenarios/vibration-compare.yaml --print compare.table
    "$build/bin/dtop" run scenarios/battery-b0005-long.yaml --print twin.metrics ;;
  test)
    # A test whose external program is missing is skipped, with the reason (tests/support/skip.hpp).
    # With DTOP_NO_SKIPS=1 (what .ci/run sets: it installed everything) a skipped test fails the run.
    log="$build/ctest.log"
    { ctest --test-dir "$build" -j"$jobs" --output-on-failure; echo $? > "$build/ctest.rc"; } 2>&1 | tee "$log"
    rc=$(cat "$build/ctest.rc")
    [ "$rc" = 0 ] || exit "$rc"
    if [ "${DTOP_NO_SKIPS:-0}" = 1 ] && grep -q "(Skipped)" "$log"; then
      echo "bootstrap: tests were skipped although every program was installed (see above): failing" >&2
      exit 1
    fi ;;
  install)
    cmake --install "$build" --prefix "${2:?usage: sh bootstrap.sh install PREFIX}" ;;
  *)
    echo "usage: sh bootstrap.sh [demo|test|install PREFIX]" >&2
    exit 2 ;;
esac
