// Text primitives shared by every layer: UTF-8 validity, whitespace, ASCII case, hashing and
// timestamps. All functions take and return UTF-8; none throws.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace skillpulse {

// True when `s` is well-formed UTF-8 (RFC 3629: no overlongs, surrogates or > U+10FFFF).
bool IsValidUtf8(std::string_view s);
// Replaces each ill-formed sequence with U+FFFD (the WHATWG "replacement" policy).
std::string MakeValidUtf8(std::string_view s);
// The longest prefix of `s` of at most `max_bytes` that does not split a code point.
std::string_view TruncateUtf8(std::string_view s, size_t max_bytes);

// Decodes one code point at s[i]; advances i. Ill-formed input yields U+FFFD and advances 1.
char32_t DecodeUtf8(std::string_view s, size_t& i);
// Appends the UTF-8 encoding of `cp` (U+FFFD for surrogates and values > U+10FFFF).
void AppendUtf8(std::string& out, char32_t cp);

// Unicode White_Space (ASCII space/tab/CR/LF/FF/VT, U+0085, U+00A0, U+1680, U+2000..U+200A,
// U+2028, U+2029, U+202F, U+205F, U+3000), as Python str.split() and Go strings.Fields.
bool IsUnicodeSpace(char32_t cp);
// Trims and collapses every run of Unicode whitespace to one ASCII space.
std::string CollapseWhitespace(std::string_view s);
std::string_view TrimAscii(std::string_view s);

inline char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
inline bool IsAsciiAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
std::string AsciiLowerCopy(std::string_view s);
bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b);
bool StartsWithIgnoreAsciiCase(std::string_view s, std::string_view prefix);
// Position of `needle` in `hay` ignoring ASCII case, or npos.
size_t FindIgnoreAsciiCase(std::string_view hay, std::string_view needle, size_t from = 0);

// Unicode full case folding (utf8proc) + CollapseWhitespace: the comparison key for
// company, title and location ("norm" in the benchmark spec).
std::string NormalizeKey(std::string_view s);

// XXH3-64 (xxHash) of the bytes.
uint64_t Hash64(std::string_view s);

// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's days_from_civil).
int64_t DaysFromCivil(int y, unsigned m, unsigned d);
// ISO 8601 / RFC 3339 timestamps: "2025-10-10T21:10:27.371+00:00", "2025-10-07T22:27:44-04:00",
// "2024-01-02T03:04:05Z", "2024-01-02 03:04:05", "2024-01-02". Returns Unix seconds UTC.
std::optional<int64_t> ParseIso8601(std::string_view s);
// RFC 822 / RFC 1123 dates as RSS uses them: "Tue, 08 Nov 2022 00:08:24 +0000" (also "GMT",
// "UT", "EST".. zones, no weekday, 2-digit years). Returns Unix seconds UTC.
std::optional<int64_t> ParseRfc822(std::string_view s);
// CPU time (user + system) consumed so far by the calling thread, in seconds
// (CLOCK_THREAD_CPUTIME_ID): for per-stage accounting of work spread over threads.
double ThreadCpuSeconds();
// "YYYY-MM" of a Unix time (UTC).
std::string MonthOfUnix(int64_t unix_s);
// "YYYY-MM-DDTHH:MM:SSZ".
std::string FormatIso8601(int64_t unix_s);
// True for a "YYYY-MM" string with a valid month.
bool IsMonthString(std::string_view s);
// "YYYY-MM" shifted by `delta` months.
std::string AddMonths(std::string_view month, int delta);
// A count with thousands separators for people: 1234567 -> "1,234,567", -1234 -> "-1,234".
std::string FormatCount(int64_t n);

}  // namespace skillpulse
