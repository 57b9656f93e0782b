#!/usr/bin/env python3
"""Keyword-in-context over the shared HN postings, for writing and reviewing the rules in
data/skills.toml (which contexts does "Go" / "Spring" / "R" appear in?).

  scripts/skills/kwic.py REGEX [N=40] [SEED=1]     e.g.  kwic.py '\\bSpring\\b(?! Boot)' 30

Prints N random matches as "id  ...left [[match]] right..." and the total count. Text is the
HN HTML with tags stripped (a close approximation of HtmlToText). Reads ../shared or
$SKILLPULSE_SHARED.
"""
import html, json, os, random, re, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get('SKILLPULSE_SHARED') or os.path.normpath(os.path.join(HERE, '..', '..', '..', 'shared'))
HN = os.path.join(SHARED, 'data', 'hn_whoishiring', 'hn_whoishiring_2018-03_2026-01.jsonl.zst')


def plain(h):
    h = re.sub(r'(?i)<p>|<br\s*/?>|</p>|<li>', '\n', h or '')
    return html.unescape(re.sub(r'<[^>]*>', '', h))


def main():
    pat = re.compile(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    raw = subprocess.run(['zstd', '-dc', '--long=27', HN], check=True, capture_output=True).stdout
    hits = []
    for line in raw.splitlines():
        r = json.loads(line)
        t = plain(r.get('text'))
        for m in pat.finditer(t):
            left = t[max(0, m.start() - 60):m.start()].replace('\n', ' ')
            right = t[m.end():m.end() + 60].replace('\n', ' ')
            hits.append(f"{r['id']}  ...{left}[[{m.group(0)}]]{right}...")
    random.Random(seed).shuffle(hits)
    print('\n'.join(hits[:n]))
    print(f'{len(hits)} matches', file=sys.stderr)


if __name__ == '__main__':
    main()
