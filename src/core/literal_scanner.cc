#include "core/literal_scanner.h"

#include <hs/hs.h>

#include <algorithm>
#include <atomic>
#include <cstdint>

namespace skillpulse {

struct LiteralScanner::Impl {
  hs_database_t* db = nullptr;
  std::vector<size_t> lengths;
  size_t max_length = 0;
  uint64_t id = 0;  // unique per scanner of the process (ScratchFor's validation cache)
  ~Impl() {
    if (db != nullptr) hs_free_database(db);
  }
};

namespace {

// Hyperscan patterns are regular expressions: every byte is written as \xHH, so any literal
// (metacharacters, NUL, non-ASCII) is matched as itself.
std::string Escape(std::string_view literal) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(literal.size() * 4);
  for (unsigned char c : literal) {
    out += "\\x";
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

// One scratch space per thread, grown to fit every database the thread scans with. A scratch
// only grows, so once it fits a scanner's database it keeps fitting: `fits` lists the scanners
// (by Impl::id, never reused, unlike addresses) already checked, and hs_alloc_scratch (a few
// thousand instructions even when nothing changes) runs once per thread and scanner.
struct ThreadScratch {
  hs_scratch_t* scratch = nullptr;
  std::vector<uint64_t> fits;
  ~ThreadScratch() {
    if (scratch != nullptr) hs_free_scratch(scratch);
  }
};

std::atomic<uint64_t> next_scanner_id{1};

// This thread's scratch, grown to fit the scanner's database; null on failure.
hs_scratch_t* ScratchFor(const hs_database_t* db, uint64_t scanner_id) {
  static thread_local ThreadScratch tls;
  if (std::find(tls.fits.begin(), tls.fits.end(), scanner_id) != tls.fits.end()) return tls.scratch;
  if (hs_alloc_scratch(db, &tls.scratch) != HS_SUCCESS) return nullptr;
  tls.fits.push_back(scanner_id);
  return tls.scratch;
}

}  // namespace

Result<std::unique_ptr<LiteralScanner>> LiteralScanner::Create(const std::vector<std::string>& literals) {
  if (literals.empty()) return InvalidArgument("literal scanner: no literals");
  std::vector<std::string> patterns;
  std::vector<const char*> exprs;
  std::vector<unsigned> flags, ids;
  auto impl = std::make_unique<Impl>();
  for (size_t i = 0; i < literals.size(); ++i) {
    if (literals[i].empty()) return InvalidArgument("literal scanner: empty literal");
    patterns.push_back(Escape(literals[i]));
    impl->lengths.push_back(literals[i].size());
  }
  for (size_t i = 0; i < patterns.size(); ++i) {
    exprs.push_back(patterns[i].c_str());
    flags.push_back(HS_FLAG_CASELESS);
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_compile_error_t* err = nullptr;
  if (hs_compile_multi(exprs.data(), flags.data(), ids.data(), static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK,
                       nullptr, &impl->db, &err) != HS_SUCCESS) {
    std::string msg = err != nullptr && err->message != nullptr ? err->message : "unknown error";
    hs_free_compile_error(err);
    return Internal("literal scanner: hyperscan: " + msg);
  }
  // Allocate this thread's scratch now so a bad database fails here, not in Scan.
  impl->id = next_scanner_id.fetch_add(1);
  impl->max_length = *std::max_element(impl->lengths.begin(), impl->lengths.end());
  if (ScratchFor(impl->db, impl->id) == nullptr) return Internal("literal scanner: scratch allocation");
  std::unique_ptr<LiteralScanner> s(new LiteralScanner());
  s->impl_ = std::move(impl);
  return s;
}

LiteralScanner::~LiteralScanner() = default;

bool LiteralScanner::Scan(std::string_view text,
                          const std::function<bool(size_t start, size_t literal)>& on_match) const {
  if (text.empty()) return true;
  hs_scratch_t* scratch = ScratchFor(impl_->db, impl_->id);
  if (scratch == nullptr) return false;
  const size_t max_len = impl_->max_length;
  // hs_scan takes an unsigned int length: a longer text is scanned in windows that overlap by
  // max_len - 1 bytes; a match lying wholly in the overlap was reported by the window before.
  constexpr size_t kWindow = size_t{1} << 30;
  struct Window {
    const Impl* impl;
    const std::function<bool(size_t, size_t)>* fn;
    size_t off;
    size_t skip_end;  // matches ending at or before this (window-relative) were reported
  } w{impl_.get(), &on_match, 0, 0};
  auto cb = [](unsigned id, unsigned long long /*from*/, unsigned long long to, unsigned /*flags*/, void* p) -> int {
    auto* win = static_cast<Window*>(p);
    if (to <= win->skip_end) return 0;
    return (*win->fn)(win->off + static_cast<size_t>(to) - win->impl->lengths[id], id) ? 1 : 0;
  };
  for (;;) {
    const size_t len = std::min(kWindow, text.size() - w.off);
    hs_error_t rc = hs_scan(impl_->db, text.data() + w.off, static_cast<unsigned>(len), 0, scratch, cb, &w);
    if (rc == HS_SCAN_TERMINATED) return true;
    if (rc != HS_SUCCESS) return false;
    if (w.off + len >= text.size()) return true;
    w.off += len - (max_len - 1);
    w.skip_end = max_len - 1;
  }
}

}  // namespace skillpulse
