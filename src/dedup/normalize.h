// Normalization before comparing postings: the keys that decide whether two postings can be
// the same job (company, title, location), and the words of a description that near-duplicate
// detection shingles. Every rule that is a word list lives in data/dedup/ (see each file's
// header for its sources); this file holds only the procedure.
//
// Keys are case-folded (Unicode full case folding, accents stripped), tokenized into words
// (letters and digits; '+' and '#' too in titles, for "C++"/"C#"), rewritten by the phrase
// tables, and joined. Two postings with equal keys name the same thing: "Acme, Inc." ==
// "ACME", "Sr. Backend Engineer (Remote)" == "Senior Back-End Engineer", "NYC" ==
// "New York, NY" == "New York City".
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/literal_scanner.h"
#include "core/status.h"

namespace skillpulse {

class DedupRules {
 public:
  // Loads company_suffixes.txt, title_rules.tsv, location_aliases.tsv, tracking_params.txt,
  // requisition_labels.txt and multi_role_words.txt from `dir`. Errors name the file and line.
  static Result<std::shared_ptr<const DedupRules>> Load(const std::string& dir);
  // The rules in DataFile("dedup"), loaded once. Throws std::runtime_error when they cannot
  // be read (a broken installation: fatal setup error).
  static std::shared_ptr<const DedupRules> Default();

  // "Acme, Inc. - the online privacy company" -> "acme". Drops parenthesized text, any tagline
  // after " - ", " | ", " – ", ": ", a leading "the", and legal-form/brand suffix words from
  // the end (company_suffixes.txt) while more than one word remains. "" for no words.
  std::string CompanyKey(std::string_view company) const;

  struct Location {
    // "New York, NY (Hybrid)" -> "new york"; "Oshkosh, WI, USA" -> "oshkosh"; "Remote (US)" ->
    // "us"; "Remote" / "Anywhere" / "" -> "" (no geographic constraint). The cities of
    // location_aliases.tsv (sorted, '|'-joined: "berlin|london"), else the remaining words,
    // else the states, else the countries.
    std::string key;
    bool remote = false;  // a "remote" word was present ("Remote", "Anywhere", "WFH")
    bool blank = false;   // no words at all (the source gave no location)
    std::vector<std::string> other_words;  // words no table phrase matched
    std::vector<std::string> words;        // every word: KeyWords(FoldForKey(location))
  };
  Location ParseLocation(std::string_view location) const;
  std::string LocationKey(std::string_view location) const { return ParseLocation(location).key; }

  // The title as a sorted multiset of normalized words: "Sr. Software Engineer, Backend
  // (Remote)" -> "backend engineer senior software". A trailing " - X", ", X", "(X)", " / X",
  // " in X" or " @ X" that names the posting's own `location` (every word of X, or of its
  // location key while its other words are, is a word of the location or of its key) is
  // dropped first: "Data Engineer -
  // Berlin" at "Berlin, Germany" == "Data Engineer"; "SRE - Cambridge" at "Austin & Cambridge"
  // == "SRE".
  std::string TitleKey(std::string_view title, std::string_view location) const;
  // The same key when the caller has parsed the location already (`location` =
  // ParseLocation(the posting's location)): the location is not parsed again.
  std::string TitleKey(std::string_view title, const Location& location) const;

  // The requisition id a description states ("Req ID: J-682" -> "j-682", lowercased), after
  // one of the labels of requisition_labels.txt; "" when there is none. The first one wins.
  std::string RequisitionId(std::string_view text) const;

  // True when the title announces several roles rather than one: it has no words, one of its
  // case-folded words is an `any` word of multi_role_words.txt ("Multiple Roles", "Various
  // Positions"), or all its words are `team` words ("Engineering", "Product/Design").
  bool IsMultiRoleTitle(std::string_view title) const;

  // True when a URL query parameter (lowercase name) only tracks clicks (tracking_params.txt).
  bool IsTrackingParam(std::string_view lowercase_name) const;

  // Unique per loaded rules object of the process (never reused; a copy shares it, holding the
  // same rules), so per-thread memos of derived keys (dedup/record.cc) can tell rule sets apart.
  uint64_t instance_id() const { return instance_id_; }

 private:
  enum class PlaceKind : uint8_t { kCity, kState, kCountry, kRemote, kDrop };
  struct Place {
    PlaceKind kind;
    std::string canonical;
  };
  struct PhraseTable {
    // phrase (words joined by ' ') -> index into values.
    std::unordered_map<std::string, uint32_t> index;
    // first word of a phrase -> the length in words of the longest phrase it starts: a word
    // that starts none costs one lookup instead of one per possible phrase length.
    std::unordered_map<std::string, size_t> longest_from;
  };

  Status LoadCompanySuffixes(const std::string& path);
  Status LoadTitleRules(const std::string& path);
  Status LoadLocations(const std::string& path);
  Status LoadTrackingParams(const std::string& path);
  Status LoadRequisitionLabels(const std::string& path);
  Status LoadMultiRoleWords(const std::string& path);

  std::unordered_set<std::string> company_suffixes_;
  std::unordered_set<std::string> multi_role_words_;
  std::unordered_set<std::string> team_words_;
  PhraseTable title_phrases_;
  std::vector<std::vector<std::string>> title_replacements_;  // words of each replacement
  PhraseTable place_phrases_;
  std::vector<Place> places_;
  std::unordered_set<std::string> tracking_exact_;
  std::vector<std::string> tracking_prefixes_;
  std::vector<std::string> requisition_labels_;  // lowercase, longest first
  std::vector<std::string> requisition_prefixes_;  // the labels' first bytes, distinct, all one length
  std::shared_ptr<const LiteralScanner> requisition_scanner_;  // finds them without AVX2
  uint64_t instance_id_ = NextInstanceId();
  static uint64_t NextInstanceId();
};

// Case folding for keys: Unicode full case folding, compatibility decomposition, marks
// stripped ("São Paulo" -> "sao paulo", "ＡＢＣ" -> "abc"). Invalid UTF-8 is replaced first.
std::string FoldForKey(std::string_view s);

// Splits folded text into words: maximal runs of letters and digits (any non-ASCII code point
// that is not whitespace or punctuation counts as a letter); with `keep_plus_hash`, '+' and
// '#' directly after a word character stay in the word ("c++", "c#").
std::vector<std::string> KeyWords(std::string_view folded, bool keep_plus_hash = false);

}  // namespace skillpulse
