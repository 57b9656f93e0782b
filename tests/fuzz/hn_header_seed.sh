#!/bin/sh
# Writes a seed corpus for hn_header_fuzz: the first 2 KB of 2,000 HN postings from the
# team's shared data (never committed). Usage: hn_header_seed.sh OUT_DIR [SHARED_DIR]
set -eu
out=${1:?usage: hn_header_seed.sh OUT_DIR [SHARED_DIR]}
shared=${2:-$(dirname "$0")/../../../shared}
hn="$shared/data/hn_whoishiring/hn_whoishiring_2018-03_2026-01.jsonl.zst"
# A pipeline's status is its last command's: check the input first, so a wrong path fails
# instead of writing no seeds.
if [ ! -r "$hn" ]; then
  echo "hn_header_seed.sh: $hn not found" >&2
  exit 1
fi
mkdir -p "$out"
zstd -dc --long=27 "$hn" |
  awk 'NR % 27 == 0' | head -n 2000 |
  python3 -c '
import sys, json, html, re, os
out = sys.argv[1]
for i, line in enumerate(sys.stdin):
    t = json.loads(line).get("text") or ""
    t = html.unescape(re.sub(r"<p>", "\n", t))
    t = re.sub(r"<[^>]*>", "", t)
    with open(os.path.join(out, "seed%04d" % i), "w") as f:
        f.write(t[:2048])
' "$out"
echo "wrote $(ls "$out" | wc -l) seeds to $out"
