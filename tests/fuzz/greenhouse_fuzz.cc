// libFuzzer target: the greenhouse reader on arbitrary bytes.
#include "source_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  skillpulse::FuzzFormat("greenhouse", "https://boards-api.greenhouse.io/v1/boards/fuzz/jobs", data, size);
  return 0;
}
