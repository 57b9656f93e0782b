// Test helper for the skill tests: postings of the team's shared Hacker News file
// (../shared/data/hn_whoishiring/hn_whoishiring_2018-03_2026-01.jsonl.zst), read at run time
// and converted with HtmlToText, so tests can use real sentences without copying the data.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/input.h"
#include "core/text.h"
#include "enrich/html_text.h"

namespace skillpulse::skill_test {

inline std::string HnPath() {
  return std::string(SP_SHARED_DIR) + "/data/hn_whoishiring/hn_whoishiring_2018-03_2026-01.jsonl.zst";
}

// The value of a top-level string field `key` in a one-line JSON object, decoded (escapes,
// \u sequences incl. surrogate pairs); "" when absent or null. Enough for the HN JSONL rows.
inline std::string JsonStringField(std::string_view line, std::string_view key) {
  std::string needle = "\"" + std::string(key) + "\":";
  size_t at = line.find(needle);
  if (at == std::string_view::npos) return "";
  size_t i = at + needle.size();
  while (i < line.size() && line[i] == ' ') ++i;
  if (i >= line.size() || line[i] != '"') return "";
  ++i;
  std::string out;
  auto hex4 = [&](size_t p) -> uint32_t {
    if (p + 4 > line.size()) return 0xFFFD;
    return static_cast<uint32_t>(std::strtoul(std::string(line.substr(p, 4)).c_str(), nullptr, 16));
  };
  while (i < line.size() && line[i] != '"') {
    char c = line[i];
    if (c != '\\') {
      out.push_back(c);
      ++i;
      continue;
    }
    if (i + 1 >= line.size()) break;
    char e = line[i + 1];
    i += 2;
    switch (e) {
      case 'n': out.push_back('\n'); break;
      case 't': out.push_back('\t'); break;
      case 'r': out.push_back('\r'); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'u': {
        uint32_t cp = hex4(i);
        i += 4;
        if (cp >= 0xD800 && cp < 0xDC00 && i + 6 <= line.size() && line[i] == '\\' && line[i + 1] == 'u') {
          uint32_t lo = hex4(i + 2);
          if (lo >= 0xDC00 && lo < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            i += 6;
          }
        }
        AppendUtf8(out, static_cast<char32_t>(cp));
        break;
      }
      default: out.push_back(e); break;  // \" \\ \/
    }
  }
  return out;
}

// The number after a top-level `"key":` (0 when absent).
inline int64_t JsonIntField(std::string_view line, std::string_view key) {
  std::string needle = "\"" + std::string(key) + "\":";
  size_t at = line.find(needle);
  if (at == std::string_view::npos) return 0;
  size_t i = at + needle.size();
  while (i < line.size() && line[i] == ' ') ++i;
  return std::strtoll(std::string(line.substr(i, 24)).c_str(), nullptr, 10);
}

// Calls f(id, month, html) for every row of the HN file. Returns false if it cannot be read.
inline bool ForEachHnRow(const std::function<void(int64_t, const std::string&, const std::string&)>& f) {
  auto in = InputStream::Open(HnPath());
  if (!in.ok()) return false;
  LineReader lr(std::move(*in));
  LineReader::Line line;
  while (true) {
    auto st = lr.Next(line);
    if (!st.ok()) return false;
    if (*st == LineReader::State::kEof) break;
    if (*st != LineReader::State::kLine) continue;
    f(JsonIntField(line.text, "id"), JsonStringField(line.text, "month"), JsonStringField(line.text, "text"));
  }
  return true;
}

// The plain text (HtmlToText) of HN postings by comment id, loaded once for all tests.
class HnCorpus {
 public:
  static const HnCorpus& Get(const std::vector<int64_t>& ids) {
    static HnCorpus* corpus = [&] {
      auto* c = new HnCorpus();
      std::unordered_set<int64_t> want(ids.begin(), ids.end());
      c->ok_ = ForEachHnRow([&](int64_t id, const std::string&, const std::string& html) {
        if (want.count(id)) c->texts_[id] = HtmlToText(html).text;
      });
      return c;
    }();
    return *corpus;
  }
  bool ok() const { return ok_; }
  // "" when the id was not requested or not found.
  const std::string& Text(int64_t id) const {
    static const std::string kEmpty;
    auto it = texts_.find(id);
    return it == texts_.end() ? kEmpty : it->second;
  }

 private:
  bool ok_ = false;
  std::unordered_map<int64_t, std::string> texts_;
};

}  // namespace skillpulse::skill_test
