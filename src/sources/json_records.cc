#include "sources/json_records.h"

#include <algorithm>
#include <cstring>

#include "core/input.h"
#include "sources/source_util.h"

namespace skillpulse {
namespace {

namespace od = simdjson::ondemand;

constexpr size_t kNpos = std::string_view::npos;
// FindArray: the array is not in the bytes so far, but may come with more of the document.
constexpr size_t kNeedMore = kNpos - 1;

bool IsJsonSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

size_t SkipSpace(std::string_view s, size_t i) {
  while (i < s.size() && IsJsonSpace(s[i])) ++i;
  return i;
}

// Index just past the string starting at s[i] == '"', or kNpos when the input ends first.
// memchr (vectorized in glibc) finds the next quote, then the backslashes before it: each
// skips the byte it escapes, and only an escaped quote sends the quote search further. Every
// byte is looked at about twice, however many escapes (HTML in JSON has many).
size_t ScanString(std::string_view s, size_t i) {
  const char* data = s.data();
  auto find = [&](char c, size_t from, size_t to) -> size_t {
    const void* p = from < to ? std::memchr(data + from, c, to - from) : nullptr;
    return p == nullptr ? kNpos : static_cast<size_t>(static_cast<const char*>(p) - data);
  };
  size_t j = i + 1;
  size_t quote = find('"', j, s.size());
  while (quote != kNpos) {
    size_t backslash = find('\\', j, quote);
    if (backslash == kNpos) return quote + 1;
    j = backslash + 2;  // past the escaped byte
    if (j > quote) quote = find('"', j, s.size());
  }
  return kNpos;
}

// Index just past the value starting at s[i] (not whitespace), or kNpos when the input ends
// first. Only strings and nesting are tracked (the rest is validated by simdjson later, whose
// On-Demand parser does not check that brackets match): a closer of the wrong kind ends the
// value there and sets *mismatched, so "{"a": ]" is reported, not read as a record.
size_t ScanValue(std::string_view s, size_t i, bool* mismatched = nullptr) {
  char c = s[i];
  if (c == '"') return ScanString(s, i);
  if (c == '{' || c == '[') {
    std::string closers;  // expected closers of the open brackets, innermost last
    for (size_t j = i; j < s.size(); ++j) {
      char d = s[j];
      if (d == '"') {
        size_t end = ScanString(s, j);
        if (end == kNpos) return kNpos;
        j = end - 1;
      } else if (d == '{' || d == '[') {
        closers.push_back(d == '{' ? '}' : ']');
      } else if (d == '}' || d == ']') {
        if (d != closers.back()) {
          if (mismatched != nullptr) *mismatched = true;
          return j + 1;
        }
        closers.pop_back();
        if (closers.empty()) return j + 1;
      }
    }
    return kNpos;
  }
  size_t j = i;
  while (j < s.size() && s[j] != ',' && s[j] != ']' && s[j] != '}' && !IsJsonSpace(s[j])) ++j;
  return j == s.size() ? kNpos : j;
}

// Walks the fields of the top-level object whose '{' is at s[open] (`s` being the document's
// first bytes): calls visit(key, i) with the key and the offset of its value; a visit returning
// anything but kNextField ends the walk with that result. Returns kNeedMore when `s` ends first
// and kNpos when the bytes are not an object's fields (or the object ends).
constexpr size_t kNextField = kNpos - 2;
template <class Visit>
size_t WalkTopLevelFields(std::string_view s, size_t open, Visit&& visit) {
  size_t i = open + 1;
  for (;;) {
    i = SkipSpace(s, i);
    if (i >= s.size()) return kNeedMore;
    if (s[i] != '"') return kNpos;
    size_t key_end = ScanString(s, i);
    if (key_end == kNpos) return kNeedMore;
    std::string_view k = s.substr(i + 1, key_end - i - 2);
    i = SkipSpace(s, key_end);
    if (i >= s.size()) return kNeedMore;
    if (s[i] != ':') return kNpos;
    i = SkipSpace(s, i + 1);
    if (i >= s.size()) return kNeedMore;
    if (size_t r = visit(k, i); r != kNextField) return r;
    size_t end = ScanValue(s, i);
    if (end == kNpos) return kNeedMore;
    i = SkipSpace(s, end);
    if (i >= s.size()) return kNeedMore;
    if (s[i] != ',') return kNpos;
    ++i;
  }
}

// Offset just past the '[' of the target array in the document's first bytes `s`; kNpos
// when the document has no such array; kNeedMore when `s` ends before that is known.
// key == kAnyRecordsArray: the top-level array, else the first array of objects (or empty
// array) under a key of the top-level object.
size_t FindArray(std::string_view s, std::string_view key) {
  size_t i = 0;
  if (s.size() < 3 && std::string_view("\xEF\xBB\xBF").substr(0, s.size()) == s) return kNeedMore;
  if (s.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  i = SkipSpace(s, i);
  if (i >= s.size()) return kNeedMore;
  const bool any = key == kAnyRecordsArray;
  if (key.empty() || (any && s[i] == '[')) return s[i] == '[' ? i + 1 : kNpos;
  if (s[i] != '{') return kNpos;
  return WalkTopLevelFields(s, i, [&](std::string_view k, size_t v) -> size_t {
    if (k == key && s[v] == '[') return v + 1;
    if (any && s[v] == '[') {
      size_t first = SkipSpace(s, v + 1);
      if (first >= s.size()) return kNeedMore;
      if (s[first] == '{' || s[first] == ']') return v + 1;
    }
    return kNextField;
  });
}

}  // namespace

std::string TopLevelString(std::string_view head, std::string_view key) {
  const size_t i = ContentStart(head);
  if (i >= head.size() || head[i] != '{') return "";
  std::string value;
  WalkTopLevelFields(head, i, [&](std::string_view k, size_t v) -> size_t {
    if (k != key || head[v] != '"') return kNextField;
    size_t end = ScanString(head, v);
    if (end == kNpos) return kNpos;
    std::string_view raw = head.substr(v + 1, end - v - 2);
    if (raw.find('\\') == std::string_view::npos) value = std::string(raw);  // escapes: not decoded here
    return end;
  });
  return value;
}

namespace {

class JsonRecordsSource : public Source {
 public:
  JsonRecordsSource(const Document& doc, JsonRecordsOptions options, JsonRecordFn fn, size_t chunk_bytes)
      : open_(doc.open),
        origin_(doc.origin),
        options_(options),
        fn_(std::move(fn)),
        chunk_bytes_(std::max<size_t>(chunk_bytes, 1)) {}

  Result<SourceState> Next(PostingBatch& batch, Diagnostics& diag) override {
    if (state_ == State::kOpen) {
      auto in = open_();
      open_ = nullptr;
      if (!in.ok()) {
        state_ = State::kDone;
        return in.status();
      }
      in_ = std::move(in).value();
      state_ = State::kFindArray;
    }
    while (state_ != State::kDone && !batch.full()) Step(batch.postings, diag);
    if (state_ != State::kDone) return SourceState::kHaveMore;
    Release();
    return SourceState::kFinished;
  }

  uint64_t bytes_read() const override { return bytes_read_; }

 private:
  enum class State { kOpen, kFindArray, kElements, kDone };

  std::string_view Buffered() const { return std::string_view(buf_.data(), len_); }

  // Appends at least one byte of the document to the buffer, or sets eof_. Consumed bytes
  // (before pos_) are dropped first; at least as much as is buffered is read, so an element
  // larger than a chunk is rescanned a logarithmic number of times.
  void Fill(Diagnostics& diag) {
    if (pos_ > 0) {
      std::memmove(buf_.data(), buf_.data() + pos_, len_ - pos_);
      len_ -= pos_;
      base_ += pos_;
      pos_ = 0;
    }
    size_t want = std::max(chunk_bytes_, len_);
    if (buf_.size() < len_ + want + kJsonPadding) buf_.resize(len_ + want + kJsonPadding);
    auto got = in_->Read(buf_.data() + len_, want);
    if (!got.ok()) {
      diag.Warn(origin_ + ": " + got.status().message() + "; reading the " + std::to_string(base_ + len_) +
                " bytes before the failure");
      diag.Count("documents.truncated");
      eof_ = true;
      return;
    }
    if (*got == 0) {
      eof_ = true;
      return;
    }
    len_ += *got;
    bytes_read_ += *got;
  }

  // Frees the buffer and closes the stream (for a fetched document: drops the body).
  void Release() {
    state_ = State::kDone;
    in_.reset();
    open_ = nullptr;
    std::string().swap(buf_);
    len_ = pos_ = 0;
  }

  std::string Label(uint64_t index) const {
    std::string array = !options_.label.empty() ? std::string(options_.label)
                        : !options_.array_key.empty() && options_.array_key != kAnyRecordsArray
                            ? std::string(options_.array_key)
                            : std::string("records");
    return array + "[" + std::to_string(index - 1) + "]";
  }

  void Quarantine(Diagnostics& diag, uint64_t index, size_t at, size_t end, std::string reason) {
    std::string_view s = Buffered();
    std::string_view excerpt = at < s.size() ? s.substr(at, std::min(end, s.size()) - at) : std::string_view();
    diag.Quarantine({std::string(options_.source), origin_, index, base_ + at, std::move(reason),
                     std::string(excerpt.substr(0, Diagnostics::kMaxExcerptBytes))});
  }

  // One step: finds the array, or reads one element, or reads more of the document.
  void Step(std::vector<JobPosting>& out, Diagnostics& diag) {
    std::string_view s = Buffered();
    if (state_ == State::kFindArray) {
      size_t i = FindArray(s, options_.array_key);
      if (i == kNeedMore && !eof_) return Fill(diag);
      if (i == kNeedMore || i == kNpos) {
        std::string what = options_.array_key.empty() ? std::string("not a JSON array")
                           : options_.array_key == kAnyRecordsArray
                               ? std::string("neither an array of records nor an object holding one")
                               : "no \"" + std::string(options_.array_key) + "\" array in a top-level object";
        Quarantine(diag, 0, 0, s.size(), "document " + what + (i == kNeedMore ? " (it ends first)" : ""));
        return Release();
      }
      pos_ = i;
      state_ = State::kElements;
      // The document's fields before the array, for the record function (a company named once
      // above its records). Bounded: only what was buffered when the array was found.
      head_.assign(s.substr(0, std::min<size_t>(i, kMaxHeadBytes)));
      return;
    }
    size_t i = SkipSpace(s, pos_);
    while (i < s.size() && s[i] == ',') i = SkipSpace(s, i + 1);
    pos_ = i;
    if (i >= s.size()) {
      if (!eof_) return Fill(diag);
      diag.Warn(origin_ + ": the document ends before its array is closed (truncated?); " + std::to_string(index_) +
                " elements read");
      return Release();
    }
    if (s[i] == ']') return Release();  // the rest of the document is not read
    if (s[i] == '}' || s[i] == ':') {
      // Stray structure between elements: skip it, the next element may be fine.
      size_t junk = i;
      while (i < s.size() && (s[i] == '}' || s[i] == ':' || IsJsonSpace(s[i]))) ++i;
      Quarantine(diag, index_ + 1, junk, i,
                 "unexpected '" + std::string(1, s[junk]) + "' between elements at byte " +
                     std::to_string(base_ + junk));
      pos_ = i;
      return;
    }
    bool mismatched = false;
    size_t end = ScanValue(s, i, &mismatched);
    if (end == kNpos) {
      if (!eof_) return Fill(diag);
      ++index_;
      Quarantine(diag, index_, i, s.size(),
                 Label(index_) + ": the document ends inside this record (truncated at byte " +
                     std::to_string(base_ + s.size()) + ")");
      return Release();
    }
    ++index_;
    if (mismatched) {
      Quarantine(diag, index_, i, end,
                 Label(index_) + ": invalid JSON: '" + std::string(1, s[end - 1]) + "' at byte " +
                     std::to_string(base_ + end - 1) + " closes a bracket of the other kind");
    } else {
      ReadOne(out, diag, i, end);
    }
    pos_ = end;
  }

  void ReadOne(std::vector<JobPosting>& out, Diagnostics& diag, size_t begin, size_t end) {
    // Parsed in place: buf_ has kJsonPadding readable bytes past len_ >= end.
    simdjson::padded_string_view element(buf_.data() + begin, end - begin, buf_.size() - begin);
    od::document doc;
    simdjson::error_code err = parser_.iterate(element).get(doc);
    od::value v;
    // A scalar element (42, "x") is not a document On-Demand can hand out as a value; the
    // callback rejects non-objects itself, so wrap nothing: read objects and arrays only.
    if (!err) {
      od::json_type t;
      err = doc.type().get(t);
      if (!err && t != od::json_type::object && t != od::json_type::array) {
        Quarantine(diag, index_, begin, end, Label(index_) + " is not an object");
        return;
      }
    }
    if (!err) err = doc.get_value().get(v);
    if (!err) err = fn_(v, JsonRecord{index_, base_ + begin, Buffered().substr(begin, end - begin), head_}, out, diag);
    if (err) Quarantine(diag, index_, begin, end, Label(index_) + ": invalid JSON: " + json::ErrorText(err));
  }

  std::function<Result<std::unique_ptr<InputStream>>()> open_;
  std::string origin_;
  JsonRecordsOptions options_;
  JsonRecordFn fn_;
  size_t chunk_bytes_;

  State state_ = State::kOpen;
  std::unique_ptr<InputStream> in_;
  bool eof_ = false;
  // buf_[0, len_) holds document bytes [base_, base_ + len_); pos_ is the first not consumed.
  // buf_.size() >= len_ + kJsonPadding once anything was read.
  static constexpr size_t kMaxHeadBytes = 64 << 10;
  std::string head_;  // the document before its array (see Step)
  std::string buf_;
  size_t len_ = 0;
  size_t pos_ = 0;
  uint64_t base_ = 0;
  uint64_t index_ = 0;  // elements seen so far
  uint64_t bytes_read_ = 0;
  od::parser parser_;
};

}  // namespace

std::unique_ptr<Source> OpenJsonRecords(const Document& doc, JsonRecordsOptions options, JsonRecordFn fn,
                                        size_t chunk_bytes) {
  return std::make_unique<JsonRecordsSource>(doc, options, std::move(fn), chunk_bytes);
}

}  // namespace skillpulse
