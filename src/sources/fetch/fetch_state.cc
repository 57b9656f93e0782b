#include "sources/fetch/fetch_state.h"

#include <simdjson.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/input.h"
#include "core/json_writer.h"
#include "core/text.h"

namespace skillpulse {

std::string FetchStatePathFor(const std::string& db_path) { return db_path + ".fetch-state.jsonl"; }

Result<FetchState> FetchState::Load(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return FetchState();
  SP_ASSIGN_OR_RETURN(std::string text, ReadWholeFile(path, size_t{1} << 30));
  auto s = Parse(text);
  if (!s.ok()) return s.status().WithContext(path);
  return s;
}

Result<FetchState> FetchState::Parse(std::string_view text) {
  FetchState st;
  simdjson::dom::parser parser;
  size_t pos = 0;
  uint64_t line_no = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = TrimAscii(text.substr(pos, nl - pos));
    pos = nl + 1;
    ++line_no;
    if (line.empty()) continue;
    auto bad = [&](std::string_view why) {
      return ParseError("fetch state line " + std::to_string(line_no) + ": " + std::string(why));
    };
    simdjson::padded_string buf(line);
    simdjson::dom::element e;
    if (parser.parse(buf).get(e) || !e.is_object()) return bad("not a JSON object");
    std::string_view kind, key;
    if (e["kind"].get_string().get(kind)) return bad("no kind");
    auto str = [&](std::string_view k) {
      std::string_view v;
      return e[k].get_string().get(v) ? std::string() : std::string(v);
    };
    auto num = [&](std::string_view k) {
      int64_t v = 0;
      return e[k].get_int64().get(v) ? int64_t{0} : v;
    };
    if (kind == "url") {
      if (e["url"].get_string().get(key) || key.empty()) return bad("url entry without url");
      UrlState u;
      u.etag = str("etag");
      u.last_modified = str("last_modified");
      u.pages = static_cast<int>(std::clamp<int64_t>(num("pages"), 1, 1'000'000));
      u.fetched_at_ms = num("fetched_at_ms");
      st.urls_[std::string(key)] = std::move(u);
    } else if (kind == "source") {
      if (e["source"].get_string().get(key) || key.empty()) return bad("source entry without source");
      st.sources_[std::string(key)] = num("last_success_ms");
    }
    // Unknown kinds: written by a newer skillpulse; ignored.
  }
  return st;
}

std::string FetchState::Serialize() const {
  std::string out;
  for (const auto& [url, u] : urls_) {
    JsonWriter w(out);
    w.BeginObject().Field("kind", "url").Field("url", MakeValidUtf8(url));
    if (!u.etag.empty()) w.Field("etag", MakeValidUtf8(u.etag));
    if (!u.last_modified.empty()) w.Field("last_modified", MakeValidUtf8(u.last_modified));
    w.Field("pages", static_cast<int64_t>(u.pages)).Field("fetched_at_ms", u.fetched_at_ms).EndObject();
    out.push_back('\n');
  }
  for (const auto& [source, ms] : sources_) {
    JsonWriter w(out);
    w.BeginObject().Field("kind", "source").Field("source", MakeValidUtf8(source)).Field("last_success_ms", ms).EndObject();
    out.push_back('\n');
  }
  return out;
}

Status FetchState::Save(const std::string& path) const {
  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return IoError(tmp + ": cannot create");
    std::string text = Serialize();
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!out.flush()) return IoError(tmp + ": write failed");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return IoError(path + ": " + ec.message());
  return Status::Ok();
}

const FetchState::UrlState* FetchState::FindUrl(std::string_view url) const {
  auto it = urls_.find(url);
  return it == urls_.end() ? nullptr : &it->second;
}

void FetchState::EraseUrl(std::string_view url) {
  auto it = urls_.find(url);
  if (it != urls_.end()) urls_.erase(it);
}

int64_t FetchState::LastSuccessMs(std::string_view source) const {
  auto it = sources_.find(source);
  return it == sources_.end() ? 0 : it->second;
}

}  // namespace skillpulse
