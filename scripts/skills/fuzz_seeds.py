#!/usr/bin/env python3
"""Writes a seed corpus for tests/fuzz/skill_matcher_fuzz.cc from the team's shared data
(never committed): N HN postings (plain text, tags stripped), titles + texts separated by NUL,
and small taxonomy files cut from data/skills.toml (prefixed "toml:").

  scripts/skills/fuzz_seeds.py OUT_DIR [N=300]
  build-fuzz/tests/fuzz/skill_matcher_fuzz OUT_DIR -max_total_time=60
"""
import html, json, os, random, re, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, '..', '..'))
SHARED = os.environ.get('SKILLPULSE_SHARED') or os.path.normpath(os.path.join(REPO, '..', 'shared'))
HN = os.path.join(SHARED, 'data', 'hn_whoishiring', 'hn_whoishiring_2018-03_2026-01.jsonl.zst')


def plain(h):
    h = re.sub(r'(?i)<p>|<br\s*/?>|</p>|<li>', '\n', h or '')
    return html.unescape(re.sub(r'<[^>]*>', '', h)).strip()


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    os.makedirs(out, exist_ok=True)
    raw = subprocess.run(['zstd', '-dc', '--long=27', HN], check=True, capture_output=True).stdout
    rows = [json.loads(l) for l in raw.splitlines()]
    rng = random.Random(1)
    for i, r in enumerate(rng.sample(rows, min(n, len(rows)))):
        text = plain(r.get('text'))
        first = text.split('\n', 1)[0][:120]
        with open(os.path.join(out, f'hn_{i:04d}'), 'wb') as f:
            f.write(first.encode() + b'\0' + text.encode())
    toml = open(os.path.join(REPO, 'data', 'skills.toml'), encoding='utf-8').read()
    head, _, body = toml.partition('\n[[skill]]\n')
    blocks = ['[[skill]]\n' + b for b in body.split('\n[[skill]]\n')]
    for i in range(20):
        pick = rng.sample(blocks, 5)
        with open(os.path.join(out, f'toml_{i:02d}'), 'wb') as f:
            f.write(b'toml:' + (head + '\n' + '\n'.join(pick)).encode())
    print(f'wrote {min(n, len(rows)) + 20} seeds to {out}')


if __name__ == '__main__':
    main()
