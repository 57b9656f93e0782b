#!/usr/bin/env bash
# Builds every libFuzzer target (clang-14, ASan + UBSan + libFuzzer) and runs each on a seed
# corpus made from the team's shared data (../shared/data; nothing is committed), then prints a
# table. The issue's bar: each parser fuzzer runs clean for 10 minutes.
#
#   scripts/fuzz.sh                         every target, 600 s each
#   scripts/fuzz.sh --time 60 salary_fuzz html_text_fuzz
#   scripts/fuzz.sh --list
#
# Work directory: fuzz-corpus/ (git-ignored): fuzz-corpus/<target>/ is the corpus (seeds plus
# what libFuzzer adds), fuzz-corpus/findings/<target>/ holds crash/leak/timeout reproducers and
# fuzz-corpus/logs/<target>.log the output. Exit status 1 when any target found something.
# Reproduce a finding: build-fuzz/tests/fuzz/<target> fuzz-corpus/findings/<target>/crash-...
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
shared=$(cd "$repo/../shared" 2>/dev/null && pwd || true)

seconds=600
targets=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --time) seconds=$2; shift 2 ;;
    --list) grep -o 'sp_add_fuzzer([a-z_]*' tests/fuzz/CMakeLists.txt | cut -d'(' -f2; exit 0 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done
if [[ ${#targets[@]} -eq 0 ]]; then
  mapfile -t targets < <(grep -o 'sp_add_fuzzer([a-z_]*' tests/fuzz/CMakeLists.txt | cut -d'(' -f2)
fi
if [[ -z "$shared" ]]; then
  echo "fuzz.sh: ../shared (the team's data) not found beside the repo; seeds need it" >&2
  exit 2
fi

echo "== building fuzz targets (build-fuzz, clang-14)"
cmake -S . -B build-fuzz -G Ninja -DSP_FUZZ=ON -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSP_BUILD_TESTS=ON -DSP_WERROR=OFF >/dev/null
cmake --build build-fuzz --target "${targets[@]}" -- -j"$(nproc)"

work=$repo/fuzz-corpus
mkdir -p "$work/seeds" "$work/findings" "$work/logs"

# Seed directories, made once per work dir by the per-area seed scripts.
seed_once() {  # name command...
  local name=$1; shift
  if [[ ! -e "$work/seeds/.$name.done" ]]; then
    echo "== seeds: $name" >&2
    "$@" >/dev/null
    touch "$work/seeds/.$name.done"
  fi
}

seeds_for() {  # target -> prints the seed directory (may be empty)
  local s=$work/seeds
  case "$1" in
    salary_fuzz) seed_once salary scripts/salary_fuzz_seeds.sh "$s/salary" 500; echo "$s/salary" ;;
    hn_header_fuzz) seed_once hn_header tests/fuzz/hn_header_seed.sh "$s/hn_header" "$shared"; echo "$s/hn_header" ;;
    skill_matcher_fuzz) seed_once skills python3 scripts/skills/fuzz_seeds.py "$s/skills" 300; echo "$s/skills" ;;
    html_text_fuzz)
      seed_once html_text python3 - "$shared" "$s/html_text" <<'PY'
import json, os, subprocess, sys, tarfile, io
shared, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
hn = subprocess.run(['zstd', '-dc', os.path.join(shared, 'data/hn_whoishiring/hn_whoishiring_2018-03_2026-01.jsonl.zst')],
                    check=True, capture_output=True).stdout.splitlines()
for i, line in enumerate(hn[::60][:400]):
    with open(os.path.join(out, 'hn%04d' % i), 'w') as f:
        f.write((json.loads(line).get('text') or '')[:8192])
PY
      echo "$s/html_text" ;;
    greenhouse_fuzz|lever_fuzz|rss_fuzz|jsonld_fuzz|simplify_fuzz|json_fuzz|jsonl_fuzz|csv_fuzz|hn_fuzz)
      seed_once connectors tests/fuzz/make_seeds.sh "$s/connectors"; echo "$s/connectors/${1%_fuzz}" ;;
    json_records_fuzz)  # board documents: the Lever seeds are top-level arrays
      seed_once connectors tests/fuzz/make_seeds.sh "$s/connectors"; echo "$s/connectors/lever" ;;
    fetch_robots_fuzz|fetch_http_date_fuzz|fetch_archive_fuzz|source_config_fuzz)
      seed_once fetch tests/fuzz/seed_fetch_corpora.sh "$s/fetch"
      case "$1" in
        fetch_robots_fuzz) echo "$s/fetch/robots" ;;
        fetch_http_date_fuzz) echo "$s/fetch/http_date" ;;
        fetch_archive_fuzz) echo "$s/fetch/archive" ;;
        source_config_fuzz) echo "$s/fetch/config" ;;
      esac ;;
    dedup_url_fuzz|dedup_record_fuzz)
      seed_once dedup python3 tests/fuzz/dedup_seeds.py "$s/dedup"
      [[ $1 == dedup_url_fuzz ]] && echo "$s/dedup/url" || echo "$s/dedup/record" ;;
    pg_copy_fuzz) seed_once pg_copy scripts/pg_copy_fuzz_seeds.sh "$s/pg_copy"; echo "$s/pg_copy" ;;
    *) echo "" ;;
  esac
}

status=0
results=()
for t in "${targets[@]}"; do
  bin=build-fuzz/tests/fuzz/$t
  [[ -x $bin ]] || { echo "fuzz.sh: $bin was not built" >&2; exit 2; }
  seed=$(seeds_for "$t")
  corpus=$work/$t
  mkdir -p "$corpus" "$work/findings/$t"
  echo "== $t: ${seconds}s (seeds: ${seed:-none})"
  set +e
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$bin" "$corpus" ${seed:+"$seed"} -max_total_time="$seconds" -max_len=65536 -timeout=25 -rss_limit_mb=4096 \
    -artifact_prefix="$work/findings/$t/" -print_final_stats=1 >"$work/logs/$t.log" 2>&1
  rc=$?
  set -e
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/logs/$t.log" | grep -o '[0-9]*$' || echo "?")
  if [[ $rc -eq 0 ]]; then
    results+=("$(printf '%-22s clean  %8ss  %12s runs' "$t" "$seconds" "$runs")")
  else
    status=1
    results+=("$(printf '%-22s FOUND  exit %-4s see %s' "$t" "$rc" "fuzz-corpus/logs/$t.log")")
  fi
done
echo
echo "target                 result    time          executions"
printf '%s\n' "${results[@]}"
exit $status
