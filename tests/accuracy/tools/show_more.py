#!/usr/bin/env python3
"""Prints Uber careers postings and Chinese "who is hiring" comments for a human (or agent)
labeller to read. Stdlib only, independent of skillpulse's code on purpose: labels must come
from reading the text, not from our extractors. It only PRINTS text.

  show_more.py uber ID [ID...]            Uber job(s) by id (title, locations, description)
  show_more.py cn ID [ID...]              ruanyf/weekly comment(s) by comment id
  show_more.py sample uber N SEED [REGEX]  N random Uber ids (deterministic for SEED),
                                          optionally only jobs whose description matches REGEX
  show_more.py sample cn N SEED [REGEX]    same for the Chinese comments (prints comment ids)
Data is read from ../shared/data (beside the repo) or $SKILLPULSE_SHARED.
The .tar.zst is decompressed with the `zstd` command (as show.py does)."""
import gzip, io, json, os, random, re, subprocess, sys, tarfile

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get('SKILLPULSE_SHARED') or os.path.normpath(os.path.join(HERE, '..', '..', '..', '..', 'shared'))
UBER = os.path.join(SHARED, 'data', 'ats_uber', 'uber_careers_2025-12-24.json.gz')
CN_DIR = os.path.join(SHARED, 'data', 'cn_whoishiring_ruanyf')


def uber_rows():
    with gzip.open(UBER, 'rt', encoding='utf-8') as f:
        data = json.load(f)
    for job in data.get('jobs', []):
        yield job


def cn_rows():
    """Yields (issue dict, comment dict) for every comment in every thread."""
    for name in sorted(os.listdir(CN_DIR)):
        if not name.endswith('.tar.zst'):
            continue
        raw = subprocess.run(['zstd', '-dc', os.path.join(CN_DIR, name)], check=True,
                             capture_output=True).stdout
        with tarfile.open(fileobj=io.BytesIO(raw)) as tar:
            members = sorted((m for m in tar.getmembers() if m.isfile() and m.name.endswith('.json')),
                             key=lambda m: m.name)
            for m in members:
                issue = json.load(tar.extractfile(m))
                for c in issue.get('comments') or []:
                    yield issue, c


def show_uber(ids):
    want = set(ids)
    for j in uber_rows():
        if str(j.get('id')) in want:
            print(f"=== uber {j.get('id')}  title={j.get('title')}")
            print(f"locations: {j.get('locations')}  level: {j.get('level')}  time_type: {j.get('time_type')}")
            print(j.get('description') or '')
            print()


def show_cn(ids):
    want = set(ids)
    for issue, c in cn_rows():
        if str(c.get('id')) in want:
            print(f"=== cn {c.get('id')}  issue={issue.get('issueNumber')} {issue.get('yearMonth')}  author={c.get('author')}")
            print(c.get('body') or '')
            print()


def sample(kind, n, seed, regex):
    rx = re.compile(regex) if regex else None
    if kind == 'uber':
        rows = [str(j.get('id')) for j in uber_rows() if not rx or rx.search(j.get('description') or '')]
    else:
        rows = [str(c.get('id')) for _, c in cn_rows() if c.get('body') and (not rx or rx.search(c['body']))]
    rows = sorted(set(rows))
    random.Random(seed).shuffle(rows)
    for r in rows[:n]:
        print(r)


if __name__ == '__main__':
    a = sys.argv[1:]
    if not a:
        print(__doc__)
    elif a[0] == 'uber':
        show_uber(a[1:])
    elif a[0] == 'cn':
        show_cn(a[1:])
    elif a[0] == 'sample':
        sample(a[1], int(a[2]), a[3], a[4] if len(a) > 4 else None)
    else:
        print(__doc__)
