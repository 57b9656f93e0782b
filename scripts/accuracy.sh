#!/usr/bin/env bash
# Regenerates docs/ACCURACY.md: builds the accuracy_report tool (Release build dir `build`)
# and scores the extractors against the labelled sets in tests/accuracy/labels, reading the
# postings from the team's shared data (../shared/data). Prints the targets table.
#
#   scripts/accuracy.sh            build + write docs/ACCURACY.md
#   scripts/accuracy.sh --no-llm   skip the agreement with the LLM-extracted CSV (faster)
#
# JOBS (default 2) is ninja's -j; the build runs under nice.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f build/build.ninja ]; then
  nice cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
nice ninja -C build -j "${JOBS:-2}" accuracy_report
commit=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null | grep -v ' docs/ACCURACY.md$' || true)" ]; then
  commit="$commit (with uncommitted changes)"
fi
build/tests/accuracy/accuracy_report --out docs/ACCURACY.md --commit "$commit" --command "scripts/accuracy.sh${*:+ $*}" "$@"
