// Archive manifests and the fetch-state file (sources/fetch/archive.h, fetch_state.h): bad
// bytes are errors, never crashes; what parses re-serializes and parses to the same values.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sources/fetch/archive.h"
#include "sources/fetch/fetch_state.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto m = skillpulse::ParseArchiveManifest(in);
  if (m.ok()) {
    for (const auto& e : m->entries) {
      auto back = skillpulse::ParseArchiveEntry(skillpulse::FormatArchiveEntry(e));
      if (!back.ok() || back->status != e.status || back->body_hash != e.body_hash) __builtin_trap();
    }
  }
  (void)skillpulse::ParseArchiveEntry(in);
  auto s = skillpulse::FetchState::Parse(in);
  if (s.ok()) {
    auto again = skillpulse::FetchState::Parse(s->Serialize());
    if (!again.ok() || again->url_count() != s->url_count()) __builtin_trap();
  }
  return 0;
}
