#include "dedup/config.h"

#include <filesystem>
#include <stdexcept>
#include <toml++/toml.h>

#include "core/paths.h"

namespace skillpulse {

Result<DedupConfig> LoadDedupConfig(const std::string& path) {
  DedupConfig c;
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return ParseError(path + ": " + std::string(e.description()));
  }
  const toml::table* t = root["dedup"].as_table();
  if (t == nullptr) return ParseError(path + ": missing [dedup] table");
  for (const auto& entry : *t) {
    const toml::node& node = entry.second;  // not a structured binding: lambdas capture it (clang 14)
    const std::string k(entry.first.str());
    auto number = [&](double lo, double hi) -> Result<double> {
      std::optional<double> v = node.is_number() ? node.value<double>() : std::nullopt;
      if (!v || *v < lo || *v > hi) {
        return ParseError(path + ": dedup." + k + " must be a number in [" + std::to_string(lo) + ", " +
                          std::to_string(hi) + "]");
      }
      return *v;
    };
    auto boolean = [&]() -> Result<bool> {
      const auto* v = node.as_boolean();
      if (v == nullptr) return ParseError(path + ": dedup." + k + " must be true or false");
      return v->get();
    };
    if (k == "shingle_words") {
      SP_ASSIGN_OR_RETURN(double v, number(1, 16));
      c.shingle_words = static_cast<int>(v);
    } else if (k == "min_text_similarity") {
      SP_ASSIGN_OR_RETURN(c.min_text_similarity, number(0, 1));
    } else if (k == "min_text_similarity_no_company") {
      SP_ASSIGN_OR_RETURN(c.min_text_similarity_no_company, number(0, 1));
    } else if (k == "min_text_similarity_multi_role") {
      SP_ASSIGN_OR_RETURN(c.min_text_similarity_multi_role, number(0, 1));
    } else if (k == "multi_role_repost_gap_days") {
      SP_ASSIGN_OR_RETURN(double v, number(0, 36500));
      c.multi_role_repost_gap_s = static_cast<int64_t>(v * 86400);
    } else if (k == "repost_window_days") {
      SP_ASSIGN_OR_RETURN(double v, number(0, 36500));
      c.repost_window_s = static_cast<int64_t>(v * 86400);
    } else if (k == "empty_location_matches_any") {
      SP_ASSIGN_OR_RETURN(c.empty_location_matches_any, boolean());
    } else if (k == "remote_matches_remote_scope") {
      SP_ASSIGN_OR_RETURN(c.remote_matches_remote_scope, boolean());
    } else if (k == "blank_location_matches_any") {
      SP_ASSIGN_OR_RETURN(c.blank_location_matches_any, boolean());
    } else if (k == "lsh_min_run") {
      SP_ASSIGN_OR_RETURN(double v, number(1, 1e9));
      c.lsh_min_run = static_cast<int>(v);
    } else if (k == "match_without_text") {
      SP_ASSIGN_OR_RETURN(c.match_without_text, boolean());
    } else {
      return ParseError(path + ": unknown key dedup." + k);
    }
  }
  return c;
}

const DedupConfig& DefaultDedupConfig() {
  static const DedupConfig config = [] {
    std::string path = DataFile("dedup/dedup.toml");
    if (!std::filesystem::exists(path)) return DedupConfig{};
    auto c = LoadDedupConfig(path);
    if (!c.ok()) throw std::runtime_error(c.status().ToString());
    return *c;
  }();
  return config;
}

}  // namespace skillpulse
