// A self-contained HTML page: inline CSS, tables, charts as inline SVG drawn here. No script,
// no external resource: it works offline and from a file:// URL.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "report/render_internal.h"

namespace skillpulse::report_internal {
namespace {

// Okabe & Ito's colour-blind-safe palette (https://jfly.uni-koeln.de/color/), black last.
constexpr const char* kPalette[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                    "#E69F00", "#56B4E9", "#F0E442", "#000000"};
const char* Colour(size_t i) { return kPalette[i % (sizeof kPalette / sizeof kPalette[0])]; }

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// A "nice" tick step (1, 2 or 5 x 10^k) giving about `ticks` steps up to `max`.
double NiceStep(double max, int ticks) {
  if (!(max > 0)) return 1;
  const double raw = max / ticks;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * mag >= raw) return m * mag;
  }
  return 10 * mag;
}

std::string PageStart(const std::string& title) {
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + HtmlEscape(title) +
         "</title>\n<style>\n"
         "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2em auto;max-width:60em;"
         "padding:0 1em;color:#222;line-height:1.45}\n"
         "table{border-collapse:collapse;margin:1em 0;font-variant-numeric:tabular-nums}\n"
         "th,td{padding:.25em .7em;border-bottom:1px solid #ddd;text-align:right;white-space:nowrap}\n"
         "th:first-child,td:first-child{text-align:left}\n"
         "tr.section th{text-align:left;background:#f3f3f3;padding-top:.6em}\n"
         "td.sub{padding-left:1.8em}\n"
         ".note{color:#555;font-size:.92em}\n"
         "svg{display:block;margin:1em 0;max-width:100%;height:auto}\n"
         "svg text{font-family:inherit;font-size:12px;fill:#222}\n"
         "</style>\n</head>\n<body>\n<h1>" +
         HtmlEscape(title) + "</h1>\n";
}

std::string Subtitle(const std::vector<std::string>& lines) {
  std::string out = "<p class=\"note\">";
  for (size_t i = 0; i < lines.size(); ++i) out += (i ? "<br>\n" : "") + HtmlEscape(lines[i]);
  return out + "</p>\n";
}

std::string Methodology(const std::vector<Paragraph>& paragraphs) {
  std::string out = "<h2>Methodology</h2>\n";
  for (const Paragraph& p : paragraphs) {
    out += "<p><strong>" + HtmlEscape(p.title) + ".</strong> " + HtmlEscape(p.text) + "</p>\n";
  }
  return out + "</body>\n</html>\n";
}

// Horizontal bars: each skill's share of all units with its Wilson interval as a whisker.
std::string ShareBars(const CompareReport& r) {
  const double row_h = 30, left = 150, plot_w = 400, top = 24;
  const double height = top + row_h * static_cast<double>(r.skills.size()) + 30;
  double max_share = 0;
  for (const SkillCompare& s : r.skills) {
    if (auto ci = s.mentions.wilson95()) max_share = std::max(max_share, ci->high);
  }
  const double step = NiceStep(max_share * 100, 4);
  const double axis_max = std::max(step, std::ceil(max_share * 100 / step) * step);  // percent
  auto x = [&](double fraction) { return left + fraction * 100 / axis_max * plot_w; };
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 760 " + Num(height) +
                    "\" width=\"760\" height=\"" + Num(height) + "\" role=\"img\" aria-label=\"Share of all " +
                    UnitNoun(r.unit) + " per skill\">\n";
  svg += "<text x=\"0\" y=\"14\" font-weight=\"bold\">Share of all " + UnitNoun(r.unit) +
         " mentioning each skill (95% CI)</text>\n";
  const double axis_y = top + row_h * static_cast<double>(r.skills.size());
  for (double t = 0; t <= axis_max + 1e-9; t += step) {
    const double tx = x(t / 100);
    svg += "<line x1=\"" + Num(tx) + "\" y1=\"" + Num(top) + "\" x2=\"" + Num(tx) + "\" y2=\"" + Num(axis_y) +
           "\" stroke=\"#e5e5e5\"/>\n";
    svg += "<text x=\"" + Num(tx) + "\" y=\"" + Num(axis_y + 16) + "\" text-anchor=\"middle\">" +
           FormatMachineNumber(t, 2) + "%</text>\n";
  }
  for (size_t k = 0; k < r.skills.size(); ++k) {
    const SkillCompare& s = r.skills[k];
    const double y = top + row_h * static_cast<double>(k);
    svg += "<text x=\"" + Num(left - 8) + "\" y=\"" + Num(y + 19) + "\" text-anchor=\"end\">" +
           HtmlEscape(s.info.name) + "</text>\n";
    const auto share = s.mentions.share();
    const auto ci = s.mentions.wilson95();
    if (!share || !ci) {
      svg += "<text x=\"" + Num(left + 4) + "\" y=\"" + Num(y + 19) + "\">no data</text>\n";
      continue;
    }
    svg += "<rect x=\"" + Num(left) + "\" y=\"" + Num(y + 6) + "\" width=\"" + Num(x(*share) - left) +
           "\" height=\"18\" fill=\"" + Colour(k) + "\"><title>" + HtmlEscape(s.info.name) + ": " +
           HtmlEscape(FormatShareWithCi(s.mentions)) + ", " + FormatCount(s.mentions.count) + " of " +
           FormatCount(s.mentions.n) + "</title></rect>\n";
    svg += "<line x1=\"" + Num(x(ci->low)) + "\" y1=\"" + Num(y + 15) + "\" x2=\"" + Num(x(ci->high)) + "\" y2=\"" +
           Num(y + 15) + "\" stroke=\"#222\" stroke-width=\"1.5\"/>\n";
    svg += "<text x=\"" + Num(left + plot_w + 12) + "\" y=\"" + Num(y + 19) + "\">" +
           FormatCount(s.mentions.count) + " " + UnitNoun(r.unit) + " (" + FormatPercent(*share) + ")</text>\n";
  }
  return svg + "</svg>\n";
}

// Per skill: p10-p90 as a line, the median's 95% CI as a band, the median as a dot.
std::string SalaryRanges(const CompareReport& r) {
  const double row_h = 30, left = 150, plot_w = 400, top = 24;
  const double height = top + row_h * static_cast<double>(r.skills.size()) + 30;
  double lo = INFINITY, hi = -INFINITY;
  for (const SkillCompare& s : r.skills) {
    if (s.salary.n == 0) continue;
    lo = std::min(lo, s.salary.p10_usd);
    hi = std::max(hi, s.salary.p90_usd);
  }
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 760 " + Num(height) +
                    "\" width=\"760\" height=\"" + Num(height) +
                    "\" role=\"img\" aria-label=\"Salary p10, median and p90 per skill\">\n";
  svg += "<text x=\"0\" y=\"14\" font-weight=\"bold\">Annual salary, USD: p10 \u2013 median \u2013 p90 "
         "(band: the median's 95% CI)</text>\n";
  if (!std::isfinite(lo)) {
    svg += "<text x=\"" + Num(left) + "\" y=\"" + Num(top + 19) + "\">no salary data</text>\n";
    return svg + "</svg>\n";
  }
  const double step = NiceStep(std::max(hi - lo, 1.0), 5);
  const double axis_lo = std::floor(lo / step) * step;
  const double axis_hi = std::max(axis_lo + step, std::ceil(hi / step) * step);
  auto x = [&](double usd) { return left + (usd - axis_lo) / (axis_hi - axis_lo) * plot_w; };
  const double axis_y = top + row_h * static_cast<double>(r.skills.size());
  for (double t = axis_lo; t <= axis_hi + step / 2; t += step) {
    svg += "<line x1=\"" + Num(x(t)) + "\" y1=\"" + Num(top) + "\" x2=\"" + Num(x(t)) + "\" y2=\"" + Num(axis_y) +
           "\" stroke=\"#e5e5e5\"/>\n";
    svg += "<text x=\"" + Num(x(t)) + "\" y=\"" + Num(axis_y + 16) + "\" text-anchor=\"middle\">$" +
           FormatCount(std::llround(t / 1000)) + "k</text>\n";
  }
  for (size_t k = 0; k < r.skills.size(); ++k) {
    const SkillCompare& s = r.skills[k];
    const double y = top + row_h * static_cast<double>(k) + 15;
    svg += "<text x=\"" + Num(left - 8) + "\" y=\"" + Num(y + 4) + "\" text-anchor=\"end\">" +
           HtmlEscape(s.info.name) + "</text>\n";
    if (s.salary.n == 0) {
      svg += "<text x=\"" + Num(left + 4) + "\" y=\"" + Num(y + 4) + "\">no salaries</text>\n";
      continue;
    }
    svg += "<line x1=\"" + Num(x(s.salary.p10_usd)) + "\" y1=\"" + Num(y) + "\" x2=\"" + Num(x(s.salary.p90_usd)) +
           "\" y2=\"" + Num(y) + "\" stroke=\"" + Colour(k) + "\" stroke-width=\"2\"/>\n";
    if (s.salary.ci.available) {
      svg += "<rect x=\"" + Num(x(s.salary.median_ci_low_usd)) + "\" y=\"" + Num(y - 7) + "\" width=\"" +
             Num(std::max(1.0, x(s.salary.median_ci_high_usd) - x(s.salary.median_ci_low_usd))) +
             "\" height=\"14\" fill=\"" + Colour(k) + "\" fill-opacity=\"0.3\"/>\n";
    }
    svg += "<circle cx=\"" + Num(x(s.salary.median_usd)) + "\" cy=\"" + Num(y) + "\" r=\"5\" fill=\"" + Colour(k) +
           "\"><title>" + HtmlEscape(s.info.name) + ": median " + FormatUsd(s.salary.median_usd) + ", p10 " +
           FormatUsd(s.salary.p10_usd) + ", p90 " + FormatUsd(s.salary.p90_usd) + ", n=" + FormatCount(s.salary.n) +
           "</title></circle>\n";
    svg += "<text x=\"" + Num(left + plot_w + 12) + "\" y=\"" + Num(y + 4) + "\">" + FormatUsd(s.salary.median_usd) +
           " (n=" + FormatCount(s.salary.n) + ")</text>\n";
  }
  return svg + "</svg>\n";
}

// Monthly share per skill; months without data break the line.
std::string ShareLines(const TrendReport& r) {
  const double width = 760, height = 340, left = 56, right = 32, top = 50, bottom = 44;
  const double plot_w = width - left - right, plot_h = height - top - bottom;
  const size_t n = r.months.size();
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 760 340\" width=\"760\" "
                    "height=\"340\" role=\"img\" aria-label=\"Monthly share per skill\">\n";
  svg += "<text x=\"0\" y=\"14\" font-weight=\"bold\">Share of the month's " + UnitNoun(r.unit) +
         " mentioning each skill</text>\n";
  // Legend.
  double lx = left;
  for (size_t k = 0; k < r.skills.size(); ++k) {
    svg += "<rect x=\"" + Num(lx) + "\" y=\"28\" width=\"12\" height=\"4\" fill=\"" + Colour(k) + "\"/>\n";
    svg += "<text x=\"" + Num(lx + 16) + "\" y=\"34\">" + HtmlEscape(r.skills[k].name) + "</text>\n";
    lx += 30 + 7.0 * static_cast<double>(DisplayWidth(r.skills[k].name));
  }
  if (n == 0) return svg + "<text x=\"" + Num(left) + "\" y=\"" + Num(top + 20) + "\">no data</text>\n</svg>\n";
  double max_share = 0;
  for (const TrendMonth& m : r.months) {
    for (const TrendSkillMonth& s : m.skills) max_share = std::max(max_share, s.mentions.share().value_or(0));
  }
  const double step = NiceStep(std::max(max_share * 100, 1.0), 5);
  const double axis_max = std::max(step, std::ceil(max_share * 100 / step) * step);
  auto x = [&](size_t i) { return left + (n == 1 ? plot_w / 2 : plot_w * static_cast<double>(i) / static_cast<double>(n - 1)); };
  auto y = [&](double fraction) { return top + plot_h - fraction * 100 / axis_max * plot_h; };
  for (double t = 0; t <= axis_max + 1e-9; t += step) {
    svg += "<line x1=\"" + Num(left) + "\" y1=\"" + Num(y(t / 100)) + "\" x2=\"" + Num(left + plot_w) + "\" y2=\"" +
           Num(y(t / 100)) + "\" stroke=\"#e5e5e5\"/>\n";
    svg += "<text x=\"" + Num(left - 6) + "\" y=\"" + Num(y(t / 100) + 4) + "\" text-anchor=\"end\">" +
           FormatMachineNumber(t, 2) + "%</text>\n";
  }
  // At most ~12 month labels: every 1, 2, 3, 6, 12, 24... months, aligned to January when >= 12.
  size_t label_step = 1;
  for (size_t s : {1, 2, 3, 6, 12, 24, 60, 120}) {
    label_step = s;
    if (n / s <= 12) break;
  }
  for (size_t i = 0; i < n; ++i) {
    const MonthIndex m = r.months[i].month;
    if (static_cast<size_t>(m) % label_step != 0) continue;
    svg += "<line x1=\"" + Num(x(i)) + "\" y1=\"" + Num(top + plot_h) + "\" x2=\"" + Num(x(i)) + "\" y2=\"" +
           Num(top + plot_h + 4) + "\" stroke=\"#888\"/>\n";
    svg += "<text x=\"" + Num(x(i)) + "\" y=\"" + Num(top + plot_h + 18) + "\" text-anchor=\"middle\">" +
           MonthText(m) + "</text>\n";
  }
  svg += "<line x1=\"" + Num(left) + "\" y1=\"" + Num(top + plot_h) + "\" x2=\"" + Num(left + plot_w) + "\" y2=\"" +
         Num(top + plot_h) + "\" stroke=\"#888\"/>\n";
  for (size_t k = 0; k < r.skills.size(); ++k) {
    std::string points;
    size_t run = 0;
    auto flush = [&] {
      if (run == 1) {  // a lone month: a dot, since a one-point polyline is invisible
        const size_t sp = points.find(',');
        svg += "<circle cx=\"" + points.substr(0, sp) + "\" cy=\"" + points.substr(sp + 1, points.size() - sp - 2) +
               "\" r=\"2.5\" fill=\"" + Colour(k) + "\"/>\n";
      } else if (run > 1) {
        svg += "<polyline fill=\"none\" stroke=\"" + std::string(Colour(k)) + "\" stroke-width=\"2\" points=\"" +
               points + "\"/>\n";
      }
      points.clear();
      run = 0;
    };
    for (size_t i = 0; i < n; ++i) {
      const auto share = r.months[i].skills[k].mentions.share();
      if (!share) {
        flush();
        continue;
      }
      points += Num(x(i)) + "," + Num(y(*share)) + " ";
      ++run;
    }
    flush();
    // Hover targets with the exact figures.
    for (size_t i = 0; i < n; ++i) {
      const Proportion& p = r.months[i].skills[k].mentions;
      if (!p.share()) continue;
      svg += "<circle cx=\"" + Num(x(i)) + "\" cy=\"" + Num(y(*p.share())) +
             "\" r=\"4\" fill=\"transparent\"><title>" + HtmlEscape(r.skills[k].name) + " " +
             MonthText(r.months[i].month) + ": " + HtmlEscape(FormatShareWithCi(p)) + ", " + FormatCount(p.count) +
             " of " + FormatCount(p.n) + "</title></circle>\n";
    }
  }
  return svg + "</svg>\n";
}

}  // namespace

std::string CompareHtml(const CompareReport& r) {
  std::string out = PageStart(CompareTitle(r));
  out += Subtitle(CompareSubtitle(r));
  out += ShareBars(r);
  out += SalaryRanges(r);
  out += "<table>\n<thead><tr><th></th>";
  for (const SkillCompare& s : r.skills) out += "<th>" + HtmlEscape(s.info.name) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (const Row& row : CompareRows(r)) {
    if (row.section) {
      out += "<tr class=\"section\"><th colspan=\"" + std::to_string(r.skills.size() + 1) + "\">" +
             HtmlEscape(row.label) + "</th></tr>\n";
      continue;
    }
    const bool sub = row.label.rfind("  ", 0) == 0;
    out += std::string("<tr><td") + (sub ? " class=\"sub\"" : "") + ">" +
           HtmlEscape(sub ? row.label.substr(2) : row.label) + "</td>";
    for (const std::string& c : row.cells) out += "<td>" + HtmlEscape(c) + "</td>";
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n";
  out += Methodology(CompareMethodology(r));
  return out;
}

std::string TrendHtml(const TrendReport& r) {
  std::string out = PageStart(TrendTitle(r));
  out += Subtitle(TrendSubtitle(r));
  out += ShareLines(r);
  out += "<p class=\"note\">New and Active count unique jobs (all skills); each skill column: " + UnitNoun(r.unit) +
         " mentioning it (share of the month's total).</p>\n";
  out += "<table>\n<thead><tr><th>Month</th><th>Total</th><th>New</th><th>Active</th>";
  for (const FactSkillInfo& s : r.skills) out += "<th>" + HtmlEscape(s.name) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (const TrendMonth& m : r.months) {
    out += "<tr><td>" + MonthText(m.month) + "</td><td>" + (m.total ? FormatCount(m.total) : "\u2013") +
           "</td><td>" + FormatCount(m.new_jobs_total) + "</td><td>" + FormatCount(m.active_jobs_total) + "</td>";
    for (const TrendSkillMonth& s : m.skills) {
      out += "<td>" + (m.total ? FormatCountShare(s.mentions) : std::string("\u2013")) + "</td>";
    }
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n";
  out += Methodology(TrendMethodology(r));
  return out;
}

}  // namespace skillpulse::report_internal
