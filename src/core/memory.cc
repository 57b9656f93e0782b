#include "core/memory.h"

#include <cstddef>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

// jemalloc's control interface, present only when the binary links jemalloc: a weak
// reference is null otherwise (sanitizer builds, tests, benchmarks).
extern "C" int mallctl(const char* name, void* oldp, size_t* oldlenp, void* newp, size_t newlen)
    __attribute__((weak));

namespace skillpulse {

void ReleaseFreeMemory() {
  if (mallctl != nullptr) {
    // MALLCTL_ARENAS_ALL is 4096 (jemalloc/jemalloc.h, "arena.<i>.purge").
    mallctl("arena.4096.purge", nullptr, nullptr, nullptr, 0);
    return;
  }
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

}  // namespace skillpulse
