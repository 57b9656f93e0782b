#include "sources/json_mapped.h"

#include <algorithm>

#include "core/text.h"

namespace skillpulse {

simdjson::error_code MappedJsonRecords::Read(simdjson::ondemand::object obj) {
  std::fill(values_.begin(), values_.end(), std::string());
  return json::ForEachField(obj, [&](std::string_view key, simdjson::ondemand::value v) {
    values_[ColumnFor(key)] = json::AsString(v);
    return simdjson::SUCCESS;
  });
}

Result<std::optional<std::string>> MappedJsonRecords::Fill(std::string_view fallback_id, JobPosting& p) {
  if (!mapping_) {
    SP_ASSIGN_OR_RETURN(ColumnMapping m, ColumnMapping::Resolve(keys_, overrides_));
    const int title = m.column(MappedField::kTitle);
    const bool name_only = name_is_no_title_ && !overrides_.count("title") && title >= 0 &&
                           EqualsIgnoreAsciiCase(keys_[static_cast<size_t>(title)], "name") &&
                           m.column(MappedField::kDescription) < 0;
    if (!m.usable() || name_only) {
      return InvalidArgument("no title or description key found (keys: " + KeyList() +
                             "); map them with --map title=KEY --map description=KEY");
    }
    mapping_ = std::move(m);
  }
  std::vector<std::string_view> views(values_.begin(), values_.end());
  return FillPosting(*mapping_, views, fallback_id, p);
}

size_t MappedJsonRecords::ColumnFor(std::string_view key) {
  auto it = index_.find(std::string(key));
  if (it != index_.end()) return it->second;
  size_t col = keys_.size();
  keys_.emplace_back(key);
  index_.emplace(std::string(key), col);
  values_.emplace_back();
  return col;
}

std::string MappedJsonRecords::KeyList() const {
  std::string s;
  for (const auto& k : keys_) s += (s.empty() ? "" : ", ") + k;
  return s;
}

}  // namespace skillpulse
