// Multi-row INSERT statements for the SQLite writer: `INSERT ... VALUES (?,?),(?,?),...`
// inserts up to kMaxRows rows per sqlite3_step. Each statement execution costs SQLite a reset,
// a statement transaction and a halt whatever its row count; with one statement per
// posting_skills row those rows were 41 % of the writer's instructions (callgrind over 10,000
// HN postings: ~5,600 instructions per row one at a time, ~3,000 in 64-row statements;
// docs/BENCHMARKS.md "Evening speed round").
#pragma once

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>

#include "core/status.h"

namespace skillpulse {

class MultiRowInsert {
 public:
  static constexpr size_t kMaxRows = 64;  // 64 x columns parameters: far below SQLite's 32,766

  // `head` is the statement up to VALUES ("INSERT OR IGNORE INTO t(a, b) VALUES"); `columns`
  // the parameters per row; `tail` what follows the rows (an ON CONFLICT clause), or "".
  MultiRowInsert(std::string head, int columns, std::string tail = "")
      : head_(std::move(head)), tail_(std::move(tail)), columns_(columns) {}
  MultiRowInsert(const MultiRowInsert&) = delete;
  MultiRowInsert& operator=(const MultiRowInsert&) = delete;
  ~MultiRowInsert() {
    for (sqlite3_stmt* s : stmts_) sqlite3_finalize(s);
  }

  // Inserts `rows` rows, kMaxRows per statement. bind(stmt, first, i) binds row i's values
  // to parameters first .. first + columns - 1 (1-based, sqlite3_bind_*). Statements are
  // prepared on first use (one per row count) and kept. Errors: IoError with sqlite3_errmsg,
  // prefixed by `what` (the store's path); the rows before the failing statement stay
  // inserted (the caller's transaction decides).
  template <class Bind>
  Status Insert(sqlite3* db, size_t rows, const std::string& what, Bind&& bind) {
    for (size_t at = 0; at < rows;) {
      const size_t n = std::min(kMaxRows, rows - at);
      sqlite3_stmt*& st = stmts_[n - 1];
      if (st == nullptr) {
        std::string sql = head_;
        for (size_t i = 0; i < n; ++i) {
          sql += i == 0 ? " (" : ",(";
          for (int c = 0; c < columns_; ++c) sql += c == 0 ? "?" : ",?";
          sql += ")";
        }
        if (!tail_.empty()) sql += " " + tail_;
        if (sqlite3_prepare_v3(db, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &st, nullptr) != SQLITE_OK) {
          return Internal(what + ": sqlite prepare: " + sqlite3_errmsg(db) + " in: " + head_);
        }
      }
      for (size_t i = 0; i < n; ++i) bind(st, static_cast<int>(i) * columns_ + 1, at + i);
      const int rc = sqlite3_step(st);
      sqlite3_reset(st);
      if (rc != SQLITE_DONE) return IoError(what + ": " + sqlite3_errmsg(db));
      at += n;
    }
    return Status::Ok();
  }

 private:
  std::string head_, tail_;
  int columns_;
  std::array<sqlite3_stmt*, kMaxRows> stmts_{};  // [n - 1] inserts n rows
};

}  // namespace skillpulse
