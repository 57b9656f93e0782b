#include <cmath>
#include <cstdio>

#include "core/text.h"
#include "report/render_internal.h"

namespace skillpulse::report_internal {
namespace {

constexpr std::string_view kDash = "\u2013";  // en dash, for ranges

std::string Fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  // "-0.0" -> "0.0": a rounded zero has no sign.
  if (s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
  return s;
}

std::string JoinAliases(const std::vector<std::string>& aliases) {
  std::string out;
  for (size_t i = 0; i < aliases.size(); ++i) {
    if (i) out += ", ";
    out += aliases[i];
  }
  return out;
}

std::string MentionsParagraph(const std::vector<FactSkillInfo>& skills) {
  std::string text;
  for (size_t i = 0; i < skills.size(); ++i) {
    const FactSkillInfo& s = skills[i];
    if (i) text += " ";
    text += s.name + " (" + s.slug + ", " + (s.kind.empty() ? "no kind" : s.kind) + "): ";
    text += s.rule_summary.empty() ? "matched by the skill taxonomy (no rule summary stored)" : s.rule_summary;
    if (!text.empty() && text.back() != '.') text += ".";
    text += s.aliases.empty() ? " No aliases." : " Aliases: " + JoinAliases(s.aliases) + ".";
  }
  return text;
}

std::string ExcludedText(int64_t without_month) {
  if (without_month == 0) return "No posting lacked a month.";
  return FormatCount(without_month) + (without_month == 1 ? " posting" : " postings") +
         " without a month (left out of every figure).";
}

std::string SalaryByLevelCell(const SkillCompare& s, Seniority level) {
  for (const SenioritySalary& l : s.salary_by_seniority) {
    if (l.level == level) return FormatUsd(l.salary.median_usd) + " (n=" + FormatCount(l.salary.n) + ")";
  }
  return std::string(kDash) + " (n=0)";
}

}  // namespace

std::string FormatPercent(double fraction, int decimals) {
  if (!std::isfinite(fraction)) return "n/a";
  return Fixed(fraction * 100, decimals) + "%";
}

std::string FormatSignedPercent(double fraction) {
  if (!std::isfinite(fraction)) return "n/a";
  std::string s = Fixed(fraction * 100, 1);
  if (s[0] != '-' && s != "0.0") s = "+" + s;
  return s + "%";
}

std::string FormatPoints(double fraction_diff) {
  if (!std::isfinite(fraction_diff)) return "n/a";
  std::string s = Fixed(fraction_diff * 100, 1);
  if (s[0] != '-' && s != "0.0") s = "+" + s;
  return s + " pp";
}

std::string FormatUsd(double usd) {
  if (!std::isfinite(usd)) return "n/a";
  return "$" + FormatCount(std::llround(usd));
}

std::string FormatShareWithCi(const Proportion& p) {
  const auto share = p.share();
  const auto ci = p.wilson95();
  if (!share || !ci) return "n/a";
  return FormatPercent(*share) + " (" + Fixed(ci->low * 100, 1) + std::string(kDash) + Fixed(ci->high * 100, 1) + "%)";
}

std::string FormatCountShare(const Proportion& p) {
  const auto share = p.share();
  if (!share) return FormatCount(p.count);
  return FormatCount(p.count) + " (" + FormatPercent(*share) + ")";
}

std::string FormatMedianCi(const SalarySummary& s) {
  if (s.n == 0) return "n/a";
  if (!s.ci.available) return "n/a (n < " + std::to_string(kMinMedianCiN) + ")";
  return FormatUsd(s.median_ci_low_usd) + std::string(kDash) + FormatUsd(s.median_ci_high_usd);
}

size_t DisplayWidth(std::string_view s) {
  size_t w = 0;
  for (unsigned char c : s) w += (c & 0xC0) != 0x80;
  return w;
}

std::string FormatMachineNumber(double v, int decimals, std::string_view null_text) {
  if (!std::isfinite(v)) return std::string(null_text);
  std::string s = Fixed(v, decimals);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

std::string MonthText(MonthIndex m) { return m == kNoMonth ? "" : FormatMonthIndex(m); }

std::string WindowText(MonthIndex since, MonthIndex until) {
  if (since == kNoMonth) return "no data";
  if (since == until) return FormatMonthIndex(since);
  return FormatMonthIndex(since) + ".." + FormatMonthIndex(until);
}

std::string UnitNoun(CountUnit u, bool capitalized) {
  if (u == CountUnit::kJobs) return capitalized ? "Jobs" : "jobs";
  return capitalized ? "Postings" : "postings";
}

std::string CompareTitle(const CompareReport& r) {
  std::string t;
  for (size_t i = 0; i < r.skills.size(); ++i) {
    if (i) t += " vs ";
    t += r.skills[i].info.name;
  }
  return t;
}

std::string TrendTitle(const TrendReport& r) {
  std::string t;
  for (size_t i = 0; i < r.skills.size(); ++i) {
    if (i) t += ", ";
    t += r.skills[i].name;
  }
  return t + ": monthly trend";
}

std::vector<std::string> CompareSubtitle(const CompareReport& r) {
  std::vector<std::string> lines;
  if (r.since == kNoMonth) {
    lines.push_back("No dated postings: every figure is empty.");
    return lines;
  }
  const int months = r.until - r.since + 1;
  lines.push_back("Window " + WindowText(r.since, r.until) + " (" + std::to_string(months) + " month" +
                  (months == 1 ? "" : "s") + ", " + std::to_string(r.months_with_data) + " with data): " +
                  FormatCount(r.total) + " " + UnitNoun(r.unit) + ".");
  lines.push_back("A year earlier " + WindowText(r.previous_since, r.previous_until) + " (" +
                  std::to_string(r.previous_months_with_data) + " months with data): " +
                  FormatCount(r.previous_total) + " " + UnitNoun(r.unit) + ".");
  lines.push_back(r.unit == CountUnit::kJobs
                      ? "Counting unit: unique jobs (postings sharing a job id count once)."
                      : "Counting unit: postings (every posting row counts, re-posts included).");
  return lines;
}

std::vector<std::string> TrendSubtitle(const TrendReport& r) {
  std::vector<std::string> lines;
  if (r.since == kNoMonth) {
    lines.push_back("No dated postings: every figure is empty.");
    return lines;
  }
  int with_data = 0;
  for (const TrendMonth& m : r.months) with_data += m.total > 0;
  lines.push_back("Window " + WindowText(r.since, r.until) + " by month (" + std::to_string(r.months.size()) +
                  " months, " + std::to_string(with_data) + " with data).");
  lines.push_back(r.unit == CountUnit::kJobs
                      ? "Counting unit: unique jobs per month (postings sharing a job id count once a month)."
                      : "Counting unit: postings (every posting row counts, re-posts included).");
  return lines;
}

std::vector<Row> CompareRows(const CompareReport& r) {
  std::vector<Row> rows;
  auto section = [&](std::string label) { rows.push_back(Row{std::move(label), {}, true}); };
  auto row = [&](std::string label, auto&& cell) {
    Row out{std::move(label), {}, false};
    for (const SkillCompare& s : r.skills) out.cells.push_back(cell(s));
    rows.push_back(std::move(out));
  };
  const std::string unit = UnitNoun(r.unit);
  const std::string Unit = UnitNoun(r.unit, true);

  section("Demand");
  row(Unit + " mentioning", [](const SkillCompare& s) { return FormatCount(s.mentions.count); });
  row("Share of " + FormatCount(r.total) + " " + unit, [](const SkillCompare& s) { return FormatShareWithCi(s.mentions); });
  row("A year earlier (of " + FormatCount(r.previous_total) + ")", [](const SkillCompare& s) {
    return s.previous.n == 0 ? std::string("n/a (no data)") : FormatCountShare(s.previous);
  });
  row("YoY growth in " + unit, [](const SkillCompare& s) { return FormatSignedPercent(s.count_growth); });
  row("YoY change in share", [](const SkillCompare& s) { return FormatPoints(s.share_change); });

  section("Salary, annual USD");
  row(Unit + " with a salary (n)", [](const SkillCompare& s) { return FormatCount(s.salary.n); });
  row("Median", [](const SkillCompare& s) { return FormatUsd(s.salary.median_usd); });
  row("Median, 95% CI", [](const SkillCompare& s) { return FormatMedianCi(s.salary); });
  row("p10" + std::string(kDash) + "p90", [](const SkillCompare& s) {
    return s.salary.n == 0 ? std::string("n/a") : FormatUsd(s.salary.p10_usd) + std::string(kDash) + FormatUsd(s.salary.p90_usd);
  });
  if (!r.include_estimated_salaries) {
    row("Board estimates left out", [](const SkillCompare& s) { return FormatCount(s.salary_estimates_excluded); });
  }
  // Levels any skill has, in the order of salary_by_seniority (intern..director, unknown).
  std::vector<Seniority> levels;
  for (int level = 1; level <= 10; ++level) {
    const Seniority l = static_cast<Seniority>(level % 10);
    for (const SkillCompare& s : r.skills) {
      bool has = false;
      for (const SenioritySalary& x : s.salary_by_seniority) has |= x.level == l;
      if (has) {
        levels.push_back(l);
        break;
      }
    }
  }
  if (!levels.empty()) {
    section("Median salary by seniority");
    for (Seniority l : levels) {
      row("  " + std::string(SeniorityName(l)), [l](const SkillCompare& s) { return SalaryByLevelCell(s, l); });
    }
  }

  section("Work mode, of " + unit + " mentioning");
  for (WorkMode m : {WorkMode::kRemote, WorkMode::kHybrid, WorkMode::kOnsite, WorkMode::kUnknown}) {
    row("  " + std::string(WorkModeName(m)), [m](const SkillCompare& s) {
      return FormatCountShare(Proportion{s.work_mode_counts[static_cast<size_t>(m)], s.mentions.count});
    });
  }
  row("Remote, of known mode", [](const SkillCompare& s) { return FormatShareWithCi(s.remote_of_known); });
  row("  n (mode known)", [](const SkillCompare& s) { return FormatCount(s.remote_of_known.n); });

  section("Experience and requirement");
  row("Asks " + FormatMachineNumber(r.experience_threshold_years, 2) + "+ years, of stated",
      [](const SkillCompare& s) { return FormatShareWithCi(s.experience_at_least); });
  row("  n (years stated)", [](const SkillCompare& s) { return FormatCount(s.experience_at_least.n); });
  row("Skill required, of stated", [](const SkillCompare& s) { return FormatShareWithCi(s.required); });
  row("  n (required/nice stated)", [](const SkillCompare& s) { return FormatCount(s.required.n); });

  size_t top = 0;
  for (const SkillCompare& s : r.skills) top = std::max(top, s.co_languages.size());
  if (top > 0) {
    section("Co-mentioned languages, of " + unit + " mentioning");
    for (size_t k = 0; k < top; ++k) {
      row("  #" + std::to_string(k + 1), [k](const SkillCompare& s) {
        if (k >= s.co_languages.size()) return std::string(kDash);
        const CoMention& c = s.co_languages[k];
        return c.name + " " + FormatCountShare(c.units);
      });
    }
  }

  section("New and active jobs (unique jobs)");
  row("New, of " + FormatCount(r.new_jobs_total) + " first seen", [](const SkillCompare& s) { return FormatCountShare(s.new_jobs); });
  row("Active, of " + FormatCount(r.active_jobs_total) + " open", [](const SkillCompare& s) { return FormatCountShare(s.active_jobs); });
  return rows;
}

std::vector<Paragraph> CompareMethodology(const CompareReport& r) {
  std::vector<Paragraph> out;
  std::vector<FactSkillInfo> infos;
  for (const SkillCompare& s : r.skills) infos.push_back(s.info);
  out.push_back({"Mentions", MentionsParagraph(infos)});
  if (r.unit == CountUnit::kJobs) {
    out.push_back({"Counting unit",
                   "Unique jobs (the default). A job is every posting sharing a job id; it counts once in a "
                   "window and is represented by its latest posting inside the window (ties: the larger "
                   "posting id): the skills, salary, seniority, work mode and experience are that posting's."});
  } else {
    out.push_back({"Counting unit",
                   "Postings: every posting row counts, so a job re-posted in several months counts once per "
                   "posting."});
  }
  if (r.since != kNoMonth) {
    std::string w = "Months " + WindowText(r.since, r.until) + " (" + std::to_string(r.months_with_data) +
                    " of " + std::to_string(r.until - r.since + 1) +
                    " with data). Year-over-year figures compare it with the same months a year earlier, " +
                    WindowText(r.previous_since, r.previous_until) + " (" +
                    std::to_string(r.previous_months_with_data) +
                    " with data); growth is n/a when the earlier window has no mention.";
    if (r.months_with_data != r.previous_months_with_data) {
      w += " The two windows have data for different numbers of months, so growth in counts is biased; "
           "the change in share is the fairer comparison.";
    }
    out.push_back({"Window", w});
  } else {
    out.push_back({"Window", "The table has no dated postings."});
  }
  std::string salary =
      "Annual USD as stored: converted from the posted currency with the FX table of " +
      (r.fx_table_date.empty() ? std::string("an unstated date") : r.fx_table_date) +
      ", and from the posted period with hour x2080, day x260, week x52, month x12. A posting's salary is "
      "the midpoint of its minimum and maximum, or the one bound it gives. ";
  if (r.include_estimated_salaries) {
    salary += "Board-estimated salaries (e.g. Glassdoor estimates) are included. ";
  } else {
    salary += "Board-estimated salaries (e.g. Glassdoor estimates) are left out: " +
              FormatCount(r.salary_estimates_excluded) + " of the " + UnitNoun(r.unit) +
              " mentioning these skills had only such a salary. ";
  }
  salary += "p10, median and p90 interpolate linearly between order statistics (Hyndman & Fan type 7). The "
            "median's 95% CI is distribution-free, from binomial order statistics (Conover 1999); it needs "
            "at least 6 salaries.";
  out.push_back({"Salaries", salary});
  out.push_back({"Shares",
                 "Every share has a 95% Wilson score interval and its n. The remote share counts only " +
                     UnitNoun(r.unit) + " whose work mode is known; the experience share only " + UnitNoun(r.unit) +
                     " that state a number of years; the required share only " + UnitNoun(r.unit) +
                     " that mark the skill required or nice-to-have. Co-mentioned languages are other skills "
                     "of kind \"language\" in the same " + UnitNoun(r.unit) + "."});
  out.push_back({"New and active",
                 "Counted in unique jobs whatever the unit (Lightcast's terms): a job is new in the month it "
                 "was first seen (its earliest posting month or first-seen time) and active in every month "
                 "from then until it was closed or last seen; its skills are those of its latest posting up "
                 "to the window's last month."});
  out.push_back({"Excluded", ExcludedText(r.postings_without_month)});
  return out;
}

std::vector<Paragraph> TrendMethodology(const TrendReport& r) {
  std::vector<Paragraph> out;
  out.push_back({"Mentions", MentionsParagraph(r.skills)});
  if (r.unit == CountUnit::kJobs) {
    out.push_back({"Counting unit",
                   "Unique jobs (the default). A job is every posting sharing a job id; it counts once in each "
                   "month it has a posting in, represented by its latest posting of that month (ties: the "
                   "larger posting id)."});
  } else {
    out.push_back({"Counting unit",
                   "Postings: every posting row counts, so a job re-posted within a month counts once per "
                   "posting."});
  }
  out.push_back({"Shares",
                 "A month's share is the skill's count over all " + UnitNoun(r.unit) +
                     " of that month, with a 95% Wilson score interval. Months without data have no share "
                     "(not 0)."});
  out.push_back({"New and active",
                 "Counted in unique jobs whatever the unit (Lightcast's terms): a job is new in the month it "
                 "was first seen (its earliest posting month or first-seen time) and active in every month "
                 "from then until it was closed or last seen; its skills in a month are those of its latest "
                 "posting up to that month."});
  out.push_back({"Excluded", ExcludedText(r.postings_without_month)});
  return out;
}

std::string WrapText(std::string_view text, size_t width, std::string_view indent) {
  std::string out, line;
  size_t start = 0;
  auto flush = [&] {
    out += std::string(indent) + line + "\n";
    line.clear();
  };
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view word = text.substr(start, end - start);
    start = end + 1;
    if (word.empty()) continue;
    if (!line.empty() && DisplayWidth(indent) + DisplayWidth(line) + 1 + DisplayWidth(word) > width) flush();
    if (!line.empty()) line += ' ';
    line += word;
  }
  if (!line.empty()) flush();
  return out;
}

std::string JsonEscape(std::string_view raw) {
  // Names and rule summaries come from stored data: never let a bad byte make invalid JSON.
  const std::string valid = IsValidUtf8(raw) ? std::string(raw) : MakeValidUtf8(raw);
  std::string out = "\"";
  for (unsigned char c : valid) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string CsvField(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string HtmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string MarkdownCell(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n' || c == '\r') out += ' ';
    else out += c;
  }
  return out;
}

}  // namespace skillpulse::report_internal
