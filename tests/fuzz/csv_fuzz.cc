// libFuzzer target: the generic csv reader (csv.cc, mapping.cc) on arbitrary bytes.
#include "source_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  skillpulse::FuzzFormat("csv", "records.csv", data, size);
  return 0;
}
