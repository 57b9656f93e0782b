// libFuzzer target for the binary COPY parser (store/postgres/pg_binary.h): arbitrary bytes,
// fed in chunks whose sizes come from the input, must give rows or a ParseError, never a
// crash; every parsed field is read with each typed reader. A stream that parses is
// re-encoded and must parse to the same rows.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "store/postgres/pg_binary.h"

using namespace skillpulse::pg;

namespace {

// Parses `data` fed in chunks of 1 + (chunk_seed % 64) bytes; returns the rows, or false on error.
bool Parse(std::string_view data, uint8_t chunk_seed, std::vector<std::vector<std::optional<std::string>>>& rows) {
  CopyParser p;
  CopyParser::Row row;
  const size_t chunk = 1 + chunk_seed % 64;
  for (size_t off = 0; off <= data.size(); off += chunk) {
    p.Feed(data.substr(off, chunk));
    for (;;) {
      auto r = p.Next(row);
      if (!r.ok()) return false;
      if (!*r) break;
      std::vector<std::optional<std::string>> copy;
      for (const auto& f : row.fields) {
        (void)ReadInt8(f), (void)ReadInt4(f), (void)ReadInt2(f), (void)ReadFloat8(f), (void)ReadBool(f);
        copy.push_back(f ? std::optional<std::string>(std::string(*f)) : std::nullopt);
      }
      rows.push_back(std::move(copy));
    }
    if (off == data.size()) break;
  }
  return p.complete();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::vector<std::vector<std::optional<std::string>>> rows;
  if (!Parse(in, data[0], rows)) return 0;
  // Round trip: encode what was parsed, parse again in one piece.
  std::string out;
  AppendCopyHeader(out);
  for (const auto& r : rows) {
    BeginRow(out, static_cast<int16_t>(r.size()));
    for (const auto& f : r) {
      if (f) {
        PutBytes(out, *f);
      } else {
        PutNull(out);
      }
    }
  }
  AppendCopyTrailer(out);
  std::vector<std::vector<std::optional<std::string>>> again;
  if (!Parse(out, 255, again) || again != rows) __builtin_trap();
  return 0;
}
