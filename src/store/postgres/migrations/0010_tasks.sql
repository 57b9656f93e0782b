-- The fetch task queue of `skillpulse schedule` / `skillpulse worker` (store/postgres/pg_tasks.h,
-- docs/SCALING.md "Workers"). One row per configured source; workers claim due rows with
-- SELECT ... FOR UPDATE SKIP LOCKED and hold them by a lease (lease_until), renewed while the
-- task runs. A worker that dies stops renewing; once lease_until passes, any worker may claim
-- the task again. Times are timestamptz compared with the server's clock only, so workers'
-- clocks never matter.
--
-- Numbered 0010 (not 0002) so that it does not collide with migrations being added in
-- parallel; the migration runner applies every embedded migration a database has not
-- recorded, in version order, so gaps are allowed and a later 0002 is still applied.

-- The sources.toml a task was scheduled from (its global [fetch] settings and its entry),
-- stored once per distinct text rather than once per task.
CREATE TABLE task_configs (
  config_id  bigserial PRIMARY KEY,
  digest     text COLLATE "C" NOT NULL UNIQUE,  -- md5 of toml (dedup key, not a security measure)
  toml       text NOT NULL,                     -- the whole sources.toml text
  created_at bigint NOT NULL                    -- Unix seconds
);

CREATE TABLE tasks (
  task_id      bigserial PRIMARY KEY,
  key          text COLLATE "C" NOT NULL UNIQUE,  -- the entry's refresh key: its stored source name
  label        text NOT NULL,                     -- name for messages (the entry's name or spec)
  config_id    bigint NOT NULL REFERENCES task_configs,
  refresh_s    bigint NOT NULL,                   -- run again this long after a success
  enabled      boolean NOT NULL DEFAULT true,     -- false: no longer in the scheduled config
  next_due     timestamptz NOT NULL,              -- claimable from then on
  lease_until  timestamptz,                       -- NULL or past: nobody holds it
  owner        text,                              -- "host:pid:n" of the holder (or last holder)
  claims       bigint NOT NULL DEFAULT 0,         -- times claimed (a re-claim after a crash counts)
  attempts     integer NOT NULL DEFAULT 0,        -- consecutive failures; 0 after a success
  runs         bigint NOT NULL DEFAULT 0,         -- successful completions
  failures     bigint NOT NULL DEFAULT 0,         -- failed runs, all time
  last_error   text,                              -- of the latest failed run (kept after a success)
  last_done_by text,                              -- owner that completed the latest successful run
  last_done_at timestamptz,
  last_postings bigint                            -- postings the latest successful run read
);
CREATE INDEX tasks_next_due ON tasks (next_due) WHERE enabled;
