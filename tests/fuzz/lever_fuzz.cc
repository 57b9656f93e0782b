// libFuzzer target: the lever reader, and its paging hook, on arbitrary bytes.
#include "source_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  skillpulse::FuzzFormat("lever", "https://api.lever.co/v0/postings/fuzz?mode=json&skip=0&limit=2", data, size);
  const skillpulse::SourceFormat* f = skillpulse::SourceRegistry::Builtin().Find("lever");
  std::string_view body(reinterpret_cast<const char*>(data), size);
  (void)f->next_page("https://api.lever.co/v0/postings/fuzz?mode=json&skip=0&limit=2", body);
  (void)f->next_page(body, "[{},{}]");  // the URL itself as input
  return 0;
}
