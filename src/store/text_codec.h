// How the stores compress descriptions: one zstd frame per distinct text (RFC 8878), with a
// zstd dictionary trained on the store's own first descriptions once enough have been seen.
//
// Why a dictionary: job descriptions are short (HN ~1.3 KB) and a short text has little
// redundancy of its own, so zstd level 1 spends most of its time setting up and compresses
// only 1.70x; with a dictionary of the boilerplate job ads share it compresses 2.3x and
// 1.5x faster (bench/store_text_bench, HN texts: 143 -> 217 MB/s; docs/BENCHMARKS.md).
//
// A frame names its dictionary by the dictionary's id (RFC 8878 section 3.1.1.1.3), so frames
// made before a store had a dictionary, or with an older one, stay readable: the stores keep
// every dictionary they ever used in a `text_dictionaries` table (dict_id, dictionary) and
// write a dictionary row before (or in the same transaction as) the first frame using it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace skillpulse {

struct TextDictionary {
  uint32_t id = 0;     // the zstd dictionary id (ZDICT_getDictID), as stored in frames
  std::string bytes;   // the dictionary as ZDICT_trainFromBuffer made it
};

struct TextCodecOptions {
  int level = 1;                                // zstd level, with or without a dictionary
  size_t train_after_bytes = size_t{4} << 20;   // text sampled before training (bytes)
  size_t max_sample_bytes = 8192;               // at most this much of each text is sampled
  size_t dictionary_bytes = 112640;             // the dictionary's size (zstd's default)
  bool train = true;                            // false: never train (readers, tests)
};

class TextCodec {
 public:
  // `known`: the dictionaries a store holds; new texts use the one with the highest id until
  // a new one is trained. Dictionaries zstd cannot load are skipped (their frames will fail
  // to decompress with a clear error).
  explicit TextCodec(std::vector<TextDictionary> known = {}, TextCodecOptions options = {});
  ~TextCodec();
  TextCodec(const TextCodec&) = delete;
  TextCodec& operator=(const TextCodec&) = delete;

  // Compresses `text` into `out` (replaced): a zstd frame, with the current dictionary when
  // there is one. Until a dictionary exists (and training is on), the text is also sampled;
  // the call whose sample crosses train_after_bytes trains the dictionary (once, ~35 ms
  // for 4 MB), while other threads go on compressing without it. Thread-safe. An empty text gives
  // an empty `out`.
  void Compress(std::string_view text, std::string& out) const;

  // The dictionary trained since the last call, if any: the store must persist it before any
  // frame Compress made after it was trained (in practice: at the start of its next write).
  std::optional<TextDictionary> TakeTrained();

  // Decompresses a frame made by Compress (with whatever dictionary it names) into `out`
  // (replaced). `size_hint`: the text's length in bytes when known (0 = read from the frame).
  // Errors: Internal when the frame is corrupt, or names a dictionary this codec does not hold.
  Status Decompress(std::string_view frame, size_t size_hint, std::string& out) const;

  // Makes a dictionary known for decompression (and for compression, if its id is the highest).
  void AddDictionary(const TextDictionary& d);
  // The id new frames are compressed with; 0 = none yet.
  uint32_t current_dictionary_id() const;

 private:
  struct Dict;
  void Train() const;

  TextCodecOptions options_;
  mutable std::mutex mu_;                         // guards everything below
  mutable std::map<uint32_t, std::shared_ptr<const Dict>> dicts_;
  mutable std::shared_ptr<const Dict> current_;   // compresses new frames; null = none
  mutable std::string samples_;                   // training samples, concatenated
  mutable std::vector<size_t> sample_sizes_;
  mutable bool training_ = false;                 // a thread is training: stop sampling
  mutable bool trained_ = false;                  // one dictionary per codec at most
  mutable std::optional<TextDictionary> fresh_;   // trained, not yet taken by the store
};

}  // namespace skillpulse
