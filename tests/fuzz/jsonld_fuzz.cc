// libFuzzer target: JSON-LD in HTML pages: the page reader (libxml2 + the tolerant JSON step
// + the JobPosting mapping) and the tolerant JSON step alone on the same bytes.
#include "source_fuzz.h"
#include "sources/jsonld.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  skillpulse::FuzzFormat("jsonld", "https://acme.example/careers/1", data, size);
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::string error;
  (void)skillpulse::ParseJsonLdScript(bytes, &error);
  return 0;
}
