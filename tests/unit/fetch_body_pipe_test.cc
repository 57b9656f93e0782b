// BodyPipe: the bounded buffer between the fetcher's loop (producer) and a document reader
// (consumer). Single-threaded contract checks, then a producer/consumer pair on two threads
// that pause and wake each other the way the fetcher and a reader do.
#include "sources/fetch/body_pipe.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <random>
#include <thread>

namespace skillpulse {
namespace {

std::string ReadAll(BodyPipe& pipe, size_t chunk = 4096) {
  std::string out;
  std::string buf(chunk, '\0');
  for (;;) {
    auto n = pipe.Read(buf.data(), buf.size());
    EXPECT_TRUE(n.ok()) << n.status().ToString();
    if (!n.ok() || *n == 0) return out;
    out.append(buf, 0, *n);
  }
}

BodyPipe::Options Small(size_t capacity, size_t head = 16) {
  BodyPipe::Options o;
  o.capacity_bytes = capacity;
  o.head_bytes = head;
  o.held_bytes = std::make_shared<std::atomic<int64_t>>(0);
  return o;
}

TEST(BodyPipe, BytesComeOutInOrderThenTheEnd) {
  BodyPipe pipe(Small(1 << 20));
  pipe.Write("hello, ");
  pipe.Write("");
  pipe.Write("world");
  pipe.Finish();
  EXPECT_EQ(ReadAll(pipe, 3), "hello, world");
  EXPECT_EQ(pipe.bytes_written(), 12u);
  EXPECT_EQ(pipe.bytes_read(), 12u);
  char c;
  EXPECT_EQ(*pipe.Read(&c, 1), 0u);  // the end, again
}

TEST(BodyPipe, AnEmptyBodyEndsAtOnceAndCanBeReopened) {
  BodyPipe pipe(Small(64));
  pipe.Finish();
  char c;
  EXPECT_EQ(*pipe.Read(&c, 1), 0u);
  EXPECT_TRUE(pipe.Rewind().ok());
  EXPECT_EQ(*pipe.Read(&c, 1), 0u);
}

TEST(BodyPipe, FullPipeRefusesUntilTheReaderDrainsItToHalf) {
  auto o = Small(8);
  BodyPipe pipe(o);
  int wakes = 0;
  pipe.SetWake([&] { ++wakes; });
  EXPECT_TRUE(pipe.Ready());
  pipe.Write("0123456");  // 7 < 8
  EXPECT_TRUE(pipe.Ready());
  pipe.Write("789abc");   // a write past the capacity is taken whole (13 unread)
  EXPECT_EQ(o.held_bytes->load(), 13);
  EXPECT_FALSE(pipe.Ready());
  EXPECT_FALSE(pipe.Ready());  // asking again arranges no second wake
  char buf[16];
  EXPECT_EQ(*pipe.Read(buf, 5), 5u);  // 8 unread: above half
  EXPECT_EQ(wakes, 0);
  EXPECT_EQ(*pipe.Read(buf, 4), 4u);  // 4 unread: half
  EXPECT_EQ(wakes, 1);
  EXPECT_EQ(*pipe.Read(buf, 4), 4u);
  EXPECT_EQ(wakes, 1);  // one wake per refusal
  EXPECT_TRUE(pipe.Ready());
}

TEST(BodyPipe, RewindReplaysTheHeadOnlyWhileNothingPastItWasRead) {
  BodyPipe pipe(Small(1 << 10, /*head=*/10));
  pipe.Write("abcdefghijklmnopqrstuvwxyz");
  pipe.Finish();
  char buf[32];
  ASSERT_EQ(*pipe.Read(buf, 4), 4u);  // "abcd", kept
  ASSERT_EQ(*pipe.Read(buf, 6), 6u);  // "efghij": 10 read, all kept
  ASSERT_TRUE(pipe.Rewind().ok());
  EXPECT_EQ(ReadAll(pipe, 7), "abcdefghijklmnopqrstuvwxyz");  // the head, then the rest
  Status again = pipe.Rewind();  // 26 read: more than the head
  EXPECT_EQ(again.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(again.message().find("at most 10 bytes"), std::string::npos) << again.message();
}

TEST(BodyPipe, RewindPartWayThroughTheReplayStartsOver) {
  BodyPipe pipe(Small(1 << 10, /*head=*/8));
  pipe.Write("12345678rest");
  pipe.Finish();
  char buf[8];
  ASSERT_EQ(*pipe.Read(buf, 8), 8u);
  ASSERT_TRUE(pipe.Rewind().ok());
  ASSERT_EQ(*pipe.Read(buf, 3), 3u);  // "123" from the head
  ASSERT_TRUE(pipe.Rewind().ok());
  EXPECT_EQ(ReadAll(pipe, 5), "12345678rest");
}

TEST(BodyPipe, AnErrorComesAfterTheBytesBeforeIt) {
  BodyPipe pipe(Small(1 << 10));
  pipe.Write("[1,2,");
  pipe.Fail(Unavailable("transfer closed with 7 bytes remaining to read"));
  pipe.Finish();                     // ignored: the pipe already ended
  pipe.Fail(Internal("second"));     // ignored too
  pipe.Write("3]");                  // after the end: dropped
  char buf[64];
  ASSERT_EQ(*pipe.Read(buf, sizeof buf), 5u);
  EXPECT_EQ(std::string(buf, 5), "[1,2,");
  auto r = pipe.Read(buf, sizeof buf);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(r.status().message().find("7 bytes remaining"), std::string::npos);
  EXPECT_FALSE(pipe.Read(buf, sizeof buf).ok());  // and stays
}

TEST(BodyPipe, FailWithoutAReasonStillFails) {
  BodyPipe pipe(Small(64));
  pipe.Fail(Status::Ok());
  char c;
  EXPECT_FALSE(pipe.Read(&c, 1).ok());
}

TEST(BodyPipe, AbandoningWakesTheProducerAndDropsEverything) {
  auto o = Small(4, /*head=*/4);
  BodyPipe pipe(o);
  int wakes = 0;
  pipe.SetWake([&] { ++wakes; });
  pipe.Write("abcdef");
  EXPECT_FALSE(pipe.Ready());
  char buf[2];
  ASSERT_EQ(*pipe.Read(buf, 2), 2u);  // 4 unread: still full enough, no wake
  EXPECT_EQ(wakes, 0);
  EXPECT_GT(o.held_bytes->load(), 0);
  pipe.Abandon();
  EXPECT_EQ(wakes, 1);
  EXPECT_TRUE(pipe.abandoned());
  EXPECT_EQ(o.held_bytes->load(), 0);
  EXPECT_TRUE(pipe.Ready());  // the producer runs on, its bytes dropped
  pipe.Write(std::string(1 << 20, 'x'));
  EXPECT_EQ(o.held_bytes->load(), 0);
  EXPECT_EQ(pipe.bytes_written(), 6u + (1u << 20));
  EXPECT_FALSE(pipe.Read(buf, 2).ok());
  EXPECT_FALSE(pipe.Rewind().ok());
  pipe.Abandon();  // twice: nothing more
  EXPECT_EQ(wakes, 1);
}

TEST(BodyPipe, HeldBytesFollowTheBufferAndTheHead) {
  auto o = Small(1 << 10, /*head=*/6);
  {
    BodyPipe pipe(o);
    pipe.Write("0123456789");
    EXPECT_EQ(o.held_bytes->load(), 10);
    char buf[4];
    ASSERT_EQ(*pipe.Read(buf, 4), 4u);  // 6 unread + 4 kept
    EXPECT_EQ(o.held_bytes->load(), 10);
    ASSERT_EQ(*pipe.Read(buf, 4), 4u);  // past the head: 2 unread, head dropped
    EXPECT_EQ(o.held_bytes->load(), 2);
    BodyPipe other(o);
    other.Write("zz");
    EXPECT_EQ(o.held_bytes->load(), 4);  // shared by both pipes
  }
  EXPECT_EQ(o.held_bytes->load(), 0);
}

TEST(BodyPipe, ReadOfZeroBytesReturnsAtOnce) {
  BodyPipe pipe(Small(64));
  char c;
  auto r = pipe.Read(&c, 0);  // no data, not ended: must not block
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 0u);
}

// The fetcher's side: writes whatever chunk sizes arrive, asks Ready() first and waits for
// the wake when refused (the fetcher pauses the transfer instead of waiting). The reader
// reads odd sizes, sniffs and rewinds once, and is sometimes slow. Every byte arrives once,
// in order, and the buffer never holds much more than its capacity.
TEST(BodyPipe, ProducerAndConsumerOnTwoThreadsKeepTheBufferBounded) {
  constexpr size_t kCapacity = 64 << 10, kHead = 16 << 10, kMaxWrite = 16 << 10;
  constexpr size_t kTotal = size_t{24} << 20;
  auto o = Small(kCapacity, kHead);
  BodyPipe pipe(o);
  std::string body(kTotal, '\0');
  std::mt19937_64 rng(7);
  for (auto& c : body) c = static_cast<char>('a' + rng() % 26);

  std::mutex mu;
  std::condition_variable cv;
  bool woken = false;
  pipe.SetWake([&] {
    std::lock_guard lock(mu);
    woken = true;
    cv.notify_all();
  });
  std::atomic<int64_t> max_held{0};
  std::atomic<int> pauses{0};
  std::thread producer([&] {
    std::mt19937_64 r(11);
    size_t at = 0;
    while (at < kTotal) {
      size_t n = std::min<size_t>(kTotal - at, 1 + r() % kMaxWrite);
      if (!pipe.Ready()) {
        ++pauses;
        std::unique_lock lock(mu);
        cv.wait(lock, [&] { return woken; });
        woken = false;
        continue;  // offer the same bytes again
      }
      pipe.Write(std::string_view(body).substr(at, n));
      at += n;
      int64_t held = o.held_bytes->load();
      int64_t prev = max_held.load();
      while (held > prev && !max_held.compare_exchange_weak(prev, held)) {
      }
    }
    pipe.Finish();
  });

  std::string got;
  std::string buf(100'000, '\0');
  size_t n0 = 0;
  while (n0 < kHead) {  // the sniff: exactly the head
    auto n = pipe.Read(buf.data(), kHead - n0);
    ASSERT_TRUE(n.ok());
    ASSERT_GT(*n, 0u);
    n0 += *n;
  }
  ASSERT_TRUE(pipe.Rewind().ok());
  std::mt19937_64 r(13);
  for (;;) {
    auto n = pipe.Read(buf.data(), 1 + r() % buf.size());
    ASSERT_TRUE(n.ok());
    if (*n == 0) break;
    got.append(buf, 0, *n);
    if (r() % 64 == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  producer.join();
  EXPECT_TRUE(got == body) << "received " << got.size() << " of " << body.size() << " bytes";
  EXPECT_GT(pauses.load(), 0);
  // Unread bytes stay under the capacity plus one write; the head adds at most its size.
  EXPECT_LE(max_held.load(), static_cast<int64_t>(kCapacity + kMaxWrite + kHead));
  EXPECT_EQ(pipe.bytes_read(), kTotal);
}

TEST(BodyPipe, AReaderBlockedOnAnEmptyPipeWakesForTheEndOrTheError) {
  for (bool fail : {false, true}) {
    BodyPipe pipe(Small(1 << 10));
    std::thread t([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(30));
      pipe.Write("xy");
      std::this_thread::sleep_for(std::chrono::milliseconds(30));
      if (fail) {
        pipe.Fail(DeadlineExceeded("timed out"));
      } else {
        pipe.Finish();
      }
    });
    char buf[8];
    auto a = pipe.Read(buf, sizeof buf);  // blocks until "xy"
    ASSERT_TRUE(a.ok());
    EXPECT_EQ(*a, 2u);
    auto b = pipe.Read(buf, sizeof buf);  // blocks until the end
    t.join();
    EXPECT_EQ(b.ok(), !fail);
    if (fail) {
      EXPECT_EQ(b.status().code(), StatusCode::kDeadlineExceeded);
    }
  }
}

TEST(BodyPipe, AbandonReleasesAReaderThatIsNotThereAnyMore) {
  // The consumer side gives up from another thread while the producer is paused: the
  // producer's wake runs and Ready() lets it finish.
  BodyPipe pipe(Small(4));
  std::atomic<bool> woken{false};
  pipe.SetWake([&] { woken = true; });
  pipe.Write("12345");
  ASSERT_FALSE(pipe.Ready());
  std::thread t([&] { pipe.Abandon(); });
  t.join();
  EXPECT_TRUE(woken.load());
  EXPECT_TRUE(pipe.Ready());
}

}  // namespace
}  // namespace skillpulse
