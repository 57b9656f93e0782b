#!/usr/bin/env python3
"""Checks data/skills.toml against the reference data it cites and prints coverage.

  scripts/skills/check_taxonomy.py [--suggest-onet]

- every `onet` value is an Example of O*NET "Technology Skills" (onet_technology_skills.txt.gz)
- every `esco` value is a conceptUri of the ESCO skills file (esco_skills_en.csv.gz)
- every `linguist` value is a language of GitHub Linguist's languages.yml, and kind
  "language" skills name one
- counts per kind; the Linguist "popular" languages that are missing
- with --suggest-onet: O*NET Examples that spell a skill's name/alias, for skills without one
Reads the team's shared data (../shared beside the repo, or $SKILLPULSE_SHARED). Exit status 1
when a check fails. (The loader itself validates structure: slugs, spellings, rules.)
"""
import collections, csv, gzip, io, os, re, sys, tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, '..', '..'))
SHARED = os.environ.get('SKILLPULSE_SHARED') or os.path.normpath(os.path.join(REPO, '..', 'shared'))
TAX = os.path.join(SHARED, 'data', 'taxonomy')


def linguist_names():
    names, popular, cur = {}, [], None
    with open(os.path.join(TAX, 'linguist_languages.yml'), encoding='utf-8') as f:
        for line in f:
            m = re.match(r'^([^\s#][^:]*):\s*$', line)
            if m:
                cur = m.group(1).strip().strip('"')
                names[cur] = None
            m = re.match(r'^  type: (\w+)', line)
            if m and cur:
                names[cur] = m.group(1)
    with open(os.path.join(TAX, 'linguist_popular.yml'), encoding='utf-8') as f:
        popular = [l[2:].strip() for l in f if l.startswith('- ')]
    return names, popular


def main():
    suggest = '--suggest-onet' in sys.argv
    tax = tomllib.load(open(os.path.join(REPO, 'data', 'skills.toml'), 'rb'))
    skills = tax['skill']
    onet = set()
    with gzip.open(os.path.join(TAX, 'onet_technology_skills.txt.gz'), 'rt', encoding='utf-8') as f:
        for row in csv.reader(f, delimiter='\t'):
            if len(row) > 1:
                onet.add(row[1])
    esco = set()
    with gzip.open(os.path.join(TAX, 'esco_skills_en.csv.gz'), 'rt', encoding='utf-8') as f:
        for row in csv.DictReader(f):
            esco.add(row['conceptUri'])
    ling, popular = linguist_names()
    errors = 0
    kinds = collections.Counter(s['kind'] for s in skills)
    mapped_onet = sum(1 for s in skills if s.get('onet'))
    mapped_esco = sum(1 for s in skills if s.get('esco'))
    for s in skills:
        if s.get('onet') and s['onet'] not in onet:
            print(f"ERROR {s['slug']}: onet '{s['onet']}' is not an O*NET Example"); errors += 1
        if s.get('esco') and s['esco'] not in esco:
            print(f"ERROR {s['slug']}: esco '{s['esco']}' is not in the ESCO file"); errors += 1
        if s.get('linguist') and s['linguist'] not in ling:
            print(f"ERROR {s['slug']}: linguist '{s['linguist']}' is not a Linguist language"); errors += 1
        if s['kind'] == 'language' and not s.get('linguist'):
            print(f"WARN  {s['slug']}: language without a linguist name")
    have = {s.get('linguist') for s in skills}
    missing = [p for p in popular if p not in have]
    print(f"{len(skills)} skills: " + ', '.join(f'{n} {k}' for k, n in kinds.most_common()))
    print(f"O*NET mapped: {mapped_onet}; ESCO mapped: {mapped_esco} (the shared ESCO subset has no "
          f"technology-specific skills)")
    print(f"Linguist popular languages not in the taxonomy (by design for markup/data): {missing}")
    if suggest:
        lower = {}
        for e in onet:
            lower.setdefault(e.lower(), e)
        for s in skills:
            if s.get('onet'):
                continue
            names = [s['name']] + s.get('aliases', []) + s.get('case_sensitive', [])
            hits = sorted({e for e in onet for n in names if len(n) > 2 and re.search(
                r'(?i)(^|\W)' + re.escape(n) + r'($|\W)', e)})
            if hits:
                print(f"SUGGEST {s['slug']}: {hits[:6]}")
    sys.exit(1 if errors else 0)


if __name__ == '__main__':
    main()
