-- Secondary indexes a bulk load set aside (postgres_store.cc: DeferIndexes / RestoreIndexes).
-- A run whose first batch finds the store empty drops the non-unique indexes of dedup_records
-- (block, url, job_id: only job assignment's key lookups read them, and a bulk load's
-- assignment scans the whole table instead) in that batch's transaction, recording each one
-- here, and builds them again at its end: one sorted build per index instead of a random
-- B-tree insert per row (docs/BENCHMARKS.md). A run killed in between leaves its rows here;
-- the next writer's BeginRun builds them. At rest this table is empty and the schema is the
-- one the migrations define.
CREATE TABLE deferred_indexes (
  name       text COLLATE "C" PRIMARY KEY,  -- the index (in this schema)
  definition text NOT NULL                  -- pg_get_indexdef(): its CREATE INDEX statement
);
