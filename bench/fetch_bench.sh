#!/usr/bin/env bash
# Fetch-layer benchmarks. Prints a table (medians of --runs runs).
#
#   bench/fetch_bench.sh [--build DIR] [--runs N] [--corpus DIR | --make-corpus N] [--keep-corpus]
#
# 1. 40 sources, each answering after 200 ms (40 loopback hosts 127.0.0.1..40, real Ashby
#    boards from the shared snapshot): wall time of `skillpulse ingest --config`. Target 1.5 s.
# 2. 2,000 boards on ONE loopback host, 50 ms latency, per-host limit 8: the limit allows
#    8 / 50 ms = 160 requests/s. Fetch-only (bench/fetch_bench) and full `skillpulse ingest`.
#    Target: within 10 % of the bound.
# 3. The shared bench corpus (/work/shared/bench, served by nginx via its serve.sh): the
#    fetcher's event-loop CPU against the whole ingest's CPU, and a fetch-only pass over all 40
#    sources. Target: fetch CPU <= 10 % of the ingest. Needs --corpus DIR (an existing corpus)
#    or --make-corpus N (builds one with N postings in a temp dir and deletes it afterwards).
#
# Servers are started here and stopped by PID on exit.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
build="$repo/build"
runs=3
corpus=""
make_corpus=0
keep_corpus=0
shared="$repo/../shared"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --corpus) corpus=$2; shift 2 ;;
    --make-corpus) make_corpus=$2; shift 2 ;;
    --keep-corpus) keep_corpus=1; shift ;;
    *) sed -n '2,17p' "$0" >&2; exit 2 ;;
  esac
done
sp="$build/apps/skillpulse/skillpulse"
server="$build/bench/fetch_bench_server"
driver="$build/bench/fetch_bench"
for b in "$sp" "$server" "$driver"; do
  [[ -x $b ]] || { echo "missing $b (ninja -C $build skillpulse fetch_bench_server fetch_bench)" >&2; exit 1; }
done

tmp=$(mktemp -d /tmp/fetch-bench.XXXXXX)
pids=()
nginx_port=""
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  [[ -n $nginx_port ]] && "$shared/bench/serve.sh" stop "$nginx_port" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) print "-"; else if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }
start_server() {  # args for fetch_bench_server; waits for "ready"
  "$server" "$@" >"$tmp/server.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 200); do grep -q ready "$tmp/server.log" 2>/dev/null && return 0; sleep 0.05; done
  echo "bench server did not start: $(cat "$tmp/server.log")" >&2; exit 1
}
stop_servers() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; pids=(); }
# ingest CONFIG -> "wall_s fetch_cpu_s total_cpu_s" (fresh store each time)
ingest() {
  rm -f "$tmp"/run.db*
  /usr/bin/time -f "TIME %e" "$sp" ingest --no-progress --db "$tmp/run.db" "$@" >"$tmp/ingest.out" 2>&1 || {
    cat "$tmp/ingest.out" >&2; exit 1; }
  wall=$(grep -o 'TIME [0-9.]*' "$tmp/ingest.out" | cut -d' ' -f2)
  cpu=$(grep -o 'fetch CPU [0-9.]* s of [0-9.]* s' "$tmp/ingest.out" | awk '{print $3, $6}')
  echo "$wall $cpu"
}

rows=()
row() { rows+=("$(printf '| %s | %s | %s | %s |' "$1" "$2" "$3" "$4")"); }

# ---- 1. 40 sources x 200 ms ----
port=$(free_port)
start_server --port "$port" --hosts 40 --latency-ms 200
{
  echo 'user_agent = "skillpulse-bench/0.1"'
  echo 'contact = "https://example.org/skillpulse-bench"'
  for i in $(seq 1 40); do
    printf '[[source]]\ntype = "ashby"\nurl = "http://127.0.0.%d:%d/posting-api/job-board/b%d"\nsource = "bench:b%d"\n' "$i" "$port" "$i" "$i"
  done
} >"$tmp/s40.toml"
: >"$tmp/w40"
for _ in $(seq 1 "$runs"); do ingest --config "$tmp/s40.toml" | awk '{print $1}' >>"$tmp/w40"; done
w40=$(median <"$tmp/w40")
postings40=$(grep -o 'ingested [0-9,]* postings' "$tmp/ingest.out" | head -1)
row "40 sources x 200 ms latency (40 loopback hosts): skillpulse ingest wall s ($postings40)" "$w40" "<= 1.5" \
    "$(awk -v w="$w40" 'BEGIN {print (w <= 1.5) ? "met" : "MISSED"}')"
stop_servers

# ---- 2. 2,000 boards, one host, per-host limit 8, 50 ms latency ----
port=$(free_port)
start_server --port "$port" --hosts 1 --latency-ms 50 --max-jobs 3
for i in $(seq 1 2000); do echo "http://127.0.0.1:$port/posting-api/job-board/b$i"; done >"$tmp/u2000"
: >"$tmp/r2000"
for _ in $(seq 1 "$runs"); do
  "$driver" --urls "$tmp/u2000" --per-host 8 --max-connections 64 | grep -o 'req_per_s=[0-9.]*' | cut -d= -f2 >>"$tmp/r2000"
done
r2000=$(median <"$tmp/r2000")
row "2,000 boards, 1 host, per-host 8, 50 ms: fetch-only requests/s (bound 8/0.050 = 160)" "$r2000" ">= 144" \
    "$(awk -v r="$r2000" 'BEGIN {printf "%.1f %% of bound\n", 100 * r / 160}')"
{
  echo 'user_agent = "skillpulse-bench/0.1"'
  printf '[fetch]\nper_host_connections = 8\nmax_connections = 64\n'
  for i in $(seq 1 2000); do
    printf '[[source]]\ntype = "ashby"\nurl = "http://127.0.0.1:%d/posting-api/job-board/b%d"\nsource = "bench:b%d"\n' "$port" "$i" "$i"
  done
} >"$tmp/s2000.toml"
: >"$tmp/w2000"
for _ in $(seq 1 "$runs"); do ingest --config "$tmp/s2000.toml" | awk '{print $1}' >>"$tmp/w2000"; done
w2000=$(median <"$tmp/w2000")
row "2,000 boards, same: skillpulse ingest wall s (bound 2000/160 = 12.5 s)" "$w2000" "<= 13.9" \
    "$(awk -v w="$w2000" 'BEGIN {printf "%.1f %% of bound\n", 100 * 12.5 / w}')"
stop_servers

# ---- 3. The shared bench corpus ----
if [[ $make_corpus -gt 0 ]]; then
  corpus="$tmp/corpus"
  echo "building a $make_corpus-posting corpus in $corpus ..." >&2
  python3 "$shared/bench/make_corpus.py" --out "$corpus" --postings "$make_corpus" >"$tmp/corpus.log" 2>&1
fi
if [[ -n $corpus ]]; then
  nginx_port=$(free_port)
  "$shared/bench/serve.sh" start "$corpus" "$nginx_port" >/dev/null
  base="http://127.0.0.1:$nginx_port"
  python3 - "$corpus/manifest.json" "$base" "$tmp" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1])); base = sys.argv[2]; tmp = sys.argv[3]
api = {"greenhouse": lambda n, p: f"/v1/boards/{n}/jobs", "lever": lambda n, p: f"/v0/postings/{n}",
       "ashby": lambda n, p: f"/posting-api/job-board/{n}", "rss": lambda n, p: p}
with open(f"{tmp}/all.urls", "w") as a, open(f"{tmp}/ashby.urls", "w") as b:
    for s in m["sources"]:
        u = base + api[s["format"]](s["name"], s["path"])
        a.write(u + "\n")
        if s["format"] == "ashby": b.write(u + "\n")
EOF
  mb=$(python3 -c "import json,sys; print(round(json.load(open(sys.argv[1]))['totals']['bytes']/2**20))" "$corpus/manifest.json" 2>/dev/null || echo "?")
  : >"$tmp/fa"; : >"$tmp/fr"
  for _ in $(seq 1 "$runs"); do
    out=$("$driver" --urls "$tmp/all.urls" --per-host 6 --max-connections 32)
    echo "$out" | grep -o 'loop_cpu_s=[0-9.]*' | cut -d= -f2 >>"$tmp/fa"
    echo "$out" | grep -o 'seconds=[0-9.]*' | cut -d= -f2 >>"$tmp/fr"
  done
  row "bench corpus, all 40 sources ($mb MB), fetch-only: event-loop CPU s / wall s" \
      "$(median <"$tmp/fa") / $(median <"$tmp/fr")" "-" "for the 10 % budget of a full ingest"
  : >"$tmp/ca"
  for _ in $(seq 1 "$runs"); do
    ingest $(cat "$tmp/ashby.urls") | awk '{printf "%.1f\n", 100 * $2 / $3}' >>"$tmp/ca"
  done
  pa=$(median <"$tmp/ca")
  row "bench corpus, the 8 Ashby sources, skillpulse ingest: fetch CPU % of process CPU" "$pa %" "<= 10 %" \
      "$(awk -v p="$pa" 'BEGIN {print (p <= 10) ? "met" : "MISSED"}')"
  : >"$tmp/cf"
  for _ in $(seq 1 "$runs"); do
    ingest $(cat "$tmp/all.urls") | awk '{printf "%.2f %.2f\n", $2, $3}' >>"$tmp/cf"
  done
  fc=$(awk '{print $1}' "$tmp/cf" | median); tc=$(awk '{print $2}' "$tmp/cf" | median)
  row "bench corpus, all 40 sources, skillpulse ingest: fetch CPU s of process CPU s" "$fc of $tc" "-" \
      "formats not on this branch are fetched, not parsed"
  "$shared/bench/serve.sh" stop "$nginx_port" >/dev/null; nginx_port=""
  if [[ $make_corpus -gt 0 && $keep_corpus -eq 0 ]]; then rm -rf "$corpus"; fi
fi

echo
echo "| benchmark | measured (median of $runs) | target | result |"
echo "|---|---|---|---|"
for r in "${rows[@]}"; do echo "$r"; done
echo
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
