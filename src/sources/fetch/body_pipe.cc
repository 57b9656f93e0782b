#include "sources/fetch/body_pipe.h"

#include <algorithm>
#include <cstring>

namespace skillpulse {

BodyPipe::BodyPipe() : BodyPipe(Options()) {}

BodyPipe::BodyPipe(Options options) : options_(std::move(options)) {}

BodyPipe::~BodyPipe() {
  if (options_.held_bytes) options_.held_bytes->fetch_sub(held_);
}

void BodyPipe::FreeRing() {
  ring_.reset();
  ring_size_ = ring_begin_ = 0;
}

void BodyPipe::Account(int64_t delta) {
  held_ += delta;
  if (options_.held_bytes && delta != 0) options_.held_bytes->fetch_add(delta);
}

void BodyPipe::MaybeWake() {
  if (!want_wake_) return;
  if (!abandoned_ && unread_ > options_.capacity_bytes / 2) return;
  want_wake_ = false;
  if (wake_) wake_();
}

bool BodyPipe::Ready() {
  std::lock_guard lock(mu_);
  if (abandoned_ || unread_ < options_.capacity_bytes) return true;
  want_wake_ = true;
  return false;
}

void BodyPipe::Write(std::string_view bytes) {
  if (bytes.empty()) return;
  {
    std::lock_guard lock(mu_);
    written_ += bytes.size();
    if (abandoned_ || finished_ || failed_) return;
    if (unread_ + bytes.size() > ring_size_) {
      // Grow (first write, or a producer writing past the capacity): linearize into a new
      // buffer. Uninitialized memory: pages are touched only as bytes arrive.
      size_t size = std::max({options_.capacity_bytes + (size_t{64} << 10), ring_size_ * 2, unread_ + bytes.size()});
      std::unique_ptr<char[]> ring(new char[size]);
      size_t first = std::min(unread_, ring_size_ - ring_begin_);
      if (unread_ > 0) {
        std::memcpy(ring.get(), ring_.get() + ring_begin_, first);
        std::memcpy(ring.get() + first, ring_.get(), unread_ - first);
      }
      ring_ = std::move(ring);
      ring_size_ = size;
      ring_begin_ = 0;
    }
    size_t end = (ring_begin_ + unread_) % ring_size_;
    size_t first = std::min(bytes.size(), ring_size_ - end);
    std::memcpy(ring_.get() + end, bytes.data(), first);
    std::memcpy(ring_.get(), bytes.data() + first, bytes.size() - first);
    unread_ += bytes.size();
    Account(static_cast<int64_t>(bytes.size()));
  }
  cv_.notify_all();
}

void BodyPipe::SetWake(std::function<void()> wake) {
  std::lock_guard lock(mu_);
  wake_ = std::move(wake);
}

void BodyPipe::Finish() {
  {
    std::lock_guard lock(mu_);
    if (finished_ || failed_) return;
    finished_ = true;
    if (unread_ == 0) FreeRing();
  }
  cv_.notify_all();
}

void BodyPipe::Fail(Status status) {
  {
    std::lock_guard lock(mu_);
    if (finished_ || failed_) return;
    failed_ = true;
    error_ = status.ok() ? Internal("body pipe failed without a reason") : std::move(status);
    if (unread_ == 0) FreeRing();
  }
  cv_.notify_all();
}

uint64_t BodyPipe::bytes_written() const {
  std::lock_guard lock(mu_);
  return written_;
}

bool BodyPipe::abandoned() const {
  std::lock_guard lock(mu_);
  return abandoned_;
}

Result<size_t> BodyPipe::Read(char* buf, size_t n) {
  if (n == 0) return size_t{0};
  std::unique_lock lock(mu_);
  for (;;) {
    if (abandoned_) return FailedPrecondition("read from an abandoned body pipe");
    if (pos_ < delivered_) {  // replaying the head after Rewind()
      size_t k = static_cast<size_t>(std::min<uint64_t>(n, delivered_ - pos_));
      std::memcpy(buf, head_.data() + pos_, k);
      pos_ += k;
      return k;
    }
    if (unread_ > 0) {
      size_t k = std::min(n, unread_);
      size_t first = std::min(k, ring_size_ - ring_begin_);
      std::memcpy(buf, ring_.get() + ring_begin_, first);
      std::memcpy(buf + first, ring_.get(), k - first);
      ring_begin_ = (ring_begin_ + k) % ring_size_;
      unread_ -= k;
      int64_t delta = -static_cast<int64_t>(k);
      if (!head_dropped_) {
        if (delivered_ + k <= options_.head_bytes) {
          if (head_.capacity() < options_.head_bytes) head_.reserve(options_.head_bytes);  // once, not doubling
          head_.append(buf, k);
          delta += static_cast<int64_t>(k);
        } else {
          // Read past the head: it can never be replayed now.
          delta -= static_cast<int64_t>(head_.size());
          std::string().swap(head_);
          head_dropped_ = true;
        }
      }
      delivered_ += k;
      pos_ = delivered_;
      if (unread_ == 0 && (finished_ || failed_)) FreeRing();  // nothing more will arrive
      Account(delta);
      MaybeWake();
      return k;
    }
    if (failed_) return error_;
    if (finished_) return size_t{0};
    cv_.wait(lock);
  }
}

Status BodyPipe::Rewind() {
  std::lock_guard lock(mu_);
  if (abandoned_) return FailedPrecondition("rewind of an abandoned body pipe");
  if (head_dropped_) {
    return FailedPrecondition("a streamed body can be reopened only while at most " +
                              std::to_string(options_.head_bytes) + " bytes of it were read (" +
                              std::to_string(delivered_) + " were)");
  }
  pos_ = 0;
  return Status::Ok();
}

void BodyPipe::Abandon() {
  {
    std::lock_guard lock(mu_);
    if (abandoned_) return;
    abandoned_ = true;
    FreeRing();
    unread_ = 0;
    std::string().swap(head_);
    head_dropped_ = true;
    Account(-held_);
    MaybeWake();
  }
  cv_.notify_all();
}

uint64_t BodyPipe::bytes_read() const {
  std::lock_guard lock(mu_);
  return delivered_;
}

}  // namespace skillpulse
