#!/usr/bin/env python3
"""Regenerates data/fx_rates.csv (USD per unit of each currency) from data we can cite.

Sources, in order of preference (stdlib only, no network):
  1. ai-jobs.net salaries, CC0 (foorilla/ai-jobs-net-salaries, salaries.csv at commit
     9c225876510af8fbdabdb7ca39d1a6d44be0072b, snapshot 2025-01-19), shared copy
     ../shared/data/salaries/aijobs_net_salaries_2025-01-19.csv.gz. Each row gives `salary`
     in `salary_currency` and `salary_in_usd`, converted by the site with one rate per
     currency and work year; the implied rate is salary_in_usd / salary. Per currency we
     take the median implied rate of the latest work_year >= MIN_YEAR with at least
     MIN_ROWS rows.
  2. infosec-jobs.com salaries, CC0 (foorilla/infosec-jobs-com-salaries, HEAD 6ddae57a,
     snapshot 2026-03-01; same publisher and conversion), for currencies absent from 1.
  3. ECB euro foreign exchange reference rates of 2024-06-28 (eurofxref-daily.xml, as
     recorded in dialogplay/tool-directory integrations/ecb_exchange_rate/README.md at
     commit cd390df8712726c6ebc9f7b4d2919275750c7e0f), crossed through USD per EUR
     (usd_per_unit = USD/EUR / X/EUR), for currencies absent from 1 and 2 (e.g. CNY).
  4. Fixed pegs published by the issuing central banks: SAR 3.75 per USD (Saudi Central
     Bank, since 1986), AED 3.6725 per USD (Central Bank of the UAE, since 1997), QAR 3.64
     per USD (Qatar Central Bank, since 2001).

  scripts/build_fx_table.py [--shared ../shared] [--out data/fx_rates.csv]
"""
import argparse
import collections
import csv
import gzip
import os
import statistics
import sys

MIN_ROWS = 2    # rows of one work_year agree to 1e-5: the site converts with one rate per year
MIN_YEAR = 2023  # older yearly rates are stale; fall through to the next source
TABLE_DATE = '2025-01-19'  # snapshot date of source 1, the table's main source

ECB_DATE = '2024-06-28'
# Currency units per EUR on ECB_DATE.
ECB_PER_EUR = {
    'USD': 1.0705, 'JPY': 171.94, 'BGN': 1.9558, 'CZK': 25.025, 'DKK': 7.4575, 'GBP': 0.84638,
    'HUF': 395.10, 'PLN': 4.3090, 'RON': 4.9773, 'SEK': 11.3595, 'CHF': 0.9634, 'ISK': 148.90,
    'NOK': 11.3965, 'TRY': 35.1868, 'AUD': 1.6079, 'BRL': 5.8915, 'CAD': 1.4670, 'CNY': 7.7748,
    'HKD': 8.3594, 'IDR': 17487.21, 'ILS': 4.0200, 'INR': 89.2495, 'KRW': 1474.86, 'MXN': 19.5654,
    'MYR': 5.0501, 'NZD': 1.7601, 'PHP': 62.560, 'SGD': 1.4513, 'THB': 39.319, 'ZAR': 19.4970,
}
PEGS_PER_USD = {'SAR': 3.75, 'AED': 3.6725, 'QAR': 3.64}


def implied_rates(path):
    """currency -> work_year -> [salary_in_usd / salary]."""
    out = collections.defaultdict(lambda: collections.defaultdict(list))
    with gzip.open(path, 'rt', newline='') as f:
        for row in csv.DictReader(f):
            try:
                salary = float(row['salary'])
                usd = float(row['salary_in_usd'])
                year = int(row['work_year'])
            except (KeyError, ValueError):
                continue
            if salary > 0 and usd > 0:
                out[row['salary_currency'].strip().upper()][year].append(usd / salary)
    return out


def pick(rates_by_year):
    """Latest work_year with >= MIN_ROWS rows: (year, rows, median)."""
    for year in sorted(rates_by_year, reverse=True):
        if year < MIN_YEAR:
            break
        values = rates_by_year[year]
        if len(values) >= MIN_ROWS:
            return year, len(values), statistics.median(values)
    return None


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument('--shared', default=os.path.join(here, '..', '..', 'shared'))
    ap.add_argument('--out', default=os.path.join(here, '..', 'data', 'fx_rates.csv'))
    args = ap.parse_args()
    salaries = os.path.join(args.shared, 'data', 'salaries')
    sources = [
        ('aijobs_net_2025-01-19', implied_rates(os.path.join(salaries, 'aijobs_net_salaries_2025-01-19.csv.gz'))),
        ('infosec_jobs_2026-03-01', implied_rates(os.path.join(salaries, 'infosec_jobs_salaries_2026-03-01.csv.gz'))),
    ]
    table = {}  # currency -> (usd_per_unit, work_year/date, rows, source)
    for name, rates in sources:
        for cur, by_year in rates.items():
            if cur in table or len(cur) != 3 or not cur.isalpha():
                continue
            chosen = pick(by_year)
            if chosen:
                year, rows, rate = chosen
                table[cur] = (rate, str(year), rows, name)
    usd_per_eur = ECB_PER_EUR['USD']
    if 'EUR' not in table:
        table['EUR'] = (usd_per_eur, ECB_DATE, 1, 'ecb_' + ECB_DATE)
    for cur, per_eur in ECB_PER_EUR.items():
        if cur not in table:
            table[cur] = (usd_per_eur / per_eur, ECB_DATE, 1, 'ecb_' + ECB_DATE)
    for cur, per_usd in PEGS_PER_USD.items():
        if cur not in table:
            table[cur] = (1.0 / per_usd, 'peg', 0, 'central_bank_peg')
    table['USD'] = (1.0, table.get('USD', (1.0, 'n/a', 0, 'definition'))[1], table.get('USD', (0, 0, 0, ''))[2], 'definition')

    with open(args.out, 'w', newline='') as f:
        f.write('# USD value of one unit of each currency. Regenerate: scripts/build_fx_table.py\n')
        f.write(f'# date: {TABLE_DATE}\n')
        f.write('# source: median implied rate salary_in_usd/salary per currency for its latest work_year with '
                f'>= {MIN_ROWS} rows (work_year >= {MIN_YEAR}) in ai-jobs.net salaries (CC0, foorilla/ai-jobs-net-salaries @9c225876, '
                'snapshot 2025-01-19); else infosec-jobs.com salaries (CC0, foorilla/infosec-jobs-com-salaries '
                f'@6ddae57a); else ECB euro reference rates of {ECB_DATE} crossed through USD; else the central '
                'bank pegs of SAR, AED, QAR.\n')
        f.write('# columns: work_year = the year whose rate the row gives (or the ECB date / "peg"); rows = '
                'salary rows behind the median.\n')
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['currency', 'usd_per_unit', 'work_year', 'rows', 'source'])
        for cur in sorted(table):
            rate, year, rows, src = table[cur]
            w.writerow([cur, f'{rate:.8g}', year, rows, src])
    print(f'wrote {len(table)} currencies to {args.out}', file=sys.stderr)


if __name__ == '__main__':
    main()
