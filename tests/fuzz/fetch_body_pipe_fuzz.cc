// BodyPipe (sources/fetch/body_pipe.h) driven by a script of producer and consumer calls on
// one thread: writes of any size, Ready() refusals and wakes, reads of any size, rewinds,
// the end, an error, abandoning. Against a model of the stream: every byte read is the byte
// written at that position, rewinds succeed exactly while the head covers what was read, the
// wake comes exactly when promised, and nothing crashes. (The input is a script, not a body:
// the bytes written are a fixed pattern of their position.)
#include <cstddef>
#include <cstdint>
#include <string>

#include "sources/fetch/body_pipe.h"

namespace {
char At(uint64_t i) { return static_cast<char>((i * 131 + 7) & 0xff); }
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  skillpulse::BodyPipe::Options o;
  o.capacity_bytes = 1 + data[0] * 16;
  o.head_bytes = data[1] * 8;
  o.held_bytes = std::make_shared<std::atomic<int64_t>>(0);
  int wakes = 0;
  bool wake_due = false;
  {
    skillpulse::BodyPipe pipe(o);
    pipe.SetWake([&] { ++wakes; });
    uint64_t written = 0, pos = 0, delivered = 0;
    bool ended = false, failed = false, abandoned = false;
    std::string buf;
    for (size_t i = 2; i + 1 < size; i += 2) {
      const uint8_t op = data[i] % 7;
      const size_t n = data[i + 1] * 97u % 5000;
      switch (op) {
        case 0: {  // write
          std::string bytes(n, '\0');
          for (size_t k = 0; k < n; ++k) bytes[k] = At(written + k);
          pipe.Write(bytes);
          if (!ended) written += n;
          break;
        }
        case 1:  // ready?
          if (!pipe.Ready()) {
            if (abandoned) __builtin_trap();  // an abandoned pipe never refuses
            wake_due = true;
          }
          break;
        case 2: {  // read, only when it cannot block
          if (abandoned) {
            if (pipe.Read(buf.data(), 1).ok()) __builtin_trap();
            break;
          }
          if (pos == delivered && delivered == written && !ended) break;
          const int before = wakes;
          buf.resize(n + 1);
          auto r = pipe.Read(buf.data(), n + 1);
          if (!r.ok()) {
            if (!(failed && pos == written)) __builtin_trap();
            break;
          }
          for (size_t k = 0; k < *r; ++k) {
            if (buf[k] != At(pos + k)) __builtin_trap();
          }
          if (*r == 0 && !(ended && pos == written)) __builtin_trap();
          pos += *r;
          if (pos > delivered) delivered = pos;
          if (wakes != before) {
            if (!wake_due || written - delivered > o.capacity_bytes / 2) __builtin_trap();
            wake_due = false;
          }
          break;
        }
        case 3: {  // rewind (the sniff's reopen)
          const bool ok = pipe.Rewind().ok();
          const bool expect = !abandoned && delivered <= o.head_bytes;
          if (ok != expect) __builtin_trap();
          if (ok) pos = 0;
          break;
        }
        case 4:
          pipe.Finish();
          ended = true;
          break;
        case 5:
          if (!ended) failed = true;
          pipe.Fail(skillpulse::Unavailable("cut"));
          ended = true;
          break;
        case 6: {
          const int before = wakes;
          pipe.Abandon();
          if (!abandoned && wake_due && wakes != before + 1) __builtin_trap();
          wake_due = false;
          abandoned = true;
          if (o.held_bytes->load() != 0) __builtin_trap();
          break;
        }
      }
      if (pipe.bytes_read() != delivered && !abandoned) __builtin_trap();
    }
  }
  if (o.held_bytes->load() != 0) __builtin_trap();  // every byte given back
  return 0;
}
