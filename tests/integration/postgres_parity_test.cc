// Parity on real data: the same input ingested with the CLI into SQLite (--db) and
// PostgreSQL (--pg) gives the same counts, the same FactTable field by field, the same rows
// in every table, and byte-identical `compare` and `trend` JSON; a second ingest of the same
// input changes no count in either store. Input: the first 5,000 lines of the shared HN
// file and the Ashby snapshot (../shared/data, SOURCES.md).
#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "core/input.h"
#include "pg_cluster.h"
#include "store/postgres/postgres_store.h"
#include "store/store.h"
#include "store_compare.h"
#include "test_util.h"

namespace skillpulse {
namespace {

using testing::PgCluster;
using testing::RunSkillpulse;
using testing::TempDir;

const char* kAshby = "ats_ashby/ashby_posting_api_2025-10-28.tar.zst";

// The first `n` lines of the (zstd) HN file, decompressed into `path`.
bool WriteHnPrefix(const std::string& path, int n) {
  auto in = InputStream::Open(testing::HnFile());
  if (!in.ok()) return false;
  LineReader lines(std::move(in).value());
  std::ofstream out(path, std::ios::binary);
  LineReader::Line line;
  for (int i = 0; i < n; ++i) {
    auto st = lines.Next(line);
    if (!st.ok() || *st == LineReader::State::kEof) break;
    if (*st == LineReader::State::kLine) out << line.text << '\n';
  }
  return static_cast<bool>(out);
}

// "N new, M updated, K unchanged; Q quarantined" from ingest's summary.
std::string Counts(const std::string& err) {
  std::smatch m;
  static const std::regex re("[0-9,]+ new, [0-9,]+ updated, [0-9,]+ unchanged; [0-9,]+ quarantined");
  return std::regex_search(err, m, re) ? m.str() : "(no summary in: " + err + ")";
}

TEST(PostgresParity, SameCountsFactsRowsAndReportsAsSqlite) {
  PgCluster* cluster = PgCluster::Shared();
  if (cluster == nullptr) GTEST_SKIP() << "no PostgreSQL: " << PgCluster::SharedError();
  if (!testing::HaveShared("hn_whoishiring") || !testing::HaveShared(kAshby)) GTEST_SKIP() << "no shared data";
  ASSERT_TRUE(cluster->CreateDatabase("parity"));
  const std::string conninfo = cluster->ConnInfo("parity");
  TempDir tmp;
  const std::string hn = tmp.File("hn5000.jsonl");
  ASSERT_TRUE(WriteHnPrefix(hn, 5000));
  const std::string sources = "hn:" + hn + " ashby:" + testing::SharedData(kAshby);
  const std::string sqlite_flag = "--db " + tmp.File("ref.db");
  const std::string pg_flag = "--pg '" + conninfo + "'";

  for (int run = 1; run <= 2; ++run) {
    SCOPED_TRACE("ingest run " + std::to_string(run));
    auto a = RunSkillpulse("ingest --no-progress " + sqlite_flag + " " + sources);
    auto b = RunSkillpulse("ingest --no-progress " + pg_flag + " " + sources);
    ASSERT_EQ(a.exit_code, 0) << a.err;
    ASSERT_EQ(b.exit_code, 0) << b.err;
    EXPECT_EQ(Counts(a.err), Counts(b.err));
    if (run == 2) {
      // Re-ingesting the same input adds nothing. (The 9 Ashby postings listed twice with
      // different fields flip between their two versions, in both stores alike.)
      EXPECT_NE(Counts(b.err).find("0 new"), std::string::npos) << b.err;
    }

    auto sqlite = OpenSqliteStore(tmp.File("ref.db"));
    auto pg = OpenPostgresStore(conninfo);
    ASSERT_TRUE(sqlite.ok() && pg.ok());
    auto fa = (*sqlite)->LoadFacts();
    auto fb = (*pg)->LoadFacts();
    ASSERT_TRUE(fa.ok() && fb.ok()) << fb.status().ToString();
    // The first 5,000 HN lines hold 4,994 comments with text (6 deleted), the Ashby snapshot
    // 9,396 jobs under 9,387 distinct ids (counted with jq: `.jobs[].id` over the tar's
    // members, `select(.text != null and .text != "") | .id` over the HN lines).
    EXPECT_EQ(*(*sqlite)->CountPostings(), 4994 + 9387);
    EXPECT_EQ(*(*pg)->CountPostings(), 4994 + 9387);
    EXPECT_EQ(testing::DiffFacts(*fa, *fb), "");

    for (const auto& e : testing::StoreExports()) {
      std::string err1, err2;
      auto ra = testing::ExportSqlite(tmp.File("ref.db"), e, &err1);
      auto rb = testing::ExportPg(conninfo, e, &err2);
      ASSERT_EQ(err1 + err2, "");
      EXPECT_EQ(testing::DiffRows(ra, rb), "") << "table " << e.name;
    }

    // The reports themselves, as JSON: byte-identical from both stores.
    for (const std::string report : {"compare go rust --format json", "compare go rust --format json --count postings",
                                     "trend go rust --format json", "trend go rust --format json --since 2019-01"}) {
      auto ra = RunSkillpulse(report + " " + sqlite_flag);
      auto rb = RunSkillpulse(report + " " + pg_flag);
      EXPECT_EQ(ra.exit_code, 0) << report << ": " << ra.err;
      EXPECT_EQ(rb.exit_code, 0) << report << ": " << rb.err;
      EXPECT_GT(ra.out.size(), 100u) << report;
      EXPECT_EQ(ra.out, rb.out) << report;
    }
  }
}

}  // namespace
}  // namespace skillpulse
