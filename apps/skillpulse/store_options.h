// The store a command reads or writes: --db FILE (SQLite) or --pg CONNINFO (PostgreSQL).
// Every command that takes --db uses these, so all of them accept --pg the same way.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "core/status.h"
#include "store/store.h"

namespace skillpulse {

struct StoreOptions {
  std::string db;         // SQLite file; default $SKILLPULSE_DB, else ./skillpulse.db
  bool use_pg = false;    // --pg was given (possibly empty)
  std::string pg;         // libpq connection string; "" = the PG* environment variables
};

// Adds --db and --pg (mutually exclusive) to `cmd`. `opts` must outlive parsing.
void AddStoreOptions(CLI::App* cmd, StoreOptions& opts);

// Opens (creating or migrating) the chosen store.
Result<std::unique_ptr<Store>> OpenStore(const StoreOptions& opts);

// For commands that only read: as OpenStore, but an SQLite file that does not exist is
// NotFound ("x.db: no such store; run: skillpulse ingest --db 'x.db' SOURCE...") instead of
// a new empty file left behind.
Result<std::unique_ptr<Store>> OpenExistingStore(const StoreOptions& opts);

// For messages: the SQLite path, or "postgres host:port/dbname" (never a password).
std::string DescribeStore(const StoreOptions& opts);

// A --db/--pg argument pair that reopens the same store in a suggested command line
// ("--db 'x.db'" or "--pg '...'"), shell-quoted.
std::string StoreFlagForShell(const StoreOptions& opts);

}  // namespace skillpulse
