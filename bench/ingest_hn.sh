#!/usr/bin/env bash
# Issue 3 targets, measured: `ingest` of the whole shared HN file into a fresh SQLite store
# (<= 1 s wall, <= 400 MB peak RSS on 2 cores, Release) and `compare go rust` on it (<= 100 ms).
# Prints a Markdown table of every run and the medians.
#
#   bench/ingest_hn.sh [RUNS]        (default 5; builds build/ in Release first)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
HN=${HN_FILE:-../shared/data/hn_whoishiring/hn_whoishiring_2018-03_2026-01.jsonl.zst}
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build --target skillpulse >/dev/null
SP=build/apps/skillpulse/skillpulse
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "| run | ingest wall s | ingest CPU s | ingest peak RSS MB | compare wall ms |"
echo "|---|---|---|---|---|"
for i in $(seq "$RUNS"); do
  rm -f "$TMP"/db*
  /usr/bin/time -f "%e %U %S %M" -o "$TMP/t" "$SP" ingest -q --no-progress --db "$TMP/db" "$HN"
  read -r wall user sys rss < "$TMP/t"
  start=$(date +%s%N)
  "$SP" compare go rust --db "$TMP/db" >/dev/null
  end=$(date +%s%N)
  cmp_ms=$(( (end - start) / 1000000 ))
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f", u + s}')
  echo "| $i | $wall | $cpu | $((rss / 1024)) | $cmp_ms |"
  echo "$wall" >> "$TMP/walls"; echo "$((rss / 1024))" >> "$TMP/rss"; echo "$cmp_ms" >> "$TMP/cmp"; echo "$cpu" >> "$TMP/cpu"
done
echo "| **median** | **$(median < "$TMP/walls")** | **$(median < "$TMP/cpu")** | **$(median < "$TMP/rss")** | **$(median < "$TMP/cmp")** |"
echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load before: $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%d)"
