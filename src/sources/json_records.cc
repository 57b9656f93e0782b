#include "sources/json_records.h"

#include <cstring>
#include <memory>
#include <vector>

#include "sources/source_util.h"

namespace skillpulse {
namespace {

namespace od = simdjson::ondemand;

constexpr size_t kNpos = std::string_view::npos;
constexpr size_t kMaxReusedBytes = size_t{256} << 20;

bool IsJsonSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

size_t SkipSpace(std::string_view s, size_t i) {
  while (i < s.size() && IsJsonSpace(s[i])) ++i;
  return i;
}

// Index just past the string starting at s[i] == '"', or kNpos when the input ends first.
size_t ScanString(std::string_view s, size_t i) {
  for (size_t j = i + 1; j < s.size(); ++j) {
    if (s[j] == '\\') {
      ++j;
    } else if (s[j] == '"') {
      return j + 1;
    }
  }
  return kNpos;
}

// Index just past the value starting at s[i] (not whitespace), or kNpos when the input ends
// first. Only strings and nesting are tracked: the bytes are validated by simdjson later.
size_t ScanValue(std::string_view s, size_t i) {
  char c = s[i];
  if (c == '"') return ScanString(s, i);
  if (c == '{' || c == '[') {
    int depth = 0;
    for (size_t j = i; j < s.size(); ++j) {
      char d = s[j];
      if (d == '"') {
        size_t end = ScanString(s, j);
        if (end == kNpos) return kNpos;
        j = end - 1;
      } else if (d == '{' || d == '[') {
        ++depth;
      } else if (d == '}' || d == ']') {
        if (--depth == 0) return j + 1;
      }
    }
    return kNpos;
  }
  size_t j = i;
  while (j < s.size() && s[j] != ',' && s[j] != ']' && s[j] != '}' && !IsJsonSpace(s[j])) ++j;
  return j == s.size() ? kNpos : j;
}

// Offset just past the '[' of the target array, or kNpos when the document has no such array.
size_t FindArray(std::string_view s, std::string_view key) {
  size_t i = 0;
  if (s.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  i = SkipSpace(s, i);
  if (key.empty()) return i < s.size() && s[i] == '[' ? i + 1 : kNpos;
  if (i >= s.size() || s[i] != '{') return kNpos;
  ++i;
  for (;;) {
    i = SkipSpace(s, i);
    if (i >= s.size() || s[i] != '"') return kNpos;
    size_t key_end = ScanString(s, i);
    if (key_end == kNpos) return kNpos;
    std::string_view k = s.substr(i + 1, key_end - i - 2);
    i = SkipSpace(s, key_end);
    if (i >= s.size() || s[i] != ':') return kNpos;
    i = SkipSpace(s, i + 1);
    if (i >= s.size()) return kNpos;
    if (k == key && s[i] == '[') return i + 1;
    size_t end = ScanValue(s, i);
    if (end == kNpos) return kNpos;
    i = SkipSpace(s, end);
    if (i < s.size() && s[i] == ',') {
      ++i;
      continue;
    }
    return kNpos;
  }
}

class RecordReader {
 public:
  RecordReader(std::string& bytes, const std::string& origin, const JsonRecordsOptions& options, const JsonRecordFn& fn,
               Diagnostics& diag)
      : bytes_(bytes), origin_(origin), options_(options), fn_(fn), diag_(diag) {}

  void Run() {
    uint64_t resume = 0;
    simdjson::error_code err = FastPath(resume);
    if (!err) return;
    Tolerant(resume, err);
  }

 private:
  std::string Label(uint64_t index) const {
    std::string array = !options_.label.empty()       ? std::string(options_.label)
                        : !options_.array_key.empty() ? std::string(options_.array_key)
                                                      : std::string("records");
    return array + "[" + std::to_string(index - 1) + "]";
  }

  void Quarantine(uint64_t index, uint64_t offset, std::string reason) {
    diag_.Quarantine({std::string(options_.source), origin_, index, offset, std::move(reason),
                      std::string(ExcerptAt(bytes_, offset))});
  }

  // The whole document in one On-Demand pass. Returns SUCCESS when every element was read;
  // else the error, with `resume` = the index of the first element not read.
  simdjson::error_code FastPath(uint64_t& resume) {
    simdjson::padded_string_view view(bytes_.data(), bytes_.size(), bytes_.capacity());
    // One parser per thread, reused: its buffers (about the document's size) are allocated
    // once instead of faulted in again for every document. Documents past kMaxReusedBytes get
    // a parser of their own so the thread does not keep that much memory.
    static thread_local od::parser reused;
    std::unique_ptr<od::parser> own;
    if (bytes_.size() > kMaxReusedBytes) own = std::make_unique<od::parser>();
    od::parser& parser = own ? *own : reused;
    od::document doc;
    resume = 1;
    if (auto e = parser.iterate(view).get(doc)) return e;
    od::array arr;
    if (options_.array_key.empty()) {
      if (auto e = doc.get_array().get(arr)) return e;
    } else {
      od::object root;
      if (auto e = doc.get_object().get(root)) return e;
      if (auto e = root.find_field_unordered(options_.array_key).get_array().get(arr)) return e;
    }
    uint64_t index = 0;
    const char* base = bytes_.data();
    for (auto el : arr) {
      ++index;
      resume = index;
      od::value v;
      if (auto e = el.get(v)) return e;
      std::string_view token = v.raw_json_token();
      JsonRecordPos pos{index, static_cast<uint64_t>(token.data() - base)};
      if (auto e = fn_(v, pos)) return e;
    }
    return simdjson::SUCCESS;
  }

  // Re-reads the array element by element from element `resume` on.
  void Tolerant(uint64_t resume, simdjson::error_code first_error) {
    std::string_view s(bytes_);
    size_t i = FindArray(s, options_.array_key);
    if (i == kNpos) {
      std::string what = options_.array_key.empty()
                             ? std::string("not a JSON array")
                             : "no \"" + std::string(options_.array_key) + "\" array in a top-level object";
      Quarantine(0, 0, "document " + what + ": " + json::ErrorText(first_error));
      return;
    }
    od::parser parser;
    uint64_t index = 0;
    for (;;) {
      i = SkipSpace(s, i);
      while (i < s.size() && s[i] == ',') i = SkipSpace(s, i + 1);
      if (i >= s.size()) {
        diag_.Warn(origin_ + ": the document ends before its array is closed (truncated?); " + std::to_string(index) +
                   " elements read");
        return;
      }
      if (s[i] == ']') return;
      if (s[i] == '}' || s[i] == ':') {
        // Stray structure between elements: skip it, the next element may be fine.
        size_t junk = i;
        while (i < s.size() && (s[i] == '}' || s[i] == ':' || IsJsonSpace(s[i]))) ++i;
        Quarantine(index + 1, junk,
                   "unexpected '" + std::string(1, s[junk]) + "' between elements at byte " + std::to_string(junk));
        continue;
      }
      ++index;
      size_t end = ScanValue(s, i);
      if (end == kNpos) {
        if (index >= resume) {
          Quarantine(index, i,
                     Label(index) + ": the document ends inside this record (truncated at byte " +
                         std::to_string(s.size()) + ")");
        }
        return;
      }
      if (index >= resume) ReadOne(parser, index, i, end);
      i = end;
    }
  }

  void ReadOne(od::parser& parser, uint64_t index, size_t begin, size_t end) {
    simdjson::padded_string element(bytes_.data() + begin, end - begin);
    od::document doc;
    simdjson::error_code err = parser.iterate(element).get(doc);
    od::value v;
    // A scalar element (42, "x") is not a document On-Demand can hand out as a value; the
    // callback rejects non-objects itself, so wrap nothing: read objects and arrays only.
    if (!err) {
      od::json_type t;
      err = doc.type().get(t);
      if (!err && t != od::json_type::object && t != od::json_type::array) {
        Quarantine(index, begin, Label(index) + " is not an object");
        return;
      }
    }
    if (!err) err = doc.get_value().get(v);
    if (!err) err = fn_(v, JsonRecordPos{index, begin});
    if (err) Quarantine(index, begin, Label(index) + ": invalid JSON: " + json::ErrorText(err));
  }

  std::string& bytes_;
  const std::string& origin_;
  const JsonRecordsOptions& options_;
  const JsonRecordFn& fn_;
  Diagnostics& diag_;
};

}  // namespace

std::string_view ExcerptAt(std::string_view bytes, uint64_t offset) {
  if (offset >= bytes.size()) return {};
  return bytes.substr(offset, Diagnostics::kMaxExcerptBytes);
}

Status ReadJsonRecords(std::string& bytes, const std::string& origin, const JsonRecordsOptions& options,
                       const JsonRecordFn& fn, Diagnostics& diag) {
  if (bytes.capacity() < bytes.size() + kJsonPadding) bytes.reserve(bytes.size() + kJsonPadding);
  RecordReader(bytes, origin, options, fn, diag).Run();
  return Status::Ok();
}

}  // namespace skillpulse
