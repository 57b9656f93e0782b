// Reading every posting of a source spec through the registry, as the pipeline does (spec ->
// documents -> format -> batches), for behaviour tests: records in, records out.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/input.h"
#include "sources/source.h"

namespace skillpulse::testing {

inline void ReadSpec(const SourceSpec& spec, Diagnostics& diag, std::vector<JobPosting>& out) {
  auto docs = OpenDocuments(spec, SourceRegistry::Builtin(), diag);
  ASSERT_TRUE(docs.ok()) << docs.status().ToString();
  Document doc;
  for (;;) {
    auto more = (*docs)->Next(doc);
    ASSERT_TRUE(more.ok()) << more.status().ToString();
    if (!*more) break;
    auto src = OpenDocument(spec, doc, SourceRegistry::Builtin(), diag);
    ASSERT_TRUE(src.ok()) << src.status().ToString();
    if (!*src) continue;
    for (;;) {
      PostingBatch b;
      auto st = (*src)->Next(b, diag);
      ASSERT_TRUE(st.ok()) << st.status().ToString();
      for (auto& p : b.postings) {
        if ((*src)->finalize() != nullptr) (*src)->finalize()(p);  // as the pipeline's workers do
        out.push_back(std::move(p));
      }
      if (*st == SourceState::kFinished) break;
    }
  }
}

// Every posting of `arg` ("greenhouse:FILE", a bare path...).
inline std::vector<JobPosting> ReadAll(const std::string& arg, Diagnostics& diag) {
  std::vector<JobPosting> out;
  auto spec = ParseSourceSpec(arg);
  EXPECT_TRUE(spec.ok()) << spec.status().ToString();
  if (spec.ok()) ReadSpec(*spec, diag, out);
  return out;
}

// Every posting of one in-memory document named `origin`, read as `type` ("" = sniffed).
inline std::vector<JobPosting> ReadBytes(const std::string& type, const std::string& origin, const std::string& bytes,
                                         Diagnostics& diag) {
  SourceSpec spec;
  spec.type = type;
  spec.location = origin;
  Document doc;
  doc.origin = origin;
  doc.stem = "doc";
  doc.size_bytes = bytes.size();
  doc.open = [origin, bytes]() -> Result<std::unique_ptr<InputStream>> { return InputStream::FromMemory(origin, bytes); };
  std::vector<JobPosting> out;
  auto src = OpenDocument(spec, doc, SourceRegistry::Builtin(), diag);
  EXPECT_TRUE(src.ok()) << src.status().ToString();
  if (!src.ok() || !*src) return out;
  for (;;) {
    PostingBatch b;
    auto st = (*src)->Next(b, diag);
    EXPECT_TRUE(st.ok()) << st.status().ToString();
    if (!st.ok()) break;
    for (auto& p : b.postings) {
      if ((*src)->finalize() != nullptr) (*src)->finalize()(p);
      out.push_back(std::move(p));
    }
    if (*st == SourceState::kFinished) break;
  }
  return out;
}

inline const JobPosting* FindById(const std::vector<JobPosting>& all, const std::string& id) {
  for (const auto& p : all) {
    if (p.source_id == id) return &p;
  }
  return nullptr;
}

}  // namespace skillpulse::testing
