// A bounded byte pipe that carries one fetched body from the fetcher's event loop (the
// producer: libcurl's write callback) to the pipeline thread that parses it (the consumer), so
// a response of any size costs at most about `capacity_bytes` of memory while it is parsed.
//
// Flow control without blocking the producer: the producer asks Ready() before each write;
// when the unread bytes reach the capacity it answers false, the producer pauses its transfer
// (CURL_WRITEFUNC_PAUSE), and the consumer calls the producer's wake function once it has read
// the buffer down to half. The consumer blocks in Read() (a condition variable, no polling)
// until bytes, the end or an error arrive.
//
// Reopening: a document is opened twice (OpenDocument sniffs the first 64 KiB, then the
// format's reader opens it again), and a pipe cannot be read twice, so the pipe keeps the
// first `head_bytes` the consumer read; Rewind() replays them while nothing past them was read.
//
// Thread-safety: one producer thread and one consumer thread at a time; every method is safe
// to call concurrently with the other side's.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "core/status.h"

namespace skillpulse {

class BodyPipe {
 public:
  struct Options {
    // Unread bytes at which Ready() says no (FetchSessionOptions::stream_pipe_bytes).
    size_t capacity_bytes = size_t{256} << 10;
    // Bytes kept for Rewind(). 320 KiB covers OpenDocument's 64 KiB sniff of a plain body and of
    // a .zst/.gz body (whose decompressing reader takes up to 256 KiB of raw bytes at a time).
    size_t head_bytes = size_t{320} << 10;
    // Optional: kept equal to the bytes this pipe holds (unread buffer + kept head), for a
    // memory window shared by many pipes.
    std::shared_ptr<std::atomic<int64_t>> held_bytes;
  };

  BodyPipe();
  explicit BodyPipe(Options options);
  ~BodyPipe();
  BodyPipe(const BodyPipe&) = delete;
  BodyPipe& operator=(const BodyPipe&) = delete;

  // ---- Producer ----

  // True when the consumer has room (or is gone): the next Write may go ahead. False: the
  // buffer is full; the wake function will be called once it has room again (exactly once
  // per false answer, unless the pipe is abandoned or the wake is cleared first).
  bool Ready();
  // Appends `bytes` (whatever Ready() said; the buffer grows past the capacity by what the
  // producer writes without asking). Dropped when the consumer abandoned the pipe.
  void Write(std::string_view bytes);
  // What Ready() = false arranges to be called. Runs on the consumer's thread with the pipe's
  // lock held: it must be quick and must not call into this pipe. Null clears it.
  void SetWake(std::function<void()> wake);
  // The body is complete: the consumer reads the rest, then 0 (end).
  void Finish();
  // The body ends with an error: the consumer reads what is buffered, then gets `status`.
  // Ignored after Finish or a first Fail.
  void Fail(Status status);
  // Total bytes written.
  uint64_t bytes_written() const;
  bool abandoned() const;

  // ---- Consumer ----

  // Reads up to `n` bytes: blocks until at least one byte, the end (returns 0) or the error
  // (returns it). The thread-safety note above applies: one consumer at a time.
  Result<size_t> Read(char* buf, size_t n);
  // Reads from byte 0 again. kFailedPrecondition once more than the kept head was read.
  Status Rewind();
  // The consumer will read no more: buffered bytes are freed, later writes are dropped, and a
  // paused producer is woken so its transfer can finish (or fail) without anyone waiting.
  void Abandon();
  // Bytes handed to the consumer (the furthest position read).
  uint64_t bytes_read() const;

 private:
  void Account(int64_t delta);  // REQUIRES: mu_ held
  void FreeRing();              // REQUIRES: mu_ held, unread_ == 0
  void MaybeWake();             // REQUIRES: mu_ held

  const Options options_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::unique_ptr<char[]> ring_;
  size_t ring_size_ = 0;   // allocated bytes of ring_
  size_t ring_begin_ = 0;  // index of the first unread byte
  size_t unread_ = 0;      // unread bytes in ring_
  std::string head_;       // bytes [0, head_.size()) of the body, while Rewind() is possible
  bool head_dropped_ = false;
  uint64_t written_ = 0;
  uint64_t delivered_ = 0;  // bytes taken out of ring_ by the consumer
  uint64_t pos_ = 0;        // the consumer's position (< delivered_ while replaying the head)
  int64_t held_ = 0;        // what Account() added to options_.held_bytes
  bool finished_ = false;
  bool failed_ = false;
  Status error_;
  bool abandoned_ = false;
  bool want_wake_ = false;
  std::function<void()> wake_;
};

}  // namespace skillpulse
