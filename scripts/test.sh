#!/usr/bin/env bash
# The README's second command: the whole test suite (ctest underneath), then the unit tests
# again under AddressSanitizer + UndefinedBehaviorSanitizer. .ci/run calls exactly this.
#
#   scripts/test.sh            everything
#   SP_SKIP_SANITIZERS=1 scripts/test.sh   the Release suite only (quick local runs)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
jobs=$(nproc)

echo "== Release build and full test suite"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -- -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs" --timeout 1800

if [[ "${SP_SKIP_SANITIZERS:-0}" != "1" ]]; then
  echo "== ASan + UBSan build, unit tests"
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSP_SANITIZE=ON -DSP_BUILD_BENCH=OFF >/dev/null
  cmake --build build-asan -- -j"$jobs"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j"$jobs" -L unit --timeout 1800
fi
echo "== all tests passed"
