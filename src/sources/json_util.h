// Small helpers over simdjson's On-Demand API for the JSON formats. Include only from .cc
// files (simdjson.h is large).
#pragma once

#include <simdjson.h>

#include <optional>
#include <string>
#include <string_view>

namespace skillpulse::json {

namespace od = simdjson::ondemand;

// The value as text: strings unescaped, numbers and booleans in their JSON spelling, null and
// containers as "". Never fails (errors give "").
std::string AsString(od::value v);
// AsString without the copy: a view into the parser's string buffer (strings) or the input
// (numbers, booleans), valid until the document is parsed again or the parser is destroyed.
// For values consumed at once, e.g. CollapseWhitespace(AsStringView(v)).
std::string_view AsStringView(od::value v);
// A number, or a numeric string ("120000.0"), or nullopt (null, "", other types).
std::optional<double> AsNumber(od::value v);
// true/false, also "true"/"false"/"1"/"0" strings; nullopt otherwise.
std::optional<bool> AsBool(od::value v);
// True when the value is JSON null.
bool IsNull(od::value v);

// Calls fn(key, value) -> simdjson::error_code for each field of `obj` in document order, the
// key unescaped; returns the first error simdjson reports or fn returns (the rest of the
// object is then not read), else SUCCESS. A lenient reader that only wants the fields it can
// read ignores the result. `value` may be left unread: On-Demand skips it.
template <class Fn>
simdjson::error_code ForEachField(od::object obj, Fn&& fn) {
  for (auto field : obj) {
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return e;
    od::value v;
    if (auto e = field.value().get(v)) return e;
    if (auto e = fn(key, v)) return e;
  }
  return simdjson::SUCCESS;
}

// A simdjson error as text: "TAPE_ERROR: The JSON document has an improper structure...".
std::string ErrorText(simdjson::error_code e);

}  // namespace skillpulse::json
