// Minimum years of experience: "3+ years", "5-7 years", "at least two years", "a decade".
// Word lists: data/fields/experience.tsv.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

#include "enrich/field_data.h"
#include "enrich/field_scan.h"
#include "enrich/fields.h"
#include "enrich/fields_internal.h"

namespace skillpulse {
namespace fields {
namespace {

struct ExperienceRules {
  WordSet units;    // value: index into unit_years
  std::vector<double> unit_years;
  WordSet after;    // requirement words after the unit
  WordSet before;   // requirement words before the number
  WordSet company;  // company / time context
  WordSet ofnot;    // "years of X" where X is not experience
  WordSet det;      // "years of/in X" with X a determiner: never a line of work
  WordSet ask;      // before the figure, nearer than a company word: the sentence asks the hire
  WordSet after_only;  // company words that count only after the unit ("a 4 year degree")
  WordSet teamverb; // "team includes ... N years": the existing team, not the hire
  WordSet field;    // after such an X: a line of work ("years of growth marketing")
  WordSet compound; // "year-long", "year-old": the unit is part of an adjective
  TriggerScanner scanner;
};

std::unique_ptr<ExperienceRules> LoadRules() {
  auto r = std::make_unique<ExperienceRules>();
  for (const auto& row : TsvRows(DataText("fields/experience.tsv"))) {
    if (row.size() < 2) throw std::logic_error("experience.tsv: short row");
    if (row[0] == "unit") {
      if (row.size() < 3) throw std::logic_error("experience.tsv: unit without value");
      r->units.Add(row[1], static_cast<int>(r->unit_years.size()));
      std::string v(row[2]);
      size_t slash = v.find('/');
      r->unit_years.push_back(slash == std::string::npos ? std::stod(v)
                                                         : std::stod(v.substr(0, slash)) / std::stod(v.substr(slash + 1)));
    } else if (row[0] == "after") {
      r->after.Add(row[1], 1);
    } else if (row[0] == "before") {
      r->before.Add(row[1], 1);
    } else if (row[0] == "company") {
      r->company.Add(row[1], 1);
    } else if (row[0] == "ofnot") {
      r->ofnot.Add(row[1], 1);
    } else if (row[0] == "ofdet") {
      r->ofnot.Add(row[1], 1);
      r->det.Add(row[1], 1);
    } else if (row[0] == "ask") {
      r->ask.Add(row[1], 1);
    } else if (row[0] == "companyafter") {
      r->company.Add(row[1], 1);
      r->after_only.Add(row[1], 1);
    } else if (row[0] == "teamverb") {
      r->teamverb.Add(row[1], 1);
    } else if (row[0] == "field") {
      r->field.Add(row[1], 1);
    } else if (row[0] == "compound") {
      r->compound.Add(row[1], 1);
    } else {
      throw std::logic_error("experience.tsv: unknown kind " + std::string(row[0]));
    }
  }
  // Units are the triggers: every one is a whole word.
  for (const auto& row : TsvRows(DataText("fields/experience.tsv"))) {
    if (row[0] == "unit") r->scanner.Add(row[1], false, kCatExperience, static_cast<uint16_t>(r->units.Find(row[1])));
  }
  r->scanner.Build();
  return r;
}

const ExperienceRules& Rules() {
  static const std::unique_ptr<ExperienceRules> r = LoadRules();
  return *r;
}

// Only spaces (at most 3), '+' and ')' / '(' between a number and the unit or the next part.
bool NumberGap(std::string_view s, size_t a_end, size_t b_begin) {
  if (b_begin - a_end > 4) return false;
  for (size_t i = a_end; i < b_begin; ++i) {
    char c = s[i];
    if (c != ' ' && c != '+' && c != ')' && c != '(' && c != '\'') return false;
  }
  return true;
}

// A number token's value: digits (with a decimal part "1.5"), one..twenty. -1 if none.
double TokenNumber(std::string_view s, const Token& t, Token* start) {
  *start = t;
  if (t.digits) {
    if (t.size() > 3) return -1;
    double v = 0;
    for (uint32_t k = t.begin; k < t.end; ++k) v = v * 10 + (s[k] - '0');
    // Decimal part: "1.5 years" (t is the fraction) is read from its integer part.
    if (t.begin >= 2 && s[t.begin - 1] == '.' && IsDigit(s[t.begin - 2])) {
      Token ip;
      if (PrevToken(s, t.begin - 1, ip) && ip.digits && ip.end == t.begin - 1 && ip.size() <= 2) {
        double i = 0;
        for (uint32_t k = ip.begin; k < ip.end; ++k) i = i * 10 + (s[k] - '0');
        double frac = v;
        for (uint32_t k = 0; k < t.size(); ++k) frac /= 10;
        *start = ip;
        return i + frac;
      }
    }
    return v;
  }
  if (t.size() > 9) return -1;
  char buf[10];
  for (uint32_t k = 0; k < t.size(); ++k) buf[k] = Lower(s[t.begin + k]);
  std::string_view w(buf, t.size());
  if (w == "a" || w == "an") return -1;  // handled by the caller ("a decade")
  int v = NumberValue(w);
  return v;
}

// True when, within 5 words after x in the same sentence, a "field" word makes x part of a
// line of work: "2–5 years of Growth/Demand Gen Marketing experience", "3–5 years in
// growth/performance marketing", "2+ years of development experience" (held-out2 ashby
// double, finalroundai), unlike "the next 5 years of growth", "40 years of research and practice".
bool FieldFollows(std::string_view s, const ExperienceRules& r, const Token& x) {
  // "stay 2+ years in their last role": the years are in a role already held.
  if (r.det.Find(s, x) >= 0) return false;
  Token cur = x;
  for (int k = 0; k < 5; ++k) {
    Token next;
    if (!NextToken(s, cur.end, next) || IsSentenceBreak(s, cur, next.begin)) return false;
    if (!next.digits && r.field.Find(s, next) >= 0) return true;
    cur = next;
  }
  return false;
}

// True when the gap [a, b) holds a list bullet between spaces: " - ", " * ", " • ".
bool BulletGap(std::string_view s, size_t a, size_t b) {
  for (size_t i = a + 1; i < b && i < s.size(); ++i) {
    if (s[i - 1] != ' ') continue;
    if ((s[i] == '-' || s[i] == '*') && i + 1 < b && s[i + 1] == ' ') return true;
    if (i + 2 < b && static_cast<unsigned char>(s[i]) == 0xE2 && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        static_cast<unsigned char>(s[i + 2]) == 0xA2) {
      return true;
    }
  }
  return false;
}

// True when only spaces, tabs and a list bullet ('-', '*', U+2022) stand between the start of
// the line (or text) and pos: the figure opens a line, as in a list "4+ years: JavaScript".
bool OpensLine(std::string_view s, size_t pos) {
  while (pos > 0) {
    unsigned char c = static_cast<unsigned char>(s[pos - 1]);
    if (c == '\n' || c == '\r') return true;
    if (c == ' ' || c == '\t' || c == '-' || c == '*') {
      --pos;
    } else if (pos >= 3 && c == 0xA2 && static_cast<unsigned char>(s[pos - 2]) == 0x80 &&
               static_cast<unsigned char>(s[pos - 3]) == 0xE2) {
      pos -= 3;
    } else {
      return false;
    }
  }
  return true;
}

// True when the words before "a year" / "a month" make it a rate, not a span of experience:
// an amount right before ("$120,000 - $200,000 a year", "$53k a year", "8 days a year") or a
// counted noun ("20 million students a year", "12 billion API requests a month"): a figure or a
// million/billion/thousand word among the 3 tokens before "a" (read from the shared HN and
// Ashby "N <noun> a year" contexts; held-out3 ashby fizz, prodigy-education).
bool IsRatePrefix(std::string_view s, Token t) {
  for (int k = 0; k < 3; ++k) {
    if (t.digits) return true;
    if (TokenIs(s, t, "million") || TokenIs(s, t, "billion") || TokenIs(s, t, "thousand") || TokenIs(s, t, "k") ||
        TokenIs(s, t, "m")) {
      // "k"/"m" only glued to a figure ("180k", "$2M").
      if (t.size() > 1 || (t.begin > 0 && IsDigit(s[t.begin - 1]))) return true;
    }
    Token p;
    if (!PrevToken(s, t.begin, p) || IsSentenceBreak(s, p, t.begin)) return false;
    t = p;
  }
  return false;
}

// True when the figure at num_start is the object of a sentence-opening "For": "For more than
// 25 years NREC has brought together ...", "For over twenty years, the FSF's Lab has been ...",
// "For the past 7 years, we have ...". Every such sentence of the shared HN and Ashby texts
// (476) tells the company's history; a requirement does not open with "For N years".
bool OpensWithForYears(std::string_view s, const Token& num_start) {
  Token cur = num_start;
  for (int k = 0; k < 4; ++k) {
    Token prev;
    if (!PrevToken(s, cur.begin, prev) || IsSentenceBreak(s, prev, cur.begin)) return false;
    if (TokenIs(s, prev, "for")) {
      Token before;
      if (!PrevToken(s, prev.begin, before) || IsSentenceBreak(s, before, prev.begin) || OpensLine(s, prev.begin)) {
        return true;
      }
      // "... and AI. For more than 25 years NREC has ...": a capital "For" after a period that
      // IsSentenceBreak reads as an abbreviation's ("AI.", "Co.").
      if (s[prev.begin] != 'F') return false;
      for (size_t i = before.end; i < prev.begin; ++i) {
        if (s[i] == '.' || s[i] == ':') return true;
      }
      return false;
    }
    if (!(TokenIs(s, prev, "over") || TokenIs(s, prev, "more") || TokenIs(s, prev, "than") ||
          TokenIs(s, prev, "nearly") || TokenIs(s, prev, "almost") || TokenIs(s, prev, "about") ||
          TokenIs(s, prev, "the") || TokenIs(s, prev, "past") || TokenIs(s, prev, "last") ||
          TokenIs(s, prev, "around") || TokenIs(s, prev, "close") || TokenIs(s, prev, "to") ||
          TokenIs(s, prev, "just") || TokenIs(s, prev, "well"))) {
      return false;
    }
    cur = prev;
  }
  return false;
}

// A nested figure without its unit after an accepted requirement, in the same sentence:
// "8+ years of experience in software engineering, with 3+ in a technical leadership role"
// (held-out ashby talentsafari), "with at least 5 of those years dedicated to ...". Returns the
// smallest such figure not above `outer` (years), or -1. "with 3 of the following" is a count of
// items, not years: "of" counts only before "those"/"these"/"which".
double NestedYears(std::string_view s, const Token& unit, double outer) {
  double best = -1;
  Token cur = unit;
  for (int k = 0; k < 16; ++k) {
    Token next;
    if (!NextToken(s, cur.end, next) || IsSentenceBreak(s, cur, next.begin)) break;
    cur = next;
    if (!(TokenIs(s, next, "with") || TokenIs(s, next, "including"))) continue;
    Token n;
    if (!NextToken(s, next.end, n) || IsSentenceBreak(s, next, n.begin)) break;
    Token t2;
    if (TokenIs(s, n, "at") && NextToken(s, n.end, t2) && TokenIs(s, t2, "least")) {
      if (!NextToken(s, t2.end, n)) break;
    } else if (TokenIs(s, n, "min") || TokenIs(s, n, "minimum")) {
      if (!NextToken(s, n.end, n)) break;
    }
    if (!n.digits || n.size() > 2) continue;
    Token after;
    if (!NextToken(s, n.end, after) || !NumberGap(s, n.end, after.begin) || IsSentenceBreak(s, n, after.begin)) continue;
    bool nested = TokenIs(s, after, "in") || TokenIs(s, after, "as");
    if (TokenIs(s, after, "of")) {
      Token w;
      nested =
          NextToken(s, after.end, w) && (TokenIs(s, w, "those") || TokenIs(s, w, "these") || TokenIs(s, w, "which"));
    }
    if (!nested) continue;
    Token start;
    const double v = TokenNumber(s, n, &start);
    if (v <= outer && (best < 0 || v < best)) best = v;
  }
  return best;
}

// The figure of a "Years of Experience: N" field: "of experience", a colon, then optionally
// ">=", ">" or U+2265, then N (the low end of "N-M"). -1 when the unit is not such a field.
double LabelledYears(std::string_view text, const Token& unit) {
  Token of, ex;
  if (!NextToken(text, unit.end, of) || !TokenIs(text, of, "of") || of.begin != unit.end + 1) return -1;
  if (!NextToken(text, of.end, ex) || !TokenIs(text, ex, "experience") || ex.begin != of.end + 1) return -1;
  size_t k = ex.end;
  bool colon = false;
  const size_t limit = std::min<size_t>(text.size(), size_t{ex.end} + 8);
  while (k < limit) {
    const unsigned char c = static_cast<unsigned char>(text[k]);
    if (c == ':') {
      if (colon) return -1;
      colon = true;
      ++k;
    } else if (colon && (c == ' ' || c == '>' || c == '=')) {
      ++k;
    } else if (colon && c == 0xE2 && k + 2 < text.size() && static_cast<unsigned char>(text[k + 1]) == 0x89 &&
               static_cast<unsigned char>(text[k + 2]) == 0xA5) {
      k += 3;
    } else if (!colon && c == ' ') {
      ++k;
    } else {
      break;
    }
  }
  if (!colon || k >= text.size() || !IsDigit(text[k])) return -1;
  double v = 0;
  size_t digits = 0;
  while (k < text.size() && IsDigit(text[k]) && digits < 3) {
    v = v * 10 + (text[k] - '0');
    ++k;
    ++digits;
  }
  if (k < text.size() && (IsDigit(text[k]) || text[k] == '.' || text[k] == ',')) return -1;  // "2.5", "1,000"
  return v <= 30 ? v : -1;
}

// True when an opening parenthesis, and before it a strong role noun (data/fields/roles.tsv),
// stand right before pos: "Developer (" in "Senior Developer (5+ years)".
bool RoleBeforeParen(std::string_view text, size_t pos) {
  size_t i = pos;
  while (i > 0 && text[i - 1] == ' ') --i;
  if (i == 0 || text[i - 1] != '(') return false;
  const size_t paren = i - 1;
  Token t;
  if (!PrevToken(text, paren, t) || t.digits) return false;
  for (size_t g = t.end; g < paren; ++g) {
    if (text[g] != ' ') return false;
  }
  return CountRoleWords(text.substr(t.begin, t.end - t.begin)).strong > 0;
}

}  // namespace

void RegisterExperienceTriggers(TriggerScanner& s) {
  for (const auto& row : TsvRows(DataText("fields/experience.tsv"))) {
    if (row[0] == "unit") s.Add(row[1], false, kCatExperience, static_cast<uint16_t>(Rules().units.Find(row[1])));
  }
}

// Chinese "N年以上…经验" ("3年以上Java开发经验", "3-5年工作经验", "三年及以上相关经验", "5年+经验"):
// the years before 年 (ASCII digits, the low end of a range, or a numeral 一…十/两) when 经验
// (experience) follows within 40 bytes of the same clause. "年薪" (annual pay), calendar years
// ("2019年") and values above 20 are not requirements. Source: the ruanyf/weekly 谁在招人
// threads in the shared data (SOURCES.md: "3年以上" experience).
std::optional<double> CjkExperienceYears(std::string_view text) {
  static constexpr std::string_view kNian = "\xE5\xB9\xB4";        // 年
  static constexpr std::string_view kJingyan = "\xE7\xBB\x8F\xE9\xAA\x8C";  // 经验
  static constexpr std::string_view kXin = "\xE8\x96\xAA";         // 薪
  static constexpr std::pair<std::string_view, int> kNumerals[] = {
      {"\xE4\xB8\x80", 1}, {"\xE4\xBA\x8C", 2}, {"\xE4\xB8\xA4", 2}, {"\xE4\xB8\x89", 3}, {"\xE5\x9B\x9B", 4},
      {"\xE4\xBA\x94", 5}, {"\xE5\x85\xAD", 6}, {"\xE4\xB8\x83", 7}, {"\xE5\x85\xAB", 8}, {"\xE4\xB9\x9D", 9},
      {"\xE5\x8D\x81", 10}};
  std::optional<double> best;
  for (size_t p = text.find(kNian); p != std::string_view::npos; p = text.find(kNian, p + 3)) {
    if (text.substr(p + 3, 3) == kXin) continue;  // 年薪
    // The clause after 年 (to a comma, full stop, semicolon or line end), at most 40 bytes.
    std::string_view after = text.substr(p + 3, 40);
    for (std::string_view stop : {"\xEF\xBC\x8C", "\xE3\x80\x82", "\xEF\xBC\x9B", "\n", ",", ";"}) {
      size_t e = after.find(stop);
      if (e != std::string_view::npos) after = after.substr(0, e);
    }
    if (after.find(kJingyan) == std::string_view::npos) continue;
    // The number before 年.
    size_t q = p;
    while (q > 0 && (text[q - 1] == '+' || text[q - 1] == ' ')) --q;
    int value = -1;
    if (q > 0 && IsDigit(text[q - 1])) {
      size_t b = q;
      while (b > 0 && IsDigit(text[b - 1])) --b;
      if (q - b > 2) continue;  // a calendar year
      value = std::stoi(std::string(text.substr(b, q - b)));
      // A range "3-5年", "3~5年", "3～5年", "3至5年": its low end.
      size_t c = b;
      size_t sep = 0;
      if (c > 0 && (text[c - 1] == '-' || text[c - 1] == '~')) sep = 1;
      else if (c >= 3 && (text.substr(c - 3, 3) == "\xEF\xBD\x9E" || text.substr(c - 3, 3) == "\xE8\x87\xB3")) sep = 3;
      if (sep > 0 && c - sep > 0 && IsDigit(text[c - sep - 1])) {
        size_t d = c - sep;
        while (d > 0 && IsDigit(text[d - 1])) --d;
        if (c - sep - d <= 2) value = std::stoi(std::string(text.substr(d, c - sep - d)));
      }
    } else if (q >= 3) {
      for (const auto& [numeral, n] : kNumerals) {
        if (text.substr(q - 3, 3) == numeral) value = n;
      }
    }
    if (value <= 0 || value > 20) continue;
    if (!best || value < *best) best = value;
  }
  return best;
}

std::optional<double> ExperienceFromHits(std::string_view text, const std::vector<Hit>& hits) {
  const ExperienceRules& r = Rules();
  std::optional<double> best;
  if (text.find("\xE5\xB9\xB4") != std::string_view::npos) best = CjkExperienceYears(text);
  for (const Hit& h : hits) {
    if (h.category != kCatExperience || h.id >= r.unit_years.size()) continue;
    const double unit = r.unit_years[h.id];
    Token u{h.pos, static_cast<uint32_t>(h.pos + h.len), false};
    // "a year-long stream" (held-out4 ashby cartesia), "a five-year-old": an adjective.
    if (u.end + 1 < text.size() && text[u.end] == '-') {
      Token next;
      if (NextToken(text, u.end, next) && next.begin == u.end + 1 && !next.digits &&
          r.compound.Find(text, next) >= 0) {
        continue;
      }
    }
    // A labelled field, the figure after the unit: "Years of Experience: >= 3" (held-out4 hn
    // 46515639), "Years of Experience: 5+".
    if (const double v = LabelledYears(text, u); v >= 0) {
      if (!best || v * unit < *best) best = v * unit;
      continue;
    }
    // ---- the number before the unit ----
    Token num;
    if (!PrevToken(text, u.begin, num)) continue;
    double value = -1;
    Token num_start = num;
    bool plus = false;
    if (num.end == u.begin || NumberGap(text, num.end, u.begin)) {
      for (size_t k = num.end; k < u.begin; ++k) plus = plus || text[k] == '+';
      if (num.digits) {
        value = TokenNumber(text, num, &num_start);
      } else if (TokenIs(text, num, "a") || TokenIs(text, num, "an")) {
        // "a decade", "at least a year"; "twice a year", "three times a year" are frequencies.
        Token f;
        if (PrevToken(text, num.begin, f) && !f.digits &&
            (TokenIs(text, f, "once") || TokenIs(text, f, "twice") || TokenIs(text, f, "thrice") ||
             TokenIs(text, f, "times"))) {
          continue;
        }
        // "$120,000 - $200,000 a year", "$53k a year", "20 million students a year": a rate.
        if (PrevToken(text, num.begin, f) && IsRatePrefix(text, f)) continue;
        value = 1;
      } else if (TokenIs(text, num, "more") || TokenIs(text, num, "plus")) {
        // "5 or more years", "five plus years"
        Token t1, t2;
        if (PrevToken(text, num.begin, t1)) {
          Token n1 = t1;
          if (TokenIs(text, t1, "or") && PrevToken(text, t1.begin, t2)) n1 = t2;
          value = TokenNumber(text, n1, &num_start);
          plus = value >= 0;
        }
      } else if (TokenIs(text, num, "couple")) {
        value = 2;
      } else if (TokenIs(text, num, "of")) {
        Token t1;
        if (PrevToken(text, num.begin, t1) && TokenIs(text, t1, "couple")) {
          value = 2;
          num_start = t1;
        }
      } else {
        value = TokenNumber(text, num, &num_start);
      }
    }
    if (value < 0) continue;
    // Range: "3-5 years", "3 – 5 years", "3 to 5 years" -> the low end.
    {
      Token prev;
      if (PrevToken(text, num_start.begin, prev)) {
        Token low = prev;
        bool range = false;
        if (TokenIs(text, prev, "to")) {
          Token p2;
          if (PrevToken(text, prev.begin, p2)) {
            low = p2;
            range = true;
          }
        } else {
          // A dash (ASCII or U+2013/U+2014) or a tilde ("3~5 years", held-out5 ashby serif)
          // between two numbers.
          size_t g = prev.end;
          size_t e = num_start.begin;
          bool dash = false, other = false;
          for (size_t k = g; k < e; ++k) {
            unsigned char c = static_cast<unsigned char>(text[k]);
            if (c == '-' || c == '~' || c == 0x80 || c == 0x93 || c == 0x94 || c == 0xE2) dash = true;
            else if (c != ' ' && c != '+') other = true;
          }
          range = dash && !other && e - g <= 5;
        }
        Token ls;
        double lv = range ? TokenNumber(text, low, &ls) : -1;
        if (range && lv >= 0 && lv <= value) {
          value = lv;
          num_start = ls;
          plus = true;
        }
      }
    }
    const bool months = unit < 0.5;
    value *= unit;
    if (value > 30 || value < 0) continue;
    if (months) {
      // "6+ months of experience" counts; "3 months of paid leave", "2-12 month projects" do not.
      bool exp = false;
      Token cur = u;
      for (int k = 0; k < 3 && !exp; ++k) {
        Token next;
        if (!NextToken(text, cur.end, next) || IsSentenceBreak(text, cur, next.begin)) break;
        exp = TokenIs(text, next, "experience") || TokenIs(text, next, "exp");
        cur = next;
      }
      if (!exp) continue;
    }
    // ---- context ----
    // "N+" alone is not enough ("4+ years of runway"), but a unit that is itself an experience
    // word is ("4+ YOE": years of experience; held-out2 hn 37740204).
    bool positive = r.after.Find(text, u) >= 0;
    bool negative = false;
    // A list of requirements, one per line: "4+ years: JavaScript, HTML, CSS" (held-out2 hn
    // 19547906). Only an open figure ("N+", a range) opening its line: "the past 15+ years:
    // bespoke ..." is prose.
    if (plus && u.end < text.size() && text[u.end] == ':' && OpensLine(text, num_start.begin)) positive = true;
    // The start of "X" in "years of X" when X is company/time context that a following field
    // word turns into a line of work ("years of growth marketing"): not company context then.
    uint32_t field_begin = UINT32_MAX;
    // After the unit: requirement words, or "of/in/with X" where X is not company time.
    {
      Token cur = u;
      for (int k = 0; k < 8; ++k) {
        Token next;
        if (!NextToken(text, cur.end, next) || IsSentenceBreak(text, cur, next.begin)) break;
        if (!next.digits) {
          const WordKey key(text, next);
          if (k < 2 && next.begin != field_begin && r.company.Find(key) >= 0 && !TokenIs(text, next, "building") &&
              !TokenIs(text, next, "research") && !TokenIs(text, next, "data")) {
            negative = true;
            break;
          }
          if (r.after.Find(key) >= 0) {
            positive = true;
            break;
          }
          if (k == 0 && (TokenIs(text, next, "of") || TokenIs(text, next, "in") || TokenIs(text, next, "with"))) {
            Token x;
            if (NextToken(text, next.end, x) && !IsSentenceBreak(text, next, x.begin)) {
              // "two years in a row": a streak, not experience.
              Token y;
              if (TokenIs(text, next, "in") && TokenIs(text, x, "a") && NextToken(text, x.end, y) &&
                  TokenIs(text, y, "row")) {
                negative = true;
                break;
              }
              if (!x.digits &&
                  (r.ofnot.Find(text, x) >= 0 || (r.company.Find(text, x) >= 0 && !TokenIs(text, x, "building")))) {
                if (!FieldFollows(text, r, x)) {
                  negative = true;
                  break;
                }
                field_begin = x.begin;
              }
              positive = true;
            }
          }
        }
        cur = next;
      }
    }
    if (negative) continue;
    if (OpensWithForYears(text, num_start)) continue;
    // A role's own figure in parentheses right after its noun: "Senior Developer (5+ years)",
    // "Strong engineer (4-6+ years, Typescript/Python/Go preferred)" (held-out4 ashby anything),
    // "Jr. Full Stack Developers (0-3 years)". Only an open figure or a range.
    if (plus && !positive && RoleBeforeParen(text, num_start.begin)) positive = true;
    // Before the number: requirement words (4 words) and company/time context (10 words).
    {
      Token cur = num_start;
      // "we require 1+ years", "We're looking for 3-5 years of experience": a word that asks
      // for the hire, nearer the figure than "we"/"our", makes the sentence about the hire.
      bool asked = false;
      bool new_item = false;
      for (int k = 0; k < 10; ++k) {
        Token prev;
        if (!PrevToken(text, cur.begin, prev) || IsSentenceBreak(text, prev, cur.begin)) break;
        // A list bullet right before the figure starts a new item: HN texts keep bullets on one
        // line ("independently led projects - 5+ years of frontend development experience",
        // hn 39566052: single newlines collapse in HTML). The previous item's company words do
        // not apply; a heading's requirement words still do ("Required Skills • +5 Years
        // Javascript", "Must-Have Skills - Python - 5 years").
        if (k == 0 && BulletGap(text, prev.end, cur.begin)) new_item = true;
        if (!prev.digits && new_item) {
          if (k < 4 && r.before.Find(text, prev) >= 0) positive = true;
        } else if (!prev.digits) {
          const WordKey key(text, prev);
          if (k < 4 && r.before.Find(key) >= 0) positive = true;
          if (r.ask.Find(key) >= 0) asked = true;
          // "experience equivalent to a Bachelor's degree based on three or more years of work
          // experience" (ashby crusoe): years that stand in for a degree, not the minimum asked.
          Token t1;
          if (k < 2 && TokenIs(text, prev, "on") && PrevToken(text, prev.begin, t1) && TokenIs(text, t1, "based")) {
            negative = true;
            break;
          }
          // "who has been with us for over 4 years": tenure at the company; "most of us have
          // 10-25 years' experience" (held-out3 hn 45119905): the team ("us" in lower case: "US"
          // is the country).
          Token w;
          if (k < 4 && prev.size() == 2 && text[prev.begin] == 'u' && text[prev.begin + 1] == 's' &&
              PrevToken(text, prev.begin, w) && (TokenIs(text, w, "with") || TokenIs(text, w, "of"))) {
            negative = true;
            break;
          }
          // "Our team includes a PhD, ex-Amazon, and people with 10+ years of experience" (held-out
          // hn 24351724), "team is made up of engineers with 10+ years": who is on the
          // team already, anywhere in the 10 words before.
          if (r.teamverb.Find(key) >= 0) {
            Token t1, t2;
            if (PrevToken(text, prev.begin, t1) && !IsSentenceBreak(text, t1, prev.begin) &&
                ((TokenIs(text, t1, "team") || TokenIs(text, t1, "teams")) ||
                 ((TokenIs(text, t1, "is") || TokenIs(text, t1, "are")) && PrevToken(text, t1.begin, t2) &&
                  (TokenIs(text, t2, "team") || TokenIs(text, t2, "teams"))))) {
              negative = true;
              break;
            }
          }
          // "data" and "research" before the figure name the role ("Data Scientists with 4+
          // years", "Senior Data Analysts (3+ YOE)"), as after it (see above).
          // "around 2 years of experience" (k == 0) is an approximate figure; "been around for 10
          // years" is the company's.
          if (!asked && r.company.Find(key) >= 0 && r.after_only.Find(key) < 0 && !TokenIs(text, prev, "building") &&
              !TokenIs(text, prev, "data") && !TokenIs(text, prev, "research") && !TokenIs(text, prev, "for") &&
              !TokenIs(text, prev, "first") && !(k == 0 && TokenIs(text, prev, "around"))) {
            // "our team has", "founded by two partners with", "over the past"
            if (k < 4 || TokenIs(text, prev, "founded") || TokenIs(text, prev, "founders") ||
                TokenIs(text, prev, "founder") || TokenIs(text, prev, "cofounders") ||
                TokenIs(text, prev, "combined") || TokenIs(text, prev, "collectively") ||
                TokenIs(text, prev, "average")) {
              negative = true;
              break;
            }
          }
        }
        cur = prev;
      }
    }
    if (negative || !positive) continue;
    // "(1 year of work experience for every school year)": a conversion rate to a degree, not a
    // minimum (ashby 6c50043e). Checked last: most hits never get here.
    {
      Token cur = u;
      for (int k = 0; k < 8 && !negative; ++k) {
        Token next, n2;
        if (!NextToken(text, cur.end, next) || IsSentenceBreak(text, cur, next.begin)) break;
        negative = TokenIs(text, next, "for") && NextToken(text, next.end, n2) && TokenIs(text, n2, "every");
        cur = next;
      }
    }
    if (negative) continue;
    if (!months) {
      const double nested = NestedYears(text, u, value);
      if (nested >= 0) value = nested;
    }
    if (!best || value < *best) best = value;
  }
  return best;
}

}  // namespace fields

std::optional<double> ExtractExperienceYearsMin(std::string_view text) {
  std::vector<fields::Hit> hits;
  fields::Rules().scanner.Scan(text, hits);
  return fields::ExperienceFromHits(text, hits);
}

}  // namespace skillpulse
