#!/usr/bin/env python3
"""Prints shared postings for a human (or agent) labeller to read. Independent of skillpulse's
own code on purpose: labels must come from reading the text, not from our extractors.

  show.py hn ID [ID...]           HN comment(s) from the shared JSONL, by comment id
  show.py ashby ORG JOB_ID        one Ashby posting (title, location, compensation, description)
  show.py sample hn N SEED [REGEX]  N random HN ids (deterministic for SEED), optionally only
                                  postings whose plain text matches REGEX (Python re)
  show.py sample ashby N SEED [REGEX]  same for Ashby, printing "ORG JOB_ID"
  show.py sample --unlabelled hn|ashby N SEED [REGEX]  same, leaving out every posting that a
                                  label file under tests/accuracy/labels/ already references
                                  (how a new held-out round draws postings nobody has read)
Data is read from ../shared/data (beside the repo) or $SKILLPULSE_SHARED."""
import html, io, json, os, random, re, subprocess, sys, tarfile

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get('SKILLPULSE_SHARED') or os.path.normpath(os.path.join(HERE, '..', '..', '..', '..', 'shared'))
HN = os.path.join(SHARED, 'data', 'hn_whoishiring', 'hn_whoishiring_2018-03_2026-01.jsonl.zst')
ASHBY = os.path.join(SHARED, 'data', 'ats_ashby', 'ashby_posting_api_2025-10-28.tar.zst')


def plain(h):
    h = h or ''
    h = re.sub(r'(?i)<p>|<br\s*/?>|</p>|<li>', '\n', h)
    h = re.sub(r'<[^>]*>', '', h)
    return html.unescape(h).strip()


def hn_rows():
    out = subprocess.run(['zstd', '-dc', '--long=27', HN], check=True, capture_output=True).stdout
    for line in out.splitlines():
        yield json.loads(line)


def ashby_rows():
    raw = subprocess.run(['zstd', '-dc', ASHBY], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(raw)) as tar:
        for m in tar.getmembers():
            if not m.isfile() or not m.name.endswith('.json'):
                continue
            org = os.path.basename(m.name)[:-5]
            data = json.load(tar.extractfile(m))
            for job in data.get('jobs', []):
                yield org, job


def show_hn(ids):
    want = set(ids)
    for r in hn_rows():
        if str(r['id']) in want:
            print(f"=== hn {r['id']}  month={r['month']}  by={r['by']}")
            print(plain(r['text']))
            print()


def show_ashby(org, job_id):
    for o, j in ashby_rows():
        if o == org and j.get('id') == job_id:
            comp = (j.get('compensation') or {}).get('summaryComponents')
            print(f"=== ashby {org} {job_id}")
            print(f"title: {j.get('title')}\nlocation: {j.get('location')}  secondary: {[x.get('location') for x in j.get('secondaryLocations') or []]}")
            print(f"isRemote: {j.get('isRemote')}  employmentType: {j.get('employmentType')}  publishedAt: {j.get('publishedAt')}")
            print(f"compensation.summaryComponents: {json.dumps(comp)}")
            print(j.get('descriptionPlain') or plain(j.get('descriptionHtml')))
            print()


def labelled_refs():
    """(dataset, org, id) of every posting a label file references (single refs and pairs)."""
    import glob
    refs = set()
    for f in glob.glob(os.path.join(HERE, '..', 'labels', '**', '*.jsonl'), recursive=True):
        for line in open(f, encoding='utf-8'):
            if not line.strip():
                continue
            o = json.loads(line)
            for r in (o.get('ref'), o.get('a'), o.get('b')):
                if r:
                    refs.add((r.get('dataset'), r.get('org', ''), str(r.get('id', ''))))
    return refs


def sample(kind, n, seed, regex, unlabelled=False):
    rx = re.compile(regex) if regex else None
    skip = labelled_refs() if unlabelled else set()
    if kind == 'hn':
        rows = [(str(r['id']),) for r in hn_rows() if r.get('text') and ('hn', '', str(r['id'])) not in skip
                and (not rx or rx.search(plain(r['text'])))]
    else:
        rows = [(o, j['id']) for o, j in ashby_rows() if ('ashby', o, j['id']) not in skip
                and (not rx or rx.search(j.get('descriptionPlain') or plain(j.get('descriptionHtml'))))]
    rows.sort()
    random.Random(seed).shuffle(rows)
    for r in rows[:n]:
        print(' '.join(r))


if __name__ == '__main__':
    a = sys.argv[1:]
    if not a:
        print(__doc__)
    elif a[0] == 'hn':
        show_hn(a[1:])
    elif a[0] == 'ashby':
        show_ashby(a[1], a[2])
    elif a[0] == 'sample':
        unlabelled = '--unlabelled' in a
        a = [x for x in a if x != '--unlabelled']
        sample(a[1], int(a[2]), a[3], a[4] if len(a) > 4 else None, unlabelled)
    else:
        print(__doc__)
