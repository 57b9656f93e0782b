// The PostgreSQL store: the same tables and the same Store behaviour as the SQLite store
// (reports read identical FactTables from both), written with binary COPY.
//
// Schema: postgres/migrations/*.sql, embedded in the binary, applied in version order (one
// transaction each, under an advisory lock; every embedded migration not yet recorded is
// applied, so versions may have gaps: 0001, 0010) and recorded
// in skillpulse.schema_migrations. 0010_tasks.sql is the worker task queue (pg_tasks.h).
// Everything lives in the PostgreSQL schema `skillpulse` of the database the connection
// string names, so the store can share a database with other tables.
//
// Write path (one writer thread; see docs/SCALING.md for the measurements):
//  * Store::Prepare (on the pipeline's worker threads) computes each posting's fields hash,
//    compresses its description (zstd) and encodes its row in binary COPY format.
//  * Store::Write only appends prepared bytes to the pending batch. A full batch is handed
//    to a flusher thread that owns the connection, while the writer fills the next one.
//  * The flusher writes one batch in one transaction: advisory writer lock, lookup of the
//    batch's keys, then COPY ... FROM STDIN (FORMAT binary) straight into the tables for
//    postings that do not exist yet, COPY into a temporary staging table merged with
//    INSERT ... ON CONFLICT for postings that changed, an UPDATE of first_seen/last_seen for
//    unchanged ones, descriptions once per content hash, skills, quarantine, and the run's
//    counters. A killed run therefore leaves whole batches only. New postings' rows (and
//    dedup records) carry their provisional job id (dedup/provisional_jobs.h), so FinishRun's
//    job assignment rewrites only wrong guesses. Loading into an empty store (no other writer
//    meanwhile) skips the lookups for keys this run has not written, marks its new postings
//    pending for job assignment with a plain COPY, and builds dedup_records' secondary indexes
//    once at the end of the run instead of row by row (migration 0013,
//    PostgresStoreOptions::defer_indexes).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/status.h"
#include "store/store.h"

namespace skillpulse {

struct PostgresStoreOptions {
  // A batch (one transaction) is written when it holds this many postings or this many
  // bytes of encoded rows, whichever comes first. Larger batches amortize the per-batch
  // round trips; smaller ones lose less on a kill and let the server start earlier. Up to three
  // batches are in memory at once (filling, queued, being written): 16 MiB instead of 32 took
  // 24 MB off the 250k benchmark's peak RSS at the same wall time (2026-11-22).
  int64_t batch_postings = 20'000;
  size_t batch_bytes = size_t{16} << 20;
  // Write batches on a background thread (true) or inside Write (false).
  bool async_flush = true;
  // Route new postings through the staging table and INSERT ... ON CONFLICT as well, instead
  // of COPY straight into postings. Same result, about twice the server time; kept for
  // measurements and as the reference the fast path is tested against.
  bool merge_all = false;
  // A run whose first batch finds the store empty drops dedup_records' non-unique indexes for
  // the load and builds them at its end (migration 0013; a killed run's are built by the next
  // writer's BeginRun). False keeps them during the load (the reference for tests).
  bool defer_indexes = true;
};

// Connects with a libpq connection string ("postgresql://user@host:port/db", "host=... dbname=...",
// or "" for the PG* environment variables as psql uses them), creates or migrates the schema,
// and returns the store. kUnavailable when the server cannot be reached; kFailedPrecondition
// when the database holds a newer skillpulse schema than this binary knows.
//
// Environment: SKILLPULSE_PG_BATCH_POSTINGS overrides options.batch_postings (tests use it to
// make many small batches).
Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& conninfo, PostgresStoreOptions options = {});

// "host:port/dbname" for a connection string (environment defaults applied, password never
// shown; "[local]" or "[/socket/dir]" for Unix sockets), for messages such as "ingested ...
// into postgres 127.0.0.1:5432/jobs".
std::string DescribePostgresConninfo(const std::string& conninfo);

// The schema version this binary creates (the number of the last embedded migration).
int PostgresSchemaVersion();

// Name of the PostgreSQL schema (namespace) holding the tables.
inline constexpr const char* kPostgresSchema = "skillpulse";

}  // namespace skillpulse
