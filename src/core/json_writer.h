// A minimal streaming JSON writer (RFC 8259): objects, arrays, strings with escaping, numbers
// in their shortest round-trip form (std::to_chars), booleans and null. Appends to a string.
// The caller is responsible for well-formed nesting (asserted in debug builds).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace skillpulse {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(std::string_view key);
  JsonWriter& String(std::string_view s);
  JsonWriter& Number(double v);  // NaN/inf are written as null (JSON has no such numbers)
  JsonWriter& Int(int64_t v);
  JsonWriter& Bool(bool v);
  JsonWriter& Null();
  // Convenience: key + value; nullopt writes null.
  JsonWriter& Field(std::string_view key, std::string_view v) { return Key(key).String(v); }
  JsonWriter& Field(std::string_view key, const char* v) { return Key(key).String(v); }
  JsonWriter& Field(std::string_view key, int64_t v) { return Key(key).Int(v); }
  JsonWriter& Field(std::string_view key, int v) { return Key(key).Int(v); }
  JsonWriter& Field(std::string_view key, double v) { return Key(key).Number(v); }
  JsonWriter& Field(std::string_view key, bool v) { return Key(key).Bool(v); }
  JsonWriter& Field(std::string_view key, std::optional<double> v) { return v ? Field(key, *v) : Key(key).Null(); }
  JsonWriter& Field(std::string_view key, std::optional<bool> v) { return v ? Field(key, *v) : Key(key).Null(); }
  JsonWriter& Field(std::string_view key, std::optional<int64_t> v) { return v ? Field(key, *v) : Key(key).Null(); }
  JsonWriter& NullField(std::string_view key) { return Key(key).Null(); }

  // Appends `s` as a quoted, escaped JSON string (control characters as \u00XX; U+2028/9
  // escaped so the output is also valid JavaScript).
  static void AppendQuoted(std::string& out, std::string_view s);

 private:
  void Separator();

  std::string& out_;
  std::vector<bool> first_;  // per open container: no element written yet
  bool after_key_ = false;
};

}  // namespace skillpulse
