#include "store/postgres/pg_binary.h"

#include <cmath>

#include "core/text.h"

namespace skillpulse::pg {
namespace {

constexpr char kSignature[11] = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', '\xff', '\r', '\n', '\0'};

uint32_t GetU32(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return (uint32_t{u[0]} << 24) | (uint32_t{u[1]} << 16) | (uint32_t{u[2]} << 8) | uint32_t{u[3]};
}
uint16_t GetU16(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return static_cast<uint16_t>((u[0] << 8) | u[1]);
}
uint64_t GetU64(const char* p) { return (uint64_t{GetU32(p)} << 32) | GetU32(p + 4); }

Status SizeError(std::optional<std::string_view> field, size_t want) {
  if (!field) return ParseError("unexpected NULL");
  return ParseError("field of " + std::to_string(field->size()) + " bytes, expected " + std::to_string(want));
}

}  // namespace

void AppendCopyHeader(std::string& out) {
  out.append(kSignature, sizeof kSignature);
  PutU32(out, 0);  // flags: no OIDs
  PutU32(out, 0);  // header extension length
}

void AppendCopyTrailer(std::string& out) { PutU16(out, 0xFFFF); }

bool IsValidPgText(std::string_view s) {
  return std::memchr(s.data(), '\0', s.size()) == nullptr && IsValidUtf8(s);
}

std::string SanitizeText(std::string_view s) {
  if (IsValidPgText(s)) return std::string(s);
  std::string valid = MakeValidUtf8(s);
  std::string out;
  out.reserve(valid.size());
  for (char c : valid) {
    if (c != '\0') out.push_back(c);
  }
  return out;
}

void PutText(std::string& out, std::string_view v) {
  if (IsValidPgText(v)) {
    PutBytes(out, v);
  } else {
    PutBytes(out, SanitizeText(v));
  }
}

void PutFloat8OrNull(std::string& out, const std::optional<double>& v) {
  if (v && std::isfinite(*v)) {
    PutFloat8(out, *v);
  } else {
    PutNull(out);
  }
}

std::string ArrayBuilder::Finish() const {
  std::string out;
  out.reserve(20 + body_.size());
  if (count_ == 0) {  // array_send of an empty array: no dimensions
    PutU32(out, 0);
    PutU32(out, 0);
    PutU32(out, oid_);
    return out;
  }
  PutU32(out, 1);  // dimensions
  PutU32(out, has_null_ ? 1 : 0);
  PutU32(out, oid_);
  PutU32(out, static_cast<uint32_t>(count_));
  PutU32(out, 1);  // lower bound
  out += body_;
  return out;
}

Result<int64_t> ReadInt8(std::optional<std::string_view> f) {
  if (!f || f->size() != 8) return SizeError(f, 8);
  return static_cast<int64_t>(GetU64(f->data()));
}
Result<int32_t> ReadInt4(std::optional<std::string_view> f) {
  if (!f || f->size() != 4) return SizeError(f, 4);
  return static_cast<int32_t>(GetU32(f->data()));
}
Result<int16_t> ReadInt2(std::optional<std::string_view> f) {
  if (!f || f->size() != 2) return SizeError(f, 2);
  return static_cast<int16_t>(GetU16(f->data()));
}
Result<double> ReadFloat8(std::optional<std::string_view> f) {
  if (!f || f->size() != 8) return SizeError(f, 8);
  uint64_t bits = GetU64(f->data());
  double v;
  std::memcpy(&v, &bits, sizeof v);
  return v;
}
Result<bool> ReadBool(std::optional<std::string_view> f) {
  if (!f || f->size() != 1) return SizeError(f, 1);
  return (*f)[0] != 0;
}

void CopyParser::Feed(std::string_view chunk) {
  // Drop what was consumed, then append: the buffer holds at most one partial row plus the
  // new chunk.
  if (pos_ > 0) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  buf_.append(chunk);
}

Result<bool> CopyParser::Next(Row& row) {
  if (finished_) {
    if (pos_ != buf_.size()) return ParseError("binary COPY: data after the trailer");
    return false;
  }
  const size_t avail = buf_.size() - pos_;
  const char* p = buf_.data() + pos_;
  if (!header_done_) {
    if (avail < 19) {
      if (std::memcmp(p, kSignature, std::min(avail, sizeof kSignature)) != 0) {
        return ParseError("binary COPY: bad signature");
      }
      return false;
    }
    if (std::memcmp(p, kSignature, sizeof kSignature) != 0) return ParseError("binary COPY: bad signature");
    uint32_t flags = GetU32(p + 11);
    if ((flags & 0xFFFF0000u) != 0 || (flags & (1u << 16)) != 0) {
      return ParseError("binary COPY: unsupported header flags");
    }
    uint32_t ext = GetU32(p + 15);
    if (ext > kMaxFieldBytes) return ParseError("binary COPY: header extension too long");
    if (avail < 19 + size_t{ext}) return false;
    pos_ += 19 + size_t{ext};
    header_done_ = true;
    return Next(row);
  }
  if (avail < 2) return false;
  const int16_t n = static_cast<int16_t>(GetU16(p));
  if (n == -1) {
    pos_ += 2;
    finished_ = true;
    if (pos_ != buf_.size()) return ParseError("binary COPY: data after the trailer");
    return false;
  }
  if (n < 0) return ParseError("binary COPY: negative field count " + std::to_string(n));
  // Scan the whole row first: it is returned only when complete.
  size_t off = 2;
  row.fields.clear();
  for (int16_t i = 0; i < n; ++i) {
    if (avail < off + 4) return false;
    uint32_t len = GetU32(p + off);
    off += 4;
    if (len == 0xFFFFFFFFu) {
      row.fields.emplace_back(std::nullopt);
      continue;
    }
    if (len > kMaxFieldBytes) return ParseError("binary COPY: field length " + std::to_string(len) + " out of range");
    if (avail < off + len) return false;
    row.fields.emplace_back(std::string_view(p + off, len));
    off += len;
  }
  pos_ += off;
  return true;
}

}  // namespace skillpulse::pg
