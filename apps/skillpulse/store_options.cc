#include "store_options.h"

#include <filesystem>

#include "commands.h"
#include "store/postgres/postgres_store.h"

namespace skillpulse {
namespace {

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

}  // namespace

void AddStoreOptions(CLI::App* cmd, StoreOptions& opts) {
  opts.db = DefaultDbPath();
  auto* db = cmd->add_option("--db", opts.db, "SQLite store file (default: $SKILLPULSE_DB or ./skillpulse.db)");
  auto* pg = cmd->add_option_function<std::string>(
      "--pg",
      [&opts](const std::string& conninfo) {
        opts.use_pg = true;
        opts.pg = conninfo;
      },
      "PostgreSQL store instead of --db: a libpq connection string, e.g. postgresql://user@host/db or "
      "'host=... dbname=...'; '' uses the PG* environment variables (PGHOST, PGDATABASE, ...) as psql does");
  pg->excludes(db);
}

Result<std::unique_ptr<Store>> OpenStore(const StoreOptions& opts) {
  if (opts.use_pg) return OpenPostgresStore(opts.pg);
  return OpenSqliteStore(opts.db);
}

Result<std::unique_ptr<Store>> OpenExistingStore(const StoreOptions& opts) {
  if (!opts.use_pg && !std::filesystem::exists(opts.db)) {
    return NotFound(opts.db + ": no such store; run: skillpulse ingest " + StoreFlagForShell(opts) + " SOURCE...");
  }
  return OpenStore(opts);
}

std::string DescribeStore(const StoreOptions& opts) {
  if (opts.use_pg) return "postgres " + DescribePostgresConninfo(opts.pg);
  return opts.db;
}

std::string StoreFlagForShell(const StoreOptions& opts) {
  if (opts.use_pg) return "--pg " + ShellQuote(opts.pg);
  return "--db " + ShellQuote(opts.db);
}

}  // namespace skillpulse
