#!/usr/bin/env bash
# Seed corpora for the fetch fuzzers, written at run time (nothing is committed):
#   tests/fuzz/seed_fetch_corpora.sh OUT_DIR
# then e.g.  build-fuzz/tests/fuzz/fetch_robots_fuzz OUT_DIR/robots -max_total_time=60
#            build-fuzz/tests/fuzz/fetch_body_pipe_fuzz OUT_DIR/body_pipe -max_total_time=60
set -euo pipefail
out=${1:?usage: seed_fetch_corpora.sh OUT_DIR}
repo=$(cd "$(dirname "$0")/../.." && pwd)
shared="$repo/../shared"
mkdir -p "$out"/{robots,http_date,archive,config,body_pipe}
# robots: the RFC 9309 example, and every token list of the shared data as Disallow rules.
printf '/example/page.html\nUser-Agent: *\nDisallow: *.gif$\nDisallow: /example/\nAllow: /publications/\n\nUser-Agent: foobot\nDisallow:/\nAllow:/example/page.html\n' >"$out/robots/rfc"
for f in "$shared"/data/ats_company_lists/*.csv; do
  { echo "/jobs/1"; echo "User-agent: *"; head -50 "$f" | cut -d, -f2 | sed -E 's#https?://[^/]+#Disallow: #'; } >"$out/robots/$(basename "$f" .csv)"
done
# HTTP dates: the three RFC 9110 forms, and the RSS dates of the shared feeds.
printf 'Sun, 06 Nov 1994 08:49:37 GMT' >"$out/http_date/imf"
printf 'Sunday, 06-Nov-94 08:49:37 GMT' >"$out/http_date/rfc850"
printf 'Sun Nov  6 08:49:37 1994' >"$out/http_date/asctime"
printf '120' >"$out/http_date/seconds"
i=0
for f in "$shared"/data/rss_weworkremotely_2022-11/*.rss.gz; do
  gzip -dc "$f" | grep -o '<pubDate>[^<]*' | sed 's/<pubDate>//' | head -5 | while read -r d; do
    i=$((i + 1)); printf '%s' "$d" >"$out/http_date/rss_$(basename "$f" .rss.gz)_$i"; done
done
# archive manifests / state files: a small run of the fetcher's own shape.
cat >"$out/archive/run" <<'J'
{"archive":"skillpulse","version":1,"started_at_ms":1700000000000,"tool_version":"0.1.0","run":{"sources":[{"raw":"ashby:acme","type":"ashby","location":"acme","name":"ashby:acme"}]}}
{"url":"https://api.ashbyhq.com/posting-api/job-board/acme","attempt":1,"final":false,"status":503,"error":"HTTP 503","error_code":"Unavailable","fetched_at_ms":1,"elapsed_ms":2,"headers":[["retry-after","1"]]}
{"url":"https://api.ashbyhq.com/posting-api/job-board/acme","attempt":2,"final":true,"status":200,"fetched_at_ms":3,"elapsed_ms":4,"headers":[["etag","\"v1\""]],"body":"99aa06d3014798d86001c324468d497f","body_bytes":0}
J
printf '{"kind":"url","url":"https://x/a","etag":"\\"v\\"","pages":1,"fetched_at_ms":1}\n{"kind":"source","source":"ashby:acme","last_success_ms":2}\n' >"$out/archive/state"
# sources.toml: the shipped example.
cp "$repo/config/sources.example.toml" "$out/config/example.toml"
# body pipe scripts (fetch_body_pipe_fuzz): capacity, head, then (op, size) pairs: writes past
# the capacity, a refusal, reads that wake the writer, a rewind, the end.
printf '\x10\x08\x00\x20\x01\x00\x02\x10\x03\x00\x02\x30\x00\x40\x04\x00\x02\x40' >"$out/body_pipe/flow"
printf '\x02\x02\x00\x05\x02\x01\x05\x00\x02\x10\x02\x10' >"$out/body_pipe/error"
printf '\x04\x04\x00\x09\x01\x00\x06\x00\x00\x09\x02\x01' >"$out/body_pipe/abandon"
echo "seeds in $out"
