// libFuzzer target: the generic JSON document reader (json.cc) on arbitrary bytes.
#include "source_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  skillpulse::FuzzFormat("json", "records.json", data, size);
  return 0;
}
