-- skillpulse schema v6 (SQLite): dedup_records in posting order.
-- v2 clustered the table by (block, posting_id), so that the few records of a block were one
-- range. But every record a run writes then went to a random leaf of a table of 212-byte rows:
-- sorted by block, a commit's records still touched nearly every leaf, splitting full pages
-- and rewriting the whole table into the WAL at each COMMIT, which made commits of a bulk load
-- cost up to the table's size. Rows are now appended (posting_id is the rowid, as postings
-- assign it in write order) and block is an index of 16-byte entries, which a bulk load
-- defers like the others (migration 0005). Readers name the same columns; a block's records
-- are one index range plus a rowid lookup each.
CREATE TABLE dedup_records_v6 (
  posting_id  INTEGER PRIMARY KEY,   -- -> postings
  block       INTEGER NOT NULL,      -- hash of (normalized company, normalized title)
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
  job_id      INTEGER                -- = postings.job_id (NULL = posting_id)
);
INSERT INTO dedup_records_v6 (posting_id, block, identity, company, location, url, requisition, flags, shingles,
                              minhash, first_seen, last_seen, job_id)
  SELECT posting_id, block, identity, company, location, url, requisition, flags, shingles, minhash, first_seen,
         last_seen, job_id FROM dedup_records ORDER BY posting_id;
DROP TABLE dedup_records;
ALTER TABLE dedup_records_v6 RENAME TO dedup_records;
CREATE INDEX dedup_records_block ON dedup_records(block);
CREATE INDEX dedup_records_url ON dedup_records(url) WHERE url IS NOT NULL;
CREATE INDEX dedup_records_job ON dedup_records(job_id);
-- A bulk load killed before v6 left its deferred statements here; they name v2's table and are
-- all recreated above.
DELETE FROM deferred_indexes;
