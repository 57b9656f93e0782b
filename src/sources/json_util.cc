#include "sources/json_util.h"

#include <charconv>

namespace skillpulse::json {

bool IsNull(od::value v) {
  bool is_null = false;
  return !v.is_null().get(is_null) && is_null;
}

std::string AsString(od::value v) { return std::string(AsStringView(v)); }

std::string_view AsStringView(od::value v) {
  od::json_type t;
  if (v.type().get(t)) return "";
  switch (t) {
    case od::json_type::string: {
      std::string_view s;
      if (v.get_string().get(s)) return "";
      return s;
    }
    case od::json_type::number:
    case od::json_type::boolean: {
      std::string_view raw = v.raw_json_token();
      while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r' || raw.back() == '\t' ||
                              raw.back() == ',' || raw.back() == '}' || raw.back() == ']')) {
        raw.remove_suffix(1);
      }
      return raw;
    }
    default:
      return "";
  }
}

std::optional<double> AsNumber(od::value v) {
  od::json_type t;
  if (v.type().get(t)) return std::nullopt;
  if (t == od::json_type::number) {
    double d;
    if (v.get_double().get(d)) return std::nullopt;
    return d;
  }
  if (t == od::json_type::string) {
    std::string_view s;
    if (v.get_string().get(s)) return std::nullopt;
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    if (s.empty()) return std::nullopt;
    double d;
    auto r = std::from_chars(s.data(), s.data() + s.size(), d);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
    return d;
  }
  return std::nullopt;
}

std::optional<bool> AsBool(od::value v) {
  od::json_type t;
  if (v.type().get(t)) return std::nullopt;
  if (t == od::json_type::boolean) {
    bool b;
    if (v.get_bool().get(b)) return std::nullopt;
    return b;
  }
  if (t == od::json_type::string) {
    std::string_view s;
    if (v.get_string().get(s)) return std::nullopt;
    if (s == "true" || s == "1" || s == "yes" || s == "True") return true;
    if (s == "false" || s == "0" || s == "no" || s == "False") return false;
  }
  return std::nullopt;
}

std::string ErrorText(simdjson::error_code e) {
  std::string s = simdjson::error_message(e);
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

}  // namespace skillpulse::json
