// A JSON object's fields mapped onto a JobPosting by key name (sources/mapping.h): the record
// reader shared by the generic JSON formats, JSON Lines (jsonl.cc: one object per line) and a
// JSON document's array of objects (json.cc). Include only from .cc files (simdjson.h is large).
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/posting.h"
#include "core/status.h"
#include "sources/json_util.h"
#include "sources/mapping.h"

namespace skillpulse {

class MappedJsonRecords {
 public:
  // `overrides`: the source's --map FIELD=KEY pairs (SourceSpec::mapping). `name_is_no_title`:
  // a bare "name" key alone does not make records postings (a JSON document's objects are often
  // offices, departments or companies with a name); a description key, another title key or a
  // --map is needed.
  explicit MappedJsonRecords(std::map<std::string, std::string> overrides, bool name_is_no_title = false)
      : overrides_(std::move(overrides)), name_is_no_title_(name_is_no_title) {}

  // Reads the fields of `obj` as text (json::AsString; nested containers as ""). Returns the
  // simdjson error when the object cannot be read (the caller quarantines the record).
  simdjson::error_code Read(simdjson::ondemand::object obj);

  // Fills `p` from the record read last. The mapping is resolved on the first record's keys (a
  // key first seen later is kept but not mapped). Errors: InvalidArgument when the overrides
  // do not resolve or the keys hold neither a title nor a description (the input is not
  // postings; see name_is_no_title), with the keys listed. Otherwise the quarantine reason of a record that is not a
  // posting (FillPosting), or nullopt. `fallback_id` is used when no id key is mapped.
  Result<std::optional<std::string>> Fill(std::string_view fallback_id, JobPosting& p);

 private:
  size_t ColumnFor(std::string_view key);
  std::string KeyList() const;

  std::map<std::string, std::string> overrides_;
  bool name_is_no_title_ = false;
  std::vector<std::string> keys_;
  std::unordered_map<std::string, size_t> index_;
  std::vector<std::string> values_;
  std::optional<ColumnMapping> mapping_;
};

}  // namespace skillpulse
