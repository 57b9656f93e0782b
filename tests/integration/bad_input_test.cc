// Bad input never crashes and never silently disappears (issue 3): each malformed record gets
// an error naming the file and line, is kept in the quarantine table with its reason, the rest
// is ingested, and the exit status is non-zero only when nothing could be read.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "store/store.h"
#include "test_util.h"

namespace skillpulse {
namespace {

using testing::RunSkillpulse;
using testing::TempDir;

const std::string kGood1 =
    R"json({"thread_id":1,"thread_title":"Ask HN: Who is hiring? (May 2024)","month":"2024-05","id":101,"by":"a","time":null,"text":"Acme | Rust Engineer | Berlin<p>We write Rust."})json";
const std::string kGood2 =
    R"json({"thread_id":1,"thread_title":"Ask HN: Who is hiring? (May 2024)","month":"2024-05","id":102,"by":"b","time":null,"text":"Beta | Go Engineer | NYC<p>We write Go."})json";

struct Ingested {
  testing::CommandResult cmd;
  int64_t postings = -1;
  std::vector<QuarantinedRecord> quarantined;
};

Ingested Ingest(const TempDir& tmp, const std::string& sources) {
  Ingested r;
  std::string db = tmp.File("store.db");
  r.cmd = RunSkillpulse("ingest --no-progress --db " + db + " " + sources);
  auto store = OpenSqliteStore(db);
  if (store.ok()) {
    r.postings = (*store)->CountPostings().value();
    r.quarantined = (*store)->ListQuarantined(100).value();
  }
  return r;
}

TEST(BadInput, TruncatedAndInvalidJsonLines) {
  TempDir tmp;
  std::string file = tmp.Write("hn.jsonl", kGood1 + "\n" + kGood1.substr(0, 60) + "\n" + "{not json}\n" + kGood2 + "\n");
  Ingested r = Ingest(tmp, "hn:" + file);
  EXPECT_EQ(r.cmd.exit_code, 0) << r.cmd.err;
  EXPECT_EQ(r.postings, 2);
  ASSERT_EQ(r.quarantined.size(), 2u);
  EXPECT_EQ(r.quarantined[0].origin, file);
  EXPECT_EQ(r.quarantined[0].line, 2u);
  EXPECT_NE(r.quarantined[0].reason.find("invalid JSON"), std::string::npos);
  EXPECT_EQ(r.quarantined[0].excerpt, kGood1.substr(0, 60));
  EXPECT_EQ(r.quarantined[1].line, 3u);
  // The error names file and line on stderr.
  EXPECT_NE(r.cmd.err.find(file + ":2: invalid JSON"), std::string::npos) << r.cmd.err;
}

TEST(BadInput, InvalidUtf8InJsonLine) {
  TempDir tmp;
  std::string bad = kGood1;
  bad.replace(bad.find("Berlin"), 6, "Ber\xFF\xFEin");
  std::string file = tmp.Write("hn.jsonl", bad + "\n" + kGood2 + "\n");
  Ingested r = Ingest(tmp, "hn:" + file);
  EXPECT_EQ(r.cmd.exit_code, 0);
  EXPECT_EQ(r.postings, 1);
  ASSERT_EQ(r.quarantined.size(), 1u);
  EXPECT_EQ(r.quarantined[0].line, 1u);
  EXPECT_NE(r.quarantined[0].reason.find("UTF-8"), std::string::npos) << r.quarantined[0].reason;
}

TEST(BadInput, HundredMegabyteField) {
  TempDir tmp;
  std::string huge = R"({"thread_id":1,"month":"2024-05","id":103,"by":"c","text":")" + std::string(100 << 20, 'x') + "\"}";
  std::string file = tmp.Write("hn.jsonl", kGood1 + "\n" + huge + "\n" + kGood2 + "\n");
  huge.clear();
  huge.shrink_to_fit();
  Ingested r = Ingest(tmp, "hn:" + file);
  EXPECT_EQ(r.cmd.exit_code, 0) << r.cmd.err;
  EXPECT_EQ(r.postings, 2);
  ASSERT_EQ(r.quarantined.size(), 1u);
  EXPECT_EQ(r.quarantined[0].line, 2u);
  EXPECT_NE(r.quarantined[0].reason.find("exceeds the line limit"), std::string::npos);
  EXPECT_LE(r.quarantined[0].excerpt.size(), Diagnostics::kMaxExcerptBytes);
}

TEST(BadInput, HundredMegabyteCsvField) {
  TempDir tmp;
  std::string csv = "id,title,description\n1,Go dev,\"Write Go\"\n2,Big,\"" + std::string(100 << 20, 'y') +
                    "\"\n3,Rust dev,Write Rust\n";
  std::string file = tmp.Write("jobs.csv", csv);
  csv.clear();
  csv.shrink_to_fit();
  Ingested r = Ingest(tmp, "csv:" + file);
  EXPECT_EQ(r.cmd.exit_code, 0) << r.cmd.err;
  EXPECT_EQ(r.postings, 2);
  ASSERT_EQ(r.quarantined.size(), 1u);
  EXPECT_NE(r.quarantined[0].reason.find("exceeds the limit"), std::string::npos) << r.quarantined[0].reason;
}

TEST(BadInput, CsvWrongFieldCountUnterminatedQuoteAndInvalidUtf8) {
  TempDir tmp;
  std::string file = tmp.Write("jobs.csv",
                               "id,title,description\n"
                               "1,Go dev,Write Go\n"
                               "2,only two\n"
                               "3,Bad \xC3,text\n"
                               "4,Rust dev,\"Write Rust\"\n"
                               "5,Open,\"never closed\n");
  Ingested r = Ingest(tmp, "csv:" + file);
  EXPECT_EQ(r.cmd.exit_code, 0) << r.cmd.err;
  EXPECT_EQ(r.postings, 2);
  ASSERT_EQ(r.quarantined.size(), 3u);
  EXPECT_NE(r.quarantined[0].reason.find("expected 3 fields"), std::string::npos) << r.quarantined[0].reason;
  EXPECT_NE(r.quarantined[1].reason.find("invalid UTF-8 in column 'title'"), std::string::npos) << r.quarantined[1].reason;
  EXPECT_NE(r.quarantined[2].reason.find("unterminated quote"), std::string::npos) << r.quarantined[2].reason;
}

TEST(BadInput, CsvWhoseHeaderMapsNoPostingFieldsIsAnErrorNotACrash) {
  // hn_whoishiring/hiringtrends' term counts: a CSV of numbers. The rows that libcsv hands over
  // after the header in the same chunk used to be filled through the mapping that was never
  // made (a crash when the shared data directory was read whole).
  TempDir tmp;
  std::string rows = "month,num_comments,go,rust\n";
  for (int i = 1; i <= 500; ++i) rows += "2020-" + std::to_string(i % 12 + 1) + "," + std::to_string(i) + ",3,1\n";
  std::string counts = tmp.Write("term_counts.csv", rows);
  std::string good = tmp.Write("good.jsonl", kGood1 + "\n");
  Ingested r = Ingest(tmp, "csv:" + counts + " hn:" + good);
  EXPECT_EQ(r.cmd.exit_code, 0) << r.cmd.err;  // the good file is read
  EXPECT_NE(r.cmd.err.find(counts + ": no title or description column in the header (month, num_comments, go, rust)"),
            std::string::npos)
      << r.cmd.err;
  EXPECT_EQ(r.postings, 1);
}

TEST(BadInput, EmptyFileFailsWithAClearError) {
  TempDir tmp;
  std::string file = tmp.Write("empty.jsonl", "");
  Ingested r = Ingest(tmp, file);
  EXPECT_EQ(r.cmd.exit_code, 1);
  EXPECT_NE(r.cmd.err.find(file + ": empty input"), std::string::npos) << r.cmd.err;
  EXPECT_EQ(r.postings, 0);
}

TEST(BadInput, EmptyFileBesideAGoodOneStillSucceeds) {
  TempDir tmp;
  std::string empty = tmp.Write("empty.jsonl", "");
  std::string good = tmp.Write("good.jsonl", kGood1 + "\n");
  Ingested r = Ingest(tmp, "hn:" + empty + " hn:" + good);
  EXPECT_EQ(r.cmd.exit_code, 0);
  EXPECT_EQ(r.postings, 1);
}

TEST(BadInput, UnknownSourceTypeIsAUsageError) {
  TempDir tmp;
  Ingested r = Ingest(tmp, "monster:jobs.xml");
  EXPECT_EQ(r.cmd.exit_code, 2);
  EXPECT_NE(r.cmd.err.find("unknown source type 'monster'"), std::string::npos) << r.cmd.err;
}

TEST(BadInput, MissingFileIsReported) {
  TempDir tmp;
  const std::string missing = tmp.File("nope.jsonl");
  Ingested r = Ingest(tmp, missing + " jsonl:" + missing);
  EXPECT_EQ(r.cmd.exit_code, 1);
  // Each source named once, as given (typed or not), then the reason.
  EXPECT_NE(r.cmd.err.find("could not read " + missing + ": no such file, directory or URL\n"), std::string::npos)
      << r.cmd.err;
  EXPECT_NE(r.cmd.err.find("could not read jsonl:" + missing + ": no such file, directory or URL\n"),
            std::string::npos)
      << r.cmd.err;
  EXPECT_EQ(r.cmd.err.find(missing + ": " + missing), std::string::npos) << r.cmd.err;
}

TEST(BadInput, TruncatedCompressedFileKeepsWhatWasRead) {
  if (!testing::HaveShared("hn_whoishiring")) GTEST_SKIP();
  TempDir tmp;
  std::ifstream in(testing::HnFile(), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string file = tmp.Write("cut.jsonl.zst", bytes.substr(0, bytes.size() / 4));
  Ingested r = Ingest(tmp, "hn:" + file);
  EXPECT_EQ(r.cmd.exit_code, 0) << r.cmd.err;
  EXPECT_GT(r.postings, 1000);
  EXPECT_NE(r.cmd.err.find("truncated zstd stream"), std::string::npos) << r.cmd.err;
}

TEST(BadInput, SalarySurveyInADirectoryIsSkippedUnlessTyped) {
  // A directory read whole (here the shared salary surveys: job_title, salary,
  // company_location... but no posting text or URL) used to add each survey row as a posting.
  if (!testing::HaveShared("salaries")) GTEST_SKIP();
  TempDir tmp;
  const std::string dir = testing::SharedData("salaries");
  Ingested r = Ingest(tmp, dir);
  EXPECT_EQ(r.cmd.exit_code, 1) << r.cmd.err;  // nothing readable as postings
  EXPECT_EQ(r.postings, 0);
  const std::string survey = dir + "/devops_jobs_salaries_2022-11-15.csv.gz";
  EXPECT_NE(r.cmd.err.find("skipped " + survey + ": not a recognised posting format (give a type to read it anyway, e.g. csv:" +
                           survey + ")"),
            std::string::npos)
      << r.cmd.err;
  // Typed, it is read: the user says these rows are postings.
  TempDir tmp2;
  Ingested typed = Ingest(tmp2, "csv:" + survey);
  EXPECT_EQ(typed.cmd.exit_code, 0) << typed.cmd.err;
  EXPECT_GT(typed.postings, 500);
}

TEST(BadInput, ManyErrorsAndWarningsAreCutShortOnTheTerminalButNoneIsLost) {
  // 30 bad lines among good ones, and 25 files that are not postings: the terminal shows the
  // first 20 of each kind and says how many more there were and where they all are.
  TempDir tmp;
  std::filesystem::create_directories(tmp.File("in"));
  std::string lines;
  for (int i = 0; i < 30; ++i) lines += kGood1 + "\n{not json " + std::to_string(i) + "}\n";
  lines += kGood2 + "\n";
  tmp.Write("in/hn.jsonl", lines);
  for (int i = 0; i < 25; ++i) tmp.Write("in/notes" + std::to_string(i) + ".txt", "just some notes\n");
  const std::string stats = tmp.File("stats.json");
  Ingested r = Ingest(tmp, "--stats-json " + stats + " " + tmp.File("in"));
  EXPECT_EQ(r.cmd.exit_code, 0) << r.cmd.err;
  EXPECT_EQ(r.postings, 2);  // kGood1 30 times is one posting, and kGood2
  auto count = [&](const std::string& needle) {
    size_t n = 0;
    for (size_t at = r.cmd.err.find(needle); at != std::string::npos; at = r.cmd.err.find(needle, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count("error: "), 20u) << r.cmd.err;
  EXPECT_EQ(count("warning: skipped "), 20u) << r.cmd.err;
  EXPECT_NE(r.cmd.err.find("  10 more errors not shown: skillpulse quarantine list --db '" + tmp.File("store.db") +
                           "' --limit 0\n"),
            std::string::npos)
      << r.cmd.err;
  EXPECT_NE(r.cmd.err.find("  5 more warnings not shown: --stats-json FILE lists them all"), std::string::npos)
      << r.cmd.err;
  // All 30 bad lines are in the quarantine table, all 25 warnings in --stats-json.
  auto store = OpenSqliteStore(tmp.File("store.db"));
  ASSERT_TRUE(store.ok());
  EXPECT_EQ((*store)->ListQuarantined(1000).value().size(), 30u);
  // The command the notice names lists them all (the default is 50), also as JSONL.
  auto listed = RunSkillpulse("quarantine list --db " + tmp.File("store.db") + " --limit 0 --format jsonl");
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  size_t n = 0;
  for (size_t at = listed.out.find("{\"source\":"); at != std::string::npos;
       at = listed.out.find("{\"source\":", at + 1))
    ++n;
  EXPECT_EQ(n, 30u) << listed.out;
  EXPECT_NE(listed.out.find("\"line\":60,"), std::string::npos) << listed.out;
  listed = RunSkillpulse("quarantine list --db " + tmp.File("store.db") + " --limit 5");
  EXPECT_NE(listed.out.find("30 quarantined record(s)"), std::string::npos) << listed.out;
  EXPECT_EQ(listed.out.find(":12: "), std::string::npos) << listed.out;  // the 6th record is not listed
  const std::string json = testing::Slurp(stats);
  for (int i = 0; i < 25; ++i) {
    EXPECT_NE(json.find("skipped " + tmp.File("in/notes" + std::to_string(i) + ".txt") + ": not a recognised"),
              std::string::npos)
        << i << " " << json;
  }
}

TEST(BadInput, ExtractWritesEveryQuarantinedRecordToItsQuarantineFile) {
  // extract has no store: --quarantine FILE keeps what ingest's quarantine table would.
  TempDir tmp;
  std::string lines;
  for (int i = 0; i < 30; ++i) lines += kGood1 + "\n{not json " + std::to_string(i) + "}\n";
  const std::string file = tmp.Write("hn.jsonl", lines);
  const std::string out = tmp.File("out.jsonl");
  const std::string bad = tmp.File("bad.jsonl");
  auto r = RunSkillpulse("extract --no-progress -o " + out + " --quarantine " + bad + " hn:" + file);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("  10 more errors not shown: all are in " + bad + "\n"), std::string::npos) << r.err;
  std::ifstream in(bad);
  std::vector<std::string> got;
  for (std::string line; std::getline(in, line);) got.push_back(line);
  ASSERT_EQ(got.size(), 30u);
  for (int i = 0; i < 30; ++i) {
    // {"source","origin","line","offset","reason","excerpt"}: the bad lines are 2, 4, ... 60.
    EXPECT_NE(got[i].find("\"origin\":\"" + file + "\",\"line\":" + std::to_string(2 * i + 2) + ","), std::string::npos)
        << got[i];
    EXPECT_NE(got[i].find("invalid JSON"), std::string::npos) << got[i];
    EXPECT_NE(got[i].find("\"excerpt\":\"{not json " + std::to_string(i) + "}\""), std::string::npos) << got[i];
  }
  // Without --quarantine the notice says how to keep them.
  r = RunSkillpulse("extract --no-progress -o " + out + " hn:" + file);
  EXPECT_NE(r.err.find("  10 more errors not shown: --quarantine FILE keeps every one\n"), std::string::npos) << r.err;
}

TEST(BadInput, NotAPostingFormatIsSkippedWithAWarning) {
  TempDir tmp;
  std::string file = tmp.Write("notes.txt", "just some notes\nwithout structure\n");
  Ingested r = Ingest(tmp, file);
  EXPECT_EQ(r.cmd.exit_code, 1);
  EXPECT_NE(r.cmd.err.find("not a recognised posting format"), std::string::npos) << r.cmd.err;
}

}  // namespace
}  // namespace skillpulse
