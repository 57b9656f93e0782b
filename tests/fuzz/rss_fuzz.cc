// libFuzzer target: the rss reader on arbitrary bytes.
#include "source_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  skillpulse::FuzzFormat("rss", "feed.xml", data, size);
  return 0;
}
