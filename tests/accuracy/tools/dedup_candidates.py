#!/usr/bin/env python3
"""Candidate posting pairs for a person to label as "same job" or "different job" (dedup).

Independent of skillpulse's code on purpose (stdlib only; its own crude word shingles), so the
labels do not inherit our normalization. Deterministic: the same data gives the same pairs in
the same order.

  dedup_candidates.py emit [--seed S] > candidates.jsonl
      One JSON line per pair: {"pair": N, "a": REF, "b": REF, "stratum": "..."} with
        REF = {"dataset": "hn", "id": "38843469"}            an HN comment id
              {"dataset": "wwr", "feed": "remote-jobs.rss.gz", "guid": "https://..."}
      Pairs are drawn, stratified by the word-shingle Jaccard similarity of their texts, from
        - HN "Who is hiring?" 2023-01..2024-06: postings of the same company (first header field)
          in the same or nearby months (monthly reposts, edited reposts, new roles, the same role
          after a pause), and postings of different companies with similar text;
        - the We Work Remotely feeds of 2022-11: postings of the same company, postings of
          different companies with similar text, and a few items listed in two feeds.
      Strata: likely duplicates (J >= 0.9), similar (0.6-0.9), related (0.3-0.6), different
      (< 0.3), reposts after more than 60 days, cross-company look-alikes, random pairs.
  dedup_candidates.py show N [candidates.jsonl]
      Prints pair N (both postings in full: company/title line, region, date, text) for reading.
  dedup_candidates.py stats labels.jsonl
      Counts of labels per stratum (the stratum is looked up again from the pair).

Labelling (tests/accuracy/labels/dedup_pairs.jsonl, one line per labelled pair):
  {"a": REF, "b": REF, "same_job": true, "notes": ""}
Two postings are the same job when they advertise the same position at the same employer: a
repost, an edited repost, or a copy on another board. Different jobs: another role or another
seniority (even with the same text), another location or hiring region ("Europe Only" vs
"Latin America Only"), or the same role posted again after more than 60 days without a posting
of it in between (Lightcast's repost window: a new opening; `show` lists the company's posts
between the two, so a monthly chain of reposts is visible). A multi-role HN post is the same job as a
later post when it advertises the same set of roles (order and small wording changes do not
matter); adding or dropping roles makes it a different job. Use "notes" for doubts.

Data: ../shared/data beside the repo, or $SKILLPULSE_SHARED/data.
"""
import glob
import gzip
import html
import json
import os
import random
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get('SKILLPULSE_SHARED') or os.path.normpath(os.path.join(HERE, '..', '..', '..', '..', 'shared'))
HN = os.path.join(SHARED, 'data', 'hn_whoishiring', 'hn_whoishiring_2018-03_2026-01.jsonl.zst')
WWR = os.path.join(SHARED, 'data', 'rss_weworkremotely_2022-11')
HN_MONTHS = ('2023-01', '2024-06')
PER_STRATUM = 30
WINDOW_DAYS = 60

TAG = re.compile(r'<[^>]*>')
WORD = re.compile(r'[a-z0-9]+')


def plain(h):
    h = re.sub(r'(?i)<p>|<br\s*/?>|</p>|<li>', '\n', h or '')
    return html.unescape(TAG.sub('', h)).strip()


def shingles(text, k=3):
    w = WORD.findall(text.lower())
    if len(w) < k:
        return {tuple(w)} if w else set()
    return {tuple(w[i:i + k]) for i in range(len(w) - k + 1)}


def jaccard(a, b):
    return len(a & b) / len(a | b) if a and b else 0.0


def month_index(m):
    y, mo = m.split('-')
    return int(y) * 12 + int(mo) - 1


def company_key(s):
    s = re.sub(r'\(.*?\)', ' ', s or '')
    return ' '.join(WORD.findall(s.lower()))


# ---------------------------------------------------------------------------------- loading
def hn_posts():
    out = subprocess.run(['zstd', '-dc', '--long=27', HN], check=True, capture_output=True).stdout
    posts = []
    for line in out.splitlines():
        r = json.loads(line)
        if not r.get('text') or not (HN_MONTHS[0] <= r['month'] <= HN_MONTHS[1]):
            continue
        text = plain(r['text'])
        header = text.split('\n', 1)[0]
        company = company_key(header.split('|', 1)[0]) if '|' in header else ''
        posts.append({'ref': {'dataset': 'hn', 'id': str(r['id'])}, 'month': r['month'], 'time': r.get('time'),
                      'company': company, 'header': header, 'text': text, 'sh': shingles(text)})
    posts.sort(key=lambda p: int(p['ref']['id']))
    return posts


def wwr_items():
    items = []
    for path in sorted(glob.glob(os.path.join(WWR, '*.rss.gz'))):
        feed = os.path.basename(path)
        with gzip.open(path) as f:
            root = ET.parse(f).getroot()
        for it in root.iter('item'):
            title = it.findtext('title') or ''
            company = title.split(': ', 1)[0] if ': ' in title else ''
            text = plain(it.findtext('description') or '')
            items.append({'ref': {'dataset': 'wwr', 'feed': feed, 'guid': it.findtext('guid') or ''},
                          'company': company_key(company), 'header': title, 'region': it.findtext('region') or '',
                          'date': it.findtext('pubDate') or '', 'text': text, 'sh': shingles(text)})
    return items


# ---------------------------------------------------------------------------------- strata
def stratum_of(j, gap_days=None):
    if gap_days is not None and gap_days > WINDOW_DAYS:
        return 'repost_after_window'
    if j >= 0.9:
        return 'likely_duplicate'
    if j >= 0.6:
        return 'similar'
    if j >= 0.3:
        return 'related'
    return 'different'


def sample(rng, pool, n):
    pool = sorted(pool, key=lambda p: json.dumps([p[0]['ref'], p[1]['ref']], sort_keys=True))
    return pool if len(pool) <= n else rng.sample(pool, n)


def hn_pairs(rng):
    posts = hn_posts()
    by_company = {}
    for p in posts:
        if p['company']:
            by_company.setdefault(p['company'], []).append(p)
    strata = {}
    for company in sorted(by_company):
        ps = by_company[company]
        for i in range(len(ps)):
            for k in range(i + 1, len(ps)):
                a, b = ps[i], ps[k]
                gap = (month_index(b['month']) - month_index(a['month'])) * 30
                if gap > 120:
                    continue
                j = jaccard(a['sh'], b['sh'])
                strata.setdefault('hn_' + stratum_of(j, gap), []).append((a, b))
    # Different companies whose texts look alike (recruiters, agencies, shared boilerplate):
    # compared through an index of each post's rarest shingles.
    count = {}
    for p in posts:
        for s in p['sh']:
            count[s] = count.get(s, 0) + 1
    index = {}
    for n, p in enumerate(posts):
        rare = sorted(p['sh'], key=lambda s: (count[s], s))[:8]
        for s in rare:
            index.setdefault(s, []).append(n)
    seen = set()
    for s in sorted(index):
        ids = index[s]
        if len(ids) > 30:
            continue
        for x in range(len(ids)):
            for y in range(x + 1, len(ids)):
                a, b = posts[ids[x]], posts[ids[y]]
                if a['company'] == b['company'] or (ids[x], ids[y]) in seen:
                    continue
                seen.add((ids[x], ids[y]))
                if jaccard(a['sh'], b['sh']) >= 0.3:
                    strata.setdefault('hn_cross_company_lookalike', []).append((a, b))
    randoms = []
    for _ in range(PER_STRATUM):
        a, b = rng.sample(posts, 2)
        randoms.append((a, b))
    strata['hn_random'] = randoms
    return strata


def wwr_pairs(rng):
    items = wwr_items()
    unique = {}
    twice = []
    for it in items:
        g = it['ref']['guid']
        if g in unique:
            if len(twice) < 5 and unique[g]['ref']['feed'] != it['ref']['feed']:
                twice.append((unique[g], it))
        else:
            unique[g] = it
    us = [unique[g] for g in sorted(unique)]
    strata = {'wwr_same_item_two_feeds': twice}
    for x in range(len(us)):
        for y in range(x + 1, len(us)):
            a, b = us[x], us[y]
            j = jaccard(a['sh'], b['sh'])
            if a['company'] and a['company'] == b['company']:
                strata.setdefault('wwr_same_company_' + stratum_of(j), []).append((a, b))
            elif j >= 0.3:
                strata.setdefault('wwr_cross_company_lookalike', []).append((a, b))
    strata['wwr_random'] = [tuple(rng.sample(us, 2)) for _ in range(10)]
    return strata


def emit(seed):
    rng = random.Random(seed)
    out = []
    for name, pool in sorted({**hn_pairs(rng), **wwr_pairs(rng)}.items()):
        for a, b in sample(rng, pool, PER_STRATUM):
            out.append({'a': a['ref'], 'b': b['ref'], 'stratum': name})
    rng.shuffle(out)  # labellers should not read the strata in order
    for n, p in enumerate(out, 1):
        print(json.dumps({'pair': n, **p}, sort_keys=True))
    counts = {}
    for p in out:
        counts[p['stratum']] = counts.get(p['stratum'], 0) + 1
    print(f'{len(out)} pairs: ' + ', '.join(f'{k} {v}' for k, v in sorted(counts.items())), file=sys.stderr)


# ---------------------------------------------------------------------------------- reading
def show(n, path):
    with open(path) as f:
        pairs = [json.loads(l) for l in f if l.strip()]
    pair = next((p for p in pairs if p['pair'] == n), None)
    if pair is None:
        sys.exit(f'no pair {n} in {path}')
    want = [pair['a'], pair['b']]
    found = {}
    if any(r['dataset'] == 'hn' for r in want):
        for p in hn_posts():
            found[json.dumps(p['ref'], sort_keys=True)] = p
    if any(r['dataset'] == 'wwr' for r in want):
        for p in wwr_items():
            found[json.dumps(p['ref'], sort_keys=True)] = p
    sides = []
    for side, ref in (('A', pair['a']), ('B', pair['b'])):
        p = found.get(json.dumps(ref, sort_keys=True))
        sides.append(p)
        print(f'=================== {side}: {json.dumps(ref)}')
        if p is None:
            print('(not found)')
            continue
        when = p.get('time') or p.get('month') or p.get('date')
        print(f"{p['header']}\nregion: {p.get('region', '')}  date: {when}\n")
        print(p['text'])
        print()
    # The repost window needs context: the same company's other posts between the two.
    a, b = sides
    if a and b and a['ref']['dataset'] == 'hn' and b['ref']['dataset'] == 'hn' and a['company']:
        lo, hi = sorted((a['month'], b['month']))
        between = [p for p in found.values() if p['ref']['dataset'] == 'hn' and p['company'] == a['company']
                   and lo <= p['month'] <= hi and p['ref'] not in (a['ref'], b['ref'])]
        print('=================== other posts of this company between A and B:')
        for p in sorted(between, key=lambda p: p['month']):
            print(f"  {p['month']}  hn {p['ref']['id']}  {p['header'][:150]}")
        if not between:
            print('  (none)')


def stats(path):
    with open(path) as f:
        labels = [json.loads(l) for l in f if l.strip()]
    print(f"{len(labels)} labels: {sum(1 for l in labels if l.get('same_job'))} same job, "
          f"{sum(1 for l in labels if l.get('same_job') is False)} different")


def main():
    args = sys.argv[1:]
    if not args or args[0] in ('-h', '--help'):
        print(__doc__)
        return
    if args[0] == 'emit':
        seed = int(args[args.index('--seed') + 1]) if '--seed' in args else 20260101
        emit(seed)
    elif args[0] == 'show' and len(args) >= 2:
        show(int(args[1]), args[2] if len(args) > 2 else 'candidates.jsonl')
    elif args[0] == 'stats' and len(args) >= 2:
        stats(args[1])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)


if __name__ == '__main__':
    main()
