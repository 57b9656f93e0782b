// Test helper: HN "Who is hiring?" postings from the team's shared data (read-only, never
// copied into the repo), as plain text (HtmlToText), by comment id.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/input.h"
#include "core/text.h"
#include "enrich/html_text.h"

namespace skillpulse::testdata {

inline std::string SharedFile(const char* rel) { return std::string(SP_SHARED_DIR) + "/data/" + rel; }
inline std::string HnFile() { return SharedFile("hn_whoishiring/hn_whoishiring_2018-03_2026-01.jsonl.zst"); }

// Decodes the JSON string starting at s[i] == '"'; i ends after the closing quote.
inline std::string JsonString(std::string_view s, size_t& i) {
  std::string out;
  ++i;
  while (i < s.size() && s[i] != '"') {
    char c = s[i++];
    if (c != '\\' || i >= s.size()) {
      out.push_back(c);
      continue;
    }
    char e = s[i++];
    switch (e) {
      case 'n': out.push_back('\n'); break;
      case 't': out.push_back('\t'); break;
      case 'r': out.push_back('\r'); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'u': {
        if (i + 4 > s.size()) return out;
        char32_t cp = static_cast<char32_t>(std::strtoul(std::string(s.substr(i, 4)).c_str(), nullptr, 16));
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 <= s.size() && s[i] == '\\' && s[i + 1] == 'u') {
          char32_t lo = static_cast<char32_t>(std::strtoul(std::string(s.substr(i + 2, 4)).c_str(), nullptr, 16));
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          i += 6;
        }
        AppendUtf8(out, cp);
        break;
      }
      default: out.push_back(e); break;
    }
  }
  ++i;
  return out;
}

struct HnPosting {
  int64_t id = 0;
  std::string month;
  std::string text;  // plain text
};

// Every posting of the shared HN file when `ids` is empty, else those ids. Postings with a null
// text are skipped.
inline std::vector<HnPosting> LoadHn(const std::unordered_set<int64_t>& ids = {}) {
  std::vector<HnPosting> out;
  auto in = InputStream::Open(HnFile());
  if (!in.ok()) return out;
  LineReader reader(std::move(*in));
  LineReader::Line line;
  while (true) {
    auto st = reader.Next(line);
    if (!st.ok() || *st == LineReader::State::kEof) break;
    if (*st != LineReader::State::kLine) continue;
    std::string_view l = line.text;
    size_t p = l.find("\"id\": ");
    if (p == std::string_view::npos) continue;
    int64_t id = std::strtoll(std::string(l.substr(p + 6, 20)).c_str(), nullptr, 10);
    if (!ids.empty() && !ids.count(id)) continue;
    size_t t = l.find("\"text\": \"");
    if (t == std::string_view::npos) continue;
    size_t i = t + 8;
    std::string html = JsonString(l, i);
    HnPosting post;
    post.id = id;
    size_t m = l.find("\"month\": \"");
    if (m != std::string_view::npos) post.month = std::string(l.substr(m + 10, 7));
    post.text = HtmlToText(html).text;
    out.push_back(std::move(post));
  }
  return out;
}

inline std::unordered_map<int64_t, std::string> LoadHnTexts(const std::unordered_set<int64_t>& ids) {
  std::unordered_map<int64_t, std::string> out;
  for (auto& p : LoadHn(ids)) out[p.id] = std::move(p.text);
  return out;
}

}  // namespace skillpulse::testdata
