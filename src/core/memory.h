// Handing freed memory back to the operating system, whichever allocator the binary has.
#pragma once

namespace skillpulse {

// Returns free pages the allocator holds to the OS, so the resident size (RSS) drops to what
// is in use. With jemalloc linked in (apps/skillpulse/allocator.cc) it purges every arena's
// dirty pages (jemalloc(3), mallctl "arena.<i>.purge" with i = MALLCTL_ARENAS_ALL); with glibc
// malloc it is malloc_trim(0); elsewhere it does nothing. A few ms; never fails.
void ReleaseFreeMemory();

}  // namespace skillpulse
