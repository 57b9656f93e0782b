// libFuzzer target: the generic jsonl reader (jsonl.cc, mapping.cc) on arbitrary bytes.
#include "source_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  skillpulse::FuzzFormat("jsonl", "records.jsonl", data, size);
  return 0;
}
