// What the fetcher remembers between runs, in a JSON Lines file beside the store
// ("skillpulse.db" -> "skillpulse.db.fetch-state.jsonl"; format in docs/FETCHING.md):
//  - per URL, the validators of its last good response (ETag, Last-Modified), so the next run
//    asks "If-None-Match / If-Modified-Since" and an unchanged board costs one 304;
//  - per source, when it was last fetched successfully (the refresh interval of sources.toml).
// It is saved only after the store committed the run, so a run that failed to store its
// postings never makes the next run skip them as "not modified".
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/status.h"

namespace skillpulse {

class FetchState {
 public:
  struct UrlState {
    std::string etag;           // "" when the server sent none
    std::string last_modified;  // the Last-Modified value as sent ("" when none)
    int pages = 1;              // pages of the listing that started at this URL
    int64_t fetched_at_ms = 0;  // Unix ms of that response
  };

  // Reads `path`; a missing file is an empty state. kParseError names the bad line.
  static Result<FetchState> Load(const std::string& path);
  static Result<FetchState> Parse(std::string_view text);
  // Writes the state to `path` atomically (a temporary file renamed over it).
  Status Save(const std::string& path) const;
  std::string Serialize() const;

  const UrlState* FindUrl(std::string_view url) const;
  void SetUrl(const std::string& url, UrlState state) { urls_[url] = std::move(state); }
  void EraseUrl(std::string_view url);

  // Unix ms of the source's last successful fetch, or 0.
  int64_t LastSuccessMs(std::string_view source) const;
  void SetLastSuccessMs(const std::string& source, int64_t unix_ms) { sources_[source] = unix_ms; }

  size_t url_count() const { return urls_.size(); }

 private:
  std::map<std::string, UrlState, std::less<>> urls_;
  std::map<std::string, int64_t, std::less<>> sources_;
};

// The state file beside a store: "<db path>.fetch-state.jsonl".
std::string FetchStatePathFor(const std::string& db_path);

}  // namespace skillpulse
