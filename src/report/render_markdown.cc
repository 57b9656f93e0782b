// GitHub-flavoured Markdown: a heading, the subtitle, one pipe table, the methodology list.
#include "report/render_internal.h"

namespace skillpulse::report_internal {
namespace {

std::string TableRow(const std::vector<std::string>& cells) {
  std::string l = "|";
  for (const std::string& c : cells) l += " " + MarkdownCell(c) + " |";
  return l + "\n";
}

std::string Methodology(const std::vector<Paragraph>& paragraphs) {
  std::string out = "\n### Methodology\n\n";
  for (const Paragraph& p : paragraphs) out += "- **" + MarkdownCell(p.title) + ".** " + MarkdownCell(p.text) + "\n";
  return out;
}

}  // namespace

std::string CompareMarkdown(const CompareReport& r) {
  std::string out = "## " + MarkdownCell(CompareTitle(r)) + "\n\n";
  for (const std::string& l : CompareSubtitle(r)) out += MarkdownCell(l) + "  \n";
  out += "\n";
  std::vector<std::string> header{""};
  std::string rule = "|---|";
  for (const SkillCompare& s : r.skills) {
    header.push_back(s.info.name);
    rule += "---:|";
  }
  out += TableRow(header) + rule + "\n";
  for (const Row& row : CompareRows(r)) {
    std::vector<std::string> cells;
    if (row.section) {
      cells.push_back("**" + row.label + "**");
      cells.resize(r.skills.size() + 1);
    } else {
      // Markdown collapses leading spaces: indent sub-rows with non-breaking spaces.
      std::string label = row.label;
      size_t spaces = label.find_first_not_of(' ');
      if (spaces != std::string::npos && spaces > 0) {
        std::string nbsp;
        for (size_t i = 0; i < spaces; ++i) nbsp += "\u00a0";
        label = nbsp + label.substr(spaces);
      }
      cells.push_back(label);
      cells.insert(cells.end(), row.cells.begin(), row.cells.end());
    }
    out += TableRow(cells);
  }
  out += Methodology(CompareMethodology(r));
  return out;
}

std::string TrendMarkdown(const TrendReport& r) {
  std::string out = "## " + MarkdownCell(TrendTitle(r)) + "\n\n";
  for (const std::string& l : TrendSubtitle(r)) out += MarkdownCell(l) + "  \n";
  out += "New and Active count unique jobs (all skills); each skill column: " + UnitNoun(r.unit) +
         " mentioning it (share of the month's total).\n\n";
  std::vector<std::string> header{"Month", "Total", "New", "Active"};
  std::string rule = "|---|---:|---:|---:|";
  for (const FactSkillInfo& s : r.skills) {
    header.push_back(s.name);
    rule += "---:|";
  }
  out += TableRow(header) + rule + "\n";
  for (const TrendMonth& m : r.months) {
    std::vector<std::string> cells{MonthText(m.month), m.total ? FormatCount(m.total) : "\u2013",
                                   FormatCount(m.new_jobs_total), FormatCount(m.active_jobs_total)};
    for (const TrendSkillMonth& s : m.skills) cells.push_back(m.total ? FormatCountShare(s.mentions) : "\u2013");
    out += TableRow(cells);
  }
  out += Methodology(TrendMethodology(r));
  return out;
}

}  // namespace skillpulse::report_internal
