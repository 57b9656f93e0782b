#!/usr/bin/env python3
"""Seed corpora for the dedup fuzzers, from the shared data (nothing is committed):

  dedup_seeds.py OUT_DIR      writes OUT_DIR/url/* (Simplify listing URLs) and OUT_DIR/record/*
                              (company, title, location, URL and text of WWR items, one per file)
Then: build-fuzz/tests/fuzz/dedup_url_fuzz OUT_DIR/url -max_total_time=60
      build-fuzz/tests/fuzz/dedup_record_fuzz OUT_DIR/record -max_total_time=60"""
import glob, gzip, json, os, re, sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(os.environ.get('SKILLPULSE_SHARED') or os.path.join(HERE, '..', '..', '..', 'shared'), 'data')
out = sys.argv[1]
os.makedirs(os.path.join(out, 'url'), exist_ok=True)
os.makedirs(os.path.join(out, 'record'), exist_ok=True)
n = 0
for f in sorted(glob.glob(os.path.join(DATA, 'simplify_listings', '*.json.gz'))):
    for r in json.load(gzip.open(f))[:300]:
        open(os.path.join(out, 'url', f'{n:05d}'), 'w').write(r.get('url') or '')
        n += 1
n = 0
for f in sorted(glob.glob(os.path.join(DATA, 'rss_weworkremotely_2022-11', '*.rss.gz')))[:2]:
    for it in ET.parse(gzip.open(f)).getroot().iter('item'):
        title = it.findtext('title') or ''
        company, _, role = title.partition(': ')
        text = re.sub(r'<[^>]*>', ' ', it.findtext('description') or '')[:3000]
        rec = '\n'.join([company, role, it.findtext('region') or '', it.findtext('link') or '', text])
        open(os.path.join(out, 'record', f'{n:05d}'), 'w').write(rec)
        n += 1
