// libFuzzer target: the HN reader (hn.cc) on arbitrary bytes, as one document and as JSON Lines:
// the shared JSONL, Firebase items and the gantryops wrapper, Algolia trees, curated-hn-hiring.
#include "source_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  skillpulse::FuzzFormat("hn", "thread.json", data, size);
  return 0;
}
