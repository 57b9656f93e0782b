#!/usr/bin/env bash
# Installs the Debian 12 packages skillpulse needs to build, test and benchmark.
# Idempotent: installs only what is missing. Uses sudo when not root.
#   scripts/install-deps.sh            build + test dependencies
#   scripts/install-deps.sh --bench    also the reference pipelines' toolchain (Go, Python, nginx)
set -euo pipefail

BUILD_PKGS=(
  build-essential cmake ninja-build pkg-config git ca-certificates curl zstd time
  libsimdjson-dev            # JSON parsing
  libzstd-dev zlib1g-dev     # .zst / .gz inputs, compressed archive
  libsqlite3-dev             # embedded store
  libpq-dev                  # PostgreSQL store
  libcli11-dev libfmt-dev    # CLI, formatting
  libtomlplusplus-dev        # sources.toml
  libcurl4-openssl-dev libnghttp2-dev libbrotli-dev  # fetcher (HTTP/2, brotli)
  libxxhash-dev              # content hashes
  libarchive-dev             # .tar / .tar.zst dumps (the shared Ashby snapshot)
  libjemalloc-dev            # the binary's allocator (apps/skillpulse/allocator.cc)
  libcsv-dev                 # RFC 4180 CSV
  libutf8proc-dev            # Unicode case folding / normalization
  libxml2-dev libpugixml-dev # HTML pages (JSON-LD), RSS/Atom
  libcpp-httplib-dev         # loopback test server, HTTP API
  libgtest-dev libgmock-dev libbenchmark-dev  # tests, benchmarks
  clang-14 libclang-rt-14-dev  # libFuzzer + sanitizers
  postgresql-15 postgresql-client-15           # tests start throwaway clusters
  python3                    # tests build a benchmark corpus with ../shared/bench/make_corpus.py
)
case "$(dpkg --print-architecture 2>/dev/null || echo amd64)" in
  amd64) BUILD_PKGS+=(libhyperscan-dev) ;;   # multi-pattern skill matcher (needs SSSE3)
  *)     BUILD_PKGS+=(libvectorscan-dev) ;;  # same API on arm64 and others
esac
BENCH_PKGS=(golang-go golang-github-jackc-pgx-v4-dev python3-aiohttp python3-asyncpg nginx-light hyperfine)

pkgs=("${BUILD_PKGS[@]}")
[[ "${1:-}" == "--bench" ]] && pkgs+=("${BENCH_PKGS[@]}")

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
