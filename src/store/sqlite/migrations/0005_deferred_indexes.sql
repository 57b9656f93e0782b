-- skillpulse schema v5 (SQLite): secondary indexes a bulk load set aside (sqlite_dedup.cc,
-- SqliteDedup::DeferIndexes / RestoreIndexes), as PostgreSQL's migration 0013. A run that
-- starts on a store without postings drops the non-unique indexes of dedup_records (url,
-- job_id: only job assignment's key lookups read them, and a bulk load's assignment scans the
-- whole table) in its first transaction, recording each CREATE INDEX statement here, and builds
-- them again after job assignment: one sorted build per index instead of an insert per row. A
-- run killed in between leaves its rows here; the next run's BeginRun builds them. At rest this
-- table is empty and the schema is the one the migrations define.
CREATE TABLE deferred_indexes (
  name       TEXT PRIMARY KEY,   -- the index
  definition TEXT NOT NULL       -- its CREATE INDEX statement (sqlite_master.sql)
);
