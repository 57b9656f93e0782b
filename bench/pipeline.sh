#!/usr/bin/env bash
# The skillpulse contestant of the ingest benchmark (../shared/bench, README "Pipeline spec"):
#
#   ../shared/bench/run.sh --cmd "$PWD/bench/pipeline.sh" --cmd-name skillpulse \
#       --cmd-export "$PWD/build/apps/skillpulse/skillpulse jobs export --pg '' --format jsonl"
#
# Environment (set by run.sh): BENCH_MANIFEST (manifest.json of the corpus), BENCH_BASE_URL,
# PGHOST PGPORT PGDATABASE PGUSER (an empty database). Runs ONE `skillpulse ingest --pg ''`
# over every source of the manifest (fetched concurrently over HTTP), which creates
# skillpulse's own schema (`skillpulse.*`, migrations) in that database, stores, enriches and
# deduplicates (jobs assigned at the end of the run), then prints
#
#   RESULT impl=skillpulse fetched=<postings parsed> unique=<unique jobs> inserted=<rows written> elapsed_s=<s>
#
# elapsed_s is the wall time of the ingest process. The corpus paths (/greenhouse/T/jobs,
# /lever/S, /ashby/O, /rss/F.xml) are not the APIs' own URL shapes, so each URL is given typed
# (greenhouse:URL ...) from the manifest's `format`. No conditional requests and a throwaway
# fetch state: every run fetches everything.
#
# SKILLPULSE_BIN overrides the binary (default: build/apps/skillpulse/skillpulse of this
# repository, built Release when missing). SKILLPULSE_STATS=FILE keeps ingest's --stats-json.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
bin="${SKILLPULSE_BIN:-$repo/build/apps/skillpulse/skillpulse}"
if [[ ! -x "$bin" ]]; then
  echo "pipeline.sh: building $bin (Release)" >&2
  cmake -S "$repo" -B "$repo/build" -G Ninja -DCMAKE_BUILD_TYPE=Release >&2
  nice ninja -C "$repo/build" -j2 skillpulse >&2
fi
: "${BENCH_MANIFEST:?BENCH_MANIFEST is not set (run through run.sh)}"
: "${BENCH_BASE_URL:?BENCH_BASE_URL is not set (run through run.sh)}"

work="$(mktemp -d "${TMPDIR:-/tmp}/skillpulse-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# One typed source spec per manifest source: FORMAT:BASE_URL+PATH.
mapfile -t specs < <(python3 - "$BENCH_MANIFEST" "$BENCH_BASE_URL" <<'PY'
import json, sys
manifest, base = sys.argv[1], sys.argv[2].rstrip("/")
types = {"greenhouse": "greenhouse", "lever": "lever", "ashby": "ashby", "rss": "rss"}
for s in json.load(open(manifest))["sources"]:
    fmt = s["format"]
    if fmt not in types:
        sys.exit(f"pipeline.sh: unknown source format {fmt!r} in the manifest")
    path = s["path"] if s["path"].startswith("/") else "/" + s["path"]
    print(f"{types[fmt]}:{base}{path}")
PY
)
if [[ ${#specs[@]} -eq 0 ]]; then
  echo "pipeline.sh: no sources in $BENCH_MANIFEST" >&2
  exit 1
fi

stats="${SKILLPULSE_STATS:-$work/stats.json}"
start=$(date +%s.%N)
"$bin" ingest --pg '' --quiet --no-progress --no-conditional --fetch-state "$work/fetch-state.jsonl" \
  --stats-json "$stats" "${specs[@]}"
end=$(date +%s.%N)

python3 - "$stats" "$start" "$end" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
elapsed = float(sys.argv[3]) - float(sys.argv[2])
print(f"RESULT impl=skillpulse fetched={s['postings_parsed']} unique={s['jobs']} "
      f"inserted={s['rows_written']} elapsed_s={elapsed:.2f}")
# Where the CPU went (stderr: the harness reads only the RESULT line from stdout).
st = s.get("stage_cpu_s", {})
print("skillpulse stages (CPU s): " + " ".join(f"{k}={v:.2f}" for k, v in st.items()) +
      f" process={s.get('cpu_s', 0):.2f} wall={s.get('wall_s', 0):.2f}", file=sys.stderr)
PY
