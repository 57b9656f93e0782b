// A thin layer over libpq: one connection, statements with binary parameters and binary
// results, COPY in and out. Errors become Status values carrying the server's message and
// SQLSTATE. Not thread-safe: one thread uses a connection at a time.
#pragma once

#include <libpq-fe.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace skillpulse::pg {

// A statement parameter in binary format (see pg_binary.h for encodings).
struct Param {
  uint32_t type_oid = 0;  // 0 = let the server infer it from the statement
  std::optional<std::string> value;  // nullopt = NULL
};

// A finished statement's result (PGresult, cleared on destruction). Columns are in binary
// format when the statement asked for it (Conn::Query always does).
class ResultSet {
 public:
  ResultSet() = default;
  explicit ResultSet(PGresult* r) : r_(r) {}
  int rows() const { return r_ ? PQntuples(r_.get()) : 0; }
  int columns() const { return r_ ? PQnfields(r_.get()) : 0; }
  // The raw value; nullopt when NULL. REQUIRES: row < rows(), col < columns().
  std::optional<std::string_view> Get(int row, int col) const;
  PGresult* get() const { return r_.get(); }

 private:
  struct Clear {
    void operator()(PGresult* r) const { PQclear(r); }
  };
  std::unique_ptr<PGresult, Clear> r_;
};

class Conn {
 public:
  // Connects with a libpq connection string (URI or key=value; "" = the PG* environment
  // variables and libpq defaults, as psql does). Sets client_encoding UTF8 and silences
  // server notices. kUnavailable when the server cannot be reached or refuses us.
  static Result<std::unique_ptr<Conn>> Connect(const std::string& conninfo);
  ~Conn();
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;

  // Runs one or more ';'-separated statements (simple protocol, no parameters). Returns the
  // last statement's result (text format), or the first error.
  Result<ResultSet> Exec(std::string_view sql);
  // One statement with binary parameters; results in binary format.
  Result<ResultSet> Query(const char* sql, const std::vector<Param>& params = {});
  // COPY ... FROM STDIN with the given data (sent in chunks); returns the rows copied.
  Result<int64_t> CopyIn(const std::string& copy_sql, std::string_view data);
  // The same in pieces, so the server parses while the caller is still encoding:
  // StartCopyIn, then PutCopyData any number of times, then EndCopyIn (rows copied). After
  // a failed PutCopyData, or to give up, AbortCopyIn ends the COPY with an error (the
  // transaction is then aborted) and leaves the connection usable.
  Status StartCopyIn(const std::string& copy_sql);
  Status PutCopyData(std::string_view data);
  Result<int64_t> EndCopyIn();
  void AbortCopyIn();
  // COPY ... TO STDOUT; `sink` gets each CopyData message as it arrives (its Status stops
  // the copy early: the connection is then reset to a usable state).
  Status CopyOut(const std::string& copy_sql, const std::function<Status(std::string_view)>& sink);

  // Server version as PQserverVersion gives it (150018 for 15.18).
  int server_version() const { return PQserverVersion(c_); }
  PGconn* raw() const { return c_; }
  // "host:port/dbname" of the live connection, for messages (no password).
  std::string Describe() const;

 private:
  explicit Conn(PGconn* c) : c_(c) {}
  Status ErrorFromResult(PGresult* r, std::string_view what) const;
  Status ConnError(std::string_view what) const;

  PGconn* c_;
  std::string copy_sql_;  // the COPY in progress, for messages
};

// Quotes an identifier ("my db" -> "\"my db\"") for SQL text built at run time.
std::string QuoteIdent(std::string_view s);

}  // namespace skillpulse::pg
