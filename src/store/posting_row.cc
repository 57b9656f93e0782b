#include "store/posting_row.h"

#include <xxhash.h>

#include "core/json_writer.h"
#include "core/text.h"
#include "enrich/skills/taxonomy.h"

namespace skillpulse {

uint64_t PostingFieldsHash(const JobPosting& p) {
  // The fields laid out in one buffer and hashed once: XXH3 of a concatenation equals the
  // streamed hash of its pieces, and one call costs less than ~40 small updates.
  thread_local std::string buf;
  buf.clear();
  auto str = [&](std::string_view s) {
    uint64_t n = s.size();
    buf.append(reinterpret_cast<const char*>(&n), sizeof n).append(s);
  };
  auto num = [&](double v) { buf.append(reinterpret_cast<const char*>(&v), sizeof v); };
  auto opt = [&](const std::optional<double>& v) { num(v ? *v : -1.2345e300); };
  str(p.url);
  str(p.apply_url);
  str(p.company);
  str(p.title);
  str(p.location);
  str(p.place.country);
  str(p.place.region);
  str(p.place.city);
  num(static_cast<double>(p.work_mode));
  str(p.remote_scope);
  num(static_cast<double>(p.seniority));
  opt(p.experience_years_min);
  num(static_cast<double>(p.employment_type));
  num(p.visa_sponsorship ? (*p.visa_sponsorship ? 1 : 0) : -1);
  if (p.salary) {
    str(p.salary->currency);
    num(static_cast<double>(p.salary->period));
    opt(p.salary->min);
    opt(p.salary->max);
    opt(p.salary->annual_usd_min);
    opt(p.salary->annual_usd_max);
    num(static_cast<double>(p.salary->origin));
    num(p.salary->is_estimate ? 1 : 0);
    for (const auto& r : p.salary->ranges) {
      str(r.currency);
      num(static_cast<double>(r.period));
      opt(r.min);
      opt(r.max);
    }
  }
  num(p.posted_at ? static_cast<double>(*p.posted_at) : -1);
  str(p.month);
  num(static_cast<double>(p.content_hash));
  for (const auto& s : p.skills) {
    num(s.skill_id);
    num(s.required ? (*s.required ? 1 : 0) : -1);
  }
  return XXH3_64bits(buf.data(), buf.size());
}

std::string SalaryRangesJson(const Salary& s) {
  std::string out;
  JsonWriter w(out);
  w.BeginArray();
  for (const auto& r : s.ranges) {
    w.BeginObject().Field("currency", r.currency).Field("period", SalaryPeriodName(r.period));
    w.Field("min", r.min).Field("max", r.max).EndObject();
  }
  w.EndArray();
  return out;
}

int64_t PostingSeenAt(const JobPosting& p, int64_t fallback) {
  if (p.observed_at) return *p.observed_at;
  if (p.posted_at) return *p.posted_at;
  if (IsMonthString(p.month)) {
    return DaysFromCivil(std::stoi(p.month.substr(0, 4)), static_cast<unsigned>(std::stoi(p.month.substr(5, 2))), 1) *
           86400;
  }
  return fallback;
}

std::string SkillRuleSummary(const Skill& s) {
  std::string r = "\"" + s.name + "\"";
  for (const auto& a : s.aliases) r += ", \"" + a + "\"";
  r += " as whole words";
  return r;
}

std::string SkillAliasesColumn(const Skill& s) {
  std::string aliases;
  for (const auto& a : s.aliases) aliases += (aliases.empty() ? "" : "\x1f") + a;
  return aliases;
}

}  // namespace skillpulse
