// Text vs structured salary on the shared Ashby job boards (ats_ashby, 449 companies, 9,396
// postings, 2025-10-28): for every posting whose compensation.summaryComponents has a
// "Salary" component, extract from descriptionPlain and compare (currency, period, min, max)
// with the component (MakeStructuredSalary).
//
// Two populations are reported:
//  - all postings with a structured salary: most descriptions do not repeat the pay (Ashby
//    shows it beside the text), so coverage here measures how often the text states it;
//  - postings whose text states both structured bounds (the numbers appear, written as
//    170,000 / 170000 / 170K / 170k / 170.000): here the extractor must find them. The rest
//    of the disagreements are postings where the structured Salary is OTE or a different
//    band than the text's base (the contract takes base pay), per-location ranges folded
//    into one span, or data-entry slips in the structured field.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "core/input.h"
#include "enrich/salary.h"

namespace skillpulse {
namespace {

struct Case {
  std::string id;
  std::string text;
  Salary truth;
};

// ustar archive members: (name, bytes).
std::vector<std::pair<std::string, std::string_view>> TarMembers(std::string_view tar) {
  std::vector<std::pair<std::string, std::string_view>> out;
  size_t pos = 0;
  while (pos + 512 <= tar.size()) {
    std::string_view h = tar.substr(pos, 512);
    if (h[0] == '\0') break;
    std::string name(h.substr(0, 100).data(), strnlen(h.data(), 100));
    size_t size = std::strtoull(std::string(h.substr(124, 12)).c_str(), nullptr, 8);
    char type = h[156];
    pos += 512;
    if (pos + size > tar.size()) break;
    if (type == '0' || type == '\0') out.emplace_back(name, tar.substr(pos, size));
    pos += (size + 511) / 512 * 512;
  }
  return out;
}

std::vector<Case> LoadAshbyCases() {
  std::vector<Case> cases;
  const std::string path = std::string(SP_SHARED_DIR) + "/data/ats_ashby/ashby_posting_api_2025-10-28.tar.zst";
  Result<std::string> tar = ReadWholeFile(path);
  if (!tar.ok()) return cases;
  simdjson::ondemand::parser parser;
  for (const auto& [name, bytes] : TarMembers(*tar)) {
    if (name.size() < 5 || name.substr(name.size() - 5) != ".json") continue;
    simdjson::padded_string json(bytes);
    simdjson::ondemand::document doc;
    if (parser.iterate(json).get(doc)) continue;
    simdjson::ondemand::array jobs;
    if (doc["jobs"].get_array().get(jobs)) continue;
    for (auto job_result : jobs) {
      simdjson::ondemand::object job;
      if (job_result.get_object().get(job)) continue;
      std::string id, text;
      std::optional<Salary> truth;
      for (auto field : job) {
        std::string_view key;
        if (field.unescaped_key().get(key)) continue;
        if (key == "id") {
          std::string_view v;
          if (!field.value().get_string().get(v)) id = std::string(v);
        } else if (key == "descriptionPlain") {
          std::string_view v;
          if (!field.value().get_string().get(v)) text = std::string(v);
        } else if (key == "compensation") {
          simdjson::ondemand::object comp;
          if (field.value().get_object().get(comp)) continue;
          simdjson::ondemand::array components;
          if (comp["summaryComponents"].get_array().get(components)) continue;
          for (auto c : components) {
            std::string_view type, interval, currency;
            if (c["compensationType"].get_string().get(type) || type != "Salary" || truth) continue;
            if (c["interval"].get_string().get(interval)) continue;
            if (c["currencyCode"].get_string().get(currency)) currency = "";
            std::optional<double> min, max;
            double v;
            if (!c["minValue"].get_double().get(v)) min = v;
            if (!c["maxValue"].get_double().get(v)) max = v;
            std::optional<SalaryPeriod> period = ParseSalaryInterval(interval);
            if (period) truth = MakeStructuredSalary(currency, *period, min, max);
          }
        }
      }
      if (truth) cases.push_back(Case{name + "/" + id, std::move(text), std::move(*truth)});
    }
  }
  return cases;
}

// True when `value` is written in `text` as 170,000 / 170000 / 170.000 / 170K / 170k /
// 24.04 / 17.00, not as part of a longer number.
bool TextStates(std::string_view text, std::optional<double> value) {
  if (!value) return true;
  std::vector<std::string> forms;
  char buf[64];
  const double v = *value;
  if (v == std::floor(v)) {
    const long long i = static_cast<long long>(v);
    std::snprintf(buf, sizeof(buf), "%lld", i);
    std::string plain = buf;
    forms.push_back(plain);
    std::string grouped;
    for (size_t k = 0; k < plain.size(); ++k) {
      if (k > 0 && (plain.size() - k) % 3 == 0) grouped.push_back(',');
      grouped.push_back(plain[k]);
    }
    forms.push_back(grouped);
    std::string dotted = grouped;
    for (char& c : dotted) c = c == ',' ? '.' : c;
    forms.push_back(dotted);
    forms.push_back(plain + ".00");
    if (i % 1000 == 0) {
      forms.push_back(std::to_string(i / 1000) + "k");
      forms.push_back(std::to_string(i / 1000) + "K");
    } else if (i % 100 == 0) {
      std::snprintf(buf, sizeof(buf), "%g", static_cast<double>(i) / 1000);
      forms.push_back(std::string(buf) + "k");
      forms.push_back(std::string(buf) + "K");
    }
  } else {
    std::snprintf(buf, sizeof(buf), "%.2f", v);
    forms.push_back(buf);
  }
  for (const std::string& f : forms) {
    for (size_t p = text.find(f); p != std::string_view::npos; p = text.find(f, p + 1)) {
      const size_t e = p + f.size();
      const bool left_ok = p == 0 || !(std::isdigit(static_cast<unsigned char>(text[p - 1])) || text[p - 1] == ',' ||
                                       text[p - 1] == '.');
      const bool right_ok = e >= text.size() || !(std::isdigit(static_cast<unsigned char>(text[e])) ||
                                                  ((text[e] == ',' || text[e] == '.') && e + 1 < text.size() &&
                                                   std::isdigit(static_cast<unsigned char>(text[e + 1]))));
      if (left_ok && right_ok) return true;
    }
  }
  return false;
}

bool SameSalary(const Salary& a, const Salary& b) {
  return a.currency == b.currency && a.period == b.period && a.min == b.min && a.max == b.max;
}

TEST(SalaryAshby, TextAgreesWithStructuredCompensation) {
  std::vector<Case> cases = LoadAshbyCases();
  if (cases.empty()) GTEST_SKIP() << "shared Ashby data not found under " << SP_SHARED_DIR;
  size_t n = 0, extracted = 0, exact = 0;
  size_t stated = 0, stated_extracted = 0, stated_exact = 0;
  std::vector<std::string> stated_misses;
  for (const Case& c : cases) {
    ++n;
    const bool states = (c.truth.min || c.truth.max) && TextStates(c.text, c.truth.min) && TextStates(c.text, c.truth.max);
    stated += states;
    std::optional<Salary> got = ExtractSalaryFromText(c.text, SalaryContext{});
    if (!got) continue;
    ++extracted;
    stated_extracted += states;
    const bool same = SameSalary(*got, c.truth);
    exact += same;
    stated_exact += states && same;
    if (states && !same && stated_misses.size() < 40) stated_misses.push_back(c.id);
  }
  auto pct = [](size_t a, size_t b) { return b == 0 ? 0.0 : 100.0 * static_cast<double>(a) / static_cast<double>(b); };
  std::printf("Ashby postings with a structured Salary: %zu\n", n);
  std::printf("  text extraction found a salary: %zu (coverage %.1f%%)\n", extracted, pct(extracted, n));
  std::printf("  exact (currency, period, min, max): %zu = %.1f%% of found, %.1f%% of all\n", exact, pct(exact, extracted),
              pct(exact, n));
  std::printf("Postings whose text states both structured bounds: %zu\n", stated);
  std::printf("  found: %zu (coverage %.1f%%), exact: %zu = %.1f%% of found, %.1f%% of stated\n", stated_extracted,
              pct(stated_extracted, stated), stated_exact, pct(stated_exact, stated_extracted), pct(stated_exact, stated));
  std::printf("  disagreements (first 40):");
  for (const std::string& id : stated_misses) std::printf(" %s", id.c_str());
  std::printf("\n");

  ASSERT_GT(n, 3000u) << "the snapshot has 3,438 postings with a Salary component";
  // Floors, a little under the measured figures (2026-01: stated coverage 98.9%, exact
  // 96.1% of found; all: 82% of found). Reading the disagreements: almost all are structured
  // OTE/total pay vs the text's base, or a structured band that differs from the text's.
  EXPECT_GE(pct(stated_extracted, stated), 97.0);
  EXPECT_GE(pct(stated_exact, stated_extracted), 94.0);
  EXPECT_GE(pct(exact, extracted), 78.0);
}

}  // namespace
}  // namespace skillpulse
