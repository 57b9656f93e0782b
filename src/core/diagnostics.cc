#include "core/diagnostics.h"

#include "core/text.h"

namespace skillpulse {

std::string FormatPosition(const QuarantinedRecord& r) {
  std::string s = r.origin.empty() ? r.source : r.origin;
  if (r.line > 0) {
    s += ':';
    s += std::to_string(r.line);
  } else {
    s += '@';
    s += std::to_string(r.offset);
  }
  return s;
}

void Diagnostics::Echo(const std::string& line) {
  // REQUIRES: mu_ held.
  if (echo_ == nullptr) return;
  if (echoed_ < max_echoed_) {
    std::fprintf(echo_, "%s\n", line.c_str());
    ++echoed_;
  } else {
    ++suppressed_;
  }
}

void Diagnostics::Quarantine(QuarantinedRecord record) {
  record.excerpt = TruncateUtf8(record.excerpt, kMaxExcerptBytes);
  record.excerpt = MakeValidUtf8(record.excerpt);
  std::lock_guard lock(mu_);
  Echo("error: " + FormatPosition(record) + ": " + record.reason);
  ++total_quarantined_;
  quarantined_.push_back(std::move(record));
}

void Diagnostics::Warn(std::string message) {
  std::lock_guard lock(mu_);
  Echo("warning: " + message);
  warnings_.push_back(std::move(message));
}

void Diagnostics::Count(std::string_view counter, int64_t n) {
  std::lock_guard lock(mu_);
  auto it = counters_.find(counter);
  if (it == counters_.end()) {
    counters_.emplace(std::string(counter), n);
  } else {
    it->second += n;
  }
}

size_t Diagnostics::quarantined_count() const {
  std::lock_guard lock(mu_);
  return quarantined_.size();
}
size_t Diagnostics::total_quarantined() const {
  std::lock_guard lock(mu_);
  return total_quarantined_;
}
size_t Diagnostics::warning_count() const {
  std::lock_guard lock(mu_);
  return warnings_.size();
}
int64_t Diagnostics::counter(std::string_view name) const {
  std::lock_guard lock(mu_);
  auto it = counters_.find(name);
  return it == counters_.end() ? 0 : it->second;
}
std::map<std::string, int64_t, std::less<>> Diagnostics::counters() const {
  std::lock_guard lock(mu_);
  return counters_;
}
std::vector<std::string> Diagnostics::warnings() const {
  std::lock_guard lock(mu_);
  return warnings_;
}
std::vector<QuarantinedRecord> Diagnostics::TakeQuarantined() {
  std::lock_guard lock(mu_);
  std::vector<QuarantinedRecord> out;
  out.swap(quarantined_);
  return out;
}

}  // namespace skillpulse
