#!/bin/sh
# Seed corpora for the connector fuzzers, from the team's shared data and our fixtures (never
# committed). Usage: tests/fuzz/make_seeds.sh OUT_DIR ; then e.g.
#   UBSAN_OPTIONS=halt_on_error=1 build-fuzz/tests/fuzz/rss_fuzz -max_total_time=60 -max_len=32768 OUT_DIR/rss
# (halt_on_error: the SP_FUZZ build lets UBSan continue, which would hide a finding in the log)
set -eu
out=${1:?usage: make_seeds.sh OUT_DIR}
here=$(cd "$(dirname "$0")" && pwd)
shared=${SP_SHARED_DIR:-$here/../../../shared}/data
fixtures=$here/../fixtures
mkdir -p "$out/greenhouse" "$out/lever" "$out/rss" "$out/jsonld" "$out/simplify" "$out/json" "$out/csv" "$out/jsonl" "$out/hn"
cp "$fixtures/greenhouse/v1/boards/acme/jobs" "$out/greenhouse/acme.json"
cp "$fixtures/lever/v0/postings/acme" "$out/lever/acme.json"
cp "$fixtures/rss/atom_jobs.xml" "$out/rss/"
cp "$fixtures/jsonld/careers_page.html" "$out/jsonld/"
for f in "$shared"/ats_ashby/*.tar.zst; do
  # One Ashby response as a {"jobs": [...]} seed for the Greenhouse reader's array logic.
  zstd -dc "$f" | tar -xO --wildcards '*1password.json' > "$out/greenhouse/ashby_shape.json" 2>/dev/null || true
done
for f in "$shared"/rss_weworkremotely_2022-11/*.rss.gz; do
  gzip -dc "$f" | head -c 65536 > "$out/rss/$(basename "$f" .gz)"
done
cp "$shared"/jsonld_edge_cases/*.html "$out/jsonld/"
for f in "$shared"/simplify_listings/*.json.gz; do
  gzip -dc "$f" | head -c 32768 > "$out/simplify/$(basename "$f" .gz)"
done
cp "$fixtures"/json/*.json "$out/json/"
gzip -dc "$shared/ats_uber/uber_careers_2025-12-24.json.gz" | head -c 32768 > "$out/json/uber_head.json" || true
cp "$fixtures"/jobspy/*.csv "$out/csv/"
printf 'month,num_comments,go\n2020-01,5,1\n2020-02,6,2\n' > "$out/csv/no_posting_columns.csv"
gzip -dc "$shared/glassdoor_ds_jobs_2020/glassdoor_jobs.csv.gz" | head -c 32768 > "$out/csv/glassdoor_head.csv" || true
zstd -dc "$shared/hn_whoishiring/hn_whoishiring_2018-03_2026-01.jsonl.zst" | head -n 20 > "$out/jsonl/hn_head.jsonl" || true
# HN: the shared JSONL, a gantryops run (Firebase items in a wrapper), and hand-written
# Algolia and curated-hn-hiring (2013) documents.
cp "$out/jsonl/hn_head.jsonl" "$out/hn/" 2>/dev/null || true
gzip -dc "$shared/hn_whoishiring/gantryops_2026/run_2026-01-01_raw.json.gz" | head -c 32768 > "$out/hn/gantryops_head.json" || true
cat > "$out/hn/algolia.json" <<'JSON'
{"id":46466074,"created_at_i":1767283200,"type":"story","author":"whoishiring","title":"Ask HN: Who is hiring? (January 2026)",
 "children":[{"id":1,"created_at_i":1767290000,"type":"comment","author":"a","text":"Acme | Go Engineer | Berlin<p>Write Go.",
 "children":[{"id":3,"type":"comment","author":"c","text":"a reply","children":[]}]},
 {"id":2,"created_at_i":1767290001,"type":"comment","author":null,"text":null,"children":[]}]}
JSON
cat > "$out/hn/curated_2013.json" <<'JSON'
{"entries":{"101":{"id":"101","author":"a","commentBody":"<span class=\"comment\"><font color=\"#000000\">Acme - New York, NY\nWe write Go.</font></span>","companyName":"Acme","tags":[],"locationNames":["New York, NY"],"index":0}},
 "metadata":{"last_scraped_at":1378139094317,"month":"September 2013","url":"https://news.ycombinator.com/item?id=6310234"}}
JSON
echo "seeds in $out"
