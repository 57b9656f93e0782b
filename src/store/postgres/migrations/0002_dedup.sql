-- skillpulse schema v2 (PostgreSQL): dedup state and job lifecycle. Mirrors
-- store/sqlite/migrations/0002_dedup.sql (same tables, columns and meanings; see there and
-- docs/DEDUP.md). postings.job_id is the smallest posting_id of the posting's job; NULL means
-- the posting's own posting_id: readers use COALESCE(job_id, posting_id).
--
-- Differences from SQLite: no clustered index, so the primary key is posting_id and block
-- has its own index; integer widths as in 0001 (bigint hashes, smallint flags).

-- One row per posting: what dedup compares (dedup/record.h), written in the transaction of
-- the batch that wrote the posting.
CREATE TABLE dedup_records (
  posting_id  bigint PRIMARY KEY,    -- -> postings
  block       bigint NOT NULL,       -- hash of (normalized company, normalized title)
  identity    bigint NOT NULL,       -- hash of (source, source_id): order-independent tie-break
  company     bigint NOT NULL,       -- hash of the normalized company; 0 = none
  location    bigint NOT NULL,       -- hash of the location key; 0 = no geographic constraint
  url         bigint,                -- hash of the URL identity (ATS job id or canonical URL)
  requisition bigint NOT NULL,       -- hash of the requisition id stated in the text; 0 = none
  first_seen  bigint NOT NULL,       -- = postings.first_seen
  last_seen   bigint NOT NULL,       -- = postings.last_seen
  job_id      bigint,                -- = postings.job_id (NULL = posting_id)
  shingles    integer NOT NULL,      -- shingles in the description (0 = no text)
  flags       smallint NOT NULL,     -- 1 url is an ATS job id, 2 remote, 4 no location given
  minhash     bytea NOT NULL         -- 64 little-endian uint16 MinHash values
) WITH (autovacuum_vacuum_scale_factor = 0.05);
ALTER TABLE dedup_records ALTER COLUMN minhash SET STORAGE PLAIN;
CREATE INDEX dedup_records_block ON dedup_records (block);
CREATE INDEX dedup_records_url ON dedup_records (url) WHERE url IS NOT NULL;
CREATE INDEX dedup_records_job ON dedup_records (job_id) WHERE job_id IS NOT NULL;

-- Postings written but not yet assigned to a job (a run that stopped before FinishRun leaves
-- rows here; the next run assigns them).
CREATE TABLE dedup_pending (
  posting_id bigint PRIMARY KEY
);

-- Postings stored before this migration: they have no dedup record yet. The next run computes
-- their records from the stored text and assigns their jobs.
CREATE TABLE dedup_backfill (
  posting_id bigint PRIMARY KEY
);
INSERT INTO dedup_backfill (posting_id) SELECT posting_id FROM postings;

-- Lifecycle per job: the SQLite view, word for word (dedup/lifecycle.h).
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
