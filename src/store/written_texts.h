// The content hashes of descriptions a store has already written in this run, shared between
// the writer thread (which adds them) and the parallel Prepare workers (which read them to
// skip compressing a text the store will not write again: a cross-posted or reposted job's
// copies share one description row). Thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <unordered_set>

namespace skillpulse {

class WrittenTexts {
 public:
  // True when `content_hash` was added before.
  bool Contains(uint64_t content_hash) const {
    const Shard& s = shards_[ShardOf(content_hash)];
    std::lock_guard<std::mutex> lock(s.mu);
    return s.hashes.count(content_hash) > 0;
  }
  // Adds `content_hash`; true when it was not there yet.
  bool Insert(uint64_t content_hash) {
    Shard& s = shards_[ShardOf(content_hash)];
    std::lock_guard<std::mutex> lock(s.mu);
    return s.hashes.insert(content_hash).second;
  }
  void Clear() {
    for (Shard& s : shards_) {
      std::lock_guard<std::mutex> lock(s.mu);
      s.hashes.clear();
    }
  }

 private:
  static constexpr size_t kShards = 16;  // few enough to stay small, enough for 2-16 workers
  static size_t ShardOf(uint64_t h) { return static_cast<size_t>(h >> 60) & (kShards - 1); }
  struct Shard {
    mutable std::mutex mu;
    std::unordered_set<uint64_t> hashes;
  };
  std::array<Shard, kShards> shards_;
};

}  // namespace skillpulse
