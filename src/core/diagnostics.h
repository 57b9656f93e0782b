// Diagnostics: where bad records go. Nothing is dropped silently: a record that cannot be
// read is reported (first few on stderr with file and line/offset), counted, and kept with
// its reason so the store can put it in its `quarantine` table. Thread-safe.
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace skillpulse {

struct QuarantinedRecord {
  std::string source;   // source name ("hn", "ashby:openai", "jsonl")
  std::string origin;   // file path or URL
  uint64_t line = 0;    // 1-based line / record number; 0 when not line-oriented
  uint64_t offset = 0;  // byte offset of the record in the (decompressed) input
  std::string reason;   // why it was rejected, one line
  std::string excerpt;  // the start of the raw record (at most kMaxExcerptBytes, valid UTF-8)
};

class Diagnostics {
 public:
  static constexpr size_t kMaxExcerptBytes = 2048;

  // `echo` receives the first `max_echoed` errors (quarantined records) and, separately, the first
  // `max_echoed` warnings, so a flood of bad records does not hide a skipped file (nullptr: silent,
  // e.g. in tests). What is not echoed is still counted (suppressed_errors/suppressed_warnings),
  // kept (quarantine table, warnings()) and announced by PrintSuppressedNotice.
  explicit Diagnostics(FILE* echo = stderr, size_t max_echoed = 20) : echo_(echo), max_echoed_(max_echoed) {}

  // Records a rejected record. `excerpt` is truncated and made valid UTF-8 here.
  void Quarantine(QuarantinedRecord record);
  // A non-fatal problem that is not tied to one record (a source that failed, a skipped file).
  void Warn(std::string message);
  // Adds n to a named counter ("hn.deleted_comments", "fetch.retries").
  void Count(std::string_view counter, int64_t n = 1);

  size_t quarantined_count() const;
  size_t warning_count() const;
  int64_t counter(std::string_view name) const;
  std::map<std::string, int64_t, std::less<>> counters() const;
  std::vector<std::string> warnings() const;
  // Moves out the quarantined records gathered so far (the sink stores them).
  std::vector<QuarantinedRecord> TakeQuarantined();
  // All quarantined records ever seen, including taken ones (count only).
  size_t total_quarantined() const;
  // Errors / warnings that reached the echo budget and were not printed (0 when silent).
  size_t suppressed_errors() const;
  size_t suppressed_warnings() const;
  // Prints, to the echo stream, one indented line per kind that was cut short, e.g.
  // "  1,234 more errors not shown: skillpulse quarantine list --db F" where `errors_hint` is
  // the command that lists them all and `warnings_hint` likewise. Prints nothing when nothing
  // was suppressed or the diagnostics are silent.
  void PrintSuppressedNotice(std::string_view errors_hint, std::string_view warnings_hint) const;

 private:
  // REQUIRES: mu_ held. `echoed`/`suppressed` are the counters of the message's kind.
  void Echo(const std::string& line, size_t& echoed, size_t& suppressed);

  mutable std::mutex mu_;
  FILE* echo_;
  size_t max_echoed_;
  size_t errors_echoed_ = 0;
  size_t errors_suppressed_ = 0;
  size_t warnings_echoed_ = 0;
  size_t warnings_suppressed_ = 0;
  size_t total_quarantined_ = 0;
  std::vector<QuarantinedRecord> quarantined_;
  std::vector<std::string> warnings_;
  std::map<std::string, int64_t, std::less<>> counters_;
};

// Formats "origin:line: reason" (or "origin@offset: reason" when line is 0).
std::string FormatPosition(const QuarantinedRecord& r);

}  // namespace skillpulse
