#include "dedup/normalize.h"

#include <immintrin.h>
#include <utf8proc.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <atomic>
#include <fstream>
#include <functional>
#include <mutex>
#include <stdexcept>

#include "core/paths.h"
#include "core/text.h"

namespace skillpulse {
namespace {

// Reads a text file as lines; '#' starts a comment line. Calls fn(line, line_number).
template <class Fn>
Status ForEachLine(const std::string& path, Fn fn) {
  std::ifstream in(path);
  if (!in) return NotFound(path + ": cannot open");
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    SP_TRY(fn(line, number));
  }
  return Status::Ok();
}

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (;;) {
    size_t tab = line.find('\t', start);
    out.push_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return out;
}

std::string Join(const std::vector<std::string>& words, size_t begin, size_t end, char sep = ' ') {
  std::string out;
  for (size_t i = begin; i < end; ++i) {
    if (i > begin) out.push_back(sep);
    out += words[i];
  }
  return out;
}

bool IsWordCodePoint(char32_t cp) {
  if (cp < 0x80) return IsAsciiAlnum(static_cast<char>(cp));
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      return false;
  }
}

// Finds the longest phrase of `index` starting at words[i]; returns its length (0 = none).
// `longest_from`: the longest phrase length per first word (DedupRules::PhraseTable).
size_t MatchPhrase(const std::unordered_map<std::string, uint32_t>& index,
                   const std::unordered_map<std::string, size_t>& longest_from, const std::vector<std::string>& words,
                   size_t i, uint32_t& value) {
  const auto longest = longest_from.find(words[i]);
  if (longest == longest_from.end()) return 0;
  thread_local std::string key;
  size_t n = std::min(longest->second, words.size() - i);
  for (size_t len = n; len >= 1; --len) {
    key.clear();
    for (size_t k = i; k < i + len; ++k) {
      if (k > i) key.push_back(' ');
      key += words[k];
    }
    auto it = index.find(key);
    if (it != index.end()) {
      value = it->second;
      return len;
    }
  }
  return 0;
}

}  // namespace

std::string FoldForKey(std::string_view s) {
  std::string valid;
  if (!IsValidUtf8(s)) {
    valid = MakeValidUtf8(s);
    s = valid;
  }
  bool ascii = std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii) return AsciiLowerCopy(s);
  utf8proc_uint8_t* folded = nullptr;
  utf8proc_ssize_t n = utf8proc_map(
      reinterpret_cast<const utf8proc_uint8_t*>(s.data()), static_cast<utf8proc_ssize_t>(s.size()), &folded,
      static_cast<utf8proc_option_t>(UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK));
  if (n < 0 || folded == nullptr) return AsciiLowerCopy(s);
  std::string out(reinterpret_cast<char*>(folded), static_cast<size_t>(n));
  std::free(folded);
  return out;
}

std::vector<std::string> KeyWords(std::string_view folded, bool keep_plus_hash) {
  std::vector<std::string> words;
  // One allocation for the common short key (titles, companies, locations: a few words)
  // instead of growing 1, 2, 4, 8: KeyWords was the top operator-new caller of an ingest.
  auto push = [&words](std::string& w) {
    if (words.capacity() == 0) words.reserve(8);
    words.push_back(std::move(w));
    w.clear();
  };
  std::string cur;
  for (size_t i = 0; i < folded.size();) {
    if (IsAsciiAlnum(folded[i])) {  // a run of ASCII letters and digits at once (the common case)
      size_t end = i + 1;
      while (end < folded.size() && IsAsciiAlnum(folded[end])) ++end;
      cur.append(folded.substr(i, end - i));
      i = end;
      continue;
    }
    size_t start = i;
    char32_t cp = DecodeUtf8(folded, i);
    if (IsWordCodePoint(cp)) {
      cur.append(folded.substr(start, i - start));
    } else if (keep_plus_hash && (cp == '+' || cp == '#') && !cur.empty()) {
      cur.push_back(static_cast<char>(cp));
    } else if (!cur.empty()) {
      push(cur);
    }
  }
  if (!cur.empty()) push(cur);
  return words;
}

uint64_t DedupRules::NextInstanceId() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1);
}

Result<std::shared_ptr<const DedupRules>> DedupRules::Load(const std::string& dir) {
  auto rules = std::make_shared<DedupRules>();
  SP_TRY(rules->LoadCompanySuffixes(dir + "/company_suffixes.txt"));
  SP_TRY(rules->LoadTitleRules(dir + "/title_rules.tsv"));
  SP_TRY(rules->LoadLocations(dir + "/location_aliases.tsv"));
  SP_TRY(rules->LoadTrackingParams(dir + "/tracking_params.txt"));
  SP_TRY(rules->LoadRequisitionLabels(dir + "/requisition_labels.txt"));
  SP_TRY(rules->LoadMultiRoleWords(dir + "/multi_role_words.txt"));
  return std::shared_ptr<const DedupRules>(std::move(rules));
}

std::shared_ptr<const DedupRules> DedupRules::Default() {
  static std::once_flag once;
  static std::shared_ptr<const DedupRules> rules;
  static std::string error;
  std::call_once(once, [] {
    auto r = Load(DataFile("dedup"));
    if (r.ok()) {
      rules = std::move(r).value();
    } else {
      error = r.status().ToString();
    }
  });
  if (!rules) throw std::runtime_error("dedup rules: " + error);
  return rules;
}

Status DedupRules::LoadCompanySuffixes(const std::string& path) {
  return ForEachLine(path, [&](const std::string& line, int number) -> Status {
    auto words = KeyWords(FoldForKey(line));
    if (words.size() != 1) {
      return ParseError(path + ":" + std::to_string(number) + ": expected one word per line");
    }
    company_suffixes_.insert(words[0]);
    return Status::Ok();
  });
}

Status DedupRules::LoadMultiRoleWords(const std::string& path) {
  return ForEachLine(path, [&](const std::string& line, int number) -> Status {
    auto fields = SplitTabs(line);
    auto words = fields.size() == 2 ? KeyWords(FoldForKey(fields[0])) : std::vector<std::string>{};
    if (words.empty() || (fields[1] != "any" && fields[1] != "team")) {
      return ParseError(path + ":" + std::to_string(number) + ": expected word<TAB>any|team");
    }
    for (auto& w : words) (fields[1] == "any" ? multi_role_words_ : team_words_).insert(std::move(w));
    return Status::Ok();
  });
}

bool DedupRules::IsMultiRoleTitle(std::string_view title) const {
  const auto words = KeyWords(FoldForKey(title));
  if (words.empty()) return true;
  bool only_teams = true;
  for (const auto& w : words) {
    if (multi_role_words_.count(w)) return true;
    only_teams = only_teams && team_words_.count(w) > 0;
  }
  return only_teams;
}

Status DedupRules::LoadTitleRules(const std::string& path) {
  return ForEachLine(path, [&](const std::string& line, int number) -> Status {
    auto fields = SplitTabs(line);
    if (fields.size() != 2) {
      return ParseError(path + ":" + std::to_string(number) + ": expected phrase<TAB>replacement");
    }
    auto words = KeyWords(FoldForKey(fields[0]), true);
    if (words.empty()) return ParseError(path + ":" + std::to_string(number) + ": empty phrase");
    std::string key = Join(words, 0, words.size());
    if (title_phrases_.index.count(key)) return Status::Ok();  // the first rule for a phrase wins
    title_phrases_.index.emplace(key, static_cast<uint32_t>(title_replacements_.size()));
    size_t& longest = title_phrases_.longest_from[words[0]];
    longest = std::max(longest, words.size());
    title_replacements_.push_back(KeyWords(FoldForKey(fields[1]), true));
    return Status::Ok();
  });
}

Status DedupRules::LoadLocations(const std::string& path) {
  return ForEachLine(path, [&](const std::string& line, int number) -> Status {
    auto fields = SplitTabs(line);
    auto bad = [&](const char* why) { return ParseError(path + ":" + std::to_string(number) + ": " + why); };
    if (fields.size() != 3) return bad("expected kind<TAB>phrase<TAB>canonical");
    PlaceKind kind;
    if (fields[0] == "city") {
      kind = PlaceKind::kCity;
    } else if (fields[0] == "state") {
      kind = PlaceKind::kState;
    } else if (fields[0] == "country") {
      kind = PlaceKind::kCountry;
    } else if (fields[0] == "remote") {
      kind = PlaceKind::kRemote;
    } else if (fields[0] == "drop") {
      kind = PlaceKind::kDrop;
    } else {
      return bad("kind must be city, state, country, remote or drop");
    }
    auto words = KeyWords(FoldForKey(fields[1]));
    if (words.empty()) return bad("empty phrase");
    if (kind != PlaceKind::kDrop && kind != PlaceKind::kRemote && KeyWords(FoldForKey(fields[2])).empty()) return bad("empty canonical name");
    std::string key = Join(words, 0, words.size());
    if (place_phrases_.index.count(key)) return Status::Ok();  // the first line for a phrase wins
    place_phrases_.index.emplace(key, static_cast<uint32_t>(places_.size()));
    size_t& longest = place_phrases_.longest_from[words[0]];
    longest = std::max(longest, words.size());
    auto canonical = KeyWords(FoldForKey(fields[2]));
    places_.push_back({kind, Join(canonical, 0, canonical.size())});
    return Status::Ok();
  });
}

Status DedupRules::LoadTrackingParams(const std::string& path) {
  return ForEachLine(path, [&](const std::string& line, int) -> Status {
    std::string name = AsciiLowerCopy(TrimAscii(line));
    if (name.empty()) return Status::Ok();
    if (name.back() == '*') {
      name.pop_back();
      tracking_prefixes_.push_back(name);
    } else {
      tracking_exact_.insert(name);
    }
    return Status::Ok();
  });
}

Status DedupRules::LoadRequisitionLabels(const std::string& path) {
  SP_TRY(ForEachLine(path, [&](const std::string& line, int) -> Status {
    std::string label = AsciiLowerCopy(TrimAscii(line));
    if (!label.empty()) requisition_labels_.push_back(label);
    return Status::Ok();
  }));
  std::stable_sort(requisition_labels_.begin(), requisition_labels_.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  if (requisition_labels_.empty()) return Status::Ok();
  // The prefilter: every label's first kRequisitionPrefix bytes (all the same length, so the
  // scanner reports candidates in text order, as the byte loop meets them).
  size_t prefix = 3;
  for (const auto& l : requisition_labels_) prefix = std::min(prefix, l.size());
  std::vector<std::string> prefixes;
  for (const auto& l : requisition_labels_) {
    std::string p = l.substr(0, prefix);
    if (std::find(prefixes.begin(), prefixes.end(), p) == prefixes.end()) prefixes.push_back(p);
  }
  requisition_prefixes_ = prefixes;
  SP_ASSIGN_OR_RETURN(auto scanner, LiteralScanner::Create(prefixes));
  requisition_scanner_ = std::shared_ptr<const LiteralScanner>(std::move(scanner));
  return Status::Ok();
}

namespace {

constexpr size_t kMaxVectorPrefixes = 16;

bool HaveAvx2() {
  static const bool avx2 = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi");
  }();
  return avx2;
}

// Appends to `out`, ascending, every offset p where text[p, p + L) may be one of `prefixes`
// (lowercase, L bytes each, at most kMaxVectorPrefixes), 32 offsets per few vector compares:
// bytes are compared with 0x20 set on both sides, which matches ASCII letters in either case
// (as LiteralScanner does) and lets a few non-letters through too. A superset is enough: a
// candidate is a label only if the label's own comparison accepts it.
template <size_t L>
__attribute__((target("avx2,bmi"))) void FindPrefixCandidatesAvx2(std::string_view text,
                                                                  const std::vector<std::string>& prefixes,
                                                                  std::vector<size_t>& out) {
  if (text.size() < L) return;
  const size_t last = text.size() - L;  // the last offset a prefix fits at
  __m256i want[kMaxVectorPrefixes][L];
  for (size_t k = 0; k < prefixes.size(); ++k) {
    for (size_t j = 0; j < L; ++j) want[k][j] = _mm256_set1_epi8(static_cast<char>(prefixes[k][j] | 0x20));
  }
  const __m256i k_case = _mm256_set1_epi8(0x20);
  alignas(32) unsigned char tail[32 + L];
  for (size_t i = 0; i <= last; i += 32) {
    const unsigned char* block = reinterpret_cast<const unsigned char*>(text.data()) + i;
    if (text.size() - i < 32 + L - 1) {  // fewer bytes than the loads read: a zero-padded copy
      std::memset(tail, 0, sizeof tail);
      std::memcpy(tail, block, text.size() - i);
      block = tail;
    }
    __m256i v[L];
    for (size_t j = 0; j < L; ++j) {
      v[j] = _mm256_or_si256(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(block + j)), k_case);
    }
    __m256i any = _mm256_setzero_si256();
    for (size_t k = 0; k < prefixes.size(); ++k) {
      __m256i m = _mm256_cmpeq_epi8(v[0], want[k][0]);
      for (size_t j = 1; j < L; ++j) m = _mm256_and_si256(m, _mm256_cmpeq_epi8(v[j], want[k][j]));
      any = _mm256_or_si256(any, m);
    }
    uint64_t hits = static_cast<uint32_t>(_mm256_movemask_epi8(any));
    if (last - i < 31) hits &= (uint64_t{2} << (last - i)) - 1;  // offsets past `last` read padding
    for (; hits != 0; hits &= hits - 1) out.push_back(i + static_cast<size_t>(std::countr_zero(hits)));
  }
}

}  // namespace

std::string DedupRules::RequisitionId(std::string_view text) const {
  if (!requisition_scanner_) return "";
  std::string id;
  // Candidates are where a label's prefix starts; each is tried as a word start, labels
  // longest first; the first candidate that gives an id wins.
  auto try_candidate = [&](size_t p) {
    if (p > 0 && IsAsciiAlnum(text[p - 1])) return false;
    const char first = AsciiLower(text[p]);
    for (const auto& label : requisition_labels_) {
      if (label[0] != first || !StartsWithIgnoreAsciiCase(text.substr(p), label)) continue;
      size_t i = p + label.size();
      if (IsAsciiAlnum(label.back()) && i < text.size() && IsAsciiAlnum(text[i])) continue;  // "job identity"
      while (i < text.size() && (text[i] == ' ' || text[i] == ':' || text[i] == '#' || text[i] == '.')) ++i;
      size_t start = i;
      bool digit = false;
      while (i < text.size() && (IsAsciiAlnum(text[i]) || text[i] == '-' || text[i] == '_' || text[i] == '.')) {
        digit |= text[i] >= '0' && text[i] <= '9';
        ++i;
      }
      while (i > start && (text[i - 1] == '.' || text[i - 1] == '-')) --i;  // sentence end
      if (!digit || i - start < 2 || i - start > 40) continue;
      id = AsciiLowerCopy(text.substr(start, i - start));
      return true;
    }
    return false;
  };
  const size_t prefix_len = requisition_prefixes_[0].size();
  if (HaveAvx2() && requisition_prefixes_.size() <= kMaxVectorPrefixes && prefix_len <= 3) {
    thread_local std::vector<size_t> candidates;
    candidates.clear();
    if (prefix_len == 3) {
      FindPrefixCandidatesAvx2<3>(text, requisition_prefixes_, candidates);
    } else if (prefix_len == 2) {
      FindPrefixCandidatesAvx2<2>(text, requisition_prefixes_, candidates);
    } else {
      FindPrefixCandidatesAvx2<1>(text, requisition_prefixes_, candidates);
    }
    for (size_t p : candidates) {
      if (try_candidate(p)) break;
    }
  } else {
    requisition_scanner_->Scan(text, [&](size_t p, size_t) { return try_candidate(p); });
  }
  return id;
}

bool DedupRules::IsTrackingParam(std::string_view name) const {
  if (tracking_exact_.count(std::string(name))) return true;
  for (const auto& p : tracking_prefixes_) {
    if (name.substr(0, p.size()) == p) return true;
  }
  return false;
}

std::string DedupRules::CompanyKey(std::string_view company) const {
  // A tagline or parenthetical after the name ("Nuna (https://nuna.com)", "DeleteMe - the
  // online privacy company", "Acme, Inc.") is not part of the name.
  const std::string collapsed = CollapseWhitespace(company);
  std::string_view name = collapsed;
  size_t cut = name.size();
  for (std::string_view sep : {"(", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " | ", ": ", ","}) {
    size_t p = name.find(sep);
    if (p != std::string_view::npos && p > 0) cut = std::min(cut, p);
  }
  auto words = KeyWords(FoldForKey(name.substr(0, cut)));
  if (words.empty()) words = KeyWords(FoldForKey(name));
  size_t begin = 0;
  if (words.size() > 1 && words[0] == "the") begin = 1;
  size_t end = words.size();
  while (end - begin > 1 && company_suffixes_.count(words[end - 1])) --end;
  return Join(words, begin, end);
}

DedupRules::Location DedupRules::ParseLocation(std::string_view location) const {
  auto words = KeyWords(FoldForKey(location));
  Location out;
  out.blank = words.empty();
  std::vector<std::string> cities, others, states, countries;
  for (size_t i = 0; i < words.size();) {
    uint32_t v = 0;
    size_t len = MatchPhrase(place_phrases_.index, place_phrases_.longest_from, words, i, v);
    if (len == 0) {
      if (others.empty()) others.reserve(words.size() - i);  // one allocation for all of them
      others.push_back(words[i]);
      ++i;
      continue;
    }
    const Place& p = places_[v];
    switch (p.kind) {
      case PlaceKind::kCity: cities.push_back(p.canonical); break;
      case PlaceKind::kState: states.push_back(p.canonical); break;
      case PlaceKind::kCountry: countries.push_back(p.canonical); break;
      case PlaceKind::kRemote:
        out.remote = true;
        if (!p.canonical.empty()) countries.push_back(p.canonical);
        break;
      case PlaceKind::kDrop: break;
    }
    i += len;
  }
  auto sorted_unique = [](std::vector<std::string>& v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return Join(v, 0, v.size(), '|');
  };
  if (!cities.empty()) {
    out.key = sorted_unique(cities);
  } else if (!others.empty()) {
    // Unique words in order: "Rio de Janeiro, Rio de Janeiro" == "Rio de Janeiro".
    std::vector<std::string> unique;
    unique.reserve(others.size());
    for (const auto& w : others) {
      if (std::find(unique.begin(), unique.end(), w) == unique.end()) unique.push_back(w);
    }
    out.key = Join(unique, 0, unique.size());
  } else if (!states.empty()) {
    out.key = sorted_unique(states);
  } else {
    out.key = sorted_unique(countries);
  }
  out.other_words = std::move(others);
  out.words = std::move(words);
  return out;
}

std::string DedupRules::TitleKey(std::string_view title, std::string_view location) const {
  return TitleKey(title, ParseLocation(location));
}

std::string DedupRules::TitleKey(std::string_view title, const Location& location) const {
  const std::string collapsed = CollapseWhitespace(title);
  std::string_view t = collapsed;
  // Drop trailing qualifiers that repeat the posting's own location: every word of the
  // segment, or of its location key, is a word of the location or of its key.
  std::vector<std::string> key_words = KeyWords(location.key);
  std::vector<std::string> loc_words;
  loc_words.reserve(location.words.size() + key_words.size());
  loc_words.insert(loc_words.end(), location.words.begin(), location.words.end());
  for (auto& w : key_words) loc_words.push_back(std::move(w));
  std::sort(loc_words.begin(), loc_words.end());
  auto all_in_location = [&](const std::vector<std::string>& words) {
    if (words.empty()) return false;
    for (const auto& w : words) {
      if (!std::binary_search(loc_words.begin(), loc_words.end(), w)) return false;
    }
    return true;
  };
  auto names_own_location = [&](std::string_view segment) {
    if (all_in_location(KeyWords(FoldForKey(segment)))) return true;
    // "Toronto, ON" at "Toronto, Ontario": a place whose other words (if any) are the location's.
    Location seg = ParseLocation(segment);
    if (seg.key.empty()) return false;
    for (const auto& w : seg.other_words) {
      if (!std::binary_search(loc_words.begin(), loc_words.end(), w)) return false;
    }
    return all_in_location(KeyWords(seg.key));
  };
  bool cut = !loc_words.empty();
  std::vector<std::pair<size_t, size_t>> seps;  // (position, length); reused across rounds
  while (cut && !t.empty()) {
    cut = false;
    std::string_view body = t;
    if (body.back() == ')') body.remove_suffix(1);
    // Separator positions, rightmost first: the shortest trailing segment that names the
    // location wins ("Dev - Stockholm (SE)": "SE" does not, "Stockholm (SE" does).
    seps.clear();
    for (std::string_view sep : {" - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", ", ", " / ", "(", " in ", " @ ", " | "}) {
      for (size_t p = body.find(sep); p != std::string_view::npos; p = body.find(sep, p + 1)) {
        if (p > 0) seps.emplace_back(p, sep.size());
      }
    }
    std::sort(seps.begin(), seps.end(), std::greater<>());
    for (const auto& [pos, len] : seps) {
      std::string_view segment = body.substr(pos + len);
      if (segment.size() > 80) break;
      if (names_own_location(segment)) {
        t = TrimAscii(t.substr(0, pos));
        cut = true;
        break;
      }
    }
  }
  auto words = KeyWords(FoldForKey(t), /*keep_plus_hash=*/true);
  std::vector<std::string> out;
  out.reserve(words.size());
  for (size_t i = 0; i < words.size();) {
    uint32_t v = 0;
    size_t len = MatchPhrase(title_phrases_.index, title_phrases_.longest_from, words, i, v);
    if (len == 0) {
      out.push_back(words[i]);
      ++i;
      continue;
    }
    for (const auto& w : title_replacements_[v]) out.push_back(w);
    i += len;
  }
  std::sort(out.begin(), out.end());
  return Join(out, 0, out.size());
}

}  // namespace skillpulse
