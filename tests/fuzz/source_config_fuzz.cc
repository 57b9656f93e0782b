// sources.toml (sources/source_config.h): malformed TOML and values are errors, never crashes;
// every accepted entry formats back to TOML that parses.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sources/source_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto c = skillpulse::ParseSourcesConfig(in, "fuzz.toml");
  if (!c.ok()) return 0;
  (void)skillpulse::ValidateSourcesConfig(*c, skillpulse::SourceRegistry::Builtin());
  for (const auto& e : c->sources) {
    auto again = skillpulse::ParseSourcesConfig(skillpulse::FormatSourceEntry(e), "again.toml");
    if (!again.ok() || again->sources.size() != 1 || again->sources[0].location != e.location) __builtin_trap();
    (void)skillpulse::ToSourceSpec(e, *c, skillpulse::SourceRegistry::Builtin());
  }
  return 0;
}
