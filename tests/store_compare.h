// Comparing stores in tests: FactTables field by field, and query results from SQLite and
// PostgreSQL as rows of canonical cells (integers and booleans as decimal, doubles as %.17g,
// text and blobs as their bytes), so the same SELECT on both stores can be compared exactly.
#pragma once

#include <gtest/gtest.h>
#include <simdjson.h>
#include <sqlite3.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "report/facts.h"
#include "store/postgres/pg_binary.h"
#include "store/postgres/pg_conn.h"
#include "store/text_codec.h"
#include "test_util.h"

namespace skillpulse::testing {

using Cell = std::optional<std::string>;  // nullopt = NULL
using Rows = std::vector<std::vector<Cell>>;

// (source, source_id) of every posting `skillpulse extract` gives for `sources` (a
// space-separated source list), in input order: the order a store receives them in. Empty,
// with a test failure recorded, when extract fails or writes a line without the two fields.
inline std::vector<std::pair<std::string, std::string>> ExtractedKeys(const TempDir& tmp, const std::string& sources) {
  std::vector<std::pair<std::string, std::string>> keys;
  auto r = RunSkillpulse("extract --no-progress -q -o " + tmp.File("extracted_keys.jsonl") + " " + sources);
  if (r.exit_code != 0) {
    ADD_FAILURE() << "extract " << sources << ": " << r.err;
    return keys;
  }
  simdjson::ondemand::parser parser;
  std::ifstream in(tmp.File("extracted_keys.jsonl"));
  for (std::string line; std::getline(in, line);) {
    simdjson::padded_string json(line);
    auto doc = parser.iterate(json);
    std::string_view source, id;
    if (doc["source"].get_string().get(source) || doc["source_id"].get_string().get(id)) {
      ADD_FAILURE() << "unreadable extract line: " << line.substr(0, 200);
      return {};
    }
    keys.emplace_back(std::string(source), std::string(id));
  }
  return keys;
}

inline std::string FormatDouble(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

// Every row of `sql` on the SQLite file at `path`. Fails the calling test via *error.
inline Rows SqliteRows(const std::string& path, const std::string& sql, std::string* error) {
  Rows rows;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    *error = "cannot open " + path;
    sqlite3_close(db);
    return rows;
  }
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    *error = std::string("sqlite: ") + sqlite3_errmsg(db);
  } else {
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::vector<Cell> row;
      for (int i = 0; i < sqlite3_column_count(st); ++i) {
        switch (sqlite3_column_type(st, i)) {
          case SQLITE_NULL: row.emplace_back(std::nullopt); break;
          case SQLITE_INTEGER: row.emplace_back(std::to_string(sqlite3_column_int64(st, i))); break;
          case SQLITE_FLOAT: row.emplace_back(FormatDouble(sqlite3_column_double(st, i))); break;
          default: {
            const void* p = sqlite3_column_blob(st, i);
            row.emplace_back(std::string(static_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(st, i))));
          }
        }
      }
      rows.push_back(std::move(row));
    }
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return rows;
}

// Every row of `sql` on PostgreSQL (search_path set to the store's schema).
inline Rows PgRows(const std::string& conninfo, const std::string& sql, std::string* error) {
  Rows rows;
  auto conn = pg::Conn::Connect(conninfo);
  if (!conn.ok()) {
    *error = conn.status().ToString();
    return rows;
  }
  if (auto s = (*conn)->Exec("SET search_path TO skillpulse"); !s.ok()) {
    *error = s.status().ToString();
    return rows;
  }
  auto r = (*conn)->Query(sql.c_str());
  if (!r.ok()) {
    *error = r.status().ToString();
    return rows;
  }
  for (int i = 0; i < r->rows(); ++i) {
    std::vector<Cell> row;
    for (int c = 0; c < r->columns(); ++c) {
      auto v = r->Get(i, c);
      if (!v) {
        row.emplace_back(std::nullopt);
        continue;
      }
      switch (PQftype(r->get(), c)) {
        case pg::kInt8Oid: row.emplace_back(std::to_string(*pg::ReadInt8(v))); break;
        case pg::kInt4Oid: row.emplace_back(std::to_string(*pg::ReadInt4(v))); break;
        case pg::kInt2Oid: row.emplace_back(std::to_string(*pg::ReadInt2(v))); break;
        case pg::kBoolOid: row.emplace_back(*pg::ReadBool(v) ? "1" : "0"); break;
        case pg::kFloat8Oid: row.emplace_back(FormatDouble(*pg::ReadFloat8(v))); break;
        default: row.emplace_back(std::string(*v));  // text, bytea: raw bytes in binary format
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

inline std::string CellText(const Cell& c) { return c ? "'" + c->substr(0, 200) + "'" : "NULL"; }

// "" when equal, else a description of the first differences (at most `max_diffs`).
inline std::string DiffRows(const Rows& a, const Rows& b, size_t max_diffs = 5) {
  std::ostringstream out;
  size_t diffs = 0;
  if (a.size() != b.size()) out << "row counts differ: " << a.size() << " vs " << b.size() << "\n";
  for (size_t i = 0; i < std::min(a.size(), b.size()) && diffs < max_diffs; ++i) {
    if (a[i].size() != b[i].size()) {
      out << "row " << i << ": column counts differ\n";
      ++diffs;
      continue;
    }
    for (size_t c = 0; c < a[i].size(); ++c) {
      if (a[i][c] != b[i][c]) {
        out << "row " << i << " column " << c << ": " << CellText(a[i][c]) << " vs " << CellText(b[i][c]) << "\n";
        if (++diffs >= max_diffs) break;
      }
    }
  }
  return out.str();
}

inline bool SameFloat(float a, float b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

// "" when the two fact tables are identical, else the first differences.
inline std::string DiffFacts(const FactTable& a, const FactTable& b, size_t max_diffs = 10) {
  std::ostringstream out;
  size_t diffs = 0;
  auto note = [&](const std::string& what) {
    if (diffs++ < max_diffs) out << what << "\n";
  };
  if (a.sources != b.sources) note("sources differ");
  if (a.skill_info.size() != b.skill_info.size()) note("skill_info sizes differ");
  for (size_t i = 0; i < std::min(a.skill_info.size(), b.skill_info.size()); ++i) {
    const auto &x = a.skill_info[i], &y = b.skill_info[i];
    if (x.slug != y.slug || x.name != y.name || x.kind != y.kind || x.aliases != y.aliases ||
        x.rule_summary != y.rule_summary) {
      note("skill_info[" + std::to_string(i) + "] differs: " + x.slug + "/" + x.name + "/" + x.kind + "/" +
           std::to_string(x.aliases.size()) + "/" + x.rule_summary + " vs " + y.slug + "/" + y.name + "/" + y.kind + "/" +
           std::to_string(y.aliases.size()) + "/" + y.rule_summary);
    }
  }
  if (a.skills.size() != b.skills.size()) {
    note("skills sizes differ: " + std::to_string(a.skills.size()) + " vs " + std::to_string(b.skills.size()));
  }
  for (size_t i = 0; i < std::min(a.skills.size(), b.skills.size()); ++i) {
    if (a.skills[i].skill != b.skills[i].skill || a.skills[i].required != b.skills[i].required) {
      note("skills[" + std::to_string(i) + "] differs");
    }
  }
  if (a.postings.size() != b.postings.size()) {
    note("postings sizes differ: " + std::to_string(a.postings.size()) + " vs " + std::to_string(b.postings.size()));
  }
  for (size_t i = 0; i < std::min(a.postings.size(), b.postings.size()); ++i) {
    const PostingFact &x = a.postings[i], &y = b.postings[i];
    std::string where = "postings[" + std::to_string(i) + "] (id " + std::to_string(x.posting_id) + ") ";
    if (x.posting_id != y.posting_id) note(where + "posting_id " + std::to_string(y.posting_id));
    if (x.job_id != y.job_id) note(where + "job_id");
    if (x.source != y.source) note(where + "source");
    if (x.month != y.month) note(where + "month");
    if (x.first_seen != y.first_seen) note(where + "first_seen");
    if (x.last_seen != y.last_seen) note(where + "last_seen");
    if (x.closed_at != y.closed_at) note(where + "closed_at");
    if (x.work_mode != y.work_mode) note(where + "work_mode");
    if (x.seniority != y.seniority) note(where + "seniority");
    if (x.employment_type != y.employment_type) note(where + "employment_type");
    if (!SameFloat(x.experience_years_min, y.experience_years_min)) note(where + "experience_years_min");
    if (!SameFloat(x.salary_usd_year_min, y.salary_usd_year_min)) note(where + "salary_usd_year_min");
    if (!SameFloat(x.salary_usd_year_max, y.salary_usd_year_max)) note(where + "salary_usd_year_max");
    if (x.salary_is_estimate != y.salary_is_estimate) note(where + "salary_is_estimate");
    if (x.country != y.country) note(where + "country");
    if (x.skills_begin != y.skills_begin) note(where + "skills_begin");
    if (x.skills_count != y.skills_count) note(where + "skills_count");
  }
  if (diffs > max_diffs) out << "... " << (diffs - max_diffs) << " more\n";
  return out.str();
}

// The same export of every store table from SQLite and PostgreSQL: the SELECTs differ only
// where the schemas do (origin is a join in PostgreSQL, booleans are cast). fields_hash is
// left out: a store-internal change detector, not data.
struct TableExport {
  const char* name;
  const char* sqlite_sql;
  const char* pg_sql;
  int frame_column = -1;  // a column of zstd frames (descriptions.text), compared decompressed
};
inline const std::vector<TableExport>& StoreExports() {
  static const std::vector<TableExport> exports = {
      {"postings",
       "SELECT posting_id, source, source_id, url, apply_url, company, title, location, country, region, city, "
       "work_mode, remote_scope, seniority, experience_years_min, employment_type, visa_sponsorship, salary_currency, "
       "salary_period, salary_min, salary_max, salary_usd_year_min, salary_usd_year_max, salary_origin, "
       "salary_is_estimate, salary_ranges, posted_at, month, content_hash, job_id, first_seen, last_seen, closed_at, "
       "created_run, updated_run, origin FROM postings ORDER BY posting_id",
       "SELECT p.posting_id, source, source_id, url, apply_url, company, title, location, country, region, city, "
       "work_mode, remote_scope, seniority, experience_years_min, employment_type, visa_sponsorship, salary_currency, "
       "salary_period, salary_min, salary_max, salary_usd_year_min, salary_usd_year_max, salary_origin, "
       "salary_is_estimate, salary_ranges, posted_at, month, content_hash, job_id, first_seen, last_seen, closed_at, "
       "created_run, updated_run, o.origin FROM postings p LEFT JOIN origins o USING (origin_id) "
       "ORDER BY p.posting_id"},
      // Each store trains its own text dictionary, so the frames differ; the texts may not.
      {"descriptions", "SELECT content_hash, size_bytes, text FROM descriptions ORDER BY content_hash",
       "SELECT content_hash, size_bytes, text FROM descriptions ORDER BY content_hash", 2},
      {"posting_skills", "SELECT posting_id, skill_id, required FROM posting_skills ORDER BY posting_id, skill_id",
       "SELECT posting_id, skill_id, required FROM posting_skills ORDER BY posting_id, skill_id"},
      {"skills", "SELECT skill_id, slug, name, kind, aliases, rule_summary FROM skills ORDER BY skill_id",
       "SELECT skill_id, slug, name, kind, aliases, rule_summary FROM skills ORDER BY skill_id"},
      {"quarantine",
       "SELECT quarantine_id, run_id, source, origin, line, byte_offset, reason, excerpt FROM quarantine "
       "ORDER BY quarantine_id",
       "SELECT quarantine_id, run_id, source, origin, line, byte_offset, reason, excerpt FROM quarantine "
       "ORDER BY quarantine_id"},
      {"ingest_runs",
       "SELECT run_id, sources, tool_version, fx_date, postings_new, postings_updated, postings_unchanged, "
       "quarantined, status FROM ingest_runs ORDER BY run_id",
       "SELECT run_id, sources, tool_version, fx_date, postings_new, postings_updated, postings_unchanged, "
       "quarantined, status FROM ingest_runs ORDER BY run_id"},
  };
  return exports;
}

// Replaces column `col` of every row (a zstd frame) with its text, decompressed with the
// store's dictionaries (`dictionaries`: rows of dict_id, dictionary).
inline void DecodeFrames(Rows& rows, size_t col, const Rows& dictionaries) {
  std::vector<TextDictionary> known;
  for (const auto& d : dictionaries) {
    if (d.size() == 2 && d[0] && d[1]) known.push_back({static_cast<uint32_t>(std::stoull(*d[0])), *d[1]});
  }
  TextCodecOptions options;
  options.train = false;
  TextCodec codec(std::move(known), options);
  for (auto& r : rows) {
    if (col >= r.size() || !r[col]) continue;
    std::string text;
    Status s = codec.Decompress(*r[col], 0, text);
    r[col] = s.ok() ? text : "(undecodable: " + s.message() + ")";
  }
}

// One table export from each store, frames decompressed.
inline Rows ExportSqlite(const std::string& path, const TableExport& e, std::string* error) {
  Rows rows = SqliteRows(path, e.sqlite_sql, error);
  if (e.frame_column >= 0) {
    DecodeFrames(rows, static_cast<size_t>(e.frame_column),
                 SqliteRows(path, "SELECT dict_id, dictionary FROM text_dictionaries", error));
  }
  return rows;
}
inline Rows ExportPg(const std::string& conninfo, const TableExport& e, std::string* error) {
  Rows rows = PgRows(conninfo, e.pg_sql, error);
  if (e.frame_column >= 0) {
    DecodeFrames(rows, static_cast<size_t>(e.frame_column),
                 PgRows(conninfo, "SELECT dict_id, dictionary FROM text_dictionaries", error));
  }
  return rows;
}

}  // namespace skillpulse::testing
