// PostgreSQL binary COPY / array encoding and the COPY parser (store/postgres/pg_binary.h).
// Expected bytes are written from the PostgreSQL 15 COPY documentation ("Binary Format") and
// the types' send functions, not from the encoder's output.
#include "store/postgres/pg_binary.h"

#include <gtest/gtest.h>

namespace skillpulse::pg {
namespace {

std::string Bytes(std::initializer_list<int> b) {
  std::string s;
  for (int c : b) s.push_back(static_cast<char>(c));
  return s;
}

TEST(PgBinary, HeaderAndTrailerAreTheDocumentedBytes) {
  std::string out;
  AppendCopyHeader(out);
  // "PGCOPY\n\377\r\n\0", int32 flags 0, int32 header extension length 0.
  EXPECT_EQ(out, Bytes({'P', 'G', 'C', 'O', 'P', 'Y', '\n', 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0}));
  out.clear();
  AppendCopyTrailer(out);
  EXPECT_EQ(out, Bytes({0xff, 0xff}));
}

TEST(PgBinary, FieldsAreLengthPrefixedBigEndian) {
  std::string out;
  BeginRow(out, 7);
  PutInt8(out, 1);
  PutInt4(out, -2);
  PutInt2(out, 258);
  PutBool(out, true);
  PutFloat8(out, 1.5);  // IEEE 754: 0x3FF8000000000000
  PutText(out, "hé");
  PutNull(out);
  EXPECT_EQ(out, Bytes({0, 7,                                            // 7 fields
                        0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 1,              // int8 1
                        0, 0, 0, 4, 0xff, 0xff, 0xff, 0xfe,              // int4 -2
                        0, 0, 0, 2, 1, 2,                                // int2 258
                        0, 0, 0, 1, 1,                                   // bool true
                        0, 0, 0, 8, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0,        // float8 1.5
                        0, 0, 0, 3, 'h', 0xc3, 0xa9,                     // text "hé"
                        0xff, 0xff, 0xff, 0xff}));                       // NULL
}

TEST(PgBinary, OptionalHelpersWriteNull) {
  std::string out;
  PutTextOrNull(out, "");
  PutFloat8OrNull(out, std::nullopt);
  PutFloat8OrNull(out, std::numeric_limits<double>::quiet_NaN());
  PutFloat8OrNull(out, std::numeric_limits<double>::infinity());
  EXPECT_EQ(out, std::string(16, '\xff'));
}

TEST(PgBinary, TextIsRepairedForPostgres) {
  // PostgreSQL rejects NUL and invalid UTF-8 in text: NUL dropped, bad bytes -> U+FFFD.
  EXPECT_TRUE(IsValidPgText("plain ascii and ünïcode"));
  EXPECT_FALSE(IsValidPgText(std::string("a\0b", 3)));
  EXPECT_FALSE(IsValidPgText("a\xff"));
  EXPECT_EQ(SanitizeText(std::string("a\0b", 3)), "ab");
  EXPECT_EQ(SanitizeText("a\xff" "b"), "a\xef\xbf\xbd" "b");
  EXPECT_EQ(SanitizeText("Caf\xc3"), "Caf\xef\xbf\xbd");  // truncated sequence
  std::string out;
  PutText(out, std::string("x\0", 2));
  EXPECT_EQ(out, Bytes({0, 0, 0, 1, 'x'}));
}

TEST(PgBinary, ArraysFollowArraySend) {
  ArrayBuilder a(kInt8Oid);
  a.Int8(1);
  a.Int8(-1);
  EXPECT_EQ(a.Finish(), Bytes({0, 0, 0, 1,                          // ndim
                               0, 0, 0, 0,                          // no NULLs
                               0, 0, 0, 20,                         // element type int8
                               0, 0, 0, 2, 0, 0, 0, 1,              // 2 elements, lower bound 1
                               0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 1,  // 1
                               0, 0, 0, 8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}));
  ArrayBuilder t(kTextOid);
  t.Null();
  EXPECT_EQ(t.Finish(), Bytes({0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 25, 0, 0, 0, 1, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff}));
  ArrayBuilder empty(kTextOid);
  EXPECT_EQ(empty.Finish(), Bytes({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 25}));
}

TEST(PgBinary, ReadersCheckSizes) {
  EXPECT_EQ(*ReadInt8(Bytes({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe})), -2);
  EXPECT_EQ(*ReadInt4(Bytes({0, 0, 1, 0})), 256);
  EXPECT_EQ(*ReadInt2(Bytes({0x80, 0})), -32768);
  EXPECT_EQ(*ReadFloat8(Bytes({0x3f, 0xf8, 0, 0, 0, 0, 0, 0})), 1.5);
  EXPECT_TRUE(*ReadBool(Bytes({1})));
  EXPECT_EQ(ReadInt8(Bytes({1, 2, 3})).status().code(), StatusCode::kParseError);
  EXPECT_EQ(ReadInt4(std::nullopt).status().code(), StatusCode::kParseError);
  EXPECT_EQ(ReadBool(std::string()).status().code(), StatusCode::kParseError);
}

// A stream of two rows, fed to the parser in every possible pair of chunks and byte by byte.
TEST(PgBinary, ParserReassemblesRowsFromAnyChunking) {
  std::string s;
  AppendCopyHeader(s);
  BeginRow(s, 3);
  PutInt8(s, 42);
  PutNull(s);
  PutText(s, "row one");
  BeginRow(s, 3);
  PutInt8(s, -7);
  PutText(s, "");
  PutBytes(s, std::string("\0\1\2", 3));
  AppendCopyTrailer(s);

  auto check = [&](const std::vector<std::string>& chunks) {
    CopyParser p;
    CopyParser::Row row;
    std::vector<std::vector<std::optional<std::string>>> rows;
    for (const auto& c : chunks) {
      p.Feed(c);
      for (;;) {
        auto r = p.Next(row);
        ASSERT_TRUE(r.ok()) << r.status().ToString();
        if (!*r) break;
        std::vector<std::optional<std::string>> copy;
        for (const auto& f : row.fields) copy.push_back(f ? std::optional<std::string>(std::string(*f)) : std::nullopt);
        rows.push_back(copy);
      }
    }
    ASSERT_TRUE(p.complete());
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(*ReadInt8(rows[0][0]), 42);
    EXPECT_FALSE(rows[0][1].has_value());
    EXPECT_EQ(rows[0][2], "row one");
    EXPECT_EQ(*ReadInt8(rows[1][0]), -7);
    EXPECT_EQ(rows[1][1], "");
    EXPECT_EQ(rows[1][2], std::string("\0\1\2", 3));
  };
  check({s});
  for (size_t cut = 1; cut < s.size(); ++cut) check({s.substr(0, cut), s.substr(cut)});
  std::vector<std::string> bytes;
  for (char c : s) bytes.emplace_back(1, c);
  check(bytes);
}

TEST(PgBinary, ParserRejectsMalformedStreams) {
  auto parse_all = [](const std::string& s) -> Status {
    CopyParser p;
    CopyParser::Row row;
    p.Feed(s);
    for (;;) {
      auto r = p.Next(row);
      if (!r.ok()) return r.status();
      if (!*r) return p.complete() ? Status::Ok() : ParseError("incomplete");
    }
  };
  std::string header;
  AppendCopyHeader(header);
  EXPECT_TRUE(parse_all(header + Bytes({0xff, 0xff})).ok());
  EXPECT_EQ(parse_all("PGCOPX\n\xff\r\n").code(), StatusCode::kParseError);        // bad signature
  EXPECT_EQ(parse_all("not a copy stream at all").code(), StatusCode::kParseError);
  std::string oids = header;
  oids[12] = 1;  // flags bit 16 (big-endian int32 at byte 11): OIDs included
  EXPECT_EQ(parse_all(oids + Bytes({0xff, 0xff})).code(), StatusCode::kParseError);
  EXPECT_EQ(parse_all(header + Bytes({0xff, 0xfe})).code(), StatusCode::kParseError);  // field count -2
  EXPECT_EQ(parse_all(header + Bytes({0, 1, 0x7f, 0xff, 0xff, 0xff})).code(), StatusCode::kParseError);  // 2 GB field
  EXPECT_EQ(parse_all(header + Bytes({0xff, 0xff, 0})).code(), StatusCode::kParseError);  // data after trailer
  // Truncated: not an error, just incomplete.
  EXPECT_EQ(parse_all(header + Bytes({0, 1, 0, 0, 0, 8, 1})).message(), "incomplete");
  EXPECT_EQ(parse_all(header.substr(0, 12)).message(), "incomplete");
}

}  // namespace
}  // namespace skillpulse::pg
