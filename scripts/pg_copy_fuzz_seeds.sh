#!/usr/bin/env bash
# Seed corpus for tests/fuzz/pg_copy_fuzz.cc: binary COPY streams (PostgreSQL "Binary Format")
# built from the first HN postings in ../shared/data, one file per stream, each prefixed with
# the fuzzer's chunk-size byte. Nothing is committed: run this before fuzzing.
#   scripts/pg_copy_fuzz_seeds.sh [OUT_DIR]       (default fuzz-corpus/pg_copy)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-fuzz-corpus/pg_copy}
HN=${HN_FILE:-../shared/data/hn_whoishiring/hn_whoishiring_2018-03_2026-01.jsonl.zst}
mkdir -p "$OUT"
{ zstd -dc "$HN" 2>/dev/null || true; } | head -n 40 | python3 -c '
import json, struct, sys
out = sys.argv[1]
header = b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0)
def field(b): return b"\xff\xff\xff\xff" if b is None else struct.pack(">i", len(b)) + b
rows = []
for line in sys.stdin:
    j = json.loads(line)
    text = j.get("text")
    rows.append(struct.pack(">h", 4) + field(struct.pack(">q", j["id"])) + field(str(j.get("by") or "").encode())
                + field(text.encode() if text else None) + field(struct.pack(">d", float(j.get("time") or 0))))
for n in (0, 1, 5, len(rows)):
    for chunk in (0, 7, 63):
        with open(f"{out}/seed_{n}_{chunk}", "wb") as f:
            f.write(bytes([chunk]) + header + b"".join(rows[:n]) + b"\xff\xff")
' "$OUT"
echo "wrote $(ls "$OUT" | wc -l) seeds to $OUT"
