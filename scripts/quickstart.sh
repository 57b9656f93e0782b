#!/usr/bin/env bash
# The README's first command: install what is missing, build a Release binary, ingest real
# "Who is hiring?" postings into the embedded store and print Go vs Rust.
#
#   scripts/quickstart.sh [SOURCE]
#
# SOURCE: any ingest source (a file, directory, URL or typed spec). Without one: the latest
# two years of HN threads, fetched live (hn:latest:24), or offline the team's shared HN file
# at ../shared/data/hn_whoishiring/hn_whoishiring_2018-03_2026-01.jsonl.zst.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build --target skillpulse -- -j"$(nproc)"

SP=build/apps/skillpulse/skillpulse
DB=${SKILLPULSE_DB:-skillpulse.db}
SHARED=../shared/data/hn_whoishiring/hn_whoishiring_2018-03_2026-01.jsonl.zst

if [[ $# -gt 0 ]]; then
  sources=("$@")
elif curl -sf --max-time 5 -o /dev/null "https://hn.algolia.com/api/v1/search?tags=story&hitsPerPage=1"; then
  sources=("hn:latest:24")
elif [[ -f "$SHARED" ]]; then
  sources=("$SHARED")
else
  echo "quickstart: offline and no source given; pass one, e.g. scripts/quickstart.sh $SHARED" >&2
  exit 1
fi

"$SP" ingest --db "$DB" "${sources[@]}"
echo
"$SP" compare go rust --db "$DB"
