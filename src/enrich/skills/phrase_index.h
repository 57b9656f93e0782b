// A multi-phrase matcher for natural-language text, anchored on word tokens: one pass over the
// text finds every occurrence of thousands of phrases (skill spellings, cue phrases, headings).
//
// How it works: the text is split into word tokens (maximal runs of [A-Za-z0-9_], found 64
// bytes at a time with SSE2 where available). Each phrase is indexed under one of its own word
// tokens, its anchor (the longest token that is not a common function word). A text token is
// looked up in a hash table of anchors behind a 128 Kibit Bloom-style bitmap, so the ~93 % of
// tokens that anchor nothing cost one hash and one bit test; a hit is verified by comparing the
// whole phrase around the token.
//
// Why not Hyperscan: on the shared HN corpus a Hyperscan literal database of the taxonomy's
// ~2,300 spellings alone costs ~2.7 ns/byte of CPU (taxonomy words look like English, so its
// suffix-hashing literal filter keeps firing; 2,000 random 8-letter literals cost 0.4 ns/byte),
// above the whole skills budget of ~1.5 ns/byte. This index costs ~0.9 ns/byte for all phrase
// kinds together (bench/skills_bench.cc, docs in the report of the skills branch).
//
// Matching semantics: a phrase occurs at [begin, end) when its anchor is exactly a whole text
// token (ASCII case ignored unless the phrase is case-sensitive), and the bytes before and after
// the anchor match the rest of the phrase, where a space in the phrase matches any run of
// whitespace (space, tab, CR, LF) and other bytes match exactly (ASCII letters ignoring case
// unless case-sensitive). With `digit_suffix`, a phrase whose anchor is its last token also
// occurs when the text token is the anchor followed by digits ("Python3"); `end` is then where
// the digits start. Whether the phrase's outer edges are on token boundaries is left to the
// caller. Not thread-compatible while building; Scan is const and thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace skillpulse {

struct PhraseMatch {
  uint32_t id;
  uint32_t begin;
  uint32_t end;
};

// A word token of the text and its anchor hash, recorded by Scan for later lookups in other
// indexes (see PhraseIndex::MatchToken).
struct TokenRef {
  uint32_t begin;
  uint32_t end;
  uint64_t hash;
};

// Bloom-style bitmaps over anchors: a cheap pre-check on (length, first byte, last byte) of a
// token, then a check on its full hash. Holds the anchors of one or more indexes.
class AnchorFilter {
 public:
  static constexpr int kBits = 17;  // 128 Kibit = 16 KiB each: stays in L1 next to the text
  AnchorFilter() : pre_((size_t{1} << kBits) / 64, 0), full_((size_t{1} << kBits) / 64, 0) {}

  // The pre-check key of a token of `len` bytes starting with `first` and ending with `last`.
  static uint32_t PreKey(size_t len, unsigned char first, unsigned char last) {
    return static_cast<uint32_t>((len < 31 ? len : 31) << 12 | ((first | 0x20) & 63) << 6 | ((last | 0x20) & 63));
  }
  void Set(uint32_t pre_key, uint64_t hash) {
    SetBit(pre_, pre_key);
    SetBit(full_, hash >> (64 - kBits));
  }
  bool PreMayContain(uint32_t pre_key) const { return TestBit(pre_, pre_key); }
  bool MayContain(uint64_t hash) const { return TestBit(full_, hash >> (64 - kBits)); }
  const uint64_t* full_words() const { return full_.data(); }
  void Merge(const AnchorFilter& other) {
    for (size_t i = 0; i < pre_.size(); ++i) pre_[i] |= other.pre_[i];
    for (size_t i = 0; i < full_.size(); ++i) full_[i] |= other.full_[i];
  }

 private:
  static void SetBit(std::vector<uint64_t>& v, uint64_t bit) { v[bit >> 6] |= uint64_t{1} << (bit & 63); }
  static bool TestBit(const std::vector<uint64_t>& v, uint64_t bit) { return (v[bit >> 6] >> (bit & 63)) & 1; }
  std::vector<uint64_t> pre_;
  std::vector<uint64_t> full_;
};

// Bytes whose positions Scan reports alongside the tokens (sentence punctuation, line breaks),
// so callers need not walk the text byte by byte again. At most 8 distinct bytes.
class ByteMarks {
 public:
  explicit ByteMarks(std::string_view bytes);
  const std::string& bytes() const { return bytes_; }
  bool Has(unsigned char c) const { return table_[c]; }
  // 16-entry tables by low / high nibble of a byte: mark k sets bit k in the entry of each of
  // its nibbles, so byte b is a mark iff lo[b & 15] & hi[b >> 4] != 0 (a SIMD lookup).
  const uint8_t* lo_nibble_bits() const { return lo_nibble_bits_; }
  const uint8_t* hi_nibble_bits() const { return hi_nibble_bits_; }

 private:
  std::string bytes_;
  bool table_[256] = {};
  uint8_t lo_nibble_bits_[16] = {};
  uint8_t hi_nibble_bits_[16] = {};
};

class PhraseIndex {
 public:
  static constexpr size_t kMaxAnchorBytes = 32;

  // Adds a phrase; `id` is reported with its matches. Fails with kInvalidArgument when the
  // phrase has no word token, a token longer than kMaxAnchorBytes, or leading/trailing spaces.
  Status Add(std::string_view phrase, bool case_sensitive, bool digit_suffix, uint32_t id);
  // Builds the lookup table. REQUIRES: called once, after every Add.
  void Build();

  // Sets the anchors of other indexes whose tokens Scan records in `side` (see Scan).
  // REQUIRES: called after Build(), before any Scan.
  void SetSideFilter(const AnchorFilter& side_filter);

  // Appends the occurrences in `text`, ordered by anchor position (not by begin). Stops and
  // returns false once `out` holds `max_matches` entries. REQUIRES: Build() was called.
  // `text` may hold any bytes; offsets must fit in 32 bits (the caller caps the length).
  // When `side` is given, every token whose hash passes the filter set by SetSideFilter is
  // appended to it (so other indexes can be queried later with MatchToken without tokenizing
  // again); at most `max_matches` of them.
  // When `marks` is given, `mark_bits` is set to one bit per text byte (bit i % 64 of word
  // i / 64) telling whether the byte is one of the marks.
  // When `word_starts` is given, it is set to one bit per text byte (same layout) telling
  // whether a word starts there, a word being a maximal run of ASCII letters, digits, '_' and
  // bytes >= 0x80.
  bool Scan(std::string_view text, std::vector<PhraseMatch>& out, size_t max_matches,
            std::vector<TokenRef>* side = nullptr, const ByteMarks* marks = nullptr,
            std::vector<uint64_t>* mark_bits = nullptr, std::vector<uint64_t>* word_starts = nullptr) const;

  // The occurrences anchored on the token text[t.begin, t.end) (a whole word token, with its
  // hash from Scan). REQUIRES: Build() was called.
  void MatchToken(std::string_view text, const TokenRef& t, std::vector<PhraseMatch>& out) const;

  // Appends the occurrences that begin at text[0] (those Scan(text) reports with begin == 0)
  // without tokenizing the rest of `text`: only the phrases whose first word is the text's
  // first word are compared. REQUIRES: Build() was called. Scan's `max_matches` cap is not
  // applied. Order: those anchored on the first word as Scan reports them, then the others;
  // so any two with the same end (the only ties a caller picking the longest sees) come in
  // Scan's order.
  void MatchPrefix(std::string_view text, std::vector<PhraseMatch>& out) const;

  const AnchorFilter& filter() const { return filter_; }

  size_t phrase_count() const { return phrases_.size(); }
  size_t anchor_count() const { return keys_.size(); }

 private:
  struct Phrase {
    uint32_t id;
    uint32_t text_off;    // in pool_
    uint16_t len;
    uint16_t anchor_off;  // byte offset of the anchor token in the phrase
    uint16_t anchor_len;
    bool case_sensitive;
    bool digit_suffix;    // anchor is the last token and may be followed by digits
    // Quick reject on up to 8 bytes on each side of the anchor: the phrase bytes after the
    // anchor up to the next space (after skipping one space right after the anchor when
    // next_space), and likewise before it. (The 8 text bytes from the anchor's end, or from the
    // end of the whitespace run there when next_space (0 when there is none), zero-padded past
    // the text's end, & next_mask) == next_value; likewise for the 8 text bytes that end at the
    // anchor's start (or at the start of the whitespace run before it when prev_space),
    // zero-padded before the text's start. A mask byte is 0xDF for caseless letters, 0xFF for
    // other compared bytes, 0 beyond; mask 0 = no check. A match's window bytes are all in the
    // text and equal the phrase's, so the check never rejects one.
    bool next_space;
    bool prev_space;
    // The phrase is its anchor alone; `raw8` is its first 8 bytes (0 beyond), for comparing a
    // case-sensitive token of at most 8 bytes without Verify.
    bool whole_token;
    uint64_t raw8;
    uint64_t next_mask;
    uint64_t next_value;
    uint64_t prev_mask;
    uint64_t prev_value;
  };
  struct Key {
    uint64_t hash;
    uint64_t first8;   // folded anchor words, as the token's (FoldToken in the .cc)
    uint64_t last8;
    uint32_t key_off;  // folded anchor bytes in pool_
    uint16_t key_len;
    uint32_t first;    // phrases_ index range of this anchor (phrases_ is sorted by key)
    uint32_t count;
    bool any_window;   // some phrase is not whole_token (OnToken loads the byte windows)
    bool any_spaced;   // some phrase has next_space or prev_space
    // Quick reject for all the phrases of the anchor that are not whole_token, on the first
    // byte of their windows (the byte next to the anchor, or past the whitespace there):
    // bit WindowByteBit(b, spaced) is set in next_bits / prev_bits when some such phrase needs
    // byte b first in its next / prev window. `open`: some such phrase constrains neither byte,
    // or the anchor has more than 64 phrases (no quick reject). `whole_bits`: bit i set when
    // phrases_[first + i] is whole_token (what is left to check after a reject).
    bool open;
    uint64_t next_bits;
    uint64_t prev_bits;
    uint64_t whole_bits;
  };

  bool Verify(std::string_view text, size_t ts, size_t te, bool stripped, const Phrase& p, uint32_t& begin,
              uint32_t& end) const;
  const Key* Lookup(const char* text, size_t ts, size_t len, uint64_t first8, uint64_t last8, uint64_t hash) const;
  void OnToken(std::string_view text, size_t ts, size_t te, uint64_t hash, bool stripped,
               std::vector<PhraseMatch>& out) const;
  void StrippedToken(std::string_view text, size_t ts, size_t te, std::vector<PhraseMatch>& out) const;
  // Scan's output, for FilterHit.
  struct ScanSink {
    std::string_view text;
    std::vector<PhraseMatch>* out;
    std::vector<TokenRef>* side;  // may be null
    size_t max_matches;
    bool side_full;
  };
  // A token text[ts, te) whose hash product (HashProduct in the .cc) passed Scan's combined
  // filter: the phrases anchored on it (OnToken) and its record for the side indexes. Out of
  // line, so that Scan's token loop keeps fewer values live.
  void FilterHit(ScanSink& sink, size_t ts, size_t te, uint64_t product) const;
  // Scan's body, and the same compiled for CPUs with BMI1/BMI2 (Scan picks one at run time: the
  // token walk is mostly bit scans and clears: ~9 % fewer instructions in Scan on the HN texts
  // with tzcnt/blsr/shrx).
  bool ScanImpl(std::string_view text, std::vector<PhraseMatch>& out, size_t max_matches, std::vector<TokenRef>* side,
                const ByteMarks* marks, std::vector<uint64_t>* mark_bits, std::vector<uint64_t>* word_starts) const;
  bool ScanBmi2(std::string_view text, std::vector<PhraseMatch>& out, size_t max_matches, std::vector<TokenRef>* side,
                const ByteMarks* marks, std::vector<uint64_t>* mark_bits, std::vector<uint64_t>* word_starts) const;

  std::string pool_;
  std::vector<Phrase> phrases_;
  std::vector<std::string> pending_keys_;  // folded anchor per phrase, until Build()
  std::vector<Key> keys_;
  // MatchPrefix's index of the phrases not anchored on their first word, sorted by the hash of
  // their folded first word (as a token's). Used only when every phrase starts with a word byte
  // and its only whitespace is single spaces between other bytes (then a match's alignment is
  // unique); else MatchPrefix falls back to Scan.
  struct PrefixKey {
    uint64_t hash;
    uint32_t phrase;
    // Quick reject: the phrase's first 16 bytes, as (text word & mask) == value for the two
    // 8-byte words of a text whose first 16 bytes align byte for byte with a match (their only
    // whitespace is single spaces). Mask bytes 0xDF for caseless letters, 0xFF for other phrase
    // bytes, 0 beyond the phrase.
    uint64_t mask[2];
    uint64_t value[2];
    bool operator<(const PrefixKey& o) const { return hash != o.hash ? hash < o.hash : phrase < o.phrase; }
  };
  std::vector<PrefixKey> prefix_keys_;
  bool prefix_ready_ = false;
  std::vector<uint32_t> slots_;   // open addressing: index into keys_ + 1, 0 = empty
  uint64_t slot_mask_ = 0;
  AnchorFilter filter_;  // set for every anchor hash
  AnchorFilter side_;    // SetSideFilter's
  AnchorFilter either_;  // filter_ | side_: one test per token in Scan
  bool built_ = false;
};

}  // namespace skillpulse
