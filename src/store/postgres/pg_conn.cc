#include "store/postgres/pg_conn.h"

#include <algorithm>

namespace skillpulse::pg {
namespace {

// libpq copies each PQputCopyData call into its output buffer and sends when it is full;
// 1 MiB calls keep that copy cheap without holding the whole COPY twice.
constexpr size_t kCopyChunkBytes = size_t{1} << 20;

void IgnoreNotice(void*, const char*) {}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

std::optional<std::string_view> ResultSet::Get(int row, int col) const {
  if (PQgetisnull(r_.get(), row, col)) return std::nullopt;
  return std::string_view(PQgetvalue(r_.get(), row, col), static_cast<size_t>(PQgetlength(r_.get(), row, col)));
}

Result<std::unique_ptr<Conn>> Conn::Connect(const std::string& conninfo) {
  PGconn* c = PQconnectdb(conninfo.c_str());
  if (c == nullptr) return Unavailable("postgres: out of memory creating a connection");
  if (PQstatus(c) != CONNECTION_OK) {
    std::string msg = Trim(PQerrorMessage(c));
    PQfinish(c);
    return Unavailable("postgres: cannot connect: " + msg);
  }
  PQsetNoticeProcessor(c, IgnoreNotice, nullptr);
  if (PQsetClientEncoding(c, "UTF8") != 0) {
    std::string msg = Trim(PQerrorMessage(c));
    PQfinish(c);
    return Unavailable("postgres: cannot set client_encoding UTF8: " + msg);
  }
  return std::unique_ptr<Conn>(new Conn(c));
}

Conn::~Conn() { PQfinish(c_); }

std::string Conn::Describe() const {
  std::string host = PQhost(c_) ? PQhost(c_) : "";
  if (!host.empty() && host[0] == '/') host = "[" + host + "]";  // a Unix socket directory
  return host + ":" + (PQport(c_) ? PQport(c_) : "") + "/" + (PQdb(c_) ? PQdb(c_) : "");
}

Status Conn::ConnError(std::string_view what) const {
  return IoError("postgres: " + std::string(what) + ": " + Trim(PQerrorMessage(c_)));
}

Status Conn::ErrorFromResult(PGresult* r, std::string_view what) const {
  if (r == nullptr) return ConnError(what);
  std::string msg = Trim(PQresultErrorMessage(r));
  const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
  if (state != nullptr) msg += std::string(" (SQLSTATE ") + state + ")";
  if (msg.empty()) msg = PQresStatus(PQresultStatus(r));
  return IoError("postgres: " + std::string(what) + ": " + msg);
}

Result<ResultSet> Conn::Exec(std::string_view sql) {
  if (!PQsendQuery(c_, std::string(sql).c_str())) return ConnError("send");
  ResultSet last;
  Status error;
  while (PGresult* r = PQgetResult(c_)) {
    ExecStatusType st = PQresultStatus(r);
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) {
      last = ResultSet(r);
    } else {
      if (error.ok()) error = ErrorFromResult(r, sql.substr(0, 80));
      PQclear(r);
    }
  }
  if (!error.ok()) return error;
  if (PQstatus(c_) != CONNECTION_OK) return ConnError("connection lost");
  return last;
}

Result<ResultSet> Conn::Query(const char* sql, const std::vector<Param>& params) {
  std::vector<Oid> types(params.size());
  std::vector<const char*> values(params.size());
  std::vector<int> lengths(params.size());
  std::vector<int> formats(params.size(), 1);
  for (size_t i = 0; i < params.size(); ++i) {
    types[i] = params[i].type_oid;
    values[i] = params[i].value ? params[i].value->data() : nullptr;
    lengths[i] = params[i].value ? static_cast<int>(params[i].value->size()) : 0;
  }
  PGresult* r = PQexecParams(c_, sql, static_cast<int>(params.size()), types.data(), values.data(), lengths.data(),
                             formats.data(), 1);
  ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    Status s = ErrorFromResult(r, std::string_view(sql).substr(0, 80));
    PQclear(r);
    return s;
  }
  return ResultSet(r);
}

Result<int64_t> Conn::CopyIn(const std::string& copy_sql, std::string_view data) {
  SP_TRY(StartCopyIn(copy_sql));
  if (Status s = PutCopyData(data); !s.ok()) {
    AbortCopyIn();
    return s;
  }
  return EndCopyIn();
}

Status Conn::StartCopyIn(const std::string& copy_sql) {
  copy_sql_ = copy_sql.substr(0, 80);
  PGresult* r = PQexec(c_, copy_sql.c_str());
  if (r == nullptr || PQresultStatus(r) != PGRES_COPY_IN) {
    Status s = ErrorFromResult(r, copy_sql_);
    PQclear(r);
    return s;
  }
  PQclear(r);
  return Status::Ok();
}

Status Conn::PutCopyData(std::string_view data) {
  for (size_t off = 0; off < data.size(); off += kCopyChunkBytes) {
    size_t n = std::min(kCopyChunkBytes, data.size() - off);
    if (PQputCopyData(c_, data.data() + off, static_cast<int>(n)) != 1) return ConnError("COPY data");
  }
  return Status::Ok();
}

Result<int64_t> Conn::EndCopyIn() {
  if (PQputCopyEnd(c_, nullptr) != 1) {
    Status s = ConnError("COPY end");
    while (PGresult* rest = PQgetResult(c_)) PQclear(rest);
    return s;
  }
  int64_t rows = 0;
  Status error;
  while (PGresult* res = PQgetResult(c_)) {
    if (PQresultStatus(res) == PGRES_COMMAND_OK) {
      const char* n = PQcmdTuples(res);
      rows = n && *n ? std::stoll(n) : 0;
    } else if (error.ok()) {
      error = ErrorFromResult(res, copy_sql_);
    }
    PQclear(res);
  }
  if (!error.ok()) return error;
  return rows;
}

void Conn::AbortCopyIn() {
  PQputCopyEnd(c_, "aborted by skillpulse");
  while (PGresult* rest = PQgetResult(c_)) PQclear(rest);
}

Status Conn::CopyOut(const std::string& copy_sql, const std::function<Status(std::string_view)>& sink) {
  PGresult* r = PQexec(c_, copy_sql.c_str());
  if (r == nullptr || PQresultStatus(r) != PGRES_COPY_OUT) {
    Status s = ErrorFromResult(r, copy_sql.substr(0, 80));
    PQclear(r);
    return s;
  }
  PQclear(r);
  Status stopped;
  for (;;) {
    char* buf = nullptr;
    int n = PQgetCopyData(c_, &buf, 0);
    if (n == -1) break;  // done
    if (n == -2) return ConnError("COPY out");
    if (stopped.ok()) stopped = sink(std::string_view(buf, static_cast<size_t>(n)));
    PQfreemem(buf);
    // After a sink error the rest is drained (libpq has no way to abandon a COPY OUT short
    // of cancelling the query; draining keeps the connection usable).
  }
  Status error;
  while (PGresult* res = PQgetResult(c_)) {
    if (PQresultStatus(res) != PGRES_COMMAND_OK && error.ok()) error = ErrorFromResult(res, copy_sql.substr(0, 80));
    PQclear(res);
  }
  if (!stopped.ok()) return stopped;
  return error;
}

std::string QuoteIdent(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace skillpulse::pg
