// libFuzzer target: the HN header parser and every field extractor on arbitrary bytes.
// Seed corpus: tests/fuzz/hn_header_seed.sh (first lines of the shared HN postings).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "enrich/fields.h"
#include "sources/hn_header.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace skillpulse;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  HnHeader h = ParseHnHeader(in);
  if (!h.found && !(h.company.empty() && h.title.empty() && h.location.empty())) __builtin_trap();
  FieldsInput fi;
  fi.title = h.title;
  fi.location = h.location;
  fi.text = in;
  fi.employment_type_raw = in.substr(0, 32);
  FieldsResult r = ExtractFields(fi);
  if (r.experience_years_min && (*r.experience_years_min < 0 || *r.experience_years_min > 30)) __builtin_trap();
  (void)NormalizeLocations(in);
  (void)LooksLikeLocation(in);
  (void)ClassifySeniority(in, in);
  return 0;
}
