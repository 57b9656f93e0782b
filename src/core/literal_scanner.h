// Finds every occurrence of a fixed set of literal strings, ASCII case-insensitively, in one
// SIMD pass (Hyperscan's literal matchers, https://intel.github.io/hyperscan/dev-reference/):
// a prefilter for extractors that look for a few words in long texts, so the per-byte work
// is the library's, not a byte loop of ours.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace skillpulse {

class LiteralScanner {
 public:
  // Compiles `literals` (non-empty strings; bytes taken literally, ASCII letters matched in
  // either case). InvalidArgument for an empty set or an empty literal; Internal when the
  // library refuses the pattern set.
  static Result<std::unique_ptr<LiteralScanner>> Create(const std::vector<std::string>& literals);
  ~LiteralScanner();
  LiteralScanner(const LiteralScanner&) = delete;
  LiteralScanner& operator=(const LiteralScanner&) = delete;

  // Calls on_match(start, literal_index) for each occurrence (overlapping ones too), in
  // increasing order of its end offset (so in start order when all literals have the same
  // length). on_match returns true to stop the scan. Thread-safe (per-thread scratch space);
  // never fails on any input bytes: a library error ends the scan early and returns false.
  bool Scan(std::string_view text, const std::function<bool(size_t start, size_t literal)>& on_match) const;

 private:
  LiteralScanner() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace skillpulse
