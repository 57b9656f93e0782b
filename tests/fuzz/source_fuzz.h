// Drives one source format over fuzzer bytes: its sniff, then its reader on the bytes as one
// document (the sniff is not allowed to veto, so the parser sees every input), drained batch
// by batch, each posting finalized (HTML -> text, header lines) as the pipeline does. Bad input must end in quarantined records or a Status, never a crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/input.h"
#include "sources/source.h"

namespace skillpulse {

inline void FuzzFormat(std::string_view type, std::string_view origin, const uint8_t* data, size_t size) {
  const SourceFormat* f = SourceRegistry::Builtin().Find(type);
  if (f == nullptr) __builtin_trap();
  std::string bytes(reinterpret_cast<const char*>(data), size);
  (void)f->sniff(origin, std::string_view(bytes).substr(0, 64 << 10));
  if (f->claims_url != nullptr) (void)f->claims_url(bytes);
  SourceSpec spec;
  spec.type = std::string(type);
  spec.location = std::string(origin);
  Document doc;
  doc.origin = std::string(origin);
  doc.stem = "fuzz";
  doc.size_bytes = size;
  doc.open = [&bytes, origin]() -> Result<std::unique_ptr<InputStream>> {
    return InputStream::FromMemory(std::string(origin), bytes);
  };
  Diagnostics diag(nullptr);
  auto src = f->open(spec, doc);
  if (!src.ok() || !*src) return;
  for (int i = 0; i < 100000; ++i) {
    PostingBatch batch;
    auto st = (*src)->Next(batch, diag);
    if ((*src)->finalize() != nullptr) {
      for (auto& p : batch.postings) (*src)->finalize()(p);  // as the pipeline's workers do
    }
    if (!st.ok() || *st == SourceState::kFinished) break;
  }
}

}  // namespace skillpulse
