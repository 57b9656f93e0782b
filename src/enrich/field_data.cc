#include "enrich/field_data.h"

#include <stdexcept>
#include <string>

namespace skillpulse::fields {
namespace {

struct EmbeddedFile {
  std::string_view name;
  std::string_view text;
};

constexpr EmbeddedFile kFiles[] = {
#include "fields_data.inc"
};

}  // namespace

std::string_view DataText(std::string_view name) {
  for (const auto& f : kFiles) {
    if (f.name == name) return f.text;
  }
  throw std::logic_error("data file not embedded: " + std::string(name));
}

std::vector<std::vector<std::string_view>> TsvRows(std::string_view text) {
  std::vector<std::vector<std::string_view>> rows;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string_view> cols;
    size_t c = 0;
    while (true) {
      size_t tab = line.find('\t', c);
      if (tab == std::string_view::npos) {
        cols.push_back(line.substr(c));
        break;
      }
      cols.push_back(line.substr(c, tab - c));
      c = tab + 1;
    }
    bool blank = true;
    for (auto col : cols) blank = blank && col.find_first_not_of(' ') == std::string_view::npos;
    if (!blank) rows.push_back(std::move(cols));
  }
  return rows;
}

}  // namespace skillpulse::fields
