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

void Diagnostics::Echo(const std::string& line, size_t& echoed, size_t& suppressed) {
  if (echo_ == nullptr) return;
  if (echoed < max_echoed_) {
    std::fprintf(echo_, "%s\n", line.c_str());
    ++echoed;
  } else {
    ++suppressed;
  }
}

void Diagnostics::Quarantine(QuarantinedRecord record) {
  record.excerpt = TruncateUtf8(record.excerpt, kMaxExcerptBytes);
  record.excerpt = MakeValidUtf8(record.excerpt);
  std::lock_guard lock(mu_);
  Echo("error: " + FormatPosition(record) + ": " + record.reason, errors_echoed_, errors_suppressed_);
  ++total_quarantined_;
  quarantined_.push_back(std::move(record));
}

void Diagnostics::Warn(std::string message) {
  std::lock_guard lock(mu_);
  Echo("warning: " + message, warnings_echoed_, warnings_suppressed_);
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
size_t Diagnostics::suppressed_errors() const {
  std::lock_guard lock(mu_);
  return errors_suppressed_;
}
size_t Diagnostics::suppressed_warnings() const {
  std::lock_guard lock(mu_);
  return warnings_suppressed_;
}
void Diagnostics::PrintSuppressedNotice(std::string_view errors_hint, std::string_view warnings_hint) const {
  std::lock_guard lock(mu_);
  if (echo_ == nullptr) return;
  auto line = [&](size_t n, const char* kind, std::string_view hint) {
    if (n == 0) return;
    std::fprintf(echo_, "  %s more %s%s not shown%s%.*s\n", FormatCount(static_cast<int64_t>(n)).c_str(), kind,
                 n == 1 ? "" : "s", hint.empty() ? "" : ": ", static_cast<int>(hint.size()), hint.data());
  };
  line(errors_suppressed_, "error", errors_hint);
  line(warnings_suppressed_, "warning", warnings_hint);
}
std::vector<QuarantinedRecord> Diagnostics::TakeQuarantined() {
  std::lock_guard lock(mu_);
  std::vector<QuarantinedRecord> out;
  out.swap(quarantined_);
  return out;
}

}  // namespace skillpulse
