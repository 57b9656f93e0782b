#include "enrich/skills/skill_extractor.h"

#include <algorithm>
#include <array>
#include <bitset>
#include <climits>
#include <cstring>
#include <string>
#include <unordered_set>
#include <utility>

#include "core/text.h"
#include "enrich/skills/phrase_index.h"

namespace skillpulse {

namespace {

// ---------------------------------------------------------------------------------------------
// Character classes

// Letters and digits of the scripts whose words are space-separated (Latin, Greek, Cyrillic):
// a spelling touching one is part of a longer word. CJK, punctuation, symbols and emoji are not
// word characters, so "熟悉Go语言" still names Go.
bool IsWordCodepoint(char32_t cp) {
  if (cp < 0x80) return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '_';
  if (cp >= 0xC0 && cp <= 0x24F) return cp != 0xD7 && cp != 0xF7;
  if (cp >= 0x370 && cp <= 0x52F) return true;  // Greek, Cyrillic
  return false;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
constexpr bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }
bool IsSeparator(char c) { return IsSpace(c) || c == '-'; }

// Decodes the code point that ends right before byte `i` (i > 0).
char32_t PrevCodepoint(std::string_view s, size_t i) {
  size_t start = i - 1;
  size_t steps = 0;
  while (start > 0 && steps < 3 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) {
    --start;
    ++steps;
  }
  size_t j = start;
  char32_t cp = DecodeUtf8(s, j);
  return j == i ? cp : static_cast<char32_t>(static_cast<unsigned char>(s[i - 1]));
}

char32_t NextCodepoint(std::string_view s, size_t i) {
  size_t j = i;
  return DecodeUtf8(s, j);
}

// (An ASCII byte is its own code point: no decoding for the usual case.)
bool IsWordAt(std::string_view s, size_t i) {
  if (i >= s.size()) return false;
  unsigned char c = static_cast<unsigned char>(s[i]);
  return IsWordCodepoint(c < 0x80 ? c : NextCodepoint(s, i));
}
bool IsWordBefore(std::string_view s, size_t i) {
  if (i == 0) return false;
  unsigned char c = static_cast<unsigned char>(s[i - 1]);
  return IsWordCodepoint(c < 0x80 ? c : PrevCodepoint(s, i));
}

// Bits [lo, hi) of a bit-per-byte vector (bit i % 64 of word i / 64) that are set.
inline __attribute__((always_inline)) size_t CountBitsBody(const uint64_t* bits, size_t lo, size_t hi) {
  if (lo >= hi) return 0;
  size_t wl = lo / 64;
  size_t wh = (hi - 1) / 64;
  uint64_t first = ~uint64_t{0} << (lo % 64);
  uint64_t last = ~uint64_t{0} >> (63 - (hi - 1) % 64);
  if (wl == wh) return static_cast<size_t>(__builtin_popcountll(bits[wl] & first & last));
  size_t n = static_cast<size_t>(__builtin_popcountll(bits[wl] & first));
  for (size_t i = wl + 1; i < wh; ++i) n += static_cast<size_t>(__builtin_popcountll(bits[i]));
  return n + static_cast<size_t>(__builtin_popcountll(bits[wh] & last));
}
#if defined(__x86_64__)
// The same with the POPCNT instruction (the portable build calls a libgcc routine per word).
__attribute__((target("popcnt"))) size_t CountBitsPopcnt(const uint64_t* bits, size_t lo, size_t hi) {
  return CountBitsBody(bits, lo, hi);
}
#endif
size_t CountBits(const std::vector<uint64_t>& bits, size_t lo, size_t hi) {
#if defined(__x86_64__)
  static const bool has_popcnt = __builtin_cpu_supports("popcnt");
  if (has_popcnt) return CountBitsPopcnt(bits.data(), lo, hi);
#endif
  return CountBitsBody(bits.data(), lo, hi);
}

// Counts words (maximal runs of word characters or non-ASCII bytes) in s[a, b), a word that
// s[a] is inside included, up to limit + 1 (a count above `limit` is reported as limit + 1,
// or 1 for a negative limit). `word_starts` is the main scan's bit per byte of s telling
// where a word starts (PhraseIndex::Scan).
int WordsBetween(std::string_view s, size_t a, size_t b, int limit, const std::vector<uint64_t>& word_starts) {
  b = std::min(b, s.size());
  if (a >= b) return 0;
  unsigned char c = static_cast<unsigned char>(s[a]);
  size_t n = (c >= 0x80 || IsAsciiAlnum(static_cast<char>(c)) || c == '_') ? 1 : 0;
  n += CountBits(word_starts, a + 1, b);
  size_t cap = static_cast<size_t>(std::max(limit, 0)) + 1;
  return static_cast<int>(std::min(n, cap));
}

// ---------------------------------------------------------------------------------------------
// Compiled form of the taxonomy

enum class HeadingClass : uint8_t { kRequired, kNice, kOther };

// Bytes that end a URL or e-mail token.
constexpr auto kTokenBreak = [] {
  std::array<bool, 256> t{};
  for (unsigned char ch : {' ', '\n', '\t', '\r', '\f', '\v', '(', ')', '<', '>', '"', '[', ']', '{', '}', '|', ',', ';', '\0'}) {
    t[ch] = true;
  }
  return t;
}();
bool IsTokenBreak(char c) { return kTokenBreak[static_cast<unsigned char>(c)]; }
bool IsUrlMark(char c) { return c == '.' || c == ':' || c == '@'; }

// One spelling of a skill, as matched by the main index (its id indexes spellings).
struct Spelling {
  uint16_t skill = 0;
  uint32_t len = 0;
  bool last_alnum = false;     // last byte is a letter or digit
  bool last_alpha = false;     // last byte is a letter
  bool needs_context = false;  // an applicable reject rule has no_context_within / no_tech_within
  // Some byte of the spelling is a token break / a URL mark ('.', ':', '@'). A match's bytes are
  // the spelling's but for letter case and whitespace runs for its spaces (all token breaks), so
  // the same holds for every match (InUrlOrEmail).
  bool break_inside = false;
  bool url_mark_inside = false;
  uint32_t rules_begin = 0;    // [rules_begin, rules_end) in rule_refs_
  uint32_t rules_end = 0;
  uint32_t not_in_begin = 0;   // [not_in_begin, not_in_end) in not_in_refs_
  uint32_t not_in_end = 0;
};

// A not_in phrase and where this spelling sits inside it.
struct NotInRef {
  uint32_t phrase;  // index in not_in_phrases_
  uint32_t offset;  // byte offset of the spelling inside the phrase
  // Quick reject on up to 8 phrase bytes on each side of the spelling, aligned byte for byte as
  // InsideNotIn compares them: (the 8 text bytes before the match & before_mask) ==
  // before_value, and (the 8 text bytes from the match's start + the spelling's length &
  // after_mask) == after_value, text bytes beyond its edges being 0. Mask bytes: 0xDF for
  // letters, 0xFF for digits and punctuation, 0 for spaces (any whitespace) and beyond the phrase.
  uint64_t before_mask = 0;
  uint64_t before_value = 0;
  uint64_t after_mask = 0;
  uint64_t after_value = 0;
};

NotInRef MakeNotInRef(uint32_t phrase_index, uint32_t offset, size_t spelling_len, const std::string& phrase) {
  NotInRef r{phrase_index, offset};
  auto add = [&](uint64_t& mask, uint64_t& value, size_t byte, unsigned char q) {
    if (q == ' ') return;
    uint64_t m = (q >= 'a' && q <= 'z') || (q >= 'A' && q <= 'Z') ? 0xDF : 0xFF;
    mask |= m << (8 * byte);
    value |= (q & m) << (8 * byte);
  };
  for (size_t k = 0; k < 8 && offset + spelling_len + k < phrase.size(); ++k) {
    add(r.after_mask, r.after_value, k, static_cast<unsigned char>(phrase[offset + spelling_len + k]));
  }
  for (size_t k = 0; k < 8 && k < offset; ++k) {
    add(r.before_mask, r.before_value, 7 - k, static_cast<unsigned char>(phrase[offset - 1 - k]));
  }
  return r;
}

// A reject rule applying to a spelling, with the bytes its `prev` phrases can end with and its
// `next` phrases can start with (ASCII lowercased; 0 stands for the text's edge), so that most
// mentions skip the phrase lists after one test.
struct RuleRef {
  const RejectRule* rule;
  std::bitset<256> prev_last;
  std::bitset<256> next_first;
};

RuleRef MakeRuleRef(const RejectRule& r) {
  RuleRef ref{&r, {}, {}};
  auto add_class = [](std::bitset<256>& set, PhraseToken::Type type, char literal) {
    switch (type) {
      case PhraseToken::Type::kLiteral:
        set.set(static_cast<unsigned char>(AsciiLower(literal)));
        break;
      case PhraseToken::Type::kAmount:  // a <num>, or one ending in a k/K suffix
        set.set('k');
        [[fallthrough]];
      case PhraseToken::Type::kNumber:  // digits, and ',' '.' inside (MatchPhraseBackward)
        for (char d = '0'; d <= '9'; ++d) set.set(static_cast<unsigned char>(d));
        set.set(',');
        set.set('.');
        break;
      case PhraseToken::Type::kCapital:  // a word: letters and digits
        for (int b = 0; b < 256; ++b) set[b] = set[b] || IsAsciiAlnum(AsciiLower(static_cast<char>(b)));
        break;
    }
  };
  // The bytes the phrases can end with (`at_end`, the prev side) or start with (the next side);
  // any byte when a phrase's edge is empty.
  auto add_edges = [&](const std::vector<Phrase>& phrases, bool at_end, std::bitset<256>& set) {
    for (const Phrase& p : phrases) {
      const PhraseToken* t = p.tokens.empty() ? nullptr : at_end ? &p.tokens.back() : &p.tokens.front();
      const bool literal = t != nullptr && t->type == PhraseToken::Type::kLiteral;
      if (t == nullptr || (literal && t->text.empty())) {
        set.set();
        continue;
      }
      add_class(set, t->type, literal ? (at_end ? t->text.back() : t->text.front()) : 0);
    }
  };
  add_edges(r.prev, true, ref.prev_last);
  add_edges(r.next, false, ref.next_first);
  return ref;
}

// Two bytes, ASCII-lowercased, as one key (IsComparison's prefilter).
uint16_t EdgeKey(char a, char b) {
  return static_cast<uint16_t>(static_cast<unsigned char>(AsciiLower(a)) << 8 | static_cast<unsigned char>(AsciiLower(b)));
}

uint64_t LoadBytes8(const char* p) {
  uint64_t x;
  std::memcpy(&x, p, 8);
  return x;
}

// s[pos, pos + 8) as a little-endian word, zero past the end of `s` (and 0 when pos > size).
uint64_t LoadBytes8After(std::string_view s, size_t pos) {
  if (pos + 8 <= s.size()) return LoadBytes8(s.data() + pos);
  char buf[8] = {};
  if (pos < s.size()) std::memcpy(buf, s.data() + pos, s.size() - pos);
  return LoadBytes8(buf);
}

// s[pos - 8, pos) as a little-endian word, zero before s[0]. REQUIRES: pos <= s.size().
uint64_t LoadBytes8Before(std::string_view s, size_t pos) {
  if (pos >= 8) return LoadBytes8(s.data() + pos - 8);
  char buf[8] = {};
  std::memcpy(buf + 8 - pos, s.data(), pos);
  return LoadBytes8(buf);
}

struct Cand {
  uint32_t pat;
  uint32_t start;
  uint32_t end;
  uint16_t skill;
  bool alive;
  bool confirmed = false;  // a context-dependent spelling whose context was found
};

struct CueHit {
  uint32_t start;
  uint32_t end;
  uint16_t cue;
};

struct LineHeading {
  uint32_t start;      // where the heading phrase starts
  uint32_t scope_end;  // end of the section it opens
  HeadingClass cls;
};

// Per-thread working memory, reused across calls so the hot path does not allocate.
struct Work {
  std::vector<PhraseMatch> matches;
  std::vector<TokenRef> side;      // tokens that may anchor a cue or a company cue
  std::vector<uint64_t> punct;     // bit per byte: one of kSentenceMarks (see SentenceBounds)
  std::vector<uint64_t> word_starts;  // bit per byte: a word starts there (see WordsBetween)
  size_t first_line_end = 0;       // the header line: first line and its first two '|'
  size_t header_bar = std::string_view::npos;
  size_t header_bar2 = std::string_view::npos;
  std::vector<PhraseMatch> local;  // secondary scans (cues, headings, context words)
  std::vector<Cand> cands;
  std::vector<CueHit> cues;        // cues of the sentence [sent_start, sent_end)
  size_t sent_start = 0;
  size_t sent_end = 0;
  bool sent_valid = false;
  // The line [disc_line_start, disc_line_end) and where its last stack disclaimer starts
  // (npos: none), cached for the mentions of one line.
  size_t disc_line_start = 0;
  size_t disc_line_end = 0;
  size_t disc_last = std::string_view::npos;
  bool disc_valid = false;
  std::vector<LineHeading> line_headings;
  std::vector<LineHeading> inline_headings;
  std::vector<SkillHit> hits;

  void Trim() {
    // A pathological input may have grown the buffers; give the memory back.
    constexpr size_t kKeep = 1 << 16;
    if (matches.capacity() > kKeep) std::vector<PhraseMatch>().swap(matches);
    if (cands.capacity() > kKeep) std::vector<Cand>().swap(cands);
    if (hits.capacity() > kKeep) std::vector<SkillHit>().swap(hits);
    if (local.capacity() > kKeep) std::vector<PhraseMatch>().swap(local);
    if (punct.capacity() > kKeep) std::vector<uint64_t>().swap(punct);
    if (word_starts.capacity() > kKeep) std::vector<uint64_t>().swap(word_starts);
    if (side.capacity() > kKeep) std::vector<TokenRef>().swap(side);
  }
};

thread_local Work tls_work;

// Adds the typographic-apostrophe variant of a phrase ("you'll" -> "you’ll").
std::vector<std::string> WithApostropheVariants(const std::string& s) {
  std::vector<std::string> out{s};
  if (s.find('\'') != std::string::npos) {
    std::string v;
    for (char c : s) {
      if (c == '\'') {
        v += "\xE2\x80\x99";
      } else {
        v.push_back(c);
      }
    }
    out.push_back(std::move(v));
  }
  return out;
}

// The first word of `s` folded to lowercase into `buf` (at most kMax bytes; longer words and
// strings without a word give "").
std::string_view FirstWordFolded(std::string_view s, char* buf, size_t max) {
  size_t i = 0;
  while (i < s.size() && !IsAsciiAlnum(s[i]) && s[i] != '_') ++i;
  size_t j = i;
  while (j < s.size() && (IsAsciiAlnum(s[j]) || s[j] == '_')) ++j;
  if (j - i > max) return {};
  for (size_t k = i; k < j; ++k) buf[k - i] = AsciiLower(s[k]);
  return std::string_view(buf, j - i);
}

// Pre-check key of a folded word (its length, first and last byte): a heading's first word is
// looked up only when its key is in the set of heading first words' keys.
size_t FirstWordKey(size_t len, char first, char last) {
  return (len & 31) << 10 | (static_cast<unsigned char>(first) & 31) << 5 | (static_cast<unsigned char>(last) & 31);
}

// Runs `index` on the recorded tokens that lie in [from, to) and appends matches to `out`.
void MatchSideTokens(const PhraseIndex& index, std::string_view text, const std::vector<TokenRef>& side, size_t from,
                     size_t to, std::vector<PhraseMatch>& out) {
  auto it = std::lower_bound(side.begin(), side.end(), from,
                             [](const TokenRef& t, size_t v) { return t.begin < v; });
  for (; it != side.end() && it->end <= to; ++it) index.MatchToken(text, *it, out);
}

class TokenSkillExtractor final : public SkillExtractor {
 public:
  explicit TokenSkillExtractor(std::shared_ptr<const Taxonomy> taxonomy)
      : tax_(std::move(taxonomy)), rules_(tax_->rules()) {
    for (char ch : rules_.glue) glue_[static_cast<unsigned char>(ch)] = true;
  }

  Status Compile();

  void Extract(std::string_view title, std::string_view text, std::vector<SkillMention>& out) const override;
  void ExtractHits(std::string_view title, std::string_view text, std::vector<SkillHit>& out) const override;
  const Taxonomy& taxonomy() const override { return *tax_; }

 private:
  Status AddSpelling(const Skill& s, const std::string& text, bool caseless);
  void Run(std::string_view title, std::string_view text, std::vector<SkillHit>& hits) const;
  void Process(std::string_view text, bool is_title, Work& w, std::vector<SkillHit>& hits) const;

  bool BoundaryOk(std::string_view s, size_t start, size_t end, bool digits_ok) const;
  // Whether the match [start, end) of spelling `p` lies inside a URL or e-mail token.
  bool InUrlOrEmail(std::string_view s, const Spelling& p, uint32_t start, uint32_t end) const;
  bool IsDomain(std::string_view host) const;
  bool InsideNotIn(std::string_view s, const Cand& c) const;
  bool IsComparison(std::string_view s, const Cand& c) const;
  bool DisclaimedLater(std::string_view s, const Cand& c, Work& w) const;
  bool NamesCompany(std::string_view s, const Cand& c, Work& w) const;
  bool RuleHolds(std::string_view s, const Cand& c, const RuleRef& ref, const Work& w, bool check_context) const;
  bool HasContext(std::string_view s, const Cand& c, int window, bool words_count, Work& w) const;
  void FindHeadings(std::string_view s, size_t until, Work& w) const;
  // `ls`: the start of the line holding `start` / `colon` (LineStart).
  void AddHeading(std::string_view s, size_t ls, uint32_t start, uint32_t end, HeadingClass cls, Work& w) const;
  void AddColonHeading(std::string_view s, size_t ls, size_t colon, Work& w) const;
  uint32_t SectionEnd(std::string_view s, size_t from) const;
  void LoadSentenceCues(std::string_view s, size_t ss, size_t se, Work& w) const;
  int8_t Requirement(std::string_view s, const Cand& c, Work& w) const;
  int8_t SectionOf(const Cand& c, const Work& w) const;
  bool ParenBarrier(std::string_view s, uint32_t from, uint32_t to, const Work& w) const;
  bool HasSubjectBreak(std::string_view s, size_t from, size_t to) const;

  std::shared_ptr<const Taxonomy> tax_;
  const ExtractionRules& rules_;
  bool glue_[256] = {};

  PhraseIndex spellings_;  // ids index pats_
  PhraseIndex cues_;       // ids index cue_of_
  PhraseIndex headings_;   // ids index heading_of_
  PhraseIndex context_;    // context words
  PhraseIndex company_;    // company cues ("customers like")
  PhraseIndex disclaimers_;  // [requirement].stack_disclaimers
  AnchorFilter side_filter_;  // anchors of cues_ and company_: the main scan records those tokens
  std::vector<Spelling> pats_;
  std::vector<RuleRef> rule_refs_;
  std::vector<NotInRef> not_in_refs_;
  std::vector<std::string> not_in_phrases_;
  std::vector<uint16_t> cue_of_;
  std::vector<HeadingClass> heading_of_;
  std::vector<std::string> heading_first_words_;  // folded first word of each heading, sorted
  std::bitset<32 * 32 * 32> heading_first_keys_;  // FirstWordKey of each of heading_first_words_
  // The lowercased first two bytes of [matching].comparison_after phrases and last two of
  // comparison_before phrases (kAnyEdge for a placeholder or one-letter edge): IsComparison's
  // prefilter, since most mentions are followed by "and", "as", "a" and preceded by "to".
  static constexpr uint16_t kAnyEdge = 0xFFFF;
  std::vector<uint16_t> comparison_after_first_;
  std::vector<uint16_t> comparison_before_last_;
  bool EdgeMayMatch(const std::vector<uint16_t>& edges, uint16_t key) const {
    for (uint16_t e : edges) {
      if (e == kAnyEdge || e == key) return true;
    }
    return false;
  }
  std::unordered_set<std::string> dotted_spellings_;     // lowercase spellings with a '.', e.g. "node.js"
};

Status TokenSkillExtractor::AddSpelling(const Skill& s, const std::string& text, bool caseless) {
  Spelling p;
  p.skill = s.id;
  p.len = static_cast<uint32_t>(text.size());
  char last = text.back();
  p.last_alnum = IsAsciiAlnum(last);
  p.last_alpha = p.last_alnum && !IsDigit(last);
  for (char c : text) {
    p.break_inside = p.break_inside || IsTokenBreak(c);
    p.url_mark_inside = p.url_mark_inside || IsUrlMark(c);
  }
  p.rules_begin = static_cast<uint32_t>(rule_refs_.size());
  for (const RejectRule& r : s.reject) {
    bool applies = r.aliases.empty();
    for (const auto& a : r.aliases) applies = applies || a == text;
    if (!applies) continue;
    rule_refs_.push_back(MakeRuleRef(r));
    p.needs_context = p.needs_context || r.needs_context();
  }
  p.rules_end = static_cast<uint32_t>(rule_refs_.size());
  // Where this spelling occurs inside the skill's not_in phrases (ignoring case).
  p.not_in_begin = static_cast<uint32_t>(not_in_refs_.size());
  for (size_t i = 0; i < not_in_phrases_.size(); ++i) {
    const std::string& phrase = not_in_phrases_[i];
    for (size_t at = FindIgnoreAsciiCase(phrase, text); at != std::string::npos;
         at = FindIgnoreAsciiCase(phrase, text, at + 1)) {
      not_in_refs_.push_back(MakeNotInRef(static_cast<uint32_t>(i), static_cast<uint32_t>(at), text.size(), phrase));
    }
  }
  p.not_in_end = static_cast<uint32_t>(not_in_refs_.size());
  bool digit_suffix = static_cast<int>(text.size()) >= rules_.digit_suffix_min_len;
  SP_TRY(spellings_.Add(text, !caseless, digit_suffix, static_cast<uint32_t>(pats_.size())).WithContext(s.slug));
  pats_.push_back(p);
  if (text.find('.') != std::string::npos) dotted_spellings_.insert(AsciiLowerCopy(text));
  return Status::Ok();
}

Status TokenSkillExtractor::Compile() {
  for (const Skill& s : tax_->skills()) {
    // This skill's not_in phrases are numbered first, so AddSpelling can point into them.
    size_t first_not_in = not_in_phrases_.size();
    for (const auto& phrase : s.not_in) {
      for (auto& v : WithApostropheVariants(phrase)) not_in_phrases_.push_back(std::move(v));
    }
    // Spellings: name and aliases ignoring case, unless a case-sensitive spelling covers them.
    std::vector<std::pair<std::string, bool>> spellings;  // (text, caseless)
    std::unordered_set<std::string> seen;
    for (const auto& cs : s.case_sensitive) {
      if (seen.insert("=" + cs).second) spellings.emplace_back(cs, false);
    }
    auto add_caseless = [&](const std::string& a) {
      for (const auto& cs : s.case_sensitive) {
        if (EqualsIgnoreAsciiCase(cs, a)) return;
      }
      if (seen.insert("~" + AsciiLowerCopy(a)).second) spellings.emplace_back(a, true);
    };
    if (s.match_name) add_caseless(s.name);
    for (const auto& a : s.aliases) add_caseless(a);
    // Only this skill's phrases are searched for its spellings.
    std::vector<std::string> all_not_in;
    all_not_in.swap(not_in_phrases_);
    not_in_phrases_.assign(all_not_in.begin() + static_cast<long>(first_not_in), all_not_in.end());
    size_t base = not_in_refs_.size();
    for (const auto& [text, caseless] : spellings) SP_TRY(AddSpelling(s, text, caseless));
    for (size_t i = base; i < not_in_refs_.size(); ++i) not_in_refs_[i].phrase += static_cast<uint32_t>(first_not_in);
    all_not_in.resize(first_not_in);
    all_not_in.insert(all_not_in.end(), not_in_phrases_.begin(), not_in_phrases_.end());
    not_in_phrases_.swap(all_not_in);
  }
  for (size_t i = 0; i < rules_.cues.size(); ++i) {
    for (const auto& phrase : rules_.cues[i].phrases) {
      for (const auto& v : WithApostropheVariants(phrase)) {
        SP_TRY(cues_.Add(v, false, false, static_cast<uint32_t>(cue_of_.size())).WithContext("[[requirement.cue]]"));
        cue_of_.push_back(static_cast<uint16_t>(i));
      }
    }
  }
  auto add_headings = [&](const std::vector<std::string>& list, HeadingClass cls) -> Status {
    for (const auto& phrase : list) {
      for (const auto& v : WithApostropheVariants(phrase)) {
        SP_TRY(headings_.Add(v, false, false, static_cast<uint32_t>(heading_of_.size())).WithContext("[requirement]"));
        heading_of_.push_back(cls);
        char buf[64];
        heading_first_words_.emplace_back(FirstWordFolded(v, buf, sizeof buf));
      }
    }
    return Status::Ok();
  };
  SP_TRY(add_headings(rules_.required_headings, HeadingClass::kRequired));
  SP_TRY(add_headings(rules_.nice_headings, HeadingClass::kNice));
  SP_TRY(add_headings(rules_.other_headings, HeadingClass::kOther));
  std::sort(heading_first_words_.begin(), heading_first_words_.end());
  heading_first_words_.erase(std::unique(heading_first_words_.begin(), heading_first_words_.end()),
                             heading_first_words_.end());
  for (const std::string& word : heading_first_words_) {
    if (!word.empty()) heading_first_keys_.set(FirstWordKey(word.size(), word.front(), word.back()));
  }
  for (const auto& word : rules_.context_words) SP_TRY(context_.Add(word, false, false, 0).WithContext("[matching]"));
  auto edge_bytes = [](const std::vector<Phrase>& phrases, bool at_end, std::vector<uint16_t>& keys) {
    for (const Phrase& p : phrases) {
      const PhraseToken& t = at_end ? p.tokens.back() : p.tokens.front();
      if (t.type != PhraseToken::Type::kLiteral || t.text.size() < 2) {
        keys.push_back(kAnyEdge);
        continue;
      }
      const size_t i = at_end ? t.text.size() - 2 : 0;
      keys.push_back(EdgeKey(t.text[i], t.text[i + 1]));
    }
  };
  edge_bytes(rules_.comparison_after, false, comparison_after_first_);
  edge_bytes(rules_.comparison_before, true, comparison_before_last_);
  for (const auto& cue : rules_.company_cues) {
    for (const auto& v : WithApostropheVariants(cue)) SP_TRY(company_.Add(v, false, false, 0).WithContext("[matching]"));
  }
  for (const auto& phrase : rules_.stack_disclaimers) {
    for (const auto& v : WithApostropheVariants(phrase)) {
      SP_TRY(disclaimers_.Add(v, false, false, 0).WithContext("[requirement].stack_disclaimers"));
    }
  }
  spellings_.Build();
  cues_.Build();
  headings_.Build();
  context_.Build();
  company_.Build();
  disclaimers_.Build();
  side_filter_.Merge(cues_.filter());
  side_filter_.Merge(company_.filter());
  side_filter_.Merge(disclaimers_.filter());
  spellings_.SetSideFilter(side_filter_);
  return Status::Ok();
}

// ---------------------------------------------------------------------------------------------
// Boundaries, URLs, not_in

bool TokenSkillExtractor::BoundaryOk(std::string_view s, size_t start, size_t end, bool digits_ok) const {
  // Left: not inside a word, not glued ("H&R", "foo.js").
  if (start > 0) {
    if (IsWordBefore(s, start)) return false;
    unsigned char ch = static_cast<unsigned char>(s[start - 1]);
    if (glue_[ch] && start >= 2 && IsAsciiAlnum(s[start - 2])) return false;
  }
  // Right.
  size_t i = end;
  if (i >= s.size()) return true;
  if (IsDigit(s[i])) {
    if (!digits_ok) return false;
    // "Python3", "Python3.11", "C++17": skip the version number, then check what follows.
    while (i < s.size() && (IsDigit(s[i]) || (s[i] == '.' && i + 1 < s.size() && IsDigit(s[i + 1])))) ++i;
    if (i >= s.size()) return true;
  }
  if (IsWordAt(s, i)) return false;
  unsigned char ch = static_cast<unsigned char>(s[i]);
  if (glue_[ch] && i + 1 < s.size() && IsAsciiAlnum(s[i + 1])) return false;
  return true;
}

// Word boundaries for cue, heading, context and company phrases: checked only at edges that are
// letters or digits ("ex-" may touch the next word).
bool PhraseEdgesOk(std::string_view s, size_t b, size_t e) {
  if (b >= e) return false;
  if (IsAsciiAlnum(s[b]) && IsWordBefore(s, b)) return false;
  if (IsAsciiAlnum(s[e - 1]) && IsWordAt(s, e)) return false;
  return true;
}

bool TokenSkillExtractor::IsDomain(std::string_view host) const {
  // label(.label)+ with an alphabetic last label that is a known suffix.
  if (host.empty() || host.front() == '.' || host.back() == '.') return false;
  size_t dot = host.rfind('.');
  if (dot == std::string_view::npos) return false;
  std::string_view last = host.substr(dot + 1);
  if (last.size() < 2 || last.size() > 24) return false;
  for (char c : last) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
  }
  for (size_t i = 0; i < host.size(); ++i) {
    char c = host[i];
    if (c == '.') {
      if (i + 1 < host.size() && host[i + 1] == '.') return false;
      continue;
    }
    if (!IsAsciiAlnum(c) && c != '-' && c != '_') return false;
  }
  std::string lower = AsciiLowerCopy(last);
  if (lower.size() == 2) {
    for (const auto& x : rules_.not_domain_suffixes) {
      if (x == lower) return false;
    }
  } else {
    bool known = false;
    for (const auto& x : rules_.domain_suffixes) known = known || x == lower;
    if (!known) return false;
  }
  return dotted_spellings_.count(AsciiLowerCopy(host)) == 0;  // "Node.js", "ASP.NET" are names
}

bool TokenSkillExtractor::InUrlOrEmail(std::string_view s, const Spelling& p, uint32_t start,
                                       uint32_t end) const {
  constexpr size_t kMaxToken = 2048;
  // The spelling itself spans a token break ("Ruby on Rails"): not inside one token.
  if (p.break_inside) return false;
  // Every test below needs a '.', ':' or '@' in the token (a domain has a dot): most tokens
  // ("Python", "Go,") have none, noted while the token is walked.
  bool any = p.url_mark_inside;
  size_t ts = start;
  while (ts > 0 && start - ts < kMaxToken && !IsTokenBreak(s[ts - 1])) any |= IsUrlMark(s[--ts]);
  size_t te = end;
  while (te < s.size() && te - end < kMaxToken && !IsTokenBreak(s[te])) ++te;
  while (te > end && (s[te - 1] == '.' || s[te - 1] == ':' || s[te - 1] == '!' || s[te - 1] == '?' ||
                      s[te - 1] == '\'')) {
    --te;
  }
  for (size_t i = end; i < te && !any; ++i) any = IsUrlMark(s[i]);
  if (!any) return false;
  std::string_view tok = s.substr(ts, te - ts);
  if (tok.find("://") != std::string_view::npos) return true;
  if (StartsWithIgnoreAsciiCase(tok, "www.") || StartsWithIgnoreAsciiCase(tok, "mailto:")) return true;
  size_t at = tok.find('@');
  if (at != std::string_view::npos && at > 0 && tok.find('.', at) != std::string_view::npos) return true;
  // A bare domain with an optional path: "golang.org/doc", "jobs.lever.co/acme".
  size_t host_end = tok.find_first_of("/?#:");
  std::string_view host = tok.substr(0, host_end);
  if (!IsDomain(host)) return false;
  return true;
}

bool TokenSkillExtractor::InsideNotIn(std::string_view s, const Cand& c) const {
  const Spelling& p = pats_[c.pat];
  if (p.not_in_begin == p.not_in_end) return false;
  const uint64_t before = LoadBytes8Before(s, c.start);
  const uint64_t after = LoadBytes8After(s, c.start + p.len);
  for (uint32_t r = p.not_in_begin; r < p.not_in_end; ++r) {
    const NotInRef& ref = not_in_refs_[r];
    if (((before & ref.before_mask) ^ ref.before_value) | ((after & ref.after_mask) ^ ref.after_value)) continue;
    if (c.start < ref.offset) continue;
    size_t ps = c.start - ref.offset;
    const std::string& phrase = not_in_phrases_[ref.phrase];
    size_t pe = ps + phrase.size();
    if (pe > s.size()) continue;
    bool eq = true;
    for (size_t k = 0; k < phrase.size() && eq; ++k) {
      char t = s[ps + k];
      char q = phrase[k];
      eq = t == q || (q == ' ' && IsSpace(t)) || (IsAsciiAlnum(q) && AsciiLower(t) == AsciiLower(q));
    }
    if (!eq) continue;
    // The phrase itself must stand on word boundaries ("Series C" in "TV Series C..." is fine).
    if (IsAsciiAlnum(phrase.front()) && IsWordBefore(s, ps)) continue;
    if (IsAsciiAlnum(phrase.back()) && IsWordAt(s, pe)) continue;
    return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Reject rules

// The zero to four separators between a mention starting at s[pos] and a phrase before it:
// where such a phrase ends.
size_t SkipSeparatorsBack(std::string_view s, size_t pos) {
  size_t i = pos;
  for (int k = 0; k < 4 && i > 0 && IsSeparator(s[i - 1]); ++k) --i;
  return i;
}

// Likewise after a mention ending at s[pos]: where a phrase after it starts.
size_t SkipSeparatorsForward(std::string_view s, size_t pos) {
  size_t i = pos;
  for (int k = 0; k < 4 && i < s.size() && IsSeparator(s[i]); ++k) ++i;
  return i;
}

// True when the number s[b, e) (digits with , . inside) is a sum rather than a version or a
// count: 3+ digits before any '.', or a ',' thousands separator (PhraseToken::kAmount).
bool LooksLikeAmount(std::string_view s, size_t b, size_t e) {
  int digits = 0;
  for (size_t k = b; k < e && s[k] != '.'; ++k) {
    if (s[k] == ',') return true;
    if (IsDigit(s[k])) ++digits;
  }
  return digits >= 3;
}

// The start of the run of digits with ',' and '.' that ends at s[end] (exclusive); npos when
// the run holds no digit. The number tokens of phrases, read right to left.
size_t NumberRunBefore(std::string_view s, size_t end) {
  size_t j = end;
  while (j > 0 && (IsDigit(s[j - 1]) || s[j - 1] == ',' || s[j - 1] == '.')) --j;
  for (size_t k = j; k < end; ++k) {
    if (IsDigit(s[k])) return j;
  }
  return std::string_view::npos;
}

// The end of the number starting at s[i]: digits with ',' and '.' inside, not after ("2024."
// -> "2024"); i when s[i] is no digit. The number tokens of phrases, read left to right.
size_t NumberRunAfter(std::string_view s, size_t i) {
  size_t j = i;
  while (j < s.size() && (IsDigit(s[j]) || ((s[j] == ',' || s[j] == '.') && j > i))) ++j;
  while (j > i && !IsDigit(s[j - 1])) --j;
  return j;
}

// Matches `phrase` ending exactly at s[pos] (exclusive; pos from SkipSeparatorsBack), tokens
// right to left. Returns the phrase start or npos.
size_t MatchPhraseBackward(std::string_view s, size_t pos, const Phrase& phrase) {
  size_t i = pos;
  for (size_t t = phrase.tokens.size(); t-- > 0;) {
    const PhraseToken& tok = phrase.tokens[t];
    if (t + 1 < phrase.tokens.size()) {
      // At least one separator between phrase tokens.
      size_t before = i;
      while (i > 0 && before - i < 8 && IsSeparator(s[i - 1])) --i;
      if (i == before) return std::string_view::npos;
    }
    switch (tok.type) {
      case PhraseToken::Type::kLiteral: {
        size_t n = tok.text.size();
        if (i < n || AsciiLower(s[i - n]) != tok.text[0] || !EqualsIgnoreAsciiCase(s.substr(i - n, n), tok.text)) {
          return std::string_view::npos;
        }
        i -= n;
        if (IsAsciiAlnum(tok.text.front()) && IsWordBefore(s, i)) return std::string_view::npos;
        break;
      }
      case PhraseToken::Type::kNumber: {
        const size_t j = NumberRunBefore(s, i);
        if (j == std::string_view::npos || IsWordBefore(s, j)) return std::string_view::npos;
        i = j;
        break;
      }
      case PhraseToken::Type::kAmount: {
        size_t end = i;
        const bool k_suffix = end >= 2 && (s[end - 1] == 'k' || s[end - 1] == 'K') && IsDigit(s[end - 2]);
        if (k_suffix) --end;
        const size_t j = NumberRunBefore(s, end);
        if (j == std::string_view::npos || IsWordBefore(s, j) || (!k_suffix && !LooksLikeAmount(s, j, end))) {
          return std::string_view::npos;
        }
        i = j;
        break;
      }
      case PhraseToken::Type::kCapital: {
        size_t j = i;
        while (j > 0 && IsAsciiAlnum(s[j - 1])) --j;
        if (j == i || !IsUpper(s[j]) || IsWordBefore(s, j)) return std::string_view::npos;
        i = j;
        break;
      }
    }
  }
  return i;
}

// Matches `phrase` starting at s[pos] (pos from SkipSeparatorsForward). Returns its end or npos.
size_t MatchPhraseForward(std::string_view s, size_t pos, const Phrase& phrase) {
  size_t i = pos;
  for (size_t t = 0; t < phrase.tokens.size(); ++t) {
    const PhraseToken& tok = phrase.tokens[t];
    if (t > 0) {
      size_t before = i;
      while (i < s.size() && i - before < 8 && IsSeparator(s[i])) ++i;
      if (i == before) return std::string_view::npos;
    }
    switch (tok.type) {
      case PhraseToken::Type::kLiteral: {
        size_t n = tok.text.size();
        if (s.size() - i < n || AsciiLower(s[i]) != tok.text[0] || !EqualsIgnoreAsciiCase(s.substr(i, n), tok.text)) {
          return std::string_view::npos;
        }
        i += n;
        if (IsAsciiAlnum(tok.text.back()) && IsWordAt(s, i)) return std::string_view::npos;
        break;
      }
      case PhraseToken::Type::kNumber: {
        const size_t j = NumberRunAfter(s, i);
        if (j == i || IsWordAt(s, j)) return std::string_view::npos;
        i = j;
        break;
      }
      case PhraseToken::Type::kAmount: {
        size_t j = NumberRunAfter(s, i);
        if (j == i) return std::string_view::npos;
        const bool k_suffix = j < s.size() && (s[j] == 'k' || s[j] == 'K') && !IsWordAt(s, j + 1);
        if (k_suffix) {
          ++j;
        } else if (IsWordAt(s, j) || !LooksLikeAmount(s, i, j)) {
          return std::string_view::npos;
        }
        i = j;
        break;
      }
      case PhraseToken::Type::kCapital: {
        if (i >= s.size() || !IsUpper(s[i])) return std::string_view::npos;
        size_t j = i;
        while (j < s.size() && IsAsciiAlnum(s[j])) ++j;
        if (IsWordAt(s, j)) return std::string_view::npos;
        i = j;
        break;
      }
    }
  }
  return i;
}

constexpr bool IsBulletByte(unsigned char c) { return c == '-' || c == '*' || c == '#' || c == '>' || c == '+'; }

// True when s[pos] opens a sentence: only whitespace, bullets, quotes or opening brackets lie
// between it and the start of the text, a line break, or a sentence-final . ! ?
bool AtSentenceStart(std::string_view s, size_t pos) {
  size_t i = pos;
  bool space = false;
  for (int k = 0; k < 16 && i > 0; ++k) {
    unsigned char c = static_cast<unsigned char>(s[i - 1]);
    if (c == '\n') return true;
    if (IsSpace(static_cast<char>(c))) {
      space = true;
      --i;
      continue;
    }
    if (IsBulletByte(c) || c == '"' || c == '(' || c == '[' || c == '\'') {
      --i;
      continue;
    }
    if (c >= 0x80) {
      // Non-letter symbols (•, “, emoji) are skipped like bullets.
      char32_t cp = PrevCodepoint(s, i);
      if (IsWordCodepoint(cp)) return false;
      size_t j = i - 1;
      while (j > 0 && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) --j;
      i = j;
      continue;
    }
    return space && (c == '.' || c == '!' || c == '?');
  }
  return i == 0;
}

// The position `words` words before `pos` (or after, for forward), for context windows.
size_t WalkWordsBack(std::string_view s, size_t pos, int words) {
  size_t i = pos;
  int n = 0;
  bool in_word = false;
  while (i > 0) {
    unsigned char ch = static_cast<unsigned char>(s[i - 1]);
    bool w = ch >= 0x80 || IsAsciiAlnum(static_cast<char>(ch)) || ch == '_';
    if (w && !in_word && ++n > words) break;
    in_word = w;
    --i;
  }
  return i;
}

size_t WalkWordsForward(std::string_view s, size_t pos, int words) {
  size_t i = pos;
  int n = 0;
  bool in_word = false;
  while (i < s.size()) {
    unsigned char ch = static_cast<unsigned char>(s[i]);
    bool w = ch >= 0x80 || IsAsciiAlnum(static_cast<char>(ch)) || ch == '_';
    if (w && !in_word && ++n > words) break;
    in_word = w;
    ++i;
  }
  return i;
}

bool TokenSkillExtractor::HasContext(std::string_view s, const Cand& c, int window, bool words_count,
                                     Work& w) const {
  // Another technology that does not itself depend on context: the nearest one on each side.
  auto is_anchor = [&](const Cand& o) {
    return o.alive && o.skill != c.skill && (o.confirmed || !pats_[o.pat].needs_context);
  };
  auto self = std::lower_bound(w.cands.begin(), w.cands.end(), c.start,
                               [](const Cand& x, uint32_t v) { return x.start < v; });
  for (auto it = self; it != w.cands.begin();) {
    --it;
    if (!is_anchor(*it) || it->end > c.start) continue;
    if (WordsBetween(s, it->end, c.start, window, w.word_starts) <= window) return true;
    break;
  }
  for (auto it = self; it != w.cands.end(); ++it) {
    if (!is_anchor(*it) || it->start < c.end) continue;
    if (WordsBetween(s, c.end, it->start, window, w.word_starts) <= window) return true;
    break;
  }
  if (!words_count) return false;
  // ...or a context word.
  size_t a = WalkWordsBack(s, c.start, window);
  size_t b = WalkWordsForward(s, c.end, window);
  w.local.clear();
  context_.Scan(s.substr(a, b - a), w.local, 64);
  for (const PhraseMatch& m : w.local) {
    size_t ms = a + m.begin;
    size_t me = a + m.end;
    if (me > c.start && ms < c.end) continue;  // the mention itself
    if (PhraseEdgesOk(s, ms, me)) return true;
  }
  return false;
}

// True when the mention is the X of an "X for Y" analogy that describes the employer's product,
// not a technology it uses: quoted ('the "GitHub for Security"', '“Terraform for operators”'),
// after "think" ('think Stripe for Video') or after "the" ('the Linear for military units'),
// the name capitalised; either name of a slash pair of capitalised names stands for the pair
// ('(think GitHub/Bitbucket for hardware)', held-out round 6).
// "React for frontend", "tools like Salesforce for tracking" and "Mastery of Figma for
// prototyping" have none of these before them. Source: held-out round 3 (the README's contract
// and the in-sample labels count "Figma for Scientists" as a comparison, not Figma).
bool IsAnalogy(std::string_view s, const Cand& c) {
  // One name of a slash pair stands for the pair: "(think GitHub/Bitbucket for hardware)".
  auto name_end = [&](size_t from) {
    size_t k = from;
    while (k < s.size() && (IsAsciiAlnum(s[k]) || s[k] == '.' || s[k] == '+' || s[k] == '#')) ++k;
    return k;
  };
  size_t end = c.end;
  if (end + 1 < s.size() && s[end] == '/' && IsUpper(s[end + 1])) end = name_end(end + 1);
  size_t i = end;
  if (i >= s.size() || s[i] != ' ') return false;
  while (i < s.size() && s[i] == ' ') ++i;
  if (s.size() - i < 5 || (s[i] | 0x20) != 'f' || (s[i + 1] | 0x20) != 'o' || (s[i + 2] | 0x20) != 'r' || s[i + 3] != ' ' ||
      !IsAsciiAlnum(s[i + 4])) {
    return false;
  }
  const size_t after_for = i + 4;
  size_t start = c.start;
  if (start >= 2 && s[start - 1] == '/' && IsAsciiAlnum(s[start - 2])) {
    size_t k = start - 1;
    while (k > 0 && (IsAsciiAlnum(s[k - 1]) || s[k - 1] == '.' || s[k - 1] == '+' || s[k - 1] == '#')) --k;
    if (IsUpper(s[k])) start = k;
  }
  // An opening quote right before the mention, and its closing quote soon after "for".
  const bool straight = start >= 1 && s[start - 1] == '"';
  const bool curly = start >= 3 && s.substr(start - 3, 3) == "\u201c";
  if (straight || curly) {
    const std::string_view rest = s.substr(after_for, std::min<size_t>(48, s.size() - after_for));
    const size_t close = straight ? rest.find('"') : rest.find("\u201d");
    return close != std::string_view::npos && rest.substr(0, close).find('\n') == std::string_view::npos;
  }
  // Otherwise a capitalised name after "think" or "the" ("the serverless framework for our APIs"
  // is the tool itself).
  if (!IsUpper(s[start])) return false;
  size_t j = start;
  while (j > 0 && s[j - 1] == ' ') --j;
  if (j == start) return false;
  size_t k = j;
  while (k > 0 && IsAsciiAlnum(s[k - 1])) --k;
  const std::string_view prev = s.substr(k, j - k);
  return EqualsIgnoreAsciiCase(prev, "think") || EqualsIgnoreAsciiCase(prev, "the");
}

// True when the mention is what the employer's product is compared with, not a technology it
// uses: a [matching].comparison_after phrase right after it ("Supabase is an open-source
// Firebase alternative", "an open source no-code database and Airtable alternative") or a
// comparison_before phrase right before it ("an open-source alternative to Datadog"). Source:
// held-out round 6; every "<skill> alternative" in the shared HN and Ashby data (33 mentions) is such
// a comparison.
bool TokenSkillExtractor::IsComparison(std::string_view s, const Cand& c) const {
  const ExtractionRules& r = rules_;
  if (r.comparison_after.empty() && r.comparison_before.empty()) return false;
  const size_t after = SkipSeparatorsForward(s, c.end);
  if (after > c.end && after + 1 < s.size() && EdgeMayMatch(comparison_after_first_, EdgeKey(s[after], s[after + 1]))) {
    for (const Phrase& p : r.comparison_after) {
      if (MatchPhraseForward(s, after, p) != std::string_view::npos) return true;
    }
  }
  const size_t before = SkipSeparatorsBack(s, c.start);
  if (before < c.start && before > 1 && EdgeMayMatch(comparison_before_last_, EdgeKey(s[before - 2], s[before - 1]))) {
    for (const Phrase& p : r.comparison_before) {
      if (MatchPhraseBackward(s, before, p) != std::string_view::npos) return true;
    }
  }
  return false;
}

// True when one of `words` (ASCII-lowercased) occurs on word boundaries within `window` words
// before or after the mention, on its line (RejectRule::near). Runs only for the few rules that
// have one.
bool NearWord(std::string_view s, const Cand& c, const std::vector<std::string>& words, int window) {
  size_t a = WalkWordsBack(s, c.start, window);
  size_t b = WalkWordsForward(s, c.end, window);
  const size_t line_start = s.rfind('\n', c.start == 0 ? 0 : c.start - 1);
  if (line_start != std::string_view::npos && line_start >= a) a = line_start + 1;
  b = std::min(b, std::min(s.size(), s.find('\n', c.end)));
  auto found_in = [&](size_t from, size_t to) {
    for (const std::string& w : words) {
      for (size_t i = from; i + w.size() <= to; ++i) {
        if (AsciiLower(s[i]) != w[0] || !EqualsIgnoreAsciiCase(s.substr(i, w.size()), w)) continue;
        if (IsAsciiAlnum(w.front()) && i > 0 && IsAsciiAlnum(s[i - 1])) continue;
        if (IsAsciiAlnum(w.back()) && i + w.size() < s.size() && IsAsciiAlnum(s[i + w.size()])) continue;
        return true;
      }
    }
    return false;
  };
  return found_in(a, c.start) || found_in(c.end, b);
}

bool TokenSkillExtractor::RuleHolds(std::string_view s, const Cand& c, const RuleRef& ref, const Work& w,
                                    bool check_context) const {
  const RejectRule& r = *ref.rule;
  if (r.at_sentence_start && !AtSentenceStart(s, c.start)) return false;
  if (r.after_hyphen && !(c.start >= 2 && s[c.start - 1] == '-' && IsAsciiAlnum(s[c.start - 2]))) return false;
  if (!r.prev.empty()) {
    bool any = false;
    const size_t before = SkipSeparatorsBack(s, c.start);
    if (!ref.prev_last.test(before > 0 ? static_cast<unsigned char>(AsciiLower(s[before - 1])) : 0)) return false;
    for (const Phrase& p : r.prev) {
      if (MatchPhraseBackward(s, before, p) != std::string_view::npos) {
        any = true;
        break;
      }
    }
    if (!any) return false;
  }
  if (!r.next.empty()) {
    bool any = false;
    const size_t after = SkipSeparatorsForward(s, c.end);
    if (!ref.next_first.test(after < s.size() ? static_cast<unsigned char>(AsciiLower(s[after])) : 0)) return false;
    for (const Phrase& p : r.next) {
      if (MatchPhraseForward(s, after, p) != std::string_view::npos) {
        any = true;
        break;
      }
    }
    if (!any) return false;
  }
  if (!r.near.empty() && !NearWord(s, c, r.near, r.near_within)) return false;
  if (r.needs_context()) {
    if (!check_context) return false;
    Work& mw = const_cast<Work&>(w);  // only the scratch vectors are touched
    if (r.no_context_within > 0 && HasContext(s, c, r.no_context_within, true, mw)) return false;
    if (r.no_tech_within > 0 && HasContext(s, c, r.no_tech_within, false, mw)) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Sections and requirement cues

size_t LineEnd(std::string_view s, size_t pos) {
  size_t e = s.find('\n', pos);
  return e == std::string_view::npos ? s.size() : e;
}

// ASCII bytes that decorate a line start (a table: this runs on every line).
constexpr auto kLineDecoration = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) {
    t[c] = IsSpace(static_cast<char>(c)) || IsBulletByte(static_cast<unsigned char>(c)) || c == '_' || c == '=' || c == '~';
  }
  return t;
}();

// Skips bullets, markdown and symbol characters at a line start.
size_t SkipLineDecoration(std::string_view s, size_t i, size_t end) {
  while (i < end) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (kLineDecoration[c]) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      size_t j = i;
      char32_t cp = DecodeUtf8(s, j);
      if (IsWordCodepoint(cp)) break;
      i = j;
      continue;
    }
    break;
  }
  return i;
}

bool IsBulletLine(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  if (i >= line.size()) return false;
  unsigned char c = static_cast<unsigned char>(line[i]);
  if (c == '-' || c == '*' || c == '+') return true;
  if (c >= 0x80) {
    size_t j = i;
    char32_t cp = DecodeUtf8(line, j);
    return !IsWordCodepoint(cp);  // •, ⁃, ▪, emoji
  }
  if (IsDigit(static_cast<char>(c))) {
    while (i < line.size() && IsDigit(line[i])) ++i;
    return i < line.size() && (line[i] == '.' || line[i] == ')');
  }
  return false;
}

// True when the line [ls, le) is a list item written as a paragraph of its own, as Hacker News
// comments write lists (<p> per item, no bullet): it starts a paragraph, is followed by a blank
// line or the end, is short (at most 110 bytes), starts with a capital letter and does not end
// like a sentence or an introduction ('.', '!', '?', ':', ','). Source: held-out round 4 (HN
// "QUALIFICATIONS:" followed by one-line paragraphs "Linux / Unix system administration skills,
// 5-10 years operations experience", "Solid scripting skills (i.e. shell scripts, Ruby, Python, Go)").
bool IsParagraphItem(std::string_view s, size_t ls, size_t le, bool starts_paragraph) {
  if (!starts_paragraph) return false;
  size_t a = ls;
  while (a < le && (s[a] == ' ' || s[a] == '\t')) ++a;
  size_t b = le;
  while (b > a && IsSpace(s[b - 1])) --b;
  if (b - a < 3 || b - a > 110 || !IsUpper(s[a])) return false;
  const char last = s[b - 1];
  if (last == '.' || last == '!' || last == '?' || last == ':' || last == ',') return false;
  // A line without lowercase letters is a heading of its own ("COMPETENCIES").
  bool lower = false;
  for (size_t k = a; k < b && !lower; ++k) lower = s[k] >= 'a' && s[k] <= 'z';
  if (!lower) return false;
  // No e-mail address or link ("You can also send your Github profile and resume to x@y.com").
  const std::string_view text = s.substr(a, b - a);
  if (text.find('@') != std::string_view::npos || text.find("://") != std::string_view::npos) return false;
  // Followed by a blank line or the end of the text...
  size_t n = le < s.size() ? le + 1 : le;
  while (n < s.size() && s[n] != '\n') {
    if (!IsSpace(s[n])) return false;
    ++n;
  }
  // ...and not by a bulleted list, which makes it a sub-heading ("About You\n\nWhat we
  // value\n\n - ...").
  while (n < s.size()) {  // s[n] is the '\n' that ends a blank line
    size_t e2 = s.find('\n', n + 1);
    if (e2 == std::string_view::npos) e2 = s.size();
    std::string_view next = s.substr(n + 1, e2 - n - 1);
    if (!TrimAscii(next).empty()) return !IsBulletLine(next);
    n = e2;
  }
  return true;
}

// Where the section opened by a heading whose line ends at `from` ends: the list after it ends
// at the first prose line that follows list items, and a section without a list keeps one
// prose paragraph. The next heading ends it earlier (handled by the caller).
uint32_t TokenSkillExtractor::SectionEnd(std::string_view s, size_t from) const {
  constexpr size_t kMaxSection = 1 << 15;
  size_t limit = std::min(s.size(), from + kMaxSection);
  bool seen_bullet = false;
  int prose = 0;
  size_t i = from;
  bool blank_before = false;
  bool prev_bullet = false;  // the last non-blank line was a list item or its continuation
  bool first_line = true;    // no non-blank line seen yet
  bool seen_real_bullet = false;  // a line with a bullet mark
  while (i < limit) {
    size_t e = LineEnd(s, i);
    std::string_view line = s.substr(i, e - i);
    if (TrimAscii(line).empty()) {
      blank_before = true;
      i = e + 1;
      continue;
    }
    const bool starts_paragraph = blank_before || first_line;
    first_line = false;
    const bool bullet = IsBulletLine(line);
    // Paragraph items only in a section that has no bulleted items (HN's <p> lists): in a
    // bulleted list, a short line after the items is the next (unlisted) heading.
    if (bullet || (!seen_real_bullet && IsParagraphItem(s, i, e, starts_paragraph))) {
      seen_real_bullet = seen_real_bullet || bullet;
      seen_bullet = true;
      blank_before = false;
      prev_bullet = true;
    } else if (prev_bullet && !blank_before &&
               (line[0] == ' ' || line[0] == '\t' || line[0] == '(' || (line[0] >= 'a' && line[0] <= 'z'))) {
      // A line right under an item that is indented, a parenthesis or a lowercase continuation
      // belongs to the item (a <br> inside an <li>: "- 2+ years in a consulting
      // environment\n(Must have supported multiple teams or clients)"), not to prose after it.
    } else {
      if (seen_bullet) return static_cast<uint32_t>(i);
      if (prose > 0 && blank_before) return static_cast<uint32_t>(i);
      ++prose;
      blank_before = false;
      prev_bullet = false;
    }
    i = e + 1;
  }
  return static_cast<uint32_t>(std::min(limit, s.size()));
}

bool IsAbbreviationBefore(std::string_view s, size_t dot) {
  size_t j = dot;
  while (j > 0 && (IsAsciiAlnum(s[j - 1]) || s[j - 1] == '.')) --j;
  std::string_view w = s.substr(j, dot - j);
  static constexpr std::string_view kAbbreviations[] = {"e.g", "i.e", "etc", "vs", "incl", "approx", "esp", "eg", "ie"};
  for (std::string_view a : kAbbreviations) {
    if (a.size() == w.size() && EqualsIgnoreAsciiCase(w, a)) return true;
  }
  return false;
}

// A sentence ends at a line break, ';', '|', or '.', '!', '?' followed by whitespace.
bool IsSentenceEndAt(std::string_view s, size_t i) {
  char c = s[i];
  if (c == '\n' || c == ';' || c == '|') return true;
  if (c == '.' || c == '!' || c == '?') {
    if (i + 1 < s.size() && !IsSpace(s[i + 1])) return false;
    return !(c == '.' && IsAbbreviationBefore(s, i));
  }
  return false;
}

// The bytes that may end a sentence (IsSentenceEndAt), recorded by the main scan.
const ByteMarks& SentenceMarks() {
  static const ByteMarks marks("\n.!?;|");
  return marks;
}

// The last marked position in [lo, pos), or SIZE_MAX.
size_t PrevMark(const std::vector<uint64_t>& bits, size_t pos, size_t lo) {
  if (pos == 0 || pos <= lo) return SIZE_MAX;
  size_t i = pos - 1;
  size_t word = i / 64;
  uint64_t m = bits[word] & (~uint64_t{0} >> (63 - (i % 64)));
  while (true) {
    if (m != 0) {
      size_t at = word * 64 + 63 - static_cast<size_t>(__builtin_clzll(m));
      return at >= lo ? at : SIZE_MAX;
    }
    if (word == 0 || word * 64 <= lo) return SIZE_MAX;
    m = bits[--word];
  }
}

// The first marked position in [pos, hi), or SIZE_MAX.
size_t NextMark(const std::vector<uint64_t>& bits, size_t pos, size_t hi) {
  if (pos >= hi) return SIZE_MAX;
  size_t word = pos / 64;
  if (word >= bits.size()) return SIZE_MAX;
  uint64_t m = bits[word] & (~uint64_t{0} << (pos % 64));
  while (true) {
    if (m != 0) {
      size_t at = word * 64 + static_cast<size_t>(__builtin_ctzll(m));
      return at < hi ? at : SIZE_MAX;
    }
    if (++word >= bits.size() || word * 64 >= hi) return SIZE_MAX;
    m = bits[word];
  }
}

// The sentence around [start, end): from just after the previous sentence end to the next one
// (IsSentenceEndAt), at most kMaxSentence bytes each way.
std::pair<size_t, size_t> SentenceBounds(std::string_view s, size_t start, size_t end, const Work& w) {
  constexpr size_t kMaxSentence = 1000;
  size_t lo = start > kMaxSentence ? start - kMaxSentence : 0;
  size_t ss = lo;
  for (size_t i = PrevMark(w.punct, start, lo); i != SIZE_MAX; i = PrevMark(w.punct, i, lo)) {
    if (IsSentenceEndAt(s, i)) {
      ss = i + 1;
      break;
    }
  }
  size_t hi = std::min(s.size(), end + kMaxSentence);
  size_t se = hi;
  for (size_t i = NextMark(w.punct, end, hi); i != SIZE_MAX; i = NextMark(w.punct, i + 1, hi)) {
    if (IsSentenceEndAt(s, i)) {
      se = i;
      break;
    }
  }
  return {ss, se};
}


void TokenSkillExtractor::AddHeading(std::string_view s, size_t ls, uint32_t start, uint32_t end, HeadingClass cls,
                                     Work& w) const {
  size_t le = LineEnd(s, end);
  bool at_line_start = SkipLineDecoration(s, ls, start) == start;
  bool at_sentence = !at_line_start && AtSentenceStart(s, start);
  if (!at_line_start && !at_sentence) return;
  // What follows the phrase on its line.
  size_t i = end;
  while (i < le && (s[i] == ' ' || s[i] == '\t')) ++i;
  if (i < le && s[i] == ':') {
    size_t j = i + 1;
    while (j < le && IsSpace(s[j])) ++j;
    if (j >= le) {
      if (at_line_start) w.line_headings.push_back({start, SectionEnd(s, le), cls});
    } else {
      w.inline_headings.push_back({start, static_cast<uint32_t>(le), cls});
    }
    return;
  }
  if (!at_line_start) return;
  // Nothing else on the line but decoration, an ellipsis or a question mark ("Requirements",
  // "## Nice to have !", "EVEN BETTER...", "Is this you?").
  size_t rest = i;
  while (rest < le && (s[rest] == '.' || s[rest] == '?' || s[rest] == '!')) ++rest;
  if (SkipLineDecoration(s, rest, le) >= le) {
    w.line_headings.push_back({start, SectionEnd(s, le), cls});
    return;
  }
  // A short line that starts with the phrase and ends with ':' or an ellipsis ("Requirements &
  // skills:", "Bonus points if you have…": held-out round 4).
  size_t last = le;
  while (last > i && IsSpace(s[last - 1])) --last;
  const bool colon_end = last > i && s[last - 1] == ':';
  const bool ellipsis_end = (last >= i + 3 && s.substr(last - 3, 3) == "\u2026") || (last >= i + 3 && s.substr(last - 3, 3) == "...");
  if ((colon_end || ellipsis_end) && WordsBetween(s, ls, last, rules_.max_heading_words, w.word_starts) <= rules_.max_heading_words) {
    w.line_headings.push_back({start, SectionEnd(s, le), cls});
    return;
  }
  // The phrase joined by '&' to at most three more words, nothing else ("Bonus Points & Other
  // Considerations", "Requirements & Skills").
  if (s[i] == '&') {
    size_t k = i + 1;
    int words = 0;
    bool plain = true;
    while (k < last && plain) {
      while (k < last && s[k] == ' ') ++k;
      if (k >= last) break;
      ++words;
      while (k < last && s[k] != ' ') {
        plain = plain && (IsAsciiAlnum(s[k]) || s[k] == '-' || s[k] == '\'');
        ++k;
      }
    }
    if (plain && words >= 1 && words <= 3) w.line_headings.push_back({start, SectionEnd(s, le), cls});
  }
}

void TokenSkillExtractor::AddColonHeading(std::string_view s, size_t ls, size_t colon, Work& w) const {
  // A short capitalised line ending with ':' that is not a list item: an unnamed section
  // ("Tech stack:"). Named headings on the same line were added before.
  std::string_view line = s.substr(ls, colon - ls);
  if (IsBulletLine(line)) return;
  size_t first = SkipLineDecoration(s, ls, colon);
  if (first >= colon || !IsUpper(s[first])) return;
  constexpr int kMaxUnnamedHeadingWords = 4;
  if (WordsBetween(s, ls, colon, kMaxUnnamedHeadingWords, w.word_starts) > kMaxUnnamedHeadingWords) return;
  // (Headings are added line by line, so the last one is on this line when it starts in it.)
  if (!w.line_headings.empty() && w.line_headings.back().start >= ls) return;
  size_t le = LineEnd(s, colon);
  w.line_headings.push_back({static_cast<uint32_t>(first), SectionEnd(s, le), HeadingClass::kOther});
}

// Finds section headings in lines that start before `until`: a heading phrase opening a line,
// or opening a sentence and followed by ':'; and short lines ending with ':'.
void TokenSkillExtractor::FindHeadings(std::string_view s, size_t until, Work& w) const {
  constexpr size_t kMaxHeadingBytes = 120;
  size_t ls = 0;  // the current line's start
  auto try_at = [&](size_t from, size_t limit) {
    char buf[24];
    std::string_view head = s.substr(from, std::min<size_t>(limit - from, 40));
    {
      // FirstWordFolded's word, checked on its key first (most lines start with no heading word).
      size_t i = 0;
      while (i < head.size() && !IsAsciiAlnum(head[i]) && head[i] != '_') ++i;
      size_t j = i;
      while (j < head.size() && (IsAsciiAlnum(head[j]) || head[j] == '_')) ++j;
      if (j == i || j - i > sizeof buf ||
          !heading_first_keys_.test(FirstWordKey(j - i, AsciiLower(head[i]), AsciiLower(head[j - 1])))) {
        return;
      }
    }
    std::string_view first = FirstWordFolded(head, buf, sizeof buf);
    if (first.empty() ||
        !std::binary_search(heading_first_words_.begin(), heading_first_words_.end(), first, std::less<>())) {
      return;
    }
    size_t stop = std::min(limit, from + kMaxHeadingBytes);
    w.local.clear();
    headings_.MatchPrefix(s.substr(from, stop - from), w.local);
    // The longest phrase that starts right at `from`.
    const PhraseMatch* best = nullptr;
    for (const PhraseMatch& m : w.local) {
      if (!PhraseEdgesOk(s, from, from + m.end)) continue;
      if (best == nullptr || m.end > best->end) best = &m;
    }
    if (best != nullptr) {
      AddHeading(s, ls, static_cast<uint32_t>(from), static_cast<uint32_t>(from + best->end), heading_of_[best->id], w);
    }
  };
  constexpr size_t kShortLine = 120;  // a line this short may be a heading without a colon
  while (ls < s.size() && ls <= until) {
    size_t le = LineEnd(s, ls);
    size_t first = SkipLineDecoration(s, ls, le);
    // A long line without a colon can hold neither a heading nor "Heading: text".
    bool candidate = first < le && (le - first <= kShortLine || s.substr(first, le - first).find(':') != std::string_view::npos);
    if (candidate) {
      try_at(first, le);
      // "... in Berlin. Requirements: Go" - a heading opening a later sentence, before ':'.
      std::string_view line = s.substr(0, le);
      for (size_t colon = line.find(':', first + 1); colon != std::string_view::npos;
           colon = line.find(':', colon + 1)) {
        if (colon + 1 < le && !IsSpace(s[colon + 1])) continue;  // "https:", "10:30"
        size_t lo = colon > first + 60 ? colon - 60 : first;
        size_t k = lo;
        for (size_t i = PrevMark(w.punct, colon, lo); i != SIZE_MAX; i = PrevMark(w.punct, i, lo)) {
          if (IsSentenceEndAt(s, i)) {
            k = i + 1;
            break;
          }
        }
        if (k <= first || k == lo) continue;
        while (k < colon && IsSpace(s[k])) ++k;
        if (k < colon) try_at(k, colon);
      }
      size_t last = le;
      while (last > first && IsSpace(s[last - 1])) --last;
      if (last > first && s[last - 1] == ':') AddColonHeading(s, ls, last - 1, w);
    }
    ls = le + 1;
  }
  std::stable_sort(w.line_headings.begin(), w.line_headings.end(),
                   [](const LineHeading& a, const LineHeading& b) { return a.start < b.start; });
  // A section ends where the next one starts.
  for (size_t i = 0; i + 1 < w.line_headings.size(); ++i) {
    w.line_headings[i].scope_end = std::min(w.line_headings[i].scope_end, w.line_headings[i + 1].start);
  }
}

// A "Company | Role | Place | ..." first line (the Hacker News convention): the fields after
// the first name the role, so a technology there is required like one in a title.
// A "Company | Role | Place | ..." first line (the Hacker News convention): the first field
// names the employer, the following ones the role, so a technology there is required like one
// in a title.
bool InHeaderRole(const Cand& c, const Work& w) {
  return w.header_bar2 != std::string_view::npos && c.start > w.header_bar && c.end <= w.first_line_end;
}

bool TokenSkillExtractor::NamesCompany(std::string_view s, const Cand& c, Work& w) const {
  // The employer: once a company-named skill is in the first field of the header line, every
  // mention of it is the company ("At MongoDB, we ...").
  if (w.header_bar != std::string_view::npos) {
    for (const Cand& o : w.cands) {
      if (o.start >= w.header_bar) break;
      if (o.skill == c.skill) return true;
    }
  }
  // A list of companies: a company cue shortly before, in the same sentence. The main scan
  // recorded every token that may start one.
  constexpr int kCompanyListWords = 12;
  constexpr size_t kLookBackBytes = 160;
  size_t from = c.start > kLookBackBytes ? c.start - kLookBackBytes : 0;
  w.local.clear();
  MatchSideTokens(company_, s, w.side, from, c.start, w.local);
  for (const PhraseMatch& m : w.local) {
    if (m.end > c.start || !PhraseEdgesOk(s, m.begin, m.end)) continue;
    if (WordsBetween(s, m.end, c.start, kCompanyListWords, w.word_starts) > kCompanyListWords) continue;
    bool sentence_break = false;
    for (size_t i = NextMark(w.punct, m.end, c.start); i != SIZE_MAX && !sentence_break;
         i = NextMark(w.punct, i + 1, c.start)) {
      sentence_break = IsSentenceEndAt(s, i);
    }
    if (!sentence_break) return true;
  }
  return false;
}

// Words in s[a, b) that are not part of a counted mention: a cue reaches through a list of
// technologies ("knowledge of Java, Python, and C/C++").
int WordsBetweenSkipping(std::string_view s, size_t a, size_t b, int limit, const Work& w) {
  auto it = std::lower_bound(w.cands.begin(), w.cands.end(), static_cast<uint32_t>(a),
                             [](const Cand& c, uint32_t v) { return c.start < v; });
  int n = 0;
  size_t i = a;
  while (i < b) {
    // The next alive mention inside [i, b).
    while (it != w.cands.end() && (!it->alive || it->start < i)) ++it;
    size_t stop = (it != w.cands.end() && it->start < b && it->end <= b) ? it->start : b;
    n += WordsBetween(s, i, stop, limit - n, w.word_starts);
    if (n > limit || stop == b) return n;
    i = it->end;
    ++it;
  }
  return n;
}

// The first '(' or ')' in s[i, to), or `to`; 8 bytes at a time (most spans have none).
size_t NextParen(std::string_view s, size_t i, size_t to) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  for (; i + 8 <= to; i += 8) {
    uint64_t x = LoadBytes8(s.data() + i);
    uint64_t open = x ^ (kOnes * '(');  // a zero byte where x has '('
    uint64_t close = x ^ (kOnes * ')');
    if ((((open - kOnes) & ~open) | ((close - kOnes) & ~close)) & kHigh) break;
  }
  while (i < to && s[i] != '(' && s[i] != ')') ++i;
  return i;
}

// The outermost '(' opened in s[from, to) that is still open at `to`, or npos.
size_t OpenParenAt(std::string_view s, size_t from, size_t to) {
  size_t open = std::string_view::npos;
  int depth = 0;
  for (size_t i = NextParen(s, from, to); i < to; i = NextParen(s, i + 1, to)) {
    if (s[i] == '(') {
      if (depth == 0) open = i;
      ++depth;
    } else if (depth > 0) {
      --depth;
    }
  }
  return depth == 0 ? std::string_view::npos : open;
}

// True when a parenthesis that was open at `from` closes before `to`: a cue inside
// "(preferably AWS)" does not reach the words after the parenthesis.
bool ClosesParen(std::string_view s, size_t from, size_t to) {
  int depth = 0;
  for (size_t i = NextParen(s, from, to); i < to; i = NextParen(s, i + 1, to)) {
    if (s[i] == '(') {
      ++depth;
    } else {
      if (depth == 0) return true;
      --depth;
    }
  }
  return false;
}

bool TokenSkillExtractor::ParenBarrier(std::string_view s, uint32_t from, uint32_t to, const Work& w) const {
  // An opening parenthesis between the mention and a later cue, still open at the cue, puts
  // the cue inside a parenthetical; it qualifies the mention only when the parenthetical
  // names no technology of its own ("Go (preferred)" vs "Python (Go is a plus)").
  const size_t open = OpenParenAt(s, from, to);
  if (open == std::string_view::npos) return false;
  auto it = std::lower_bound(w.cands.begin(), w.cands.end(), static_cast<uint32_t>(open),
                             [](const Cand& c, uint32_t v) { return c.start < v; });
  for (; it != w.cands.end() && it->start < to; ++it) {
    if (it->alive) return true;
  }
  return false;
}

// True when a [requirement].stack_disclaimers phrase follows the mention on its line. The
// line's last disclaimer is looked up once per line, among the tokens the main scan recorded.
bool TokenSkillExtractor::DisclaimedLater(std::string_view s, const Cand& c, Work& w) const {
  if (rules_.stack_disclaimers.empty()) return false;
  if (!w.disc_valid || c.start < w.disc_line_start || c.end > w.disc_line_end) {
    // memrchr, not string_view::rfind (a byte loop): this runs for most lines that name a skill.
    const void* nl = c.start == 0 ? nullptr : memrchr(s.data(), '\n', c.start);
    const size_t ls = nl == nullptr ? 0 : static_cast<size_t>(static_cast<const char*>(nl) - s.data()) + 1;
    size_t le = s.find('\n', c.end);
    if (le == std::string_view::npos) le = s.size();
    w.disc_line_start = ls;
    w.disc_line_end = le;
    w.disc_last = std::string_view::npos;
    w.local.clear();
    MatchSideTokens(disclaimers_, s, w.side, ls, le, w.local);
    for (const PhraseMatch& m : w.local) {
      if (m.begin < ls || m.end > le || !PhraseEdgesOk(s, m.begin, m.end)) continue;
      if (w.disc_last == std::string_view::npos || m.begin > w.disc_last) w.disc_last = m.begin;
    }
    w.disc_valid = true;
  }
  return w.disc_last != std::string_view::npos && c.end <= w.disc_last;
}

void TokenSkillExtractor::LoadSentenceCues(std::string_view s, size_t ss, size_t se, Work& w) const {
  w.cues.clear();
  w.local.clear();
  MatchSideTokens(cues_, s, w.side, ss, se, w.local);
  for (const PhraseMatch& m : w.local) {
    if (m.begin < ss || m.end > se || !PhraseEdgesOk(s, m.begin, m.end)) continue;
    w.cues.push_back(CueHit{m.begin, m.end, cue_of_[m.id]});
  }
  std::sort(w.cues.begin(), w.cues.end(), [](const CueHit& a, const CueHit& b) { return a.start < b.start; });
  w.sent_start = ss;
  w.sent_end = se;
  w.sent_valid = true;
}

// True when s[from, to) holds one of the rules' subject_breaks as a whole word, or a bullet
// between spaces (" - ", " * "): list items run together on one line, as in Hacker News posts
// whose line breaks HTML collapses ("- Experience with Scala - React knowledge is a plus").
bool TokenSkillExtractor::HasSubjectBreak(std::string_view s, size_t from, size_t to) const {
  for (size_t k = from; k + 2 < to; ++k) {
    if (s[k] == ' ' && (s[k + 1] == '-' || s[k + 1] == '*') && s[k + 2] == ' ') return true;
  }
  size_t i = from;
  while (i < to) {
    while (i < to && !IsAsciiAlnum(s[i])) ++i;
    size_t j = i;
    while (j < to && IsAsciiAlnum(s[j])) ++j;
    if (j > i && j - i <= 16) {
      char buf[16];
      for (size_t k = i; k < j; ++k) buf[k - i] = AsciiLower(s[k]);
      std::string_view word(buf, j - i);
      for (const std::string& b : rules_.subject_breaks) {
        if (word == b) return true;
      }
    }
    i = j;
  }
  return false;
}

// True when the cue at `cue` stands inside a parenthesis opened after `from` that qualifies
// less than the whole list: words precede the cue in it ("Tableau (certification preferred)"),
// or the sentence goes on after it ("Angular (preferred) or React, along with ..."); "React,
// Next.js and TypeScript (nice to have)" qualifies the list.
bool ParenCueQualifiesLess(std::string_view s, size_t from, size_t cue, const Work& w) {
  const size_t open = OpenParenAt(s, from, cue);
  if (open == std::string_view::npos) return false;
  if (WordsBetween(s, open + 1, cue, 1, w.word_starts) > 0) return true;
  size_t close = NextParen(s, cue, w.sent_end);
  while (close < w.sent_end && s[close] != ')') close = NextParen(s, close + 1, w.sent_end);
  for (size_t i = close + 1; i < w.sent_end; ++i) {
    if (IsAsciiAlnum(s[i])) return true;
  }
  return false;
}

// True when a counted mention starts within a few words after `from`, in the loaded sentence.
bool MentionSoonAfter(std::string_view s, uint32_t from, const Work& w) {
  constexpr int kWords = 3;
  auto it = std::lower_bound(w.cands.begin(), w.cands.end(), from, [](const Cand& c, uint32_t v) { return c.start < v; });
  while (it != w.cands.end() && !it->alive) ++it;
  if (it == w.cands.end() || it->start >= w.sent_end) return false;
  return WordsBetween(s, from, it->start, kWords, w.word_starts) <= kWords;
}

int8_t TokenSkillExtractor::Requirement(std::string_view s, const Cand& c, Work& w) const {
  if (!w.sent_valid || c.start < w.sent_start || c.end > w.sent_end) {
    auto [ss, se] = SentenceBounds(s, c.start, c.end, w);
    LoadSentenceCues(s, ss, se, w);
  }
  // The nearest cue on each side. Before the mention, a nice-to-have cue scopes the rest of its
  // clause: in "ideally you have experience with Terraform", "ideally" wins over the nearer
  // "experience with".
  int before_dist = INT_MAX;
  int8_t before = -1;
  bool before_nice = false;
  bool before_subject = false;  // the nearest before cue is a required `subject` cue
  int after_dist = INT_MAX;
  int8_t after = -1;
  uint32_t after_start = 0;
  for (const CueHit& h : w.cues) {
    if (h.end > c.start && h.start < c.end) continue;  // overlaps the mention
    const RequirementCue& cue = rules_.cues[h.cue];
    int8_t effect = cue.effect == RequirementCue::Effect::kRequired ? 1 : 0;
    if (h.start >= c.end && cue.side != RequirementCue::Side::kBefore) {
      int dist = WordsBetweenSkipping(s, c.end, h.start, cue.reach_words, w);
      if (dist > cue.reach_words || ParenBarrier(s, c.end, h.start, w)) continue;
      if (dist < after_dist || (dist == after_dist && effect == 0)) {
        after_dist = dist;
        after = effect;
        after_start = h.start;
      }
    } else if (h.end <= c.start && cue.side != RequirementCue::Side::kAfter) {
      int dist = WordsBetweenSkipping(s, h.end, c.start, cue.reach_words, w);
      if (dist > cue.reach_words || ClosesParen(s, h.end, c.start)) continue;
      before_nice = before_nice || effect == 0;
      if (dist < before_dist || (dist == before_dist && effect == 0)) {
        before_dist = dist;
        before = effect;
        before_subject = cue.subject;
      }
    }
  }
  if (before_nice) before = 0;
  // "Experience with React, Next.js and TypeScript is a plus": the nice predicate qualifies the
  // whole subject, the nearer "experience with" included.
  // Not when the words open a phrase of their own: a nice `before` cue starts there too and
  // a mention follows it closely ("expertise in React, with bonus points for Tailwind CSS").
  if (before == 1 && before_subject && after == 0) {
    bool opens = HasSubjectBreak(s, c.end, after_start) || ParenCueQualifiesLess(s, c.end, after_start, w);
    for (const CueHit& h : w.cues) {
      const RequirementCue& cue = rules_.cues[h.cue];
      opens = opens || (h.start == after_start && cue.effect == RequirementCue::Effect::kNice &&
                        cue.side != RequirementCue::Side::kAfter && MentionSoonAfter(s, h.end, w));
    }
    if (!opens) return 0;
  }
  int8_t best = -1;
  if (before >= 0 && (after < 0 || before_dist < after_dist || (before_dist == after_dist && before == 0))) {
    best = before;
  } else if (after >= 0) {
    best = after;
  }
  // A nice-to-have cue decides. Otherwise a nice-to-have section does: "proficient with Spark"
  // under "Nice to have" is still nice-to-have. Then a requirement cue, then the section.
  if (best == 0) return 0;
  // "Our stack is React and Postgres. It's not required you know any of these technologies."
  if (best < 0 && DisclaimedLater(s, c, w)) return 0;
  int8_t section = SectionOf(c, w);
  if (section == 0) return 0;
  if (best == 1) return 1;
  return section;
}

int8_t TokenSkillExtractor::SectionOf(const Cand& c, const Work& w) const {
  auto cls_value = [](HeadingClass h) -> int8_t {
    return h == HeadingClass::kRequired ? 1 : h == HeadingClass::kNice ? 0 : -1;
  };
  // An inline heading ("Nice to have: Rust, Go") governs the rest of its line.
  for (auto jt = w.inline_headings.rbegin(); jt != w.inline_headings.rend(); ++jt) {
    if (jt->start >= c.start) continue;
    if (jt->scope_end > c.start) return cls_value(jt->cls);
    break;
  }
  for (auto jt = w.line_headings.rbegin(); jt != w.line_headings.rend(); ++jt) {
    if (jt->start >= c.start) continue;
    return jt->scope_end > c.start ? cls_value(jt->cls) : -1;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------
// The pipeline

void TokenSkillExtractor::Process(std::string_view text, bool is_title, Work& w, std::vector<SkillHit>& hits) const {
  w.matches.clear();
  w.side.clear();
  w.cands.clear();
  w.line_headings.clear();
  w.inline_headings.clear();
  w.sent_valid = false;
  w.disc_valid = false;
  if (text.empty()) return;
  if (text.size() > kMaxScanBytes) text = text.substr(0, kMaxScanBytes);

  // 1-2. Every spelling on token boundaries.
  spellings_.Scan(text, w.matches, kMaxHits, &w.side, &SentenceMarks(), &w.punct, &w.word_starts);
  for (const PhraseMatch& m : w.matches) {
    const Spelling& p = pats_[m.id];
    bool digits_ok = !p.last_alnum || (p.last_alpha && p.len >= static_cast<uint32_t>(rules_.digit_suffix_min_len));
    if (BoundaryOk(text, m.begin, m.end, digits_ok)) w.cands.push_back(Cand{m.id, m.begin, m.end, p.skill, true, false});
  }
  if (w.cands.empty()) return;
  {
    size_t nl = text.find('\n');
    w.first_line_end = nl == std::string_view::npos ? text.size() : nl;
    std::string_view first_line = text.substr(0, w.first_line_end);
    w.header_bar = is_title ? std::string_view::npos : first_line.find('|');
    w.header_bar2 = w.header_bar == std::string_view::npos ? w.header_bar : first_line.find('|', w.header_bar + 1);
  }
  std::sort(w.cands.begin(), w.cands.end(), [](const Cand& a, const Cand& b) {
    return a.start != b.start ? a.start < b.start : a.end > b.end;
  });

  // 3. URLs and e-mail addresses (one check per token).
  {
    size_t last_start = SIZE_MAX;
    size_t last_end = 0;
    for (Cand& c : w.cands) {
      if (last_start != SIZE_MAX && c.start >= last_start && c.end <= last_end) {
        c.alive = false;
        continue;
      }
      if (InUrlOrEmail(text, pats_[c.pat], c.start, c.end)) {
        c.alive = false;
        // Remember the token span so later candidates in it skip the work.
        size_t ts = c.start;
        while (ts > 0 && !IsTokenBreak(text[ts - 1])) --ts;
        size_t te = c.end;
        while (te < text.size() && !IsTokenBreak(text[te])) ++te;
        last_start = ts;
        last_end = te;
      }
    }
  }

  // 4. not_in phrases, company names, then reject rules that need no context.
  for (Cand& c : w.cands) {
    if (!c.alive) continue;
    if (InsideNotIn(text, c) || (!is_title && tax_->at(c.skill).company && NamesCompany(text, c, w)) ||
        (!is_title && (IsAnalogy(text, c) || IsComparison(text, c)))) {
      c.alive = false;
      continue;
    }
    const Spelling& p = pats_[c.pat];
    for (uint32_t r = p.rules_begin; r < p.rules_end; ++r) {
      const RuleRef& rule = rule_refs_[r];
      if (!rule.rule->needs_context() && RuleHolds(text, c, rule, w, false)) {
        c.alive = false;
        break;
      }
    }
  }

  // 5. Leftmost-longest among the survivors; a skill with keeps_inner lets whole words inside
  // it count too ("AWS" in "AWS Lambda").
  uint32_t last_end = 0;
  uint32_t last_start = 0;
  bool last_keeps = false;
  bool any = false;
  for (Cand& c : w.cands) {
    if (!c.alive) continue;
    if (any && c.start < last_end) {
      bool inside = c.start >= last_start && c.end <= last_end;
      c.alive = last_keeps && inside;
      continue;
    }
    last_start = c.start;
    last_end = c.end;
    last_keeps = tax_->at(c.skill).keeps_inner;
    any = true;
  }

  // 6. Context rules. A context-dependent mention whose context was found becomes context for
  // others ("tools like Airflow, Luigi, and Prefect"), so repeat while mentions get confirmed.
  constexpr int kContextRounds = 4;
  for (int round = 0; round < kContextRounds; ++round) {
    bool changed = false;
    for (Cand& c : w.cands) {
      if (!c.alive || c.confirmed || !pats_[c.pat].needs_context) continue;
      const Spelling& p = pats_[c.pat];
      bool rejected = false;
      for (uint32_t r = p.rules_begin; r < p.rules_end && !rejected; ++r) {
        const RuleRef& rule = rule_refs_[r];
        rejected = rule.rule->needs_context() && RuleHolds(text, c, rule, w, true);
      }
      if (!rejected) {
        c.confirmed = true;
        changed = true;
      }
    }
    if (!changed) break;
  }
  for (Cand& c : w.cands) {
    if (c.alive && pats_[c.pat].needs_context && !c.confirmed) c.alive = false;
  }

  // 7-8. Requirement, implied skills.
  uint32_t last_alive = 0;
  bool alive_any = false;
  for (const Cand& c : w.cands) {
    if (c.alive) {
      last_alive = c.start;
      alive_any = true;
    }
  }
  if (!alive_any) return;
  if (!is_title) FindHeadings(text, last_alive, w);
  for (const Cand& c : w.cands) {
    if (!c.alive) continue;
    SkillHit h;
    h.skill_id = c.skill;
    h.begin = c.start;
    h.end = c.end;
    h.in_title = is_title;
    int8_t req = is_title || InHeaderRole(c, w) ? 1 : Requirement(text, c, w);
    if (req >= 0) h.required = req == 1;
    hits.push_back(h);
    for (uint16_t imp : tax_->at(c.skill).implies) {
      SkillHit ih = h;
      ih.skill_id = imp;
      ih.implied = true;
      hits.push_back(ih);
    }
  }
}

void TokenSkillExtractor::Run(std::string_view title, std::string_view text, std::vector<SkillHit>& hits) const {
  Work& w = tls_work;
  Process(title, true, w, hits);
  Process(text, false, w, hits);
  w.Trim();
}

void TokenSkillExtractor::ExtractHits(std::string_view title, std::string_view text,
                                      std::vector<SkillHit>& out) const {
  Run(title, text, out);
}

void TokenSkillExtractor::Extract(std::string_view title, std::string_view text,
                                  std::vector<SkillMention>& out) const {
  Work& w = tls_work;
  w.hits.clear();
  Run(title, text, w.hits);
  if (w.hits.empty()) return;
  out.reserve(out.size() + w.hits.size());  // one allocation, not one per doubling
  for (const SkillHit& h : w.hits) out.push_back(SkillMention{h.skill_id, h.required});
  std::sort(out.begin(), out.end(), [](const SkillMention& a, const SkillMention& b) { return a.skill_id < b.skill_id; });
  // Merge per skill: required if any mention is, else nice-to-have if any is, else unknown.
  size_t o = 0;
  for (size_t i = 0; i < out.size();) {
    size_t j = i;
    bool req = false;
    bool nice = false;
    for (; j < out.size() && out[j].skill_id == out[i].skill_id; ++j) {
      if (out[j].required.has_value()) {
        req = req || *out[j].required;
        nice = nice || !*out[j].required;
      }
    }
    SkillMention m{out[i].skill_id, std::nullopt};
    if (req) {
      m.required = true;
    } else if (nice) {
      m.required = false;
    }
    out[o++] = m;
    i = j;
  }
  out.resize(o);
}

}  // namespace

Result<std::unique_ptr<SkillExtractor>> SkillExtractor::Create(std::shared_ptr<const Taxonomy> taxonomy) {
  if (taxonomy == nullptr) return InvalidArgument("SkillExtractor::Create: null taxonomy");
  auto ex = std::make_unique<TokenSkillExtractor>(std::move(taxonomy));
  SP_TRY(ex->Compile());
  return std::unique_ptr<SkillExtractor>(std::move(ex));
}

}  // namespace skillpulse
