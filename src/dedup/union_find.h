// Disjoint sets over 0..n-1 (Tarjan 1975; path halving + union by size). Transitive groups of
// duplicate postings become one job: a~b and b~c put a, b and c in one set whatever the order
// of the unions. 4 + 4 bytes per element.
#pragma once

#include <cstdint>
#include <numeric>
#include <utility>
#include <vector>

namespace skillpulse {

class UnionFind {
 public:
  explicit UnionFind(size_t n = 0) { Reset(n); }
  void Reset(size_t n) {
    parent_.resize(n);
    std::iota(parent_.begin(), parent_.end(), 0u);
    size_.assign(n, 1);
  }
  size_t size() const { return parent_.size(); }
  // Adds one singleton set; returns its element.
  uint32_t Add() {
    parent_.push_back(static_cast<uint32_t>(parent_.size()));
    size_.push_back(1);
    return parent_.back();
  }
  uint32_t Find(uint32_t x) {
    while (parent_[x] != x) {
      parent_[x] = parent_[parent_[x]];
      x = parent_[x];
    }
    return x;
  }
  // Returns true when a and b were in different sets.
  bool Union(uint32_t a, uint32_t b) {
    a = Find(a);
    b = Find(b);
    if (a == b) return false;
    if (size_[a] < size_[b]) std::swap(a, b);
    parent_[b] = a;
    size_[a] += size_[b];
    return true;
  }
  bool Same(uint32_t a, uint32_t b) { return Find(a) == Find(b); }

 private:
  std::vector<uint32_t> parent_;
  std::vector<uint32_t> size_;
};

}  // namespace skillpulse
