-- skillpulse schema v2 (SQLite): dedup state and job lifecycle (src/dedup, docs/DEDUP.md).
-- postings.job_id is the unique job a posting belongs to: the smallest posting_id of the job.
-- NULL means the posting's own posting_id (a job's smallest posting, a job of one posting, or a
-- posting not assigned yet): readers use COALESCE(job_id, posting_id).

-- One row per posting: what dedup compares, so new postings are matched against stored ones
-- without re-reading their text. Clustered by block (normalized company + title): the postings
-- a new one can match are read in one range. The seen interval and job id repeat postings'
-- (kept in step by the store), so assigning jobs never has to visit the wide postings rows.
-- Hashes are XXH3-64 stored as signed 64-bit integers.
CREATE TABLE dedup_records (
  block       INTEGER NOT NULL,      -- hash of (normalized company, normalized title)
  posting_id  INTEGER NOT NULL,      -- -> postings
  identity    INTEGER NOT NULL,      -- hash of (source, source_id): order-independent tie-break
  company     INTEGER NOT NULL,      -- hash of the normalized company; 0 = none
  location    INTEGER NOT NULL,      -- hash of the location key; 0 = no geographic constraint
  url         INTEGER,               -- hash of the URL identity (ATS job id or canonical URL)
  requisition INTEGER NOT NULL,      -- hash of the requisition id stated in the text; 0 = none
  flags       INTEGER NOT NULL,      -- 1 url is an ATS job id, 2 remote, 4 no location given
  shingles    INTEGER NOT NULL,      -- shingles in the description (0 = no text)
  minhash     BLOB NOT NULL,         -- 64 little-endian uint16 MinHash values
  first_seen  INTEGER NOT NULL,      -- = postings.first_seen
  last_seen   INTEGER NOT NULL,      -- = postings.last_seen
  job_id      INTEGER,               -- = postings.job_id (NULL = posting_id)
  PRIMARY KEY (block, posting_id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX dedup_records_posting ON dedup_records(posting_id);
CREATE INDEX dedup_records_url ON dedup_records(url) WHERE url IS NOT NULL;
CREATE INDEX dedup_records_job ON dedup_records(job_id);

-- Postings written but not yet assigned to a job (a run that stopped before FinishRun leaves
-- rows here; the next run assigns them).
CREATE TABLE dedup_pending (
  posting_id INTEGER PRIMARY KEY
);

-- Postings stored before this migration: they have no dedup record yet. The next run computes
-- their records from the stored text and assigns their jobs.
CREATE TABLE dedup_backfill (
  posting_id INTEGER PRIMARY KEY
);
INSERT INTO dedup_backfill(posting_id) SELECT posting_id FROM postings;

-- Lifecycle per job. A posting is closed when its source was seen more than a day after it
-- (the source's newest last_seen): it disappeared from the source. A job is closed when all
-- its postings are; closed_at is then its last last_seen (dedup/lifecycle.h).
CREATE VIEW jobs AS
WITH source_seen AS (SELECT source, MAX(last_seen) AS max_seen FROM postings GROUP BY source),
posting_state AS (
  SELECT COALESCE(p.job_id, p.posting_id) AS job_id, p.first_seen, p.last_seen,
         CASE WHEN p.closed_at IS NOT NULL THEN p.closed_at
              WHEN s.max_seen - p.last_seen > 86400 THEN p.last_seen END AS closed_at
  FROM postings p JOIN source_seen s ON s.source = p.source)
SELECT job_id, MIN(first_seen) AS first_seen, MAX(last_seen) AS last_seen,
       CASE WHEN COUNT(closed_at) = COUNT(*) THEN MAX(closed_at) END AS closed_at,
       COUNT(*) AS postings
FROM posting_state GROUP BY job_id;
