#!/usr/bin/env bash
# Configures and builds swarmtv into a build directory (default: build/release).
#   scripts/build.sh [release|asan|fuzz]
# fuzz: clang, the libFuzzer targets of tests/fuzz and only the libraries they link, into
# build/fuzz (run them with scripts/fuzz.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:-release}
target=()
case "$kind" in
  # Release: GCC 12 at -O3 has known false positives (-Wrestrict), so warnings stay warnings.
  release) dir=build/release; flags=(-DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF -DSWARMTV_WERROR=OFF) ;;
  asan) dir=build/asan; flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DSWARMTV_SANITIZE=ON) ;;
  fuzz)
    dir=build/fuzz
    export CC=clang CXX=clang++
    # Warnings stay warnings: clang flags FFmpeg's own macros (C99 compound literals); the GCC
    # asan build is the one with -Werror.
    flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF -DSWARMTV_FUZZ=ON -DSWARMTV_WERROR=OFF)
    target=(--target swarmtv_fuzzers)
    ;;
  *) echo "usage: scripts/build.sh [release|asan|fuzz]" >&2; exit 2 ;;
esac
cmake -S . -B "$dir" -G Ninja "${flags[@]}" >/dev/null
cmake --build "$dir" -j"$(nproc)" "${target[@]}"
echo "$dir"
