// A Source over postings already parsed from one whole document (RSS/Atom feeds, JSON-LD
// pages, HN thread dumps; the JSON board APIs are read incrementally, json_records.h):
// the document is parsed on the first Next() call, then handed out batch by batch.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "sources/source.h"

namespace skillpulse {

class BufferedSource : public Source {
 public:
  // `parse` reads the whole document, appending postings; bad records go to diag.
  using ParseFn = std::function<Status(std::vector<JobPosting>& out, Diagnostics& diag)>;
  explicit BufferedSource(ParseFn parse) : parse_(std::move(parse)) {}

  Result<SourceState> Next(PostingBatch& batch, Diagnostics& diag) override {
    if (!parsed_) {
      parsed_ = true;
      SP_TRY(parse_(postings_, diag));
    }
    while (pos_ < postings_.size() && !batch.full()) batch.postings.push_back(std::move(postings_[pos_++]));
    if (pos_ < postings_.size()) return SourceState::kHaveMore;
    postings_.clear();
    postings_.shrink_to_fit();
    return SourceState::kFinished;
  }

 private:
  ParseFn parse_;
  bool parsed_ = false;
  std::vector<JobPosting> postings_;
  size_t pos_ = 0;
};

// The `open` hook of a format whose `Parse(spec, doc, out, diag)` reads a whole document:
// the spec and document are copied into a BufferedSource, which parses on its first Next.
// Use as `f.open = OpenBuffered<Parse>;`.
template <Status (*Parse)(const SourceSpec&, const Document&, std::vector<JobPosting>&, Diagnostics&)>
Result<std::unique_ptr<Source>> OpenBuffered(const SourceSpec& spec, const Document& doc) {
  return std::unique_ptr<Source>(new BufferedSource(
      [spec, doc](std::vector<JobPosting>& out, Diagnostics& diag) { return Parse(spec, doc, out, diag); }));
}

}  // namespace skillpulse
