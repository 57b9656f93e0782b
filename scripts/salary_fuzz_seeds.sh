#!/usr/bin/env bash
# Writes a seed corpus for tests/fuzz/salary_fuzz from the team's shared data (not committed):
# the text of HN postings and Ashby descriptions that mention pay, one file each.
#   scripts/salary_fuzz_seeds.sh OUT_DIR [N]   then   build-fuzz/tests/fuzz/salary_fuzz OUT_DIR
set -euo pipefail
out=${1:?usage: salary_fuzz_seeds.sh OUT_DIR [N]}
n=${2:-500}
shared=$(cd "$(dirname "$0")/../../shared" && pwd)
mkdir -p "$out"
python3 - "$shared" "$out" "$n" <<'PY'
import html, io, json, os, re, subprocess, sys, tarfile
shared, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
pay = re.compile(r'[$£€¥₹]|\d\s?[kK]\b|salary|LPA|lakh|薪', re.I)
hn = subprocess.run(['zstd', '-dc', os.path.join(shared, 'data/hn_whoishiring/hn_whoishiring_2018-03_2026-01.jsonl.zst')],
                    check=True, capture_output=True).stdout
k = 0
for line in hn.splitlines():
    t = json.loads(line).get('text') or ''
    t = html.unescape(re.sub(r'<[^>]+>', '\n', t))
    if pay.search(t):
        open(os.path.join(out, f'hn_{k}'), 'w').write(t); k += 1
        if k >= n: break
raw = subprocess.run(['zstd', '-dc', os.path.join(shared, 'data/ats_ashby/ashby_posting_api_2025-10-28.tar.zst')],
                     check=True, capture_output=True).stdout
k = 0
with tarfile.open(fileobj=io.BytesIO(raw)) as tar:
    for m in tar.getmembers():
        if not m.isfile() or not m.name.endswith('.json'): continue
        for job in json.load(tar.extractfile(m)).get('jobs', []):
            t = job.get('descriptionPlain') or ''
            if pay.search(t) and k < n:
                open(os.path.join(out, f'ashby_{k}'), 'w').write(t); k += 1
PY
echo "seeds in $out: $(ls "$out" | wc -l)"
