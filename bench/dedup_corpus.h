// TEST/BENCH ONLY: reads a benchmark corpus directory (/work/shared/bench/make_corpus.py) into
// JobPostings, following bench/README.md "Wire formats" and "Field mapping", with each record's
// true cluster from truth.jsonl. The production parsers for these formats are the source
// layer's (connectors branch); this reader exists so dedup can be measured before they land.
// Header-only: used by bench/dedup_eval.cc, bench/dedup_bench.cc and tests/integration.
#pragma once

#include <simdjson.h>

#include <cstdio>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/posting.h"
#include "core/status.h"
#include "core/text.h"
#include "enrich/html_text.h"

namespace skillpulse::bench {

inline Result<std::string> SlurpFile(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return NotFound(path + ": cannot open");
  std::string s;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) s.append(buf, n);
  std::fclose(f);
  return s;
}

namespace corpus_detail {

inline std::string Str(simdjson::dom::element e) {
  std::string_view v;
  if (e.get_string().get(v) == simdjson::SUCCESS) return std::string(v);
  int64_t i;
  if (e.get_int64().get(i) == simdjson::SUCCESS) return std::to_string(i);
  uint64_t u;
  if (e.get_uint64().get(u) == simdjson::SUCCESS) return std::to_string(u);
  return "";
}
inline std::string Field(simdjson::dom::object o, std::string_view key) {
  simdjson::dom::element e;
  if (o.at_key(key).get(e) != simdjson::SUCCESS) return "";
  return Str(e);
}

// The text between <tag> and </tag> after `from`, XML-unescaped; "" if absent.
inline std::string XmlText(std::string_view item, std::string_view tag) {
  std::string open = "<" + std::string(tag) + ">", close = "</" + std::string(tag) + ">";
  size_t a = item.find(open);
  if (a == std::string_view::npos) return "";
  a += open.size();
  size_t b = item.find(close, a);
  if (b == std::string_view::npos) return "";
  return HtmlUnescape(item.substr(a, b - a));
}

}  // namespace corpus_detail

// Calls fn(posting) for each <item> of a We Work Remotely style RSS 2.0 document: source_id =
// guid, "Company: Role" title split at the first ": ", location = region, url = link,
// posted_at = pubDate, description_text = HtmlToText of the (entity-encoded) description.
template <class Fn>
void ForEachRssItem(std::string_view body, Fn&& fn) {
  using corpus_detail::XmlText;
  for (size_t pos = body.find("<item>"); pos != std::string_view::npos; pos = body.find("<item>", pos + 1)) {
    size_t end = body.find("</item>", pos);
    if (end == std::string_view::npos) break;
    std::string_view item = body.substr(pos, end - pos);
    JobPosting p;
    p.source_id = XmlText(item, "guid");
    std::string title = XmlText(item, "title");
    size_t colon = title.find(": ");
    if (colon != std::string::npos) {
      p.company = title.substr(0, colon);
      p.title = title.substr(colon + 2);
    } else {
      p.title = title;
    }
    p.location = XmlText(item, "region");
    p.url = XmlText(item, "link");
    p.posted_at = ParseRfc822(XmlText(item, "pubDate"));
    HtmlToText(XmlText(item, "description"), p.description_text);
    fn(std::move(p));
  }
}

// Calls fn(posting, cluster) for every record of every source, in manifest order. Postings get
// source, source_id, company, title, location, url, posted_at and description_text (the
// project's HtmlToText of the description HTML); cluster is -1 when truth.jsonl lacks the key.
inline Status ForEachCorpusPosting(const std::string& dir,
                                   const std::function<void(JobPosting&&, int64_t cluster)>& fn) {
  using namespace corpus_detail;
  std::unordered_map<std::string, int64_t> truth;
  {
    SP_ASSIGN_OR_RETURN(std::string t, SlurpFile(dir + "/truth.jsonl"));
    simdjson::dom::parser parser;
    size_t start = 0;
    while (start < t.size()) {
      size_t nl = t.find('\n', start);
      if (nl == std::string::npos) nl = t.size();
      std::string_view line(t.data() + start, nl - start);
      start = nl + 1;
      if (line.empty()) continue;
      simdjson::dom::object o;
      if (parser.parse(line.data(), line.size()).get(o) != simdjson::SUCCESS) return ParseError("truth.jsonl: bad line");
      int64_t c = 0;
      if (o["cluster"].get_int64().get(c) != simdjson::SUCCESS) return ParseError("truth.jsonl: bad cluster");
      truth[Field(o, "source") + '\t' + Field(o, "source_id")] = c;
    }
  }
  SP_ASSIGN_OR_RETURN(std::string manifest_text, SlurpFile(dir + "/manifest.json"));
  simdjson::dom::parser mparser;
  simdjson::dom::object manifest;
  if (mparser.parse(manifest_text).get(manifest) != simdjson::SUCCESS) return ParseError("manifest.json: invalid");
  simdjson::dom::array sources;
  if (manifest["sources"].get_array().get(sources) != simdjson::SUCCESS) return ParseError("manifest.json: no sources");
  simdjson::dom::parser parser;
  for (simdjson::dom::object src : sources) {
    const std::string name = Field(src, "name"), format = Field(src, "format"), file = Field(src, "file");
    SP_ASSIGN_OR_RETURN(std::string body, SlurpFile(dir + "/" + file));
    auto emit = [&](JobPosting&& p) {
      p.source = name;
      auto it = truth.find(p.source + '\t' + p.source_id);
      fn(std::move(p), it == truth.end() ? -1 : it->second);
    };
    if (format == "rss") {
      ForEachRssItem(body, emit);
      continue;
    }
    simdjson::dom::element doc;
    if (parser.parse(body).get(doc) != simdjson::SUCCESS) return ParseError(file + ": invalid JSON");
    simdjson::dom::array jobs;
    if (format == "lever") {
      if (doc.get_array().get(jobs) != simdjson::SUCCESS) return ParseError(file + ": not an array");
    } else if (doc["jobs"].get_array().get(jobs) != simdjson::SUCCESS) {
      return ParseError(file + ": no jobs array");
    }
    for (simdjson::dom::object j : jobs) {
      JobPosting p;
      p.source_id = Field(j, "id");
      std::string html;
      if (format == "greenhouse") {
        p.company = Field(j, "company_name");
        p.title = Field(j, "title");
        simdjson::dom::object loc;
        if (j["location"].get_object().get(loc) == simdjson::SUCCESS) p.location = Field(loc, "name");
        p.url = Field(j, "absolute_url");
        p.posted_at = ParseIso8601(Field(j, "updated_at"));
        html = HtmlUnescape(Field(j, "content"));
      } else if (format == "lever") {
        p.company = Field(j, "company");
        p.title = Field(j, "text");
        simdjson::dom::object cat;
        if (j["categories"].get_object().get(cat) == simdjson::SUCCESS) p.location = Field(cat, "location");
        p.url = Field(j, "hostedUrl");
        int64_t ms = 0;
        if (j["createdAt"].get_int64().get(ms) == simdjson::SUCCESS) p.posted_at = ms / 1000;
        html = Field(j, "description");
        simdjson::dom::array lists;
        if (j["lists"].get_array().get(lists) == simdjson::SUCCESS) {
          for (simdjson::dom::object l : lists) html += " " + Field(l, "text") + " " + Field(l, "content");
        }
        html += " " + Field(j, "additional");
      } else if (format == "ashby") {
        p.company = Field(j, "company");
        p.title = Field(j, "title");
        p.location = Field(j, "location");
        p.url = Field(j, "jobUrl");
        p.posted_at = ParseIso8601(Field(j, "publishedAt"));
        html = Field(j, "descriptionHtml");
      } else {
        return Unsupported(file + ": unknown format " + format);
      }
      HtmlToText(html, p.description_text);
      emit(std::move(p));
    }
  }
  return Status::Ok();
}

// Pairwise precision/recall of a grouping against true clusters, as
// /work/shared/bench/lib/benchlib.py score_export computes it (from group sizes).
struct PairwiseScore {
  double precision = 1, recall = 1;
  int64_t same_job_pairs = 0, same_cluster_pairs = 0, both_pairs = 0;
  int64_t jobs = 0, true_jobs = 0;
};
inline PairwiseScore ScorePairwise(const std::vector<int64_t>& job, const std::vector<int64_t>& cluster) {
  auto pairs = [](const auto& counts) {
    int64_t s = 0;
    for (const auto& [k, c] : counts) s += c * (c - 1) / 2;
    return s;
  };
  std::unordered_map<int64_t, int64_t> by_job, by_cluster;
  struct PairHash {
    size_t operator()(const std::pair<int64_t, int64_t>& p) const {
      return std::hash<int64_t>()(p.first * 1000003 ^ p.second);
    }
  };
  std::unordered_map<std::pair<int64_t, int64_t>, int64_t, PairHash> cells;
  for (size_t i = 0; i < job.size(); ++i) {
    ++by_job[job[i]];
    ++by_cluster[cluster[i]];
    ++cells[{job[i], cluster[i]}];
  }
  PairwiseScore s;
  s.same_job_pairs = pairs(by_job);
  s.same_cluster_pairs = pairs(by_cluster);
  s.both_pairs = pairs(cells);
  s.precision = s.same_job_pairs ? static_cast<double>(s.both_pairs) / s.same_job_pairs : 1.0;
  s.recall = s.same_cluster_pairs ? static_cast<double>(s.both_pairs) / s.same_cluster_pairs : 1.0;
  s.jobs = static_cast<int64_t>(by_job.size());
  s.true_jobs = static_cast<int64_t>(by_cluster.size());
  return s;
}

}  // namespace skillpulse::bench
