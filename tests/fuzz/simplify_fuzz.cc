// libFuzzer target: the simplify reader on arbitrary bytes.
#include "source_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  skillpulse::FuzzFormat("simplify", "listings.json", data, size);
  return 0;
}
