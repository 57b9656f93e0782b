-- skillpulse schema v1 (SQLite). Names follow schema.org JobPosting where one exists.
-- Postings are keyed by (source, source_id); descriptions are stored once per distinct text.

CREATE TABLE skills (
  skill_id     INTEGER PRIMARY KEY,
  slug         TEXT NOT NULL UNIQUE,      -- stable id from data/skills.toml ("go")
  name         TEXT NOT NULL,             -- display name ("Go")
  kind         TEXT NOT NULL,             -- language | framework | database | cloud | tool | ...
  aliases      TEXT NOT NULL DEFAULT '',  -- aliases separated by U+001F
  rule_summary TEXT NOT NULL DEFAULT ''   -- what counts as a mention (report methodology)
);

CREATE TABLE descriptions (
  content_hash INTEGER PRIMARY KEY,       -- XXH3-64 of the plain text (as signed 64-bit)
  size_bytes   INTEGER NOT NULL,          -- length of the plain text
  text         BLOB NOT NULL              -- zstd-compressed UTF-8 plain text
);

CREATE TABLE postings (
  posting_id            INTEGER PRIMARY KEY,
  source                TEXT NOT NULL,
  source_id             TEXT NOT NULL,
  url                   TEXT,
  apply_url             TEXT,
  company               TEXT,            -- hiringOrganization.name
  title                 TEXT,
  location              TEXT,            -- jobLocation as written
  country               TEXT,            -- ISO 3166-1 alpha-2
  region                TEXT,            -- ISO 3166-2
  city                  TEXT,
  work_mode             INTEGER NOT NULL DEFAULT 0,  -- WorkMode enum: 0 unknown 1 remote 2 hybrid 3 onsite
  remote_scope          TEXT,
  seniority             INTEGER NOT NULL DEFAULT 0,  -- Seniority enum (core/posting.h)
  experience_years_min  REAL,
  employment_type       INTEGER NOT NULL DEFAULT 0,  -- EmploymentType enum
  visa_sponsorship      INTEGER,                     -- 1 offered, 0 not offered, NULL silent
  salary_currency       TEXT,            -- ISO 4217
  salary_period         INTEGER,         -- SalaryPeriod enum: 0 year 1 month 2 week 3 day 4 hour
  salary_min            REAL,            -- in salary_currency per salary_period
  salary_max            REAL,
  salary_usd_year_min   REAL,            -- annual USD
  salary_usd_year_max   REAL,
  salary_origin         INTEGER,         -- 0 structured 1 text
  salary_is_estimate    INTEGER NOT NULL DEFAULT 0,
  salary_ranges         TEXT,            -- JSON array of every range given
  posted_at             INTEGER,         -- datePosted, Unix seconds
  month                 TEXT,            -- YYYY-MM
  content_hash          INTEGER,         -- -> descriptions
  job_id                INTEGER,         -- unique job (dedup); NULL until assigned
  first_seen            INTEGER NOT NULL,  -- Unix seconds
  last_seen             INTEGER NOT NULL,
  closed_at             INTEGER,
  fields_hash           INTEGER NOT NULL,  -- hash of every stored field: detects real changes
  created_run           INTEGER NOT NULL,
  updated_run           INTEGER NOT NULL,
  origin                TEXT,            -- file or URL it was read from
  UNIQUE (source, source_id)
);

CREATE TABLE posting_skills (
  posting_id INTEGER NOT NULL,
  skill_id   INTEGER NOT NULL,
  required   INTEGER,                    -- 1 required, 0 nice-to-have, NULL not stated
  PRIMARY KEY (posting_id, skill_id)
) WITHOUT ROWID;

CREATE TABLE quarantine (
  quarantine_id INTEGER PRIMARY KEY,
  run_id        INTEGER,
  source        TEXT,
  origin        TEXT,
  line          INTEGER,
  byte_offset   INTEGER,
  reason        TEXT NOT NULL,
  excerpt       TEXT,
  recorded_at   INTEGER NOT NULL
);

CREATE TABLE ingest_runs (
  run_id        INTEGER PRIMARY KEY,
  started_at    INTEGER NOT NULL,
  finished_at   INTEGER,
  sources       TEXT,
  tool_version  TEXT,
  fx_date       TEXT,
  postings_new       INTEGER,
  postings_updated   INTEGER,
  postings_unchanged INTEGER,
  quarantined        INTEGER,
  status        TEXT NOT NULL DEFAULT 'running'
);
