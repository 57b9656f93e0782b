// PostgreSQL's binary wire formats, without libpq: the binary COPY stream (what
// `COPY ... FROM STDIN (FORMAT binary)` reads and `COPY ... TO STDOUT (FORMAT binary)` writes)
// and binary array parameters. Source: PostgreSQL 15 documentation, "COPY", section
// "Binary Format" (https://www.postgresql.org/docs/15/sql-copy.html), and the send/recv
// functions of the types used (src/backend/utils/adt/{int8,int,float,bool,varlena,
// arrayfuncs}.c): every integer is big-endian, float8 is the IEEE 754 bit pattern
// big-endian, bool is one byte, text and bytea are their raw bytes.
//
// Encoding appends to a std::string (the caller reuses it, so appends rarely allocate).
// Decoding never trusts its input: malformed bytes give a Status, never a crash.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace skillpulse::pg {

// Type OIDs (src/include/catalog/pg_type.dat): used for array elements and parameters.
inline constexpr uint32_t kBoolOid = 16;
inline constexpr uint32_t kByteaOid = 17;
inline constexpr uint32_t kInt8Oid = 20;
inline constexpr uint32_t kInt2Oid = 21;
inline constexpr uint32_t kInt4Oid = 23;
inline constexpr uint32_t kTextOid = 25;
inline constexpr uint32_t kFloat8Oid = 701;
inline constexpr uint32_t kInt4ArrayOid = 1007;
inline constexpr uint32_t kTextArrayOid = 1009;
inline constexpr uint32_t kInt8ArrayOid = 1016;

// ---------------------------------------------------------------- encoding

inline void PutU16(std::string& out, uint16_t v) {
  const char b[2] = {static_cast<char>(v >> 8), static_cast<char>(v)};
  out.append(b, 2);
}
inline void PutU32(std::string& out, uint32_t v) {
  const char b[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
                     static_cast<char>(v)};
  out.append(b, 4);
}
inline void PutU64(std::string& out, uint64_t v) {
  PutU32(out, static_cast<uint32_t>(v >> 32));
  PutU32(out, static_cast<uint32_t>(v));
}

// The 19-byte file header: signature "PGCOPY\n\377\r\n\0", flags 0, no header extension.
void AppendCopyHeader(std::string& out);
// The file trailer: a field count of -1.
void AppendCopyTrailer(std::string& out);

// One row: BeginRow(field count), then exactly that many field calls.
inline void BeginRow(std::string& out, int16_t fields) { PutU16(out, static_cast<uint16_t>(fields)); }
inline void PutNull(std::string& out) { PutU32(out, 0xFFFFFFFFu); }
inline void PutInt8(std::string& out, int64_t v) {
  PutU32(out, 8);
  PutU64(out, static_cast<uint64_t>(v));
}
inline void PutInt4(std::string& out, int32_t v) {
  PutU32(out, 4);
  PutU32(out, static_cast<uint32_t>(v));
}
inline void PutInt2(std::string& out, int16_t v) {
  PutU32(out, 2);
  PutU16(out, static_cast<uint16_t>(v));
}
inline void PutBool(std::string& out, bool v) {
  PutU32(out, 1);
  out.push_back(v ? 1 : 0);
}
inline void PutFloat8(std::string& out, double v) {
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  PutU32(out, 8);
  PutU64(out, bits);
}
// Raw bytes (bytea). REQUIRES: size < 2^31.
inline void PutBytes(std::string& out, std::string_view v) {
  PutU32(out, static_cast<uint32_t>(v.size()));
  out.append(v);
}
// Text: PostgreSQL rejects NUL bytes and invalid UTF-8 in text (the whole COPY fails), so
// such strings are repaired first: invalid sequences become U+FFFD, NUL bytes are dropped.
// Valid strings (all but a handful) are copied as they are.
void PutText(std::string& out, std::string_view v);
// NULL for an empty string (how both stores write optional text).
inline void PutTextOrNull(std::string& out, std::string_view v) {
  if (v.empty()) {
    PutNull(out);
  } else {
    PutText(out, v);
  }
}
// NULL for nullopt and for NaN/infinity (as the SQLite store does).
void PutFloat8OrNull(std::string& out, const std::optional<double>& v);

// `s` as PostgreSQL accepts it in a text value (see PutText); `s` itself when already valid.
std::string SanitizeText(std::string_view s);
// True when `s` can be sent as text unchanged (valid UTF-8, no NUL).
bool IsValidPgText(std::string_view s);

// A one-dimensional binary array parameter (array_send's format) built element by element:
//   ArrayBuilder a(kInt8Oid); a.Int8(1); a.Int8(2); std::string bytes = a.Finish();
class ArrayBuilder {
 public:
  explicit ArrayBuilder(uint32_t element_oid) : oid_(element_oid) {}
  void Int8(int64_t v) { Add(), PutInt8(body_, v); }
  void Int4(int32_t v) { Add(), PutInt4(body_, v); }
  void Text(std::string_view v) { Add(), PutText(body_, v); }
  void Null() { Add(), has_null_ = true, PutNull(body_); }
  size_t size() const { return static_cast<size_t>(count_); }
  std::string Finish() const;

 private:
  void Add() { ++count_; }
  uint32_t oid_;
  int32_t count_ = 0;
  bool has_null_ = false;
  std::string body_;
};

// ---------------------------------------------------------------- decoding

// A big-endian integer field's value. kParseError when the field is NULL or not that size.
Result<int64_t> ReadInt8(std::optional<std::string_view> field);
Result<int32_t> ReadInt4(std::optional<std::string_view> field);
Result<int16_t> ReadInt2(std::optional<std::string_view> field);
Result<double> ReadFloat8(std::optional<std::string_view> field);
Result<bool> ReadBool(std::optional<std::string_view> field);

// Parses a binary COPY stream fed in chunks of any size (libpq hands one CopyData message at
// a time; a row may in principle span messages). Not thread-safe.
//
//   CopyParser p;  p.Feed(chunk) ...;  while (*(r = p.Next(row))) use(row.fields);
//
// Next returns true with a complete row, false when more input is needed or the trailer was
// seen (finished() tells), or a kParseError for bytes that are not a binary COPY stream
// (bad signature, header extension or field length out of range, data after the trailer).
class CopyParser {
 public:
  struct Row {
    // One entry per field; nullopt = NULL. Views into the parser's buffer, valid until the
    // next Feed or Next.
    std::vector<std::optional<std::string_view>> fields;
  };

  // Bytes larger than this in one field are rejected (PostgreSQL's own limit is 1 GB).
  static constexpr uint32_t kMaxFieldBytes = 1u << 30;

  void Feed(std::string_view chunk);
  Result<bool> Next(Row& row);
  bool finished() const { return finished_; }
  // True when the stream ended cleanly: trailer seen, nothing after it.
  bool complete() const { return finished_ && pos_ == buf_.size(); }

 private:
  std::string buf_;
  size_t pos_ = 0;
  bool header_done_ = false;
  bool finished_ = false;
};

}  // namespace skillpulse::pg
