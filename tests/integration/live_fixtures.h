// Live-API fixtures built at test time from the team's shared data (never committed):
//  - Ashby posting-API responses: members of ats_ashby/ashby_posting_api_2025-10-28.tar.zst,
//    served at /posting-api/job-board/<org> (the real path shape);
//  - Hacker News "Who is hiring?" threads from the JSONL dump, converted to the Algolia
//    (search_by_date, items/<id> trees) and Firebase (user, item/<id>.json) API shapes.
#pragma once

#include <simdjson.h>

#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/input.h"
#include "core/json_writer.h"
#include "core/text.h"
#include "fault_server.h"
#include "sources/source.h"
#include "test_util.h"

namespace skillpulse::testing {

inline std::string AshbyTar() { return SharedData("ats_ashby/ashby_posting_api_2025-10-28.tar.zst"); }

struct AshbyBoard {
  std::string org;   // file stem, e.g. "quora"
  std::string body;  // the raw API response
  size_t jobs = 0;   // entries of jobs[] with a non-empty id (read here, independently of the parser)
};

// The boards of the shared Ashby snapshot, in archive order (all 449, or the first `limit`
// that have between min_jobs and max_jobs jobs).
inline std::vector<AshbyBoard> LoadAshbyBoards(size_t limit, size_t min_jobs = 1, size_t max_jobs = 1'000'000) {
  std::vector<AshbyBoard> out;
  SourceSpec spec;
  spec.location = AshbyTar();
  Diagnostics diag(nullptr);
  auto docs = OpenDocuments(spec, SourceRegistry::Builtin(), diag);
  if (!docs.ok()) return out;
  Document doc;
  simdjson::dom::parser parser;
  while (out.size() < limit) {
    auto more = (*docs)->Next(doc);
    if (!more.ok() || !*more) break;
    auto in = doc.open();
    if (!in.ok()) continue;
    std::string bytes;
    char buf[1 << 16];
    for (;;) {
      auto n = (*in)->Read(buf, sizeof buf);
      if (!n.ok() || *n == 0) break;
      bytes.append(buf, *n);
    }
    simdjson::dom::element root;
    simdjson::dom::array jobs;
    if (parser.parse(bytes).get(root) || root["jobs"].get_array().get(jobs)) continue;
    size_t n = 0;
    for (simdjson::dom::element j : jobs) {
      std::string_view id;
      if (!j["id"].get_string().get(id) && !id.empty()) ++n;
    }
    if (n < min_jobs || n > max_jobs) continue;
    out.push_back({doc.stem, std::move(bytes), n});
  }
  return out;
}

struct HnComment {
  int64_t id = 0;
  std::string by;
  std::optional<std::string> text;  // nullopt: deleted/flagged
  std::optional<int64_t> time;
};
struct HnThread {
  int64_t id = 0;
  std::string title, month;
  int64_t with_text = 0;  // threads_index.csv: top-level comments that have text
  std::vector<HnComment> comments;
};

// The newest `n` threads of the dump (newest first), with their comments; expected counts
// come from threads_index.csv.
inline std::vector<HnThread> LoadLatestHnThreads(size_t n) {
  std::vector<HnThread> threads;
  std::ifstream index(SharedData("hn_whoishiring/threads_index.csv"));
  std::string line;
  std::getline(index, line);  // header
  std::vector<HnThread> all;
  while (std::getline(index, line)) {
    // thread_id,month,title,top_level_comments,with_text,with_timestamp; titles have no commas
    // in the threads we use ("Ask HN: Who is hiring? (January 2026)").
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) f.push_back(cell);
    if (f.size() != 6) continue;
    HnThread t;
    t.id = std::stoll(f[0]);
    t.month = f[1];
    t.title = f[2];
    t.with_text = std::stoll(f[4]);
    all.push_back(std::move(t));
  }
  std::sort(all.begin(), all.end(), [](const HnThread& a, const HnThread& b) { return a.month > b.month; });
  if (all.size() > n) all.resize(n);
  std::map<int64_t, HnThread*> by_id;
  for (auto& t : all) by_id[t.id] = &t;
  auto in = InputStream::Open(HnFile());
  if (!in.ok()) return {};
  LineReader lines(std::move(in).value());
  LineReader::Line l;
  simdjson::dom::parser parser;
  for (;;) {
    auto st = lines.Next(l);
    if (!st.ok() || *st == LineReader::State::kEof) break;
    if (*st != LineReader::State::kLine) continue;
    simdjson::dom::element e;
    if (parser.parse(l.text.data(), l.text.size(), false).get(e)) continue;
    int64_t tid = 0;
    if (e["thread_id"].get_int64().get(tid)) continue;
    auto it = by_id.find(tid);
    if (it == by_id.end()) continue;
    HnComment c;
    if (e["id"].get_int64().get(c.id)) continue;
    std::string_view s;
    if (!e["by"].get_string().get(s)) c.by = std::string(s);
    if (!e["text"].get_string().get(s)) c.text = std::string(s);
    if (!e["time"].get_string().get(s)) {
      if (auto t = ParseIso8601(s)) c.time = *t;
    }
    it->second->comments.push_back(std::move(c));
  }
  return all;
}

inline int64_t ThreadTime(const HnThread& t) {
  return DaysFromCivil(std::stoi(t.month.substr(0, 4)), static_cast<unsigned>(std::stoi(t.month.substr(5, 2))), 1) *
         86400;
}

// Algolia /search_by_date: the hiring threads plus a "wants to be hired" story to skip.
inline std::string AlgoliaSearch(const std::vector<HnThread>& threads) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject().Key("hits").BeginArray();
  for (const auto& t : threads) {
    w.BeginObject().Field("objectID", std::to_string(t.id)).Field("title", t.title);
    w.Field("created_at_i", ThreadTime(t)).Field("author", "whoishiring").EndObject();
    // Fake ids below the thread's: comment ids are always above it.
    w.BeginObject().Field("objectID", std::to_string(t.id - 1)).Field("title", "Ask HN: Who wants to be hired? (" + t.month + ")");
    w.Field("created_at_i", ThreadTime(t) + 1).Field("author", "whoishiring").EndObject();
  }
  w.EndArray().Field("nbHits", static_cast<int64_t>(threads.size() * 2)).EndObject();
  return out;
}

// Algolia /items/<id>: the story with its top-level comments as children.
inline std::string AlgoliaItem(const HnThread& t) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject().Field("id", t.id).Field("type", "story").Field("author", "whoishiring").Field("title", t.title);
  w.Field("created_at_i", ThreadTime(t)).Key("children").BeginArray();
  for (const auto& c : t.comments) {
    w.BeginObject().Field("id", c.id).Field("type", "comment").Field("parent_id", t.id);
    if (c.by.empty()) {
      w.NullField("author");
    } else {
      w.Field("author", c.by);
    }
    if (c.text) {
      w.Field("text", *c.text);
    } else {
      w.NullField("text");
    }
    if (c.time) w.Field("created_at_i", *c.time);
    w.Key("children").BeginArray().EndArray().EndObject();
  }
  w.EndArray().EndObject();
  return out;
}

inline std::string FirebaseStory(const HnThread& t) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject().Field("by", "whoishiring").Field("id", t.id).Field("type", "story").Field("title", t.title);
  w.Field("time", ThreadTime(t)).Key("kids").BeginArray();
  for (const auto& c : t.comments) w.Int(c.id);
  w.EndArray().EndObject();
  return out;
}

inline std::string FirebaseComment(const HnComment& c, int64_t parent) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject().Field("id", c.id).Field("parent", parent).Field("type", "comment");
  if (c.time) w.Field("time", *c.time);
  if (c.text) {
    w.Field("by", c.by).Field("text", *c.text);
  } else {
    w.Field("deleted", true);  // how Firebase shows a deleted comment
  }
  w.EndObject();
  return out;
}

// Serves `threads` under /algolia/... and /firebase/... of `server`.
inline void ServeHn(FaultServer& server, const std::vector<HnThread>& threads) {
  server.Static("/algolia/search_by_date", AlgoliaSearch(threads));
  std::string user = "{\"id\":\"whoishiring\",\"submitted\":[";
  for (size_t i = 0; i < threads.size(); ++i) {
    const HnThread& t = threads[i];
    // The hiring thread and the month's two other stories (fake ids below the thread's:
    // comment ids are always above it).
    user += (i ? "," : "") + std::to_string(t.id) + "," + std::to_string(t.id - 1) + "," + std::to_string(t.id - 2);
    server.Static("/algolia/items/" + std::to_string(t.id), AlgoliaItem(t));
    server.Static("/firebase/item/" + std::to_string(t.id) + ".json", FirebaseStory(t));
    server.Static("/firebase/item/" + std::to_string(t.id - 1) + ".json",
                  "{\"id\":" + std::to_string(t.id - 1) + ",\"type\":\"story\",\"title\":\"Ask HN: Who wants to be hired?\"}");
    server.Static("/firebase/item/" + std::to_string(t.id - 2) + ".json",
                  "{\"id\":" + std::to_string(t.id - 2) + ",\"type\":\"story\",\"title\":\"Ask HN: Freelancer? Seeking freelancer?\"}");
    for (const auto& c : t.comments) {
      server.Static("/firebase/item/" + std::to_string(c.id) + ".json", FirebaseComment(c, t.id));
    }
  }
  server.Static("/firebase/user/whoishiring.json", user + "]}");
}

}  // namespace skillpulse::testing
