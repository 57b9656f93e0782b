// Shared by dedup_bench and dedup_eval: an in-memory DedupStateStore with the indexes a store
// has (posting id, block, URL, job id), for measuring incremental assignment without SQLite.
#pragma once

#include <algorithm>
#include <unordered_map>
#include <vector>

#include "dedup/job_assigner.h"

namespace skillpulse::bench {

class IndexedState : public DedupStateStore {
 public:
  explicit IndexedState(const std::vector<DedupRecord>& records) {
    for (auto& r : records) Put(r);
  }
  void Put(const DedupRecord& r) {
    size_t i = records_.size();
    by_id_[r.posting_id] = i;
    records_.push_back(r);
    job_ids_.push_back(0);
    by_block_[r.block].push_back(i);
    if (r.url) by_url_[r.url].push_back(i);
  }
  Status LoadByPostings(std::span<const int64_t> ids, StoredDedupRecords& out) override {
    for (int64_t id : ids) Emit(by_id_.at(id), out);
    return Status::Ok();
  }
  Status LoadByBlocks(std::span<const uint64_t> blocks, StoredDedupRecords& out) override {
    for (uint64_t b : blocks) {
      if (auto it = by_block_.find(b); it != by_block_.end()) {
        for (size_t i : it->second) Emit(i, out);
      }
    }
    return Status::Ok();
  }
  Status LoadByUrls(std::span<const uint64_t> urls, StoredDedupRecords& out) override {
    for (uint64_t u : urls) {
      if (auto it = by_url_.find(u); it != by_url_.end()) {
        for (size_t i : it->second) Emit(i, out);
      }
    }
    return Status::Ok();
  }
  Status LoadByJobs(std::span<const int64_t> jobs, StoredDedupRecords& out) override {
    for (int64_t j : jobs) {
      if (auto it = by_job_.find(j); it != by_job_.end()) {
        for (size_t i : it->second) Emit(i, out);
      }
    }
    return Status::Ok();
  }
  Status LoadAll(StoredDedupRecords& out) override {
    for (size_t i = 0; i < records_.size(); ++i) Emit(i, out);
    return Status::Ok();
  }
  Result<int64_t> CountRecords() override { return static_cast<int64_t>(records_.size()); }
  Status SetJobIds(std::span<const JobIdUpdate> updates) override {
    for (const auto& u : updates) {
      const int64_t p = u.posting_id, j = u.job_id;
      size_t i = by_id_.at(p);
      if (job_ids_[i] != 0) {
        auto& v = by_job_[job_ids_[i]];
        v.erase(std::find(v.begin(), v.end(), i));
      }
      job_ids_[i] = j;
      by_job_[j].push_back(i);
    }
    return Status::Ok();
  }

 private:
  void Emit(size_t i, StoredDedupRecords& out) { out.Add(records_[i], job_ids_[i]); }
  std::vector<DedupRecord> records_;
  std::vector<int64_t> job_ids_;
  std::unordered_map<int64_t, size_t> by_id_;
  std::unordered_map<uint64_t, std::vector<size_t>> by_block_, by_url_;
  std::unordered_map<int64_t, std::vector<size_t>> by_job_;
};

}  // namespace skillpulse::bench
