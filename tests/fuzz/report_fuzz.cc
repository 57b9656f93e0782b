// Fuzzes the report layer with arbitrary FactTables and options: BuildCompare / BuildTrend must
// return a value or a Status (never crash, never hang), every renderer must run, and JSON
// output must parse. Bytes are decoded into a table as below; out-of-range skill indexes and
// enum values are generated on purpose (the Internal-error path).
#include <simdjson.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "report/compare.h"
#include "report/trend.h"

namespace {

using namespace skillpulse;

class Bytes {
 public:
  Bytes(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  bool empty() const { return pos_ >= size_; }
  uint8_t U8() { return pos_ < size_ ? data_[pos_++] : 0; }
  uint16_t U16() { return static_cast<uint16_t>(U8() | U8() << 8); }
  uint32_t U32() { return static_cast<uint32_t>(U16() | static_cast<uint32_t>(U16()) << 16); }
  std::string Text(size_t max) {
    std::string s;
    const size_t n = U8() % (max + 1);
    for (size_t i = 0; i < n && !empty(); ++i) s += static_cast<char>(U8());
    return s;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

float Value(Bytes& b) {
  switch (b.U8() % 6) {
    case 0: return kNoValue;
    case 1: return -1;
    case 2: return INFINITY;
    default: return static_cast<float>(b.U16()) * 10;
  }
}

void CheckJson(const std::string& json) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(json).get(doc) != simdjson::SUCCESS) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Bytes b(data, size);
  FactTable t;
  const size_t nskills = 1 + b.U8() % 6;
  const char* kinds[] = {"language", "database", "tool"};
  for (size_t i = 0; i < nskills; ++i) {
    FactSkillInfo s;
    s.slug = "s" + std::to_string(i);
    s.name = b.Text(12);
    s.kind = kinds[b.U8() % 3];
    if (b.U8() % 2) s.aliases.push_back(b.Text(6));
    s.rule_summary = b.Text(20);
    t.skill_info.push_back(std::move(s));
  }
  const MonthIndex base = ParseMonthIndex("2024-01");
  int64_t id = 0;
  while (!b.empty() && t.postings.size() < 400) {
    PostingFact p;
    id += 1 + b.U8() % 3;
    p.posting_id = id;
    const uint8_t job = b.U8();
    p.job_id = job < 64 ? 0 : job % 40;
    const uint8_t m = b.U8();
    p.month = m == 255 ? kNoMonth : base + m % 40 - 10;
    if (b.U8() % 4 == 0) p.first_seen = static_cast<int64_t>(b.U32()) * 4;
    if (b.U8() % 4 == 0) p.last_seen = static_cast<int64_t>(b.U32()) * 4;
    if (b.U8() % 8 == 0) p.closed_at = static_cast<int64_t>(b.U32()) * 4;
    const uint8_t mode = b.U8();
    p.work_mode = static_cast<WorkMode>(mode == 255 ? 7 : mode % 4);  // rarely out of range
    p.seniority = static_cast<Seniority>(b.U8() % 10);
    p.experience_years_min = Value(b);
    p.salary_usd_year_min = Value(b);
    p.salary_usd_year_max = Value(b);
    p.salary_is_estimate = b.U8() % 5 == 0;
    p.skills_begin = static_cast<uint32_t>(t.skills.size());
    const uint8_t n = b.U8() % 5;
    for (uint8_t k = 0; k < n; ++k) {
      const uint8_t s = b.U8();
      const uint16_t skill = static_cast<uint16_t>(s == 255 ? nskills : s % nskills);  // rarely out of range
      t.skills.push_back(FactSkill{skill, static_cast<int8_t>(b.U8() % 3 - 1)});
    }
    p.skills_count = n;
    t.postings.push_back(std::move(p));
  }

  std::vector<std::string> names;
  const size_t nnames = 1 + size % 3;
  for (size_t i = 0; i < nnames; ++i) {
    const size_t k = (size >> i) % (nskills + 1);
    names.push_back(k < nskills ? "s" + std::to_string(k) : "unknown");
  }
  const char* months[] = {"", "2024-03", "2025-12", "2023-01", "garbage", "2024-13", "1899-12"};

  CompareOptions co;
  co.skills = names;
  co.since = months[size % 7];
  co.until = months[(size / 7) % 7];
  co.unit = size % 2 ? CountUnit::kJobs : CountUnit::kPostings;
  co.include_estimated_salaries = size % 3 == 0;
  co.top_languages = static_cast<int>(size % 4) - 1;
  if (auto r = BuildCompare(t, co); r.ok()) {
    for (ReportFormat f : {ReportFormat::kTable, ReportFormat::kMarkdown, ReportFormat::kCsv, ReportFormat::kHtml}) {
      (void)RenderCompare(*r, f);
    }
    CheckJson(RenderCompare(*r, ReportFormat::kJson));
  }
  TrendOptions to;
  to.skills = names;
  to.since = co.until;
  to.until = co.since;
  to.unit = co.unit;
  if (auto r = BuildTrend(t, to); r.ok()) {
    for (ReportFormat f : {ReportFormat::kTable, ReportFormat::kMarkdown, ReportFormat::kCsv, ReportFormat::kHtml}) {
      (void)RenderTrend(*r, f);
    }
    CheckJson(RenderTrend(*r, ReportFormat::kJson));
  }
  return 0;
}
