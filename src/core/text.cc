#include "core/text.h"

#include <utf8proc.h>
#include <xxhash.h>

#include <cstdio>
#include <ctime>
#include <cstring>

namespace skillpulse {

char32_t DecodeUtf8(std::string_view s, size_t& i) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  unsigned char c = p[i];
  if (c < 0x80) {
    ++i;
    return c;
  }
  auto cont = [&](size_t k) { return i + k < n && (p[i + k] & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF && cont(1)) {
    char32_t cp = ((c & 0x1F) << 6) | (p[i + 1] & 0x3F);
    i += 2;
    return cp;
  }
  if (c >= 0xE0 && c <= 0xEF && cont(1) && cont(2)) {
    char32_t cp = ((c & 0x0F) << 12) | ((p[i + 1] & 0x3F) << 6) | (p[i + 2] & 0x3F);
    if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
      i += 3;
      return cp;
    }
  } else if (c >= 0xF0 && c <= 0xF4 && cont(1) && cont(2) && cont(3)) {
    char32_t cp = ((c & 0x07) << 18) | ((p[i + 1] & 0x3F) << 12) | ((p[i + 2] & 0x3F) << 6) | (p[i + 3] & 0x3F);
    if (cp >= 0x10000 && cp <= 0x10FFFF) {
      i += 4;
      return cp;
    }
  }
  ++i;
  return 0xFFFD;
}

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
    return;
  }
  if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = 0xFFFD;
  if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    // Fast path: 8 ASCII bytes at a time.
    if (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      if ((w & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    size_t before = i;
    char32_t cp = DecodeUtf8(s, i);
    if (cp == 0xFFFD) {
      // A literal U+FFFD is EF BF BD (3 bytes); anything else that decoded to it was invalid.
      if (i - before != 3) return false;
    }
  }
  return true;
}

std::string MakeValidUtf8(std::string_view s) {
  if (IsValidUtf8(s)) return std::string(s);
  std::string out;
  out.reserve(s.size() + 8);
  size_t i = 0;
  while (i < s.size()) {
    char32_t cp = DecodeUtf8(s, i);
    AppendUtf8(out, cp);
  }
  return out;
}

std::string_view TruncateUtf8(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  size_t end = max_bytes;
  // Back up over continuation bytes so no code point is split.
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

bool IsUnicodeSpace(char32_t cp) {
  if (cp <= 0x20) return cp == 0x20 || (cp >= 0x09 && cp <= 0x0D);
  if (cp < 0x85) return false;
  return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
         cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

std::string CollapseWhitespace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c == ' ' || (c >= 0x09 && c <= 0x0D)) {
        pending_space = !out.empty();
      } else {
        if (pending_space) out.push_back(' ');
        pending_space = false;
        out.push_back(static_cast<char>(c));
      }
      ++i;
      continue;
    }
    size_t start = i;
    char32_t cp = DecodeUtf8(s, i);
    if (IsUnicodeSpace(cp)) {
      pending_space = !out.empty();
    } else {
      if (pending_space) out.push_back(' ');
      pending_space = false;
      out.append(s.substr(start, i - start));
    }
  }
  return out;
}

std::string_view TrimAscii(std::string_view s) {
  size_t b = 0, e = s.size();
  auto sp = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  while (b < e && sp(s[b])) ++b;
  while (e > b && sp(s[e - 1])) --e;
  return s.substr(b, e - b);
}

std::string AsciiLowerCopy(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

bool StartsWithIgnoreAsciiCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && EqualsIgnoreAsciiCase(s.substr(0, prefix.size()), prefix);
}

size_t FindIgnoreAsciiCase(std::string_view hay, std::string_view needle, size_t from) {
  if (needle.empty()) return from <= hay.size() ? from : std::string_view::npos;
  if (needle.size() > hay.size()) return std::string_view::npos;
  const size_t last = hay.size() - needle.size();
  const char first = AsciiLower(needle[0]);
  for (size_t i = from; i <= last; ++i) {
    if (AsciiLower(hay[i]) == first && EqualsIgnoreAsciiCase(hay.substr(i, needle.size()), needle)) return i;
  }
  return std::string_view::npos;
}

std::string NormalizeKey(std::string_view s) {
  std::string collapsed = CollapseWhitespace(s);
  bool ascii = true;
  for (char c : collapsed) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    for (char& c : collapsed) c = AsciiLower(c);
    return collapsed;
  }
  utf8proc_uint8_t* folded = nullptr;
  utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(collapsed.data()),
                                    static_cast<utf8proc_ssize_t>(collapsed.size()), &folded,
                                    static_cast<utf8proc_option_t>(UTF8PROC_CASEFOLD | UTF8PROC_COMPOSE));
  if (n < 0 || folded == nullptr) {
    for (char& c : collapsed) c = AsciiLower(c);
    return collapsed;
  }
  std::string out(reinterpret_cast<char*>(folded), static_cast<size_t>(n));
  std::free(folded);
  return out;
}

uint64_t Hash64(std::string_view s) { return XXH3_64bits(s.data(), s.size()); }

int64_t DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

namespace {

bool ReadDigits(std::string_view s, size_t& i, int count, int& out) {
  if (i + count > s.size()) return false;
  int v = 0;
  for (int k = 0; k < count; ++k) {
    char c = s[i + k];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  i += count;
  out = v;
  return true;
}

void CivilFromDays(int64_t z, int& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t yy = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int>(yy + (m <= 2));
}

}  // namespace

std::optional<int64_t> ParseIso8601(std::string_view s) {
  s = TrimAscii(s);
  size_t i = 0;
  int y = 0, mo = 0, d = 0;
  if (!ReadDigits(s, i, 4, y) || i >= s.size() || s[i++] != '-' || !ReadDigits(s, i, 2, mo) || i >= s.size() ||
      s[i++] != '-' || !ReadDigits(s, i, 2, d)) {
    return std::nullopt;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return std::nullopt;
  int64_t t = DaysFromCivil(y, mo, d) * 86400;
  if (i == s.size()) return t;
  if (s[i] != 'T' && s[i] != 't' && s[i] != ' ') return std::nullopt;
  ++i;
  int hh = 0, mm = 0, ss = 0;
  if (!ReadDigits(s, i, 2, hh) || i >= s.size() || s[i++] != ':' || !ReadDigits(s, i, 2, mm)) return std::nullopt;
  if (i < s.size() && s[i] == ':') {
    ++i;
    if (!ReadDigits(s, i, 2, ss)) return std::nullopt;
  }
  if (hh > 24 || mm > 59 || ss > 60) return std::nullopt;
  t += hh * 3600 + mm * 60 + ss;
  if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  }
  if (i == s.size()) return t;  // no zone: taken as UTC
  if (s[i] == 'Z' || s[i] == 'z') return i + 1 == s.size() ? std::optional<int64_t>(t) : std::nullopt;
  if (s[i] == '+' || s[i] == '-') {
    int sign = s[i] == '+' ? 1 : -1;
    ++i;
    int oh = 0, om = 0;
    if (!ReadDigits(s, i, 2, oh)) return std::nullopt;
    if (i < s.size() && s[i] == ':') ++i;
    if (i < s.size() && !ReadDigits(s, i, 2, om)) return std::nullopt;
    if (i != s.size()) return std::nullopt;
    return t - sign * (oh * 3600 + om * 60);
  }
  return std::nullopt;
}

std::optional<int64_t> ParseRfc822(std::string_view s) {
  s = TrimAscii(s);
  size_t comma = s.find(',');
  if (comma != std::string_view::npos && comma <= 10) s = TrimAscii(s.substr(comma + 1));
  size_t i = 0;
  auto skip_spaces = [&] {
    while (i < s.size() && s[i] == ' ') ++i;
  };
  int d = 0;
  size_t start = i;
  // At most 3 digits are read (a longer run fails the range check, without overflowing).
  while (i < s.size() && i - start < 3 && s[i] >= '0' && s[i] <= '9') d = d * 10 + (s[i++] - '0');
  if (i == start || d < 1 || d > 31) return std::nullopt;
  skip_spaces();
  static constexpr std::string_view kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                  "jul", "aug", "sep", "oct", "nov", "dec"};
  if (i + 3 > s.size()) return std::nullopt;
  int mo = 0;
  for (int k = 0; k < 12; ++k) {
    if (EqualsIgnoreAsciiCase(s.substr(i, 3), kMonths[k])) mo = k + 1;
  }
  if (mo == 0) return std::nullopt;
  while (i < s.size() && s[i] != ' ') ++i;
  skip_spaces();
  int y = 0;
  start = i;
  while (i < s.size() && i - start < 5 && s[i] >= '0' && s[i] <= '9') y = y * 10 + (s[i++] - '0');  // 5: rejected below
  if (i - start == 2) y += y < 50 ? 2000 : 1900;
  else if (i - start != 4) return std::nullopt;
  skip_spaces();
  int hh = 0, mm = 0, ss = 0;
  if (!ReadDigits(s, i, 2, hh) || i >= s.size() || s[i++] != ':' || !ReadDigits(s, i, 2, mm)) return std::nullopt;
  if (i < s.size() && s[i] == ':') {
    ++i;
    if (!ReadDigits(s, i, 2, ss)) return std::nullopt;
  }
  skip_spaces();
  int64_t offset_s = 0;
  std::string_view zone = s.substr(i);
  if (!zone.empty() && (zone[0] == '+' || zone[0] == '-')) {
    size_t k = 1;
    int hhmm = 0;
    if (!ReadDigits(zone, k, 4, hhmm)) return std::nullopt;
    offset_s = (zone[0] == '+' ? 1 : -1) * ((hhmm / 100) * 3600 + (hhmm % 100) * 60);
  } else if (!zone.empty()) {
    struct Z {
      std::string_view name;
      int hours;
    };
    static constexpr Z kZones[] = {{"GMT", 0},  {"UT", 0},   {"UTC", 0},  {"Z", 0},   {"EST", -5}, {"EDT", -4},
                                   {"CST", -6}, {"CDT", -5}, {"MST", -7}, {"MDT", -6}, {"PST", -8}, {"PDT", -7}};
    bool found = false;
    for (const auto& z : kZones) {
      if (EqualsIgnoreAsciiCase(zone, z.name)) {
        offset_s = z.hours * 3600;
        found = true;
      }
    }
    if (!found) return std::nullopt;
  }
  return DaysFromCivil(y, mo, d) * 86400 + hh * 3600 + mm * 60 + ss - offset_s;
}

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

std::string MonthOfUnix(int64_t unix_s) {
  int64_t days = unix_s >= 0 ? unix_s / 86400 : (unix_s - 86399) / 86400;
  int y;
  unsigned m, d;
  CivilFromDays(days, y, m, d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u", y, m);
  return buf;
}

std::string FormatIso8601(int64_t unix_s) {
  int64_t days = unix_s >= 0 ? unix_s / 86400 : (unix_s - 86399) / 86400;
  int64_t secs = unix_s - days * 86400;
  int y;
  unsigned m, d;
  CivilFromDays(days, y, m, d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", y, m, d, static_cast<int>(secs / 3600),
                static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
  return buf;
}

bool IsMonthString(std::string_view s) {
  if (s.size() != 7 || s[4] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  int m = (s[5] - '0') * 10 + (s[6] - '0');
  return m >= 1 && m <= 12;
}

std::string AddMonths(std::string_view month, int delta) {
  if (!IsMonthString(month)) return std::string(month);
  int y = std::stoi(std::string(month.substr(0, 4)));
  int m = (month[5] - '0') * 10 + (month[6] - '0');
  int idx = y * 12 + (m - 1) + delta;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", idx / 12, idx % 12 + 1);
  return buf;
}

std::string FormatCount(int64_t n) {
  // Through uint64_t so that INT64_MIN has a magnitude.
  const uint64_t magnitude = n < 0 ? 0 - static_cast<uint64_t>(n) : static_cast<uint64_t>(n);
  const std::string digits = std::to_string(magnitude);
  std::string out = n < 0 ? "-" : "";
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

}  // namespace skillpulse
