#!/usr/bin/env bash
# Output oracle for enrichment speed work (issue 5): runs `skillpulse extract` with a reference
# binary and a candidate binary over every posting of the shared HN file and the shared Ashby
# boards, and requires byte-identical JSONL. Build the reference from the commit before the
# change (e.g. `git worktree add /tmp/ref <commit>` and build it there, or copy the binary
# before rebuilding).
#   scripts/enrich_oracle.sh REF_SKILLPULSE NEW_SKILLPULSE [OUT_DIR]
# Exit status 0 when both corpora match.
set -euo pipefail
ref=${1:?reference skillpulse binary}
new=${2:?candidate skillpulse binary}
out=${3:-$(mktemp -d)}
here=$(cd "$(dirname "$0")/.." && pwd)
shared=${SP_SHARED_DIR:-$here/../shared}
mkdir -p "$out"
status=0
for spec in "hn:$shared/data/hn_whoishiring/hn_whoishiring_2018-03_2026-01.jsonl.zst" \
            "ashby:$shared/data/ats_ashby/ashby_posting_api_2025-10-28.tar.zst"; do
  name=${spec%%:*}
  # One worker: the output order is then the input order.
  "$ref" extract --threads 1 -q "$spec" -o "$out/$name.ref.jsonl"
  "$new" extract --threads 1 -q "$spec" -o "$out/$name.new.jsonl"
  if cmp -s "$out/$name.ref.jsonl" "$out/$name.new.jsonl"; then
    echo "$name: identical ($(wc -l < "$out/$name.new.jsonl") postings)"
  else
    echo "$name: DIFFERENT; first differences:"
    diff "$out/$name.ref.jsonl" "$out/$name.new.jsonl" | head -20 || true
    status=1
  fi
done
exit $status
