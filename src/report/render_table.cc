// Terminal tables: aligned columns, at most kWidth columns wide (wider reports are split into
// blocks of skills, repeating the leading columns).
#include <algorithm>

#include "report/render_internal.h"

namespace skillpulse::report_internal {
namespace {

constexpr size_t kWidth = 100;

struct Column {
  std::string header;
  bool left = false;  // left-aligned (labels, months); numbers are right-aligned
  std::vector<std::string> cells;
  size_t width = 0;
};

std::string Pad(const std::string& s, size_t width, bool left) {
  const size_t w = DisplayWidth(s);
  if (w >= width) return s;
  return left ? s + std::string(width - w, ' ') : std::string(width - w, ' ') + s;
}

// `section[r]`: row r is a heading: only column 0 is printed. The first `fixed` columns repeat
// in every block.
std::string Grid(std::vector<Column> cols, size_t fixed, const std::vector<bool>& section) {
  for (Column& c : cols) {
    c.width = DisplayWidth(c.header);
    for (size_t r = 0; r < c.cells.size(); ++r) {
      if (r < section.size() && section[r]) continue;  // headings may overflow their column
      c.width = std::max(c.width, DisplayWidth(c.cells[r]));
    }
  }
  size_t fixed_width = 0;
  for (size_t c = 0; c < fixed; ++c) fixed_width += cols[c].width + (c ? 2 : 0);
  const size_t rows = cols.empty() ? 0 : cols[0].cells.size();

  std::string out;
  size_t next = fixed;
  do {
    // Columns [next, end) fit beside the fixed ones (at least one per block).
    size_t end = next, width = fixed_width;
    while (end < cols.size() && (end == next || width + 2 + cols[end].width <= kWidth)) {
      width += 2 + cols[end].width;
      ++end;
    }
    if (next > fixed) out += "\n";
    std::vector<size_t> shown;
    for (size_t c = 0; c < fixed; ++c) shown.push_back(c);
    for (size_t c = next; c < end; ++c) shown.push_back(c);
    auto line = [&](auto&& text_of) {
      std::string l;
      for (size_t k = 0; k < shown.size(); ++k) {
        const Column& col = cols[shown[k]];
        if (k) l += "  ";
        l += Pad(text_of(col), col.width, col.left);
      }
      while (!l.empty() && l.back() == ' ') l.pop_back();
      out += l + "\n";
    };
    line([](const Column& c) { return c.header; });
    out += std::string(width, '-') + "\n";
    for (size_t r = 0; r < rows; ++r) {
      if (r < section.size() && section[r]) {
        out += cols[0].cells[r] + "\n";
        continue;
      }
      line([r](const Column& c) { return c.cells[r]; });
    }
    next = end;
  } while (next < cols.size());
  return out;
}

void AppendMethodology(std::string& out, const std::vector<Paragraph>& paragraphs) {
  out += "\nMethodology\n";
  for (const Paragraph& p : paragraphs) out += WrapText(p.title + ". " + p.text, kWidth, "  ");
}

}  // namespace

std::string CompareTable(const CompareReport& r) {
  std::string out = WrapText(CompareTitle(r), kWidth);
  for (const std::string& l : CompareSubtitle(r)) out += WrapText(l, kWidth);
  out += "\n";
  const std::vector<Row> rows = CompareRows(r);
  std::vector<Column> cols(1 + r.skills.size());
  cols[0].left = true;
  for (size_t k = 0; k < r.skills.size(); ++k) cols[k + 1].header = r.skills[k].info.name;
  std::vector<bool> section;
  for (const Row& row : rows) {
    section.push_back(row.section);
    cols[0].cells.push_back(row.section ? row.label : "  " + row.label);
    for (size_t k = 0; k < r.skills.size(); ++k) cols[k + 1].cells.push_back(row.section ? "" : row.cells[k]);
  }
  out += Grid(std::move(cols), 1, section);
  AppendMethodology(out, CompareMethodology(r));
  return out;
}

std::string TrendTable(const TrendReport& r) {
  std::string out = WrapText(TrendTitle(r), kWidth);
  for (const std::string& l : TrendSubtitle(r)) out += WrapText(l, kWidth);
  out += "\n";
  std::vector<Column> cols(4 + r.skills.size());
  cols[0].header = "Month";
  cols[0].left = true;
  cols[1].header = "Total";
  cols[2].header = "New";
  cols[3].header = "Active";
  for (size_t k = 0; k < r.skills.size(); ++k) cols[4 + k].header = r.skills[k].name;
  const std::string none = "\u2013";
  for (const TrendMonth& m : r.months) {
    cols[0].cells.push_back(MonthText(m.month));
    cols[1].cells.push_back(m.total ? FormatCount(m.total) : none);
    cols[2].cells.push_back(FormatCount(m.new_jobs_total));
    cols[3].cells.push_back(FormatCount(m.active_jobs_total));
    for (size_t k = 0; k < r.skills.size(); ++k) {
      cols[4 + k].cells.push_back(m.total ? FormatCountShare(m.skills[k].mentions) : none);
    }
  }
  out += WrapText("New and Active count unique jobs (all skills); each skill column: " + UnitNoun(r.unit) +
                  " mentioning it (share of the month's total).",
                  kWidth) +
         "\n";
  out += Grid(std::move(cols), 4, {});
  AppendMethodology(out, TrendMethodology(r));
  return out;
}

}  // namespace skillpulse::report_internal
