// Hacker News "Ask HN: Who is hiring?" postings, in the three shapes they come in:
//  - JSON Lines, one top-level comment per line (the shared dataset: thread_id, thread_title,
//    month, id, by, time, text) or Firebase items one per line;
//  - Firebase API items (https://github.com/HackerNews/API): one item, an array of items, or
//    a {sources, jobs[]} wrapper holding them;
//  - the Algolia item tree (https://hn.algolia.com/api/v1/items/<thread id>): the story with
//    its comments in `children`; the top-level children are the postings;
//  - curated-hn-hiring's monthly files (github.com/perspectivezoom/curated-hn-hiring, 2013):
//    {entries: {<id>: {id, author, commentBody, ...}}, metadata: {month: "September 2013", url}},
//    the top-level comments of one thread in HN's 2013 markup (<font>, raw newlines).
// `text` is HN-flavoured HTML; the first line is the conventional header
// "Company | Role | Location | REMOTE | ..." (sources/hn_header.h).
#include <algorithm>
#include <cstdlib>
#include <optional>

#include "core/input.h"
#include "core/text.h"
#include "enrich/html_text.h"
#include "sources/buffered_source.h"
#include "core/json_writer.h"
#include "sources/fetch/session.h"
#include "sources/formats.h"
#include "sources/hn_header.h"
#include "sources/json_util.h"
#include "sources/mapping.h"

namespace skillpulse {
namespace {

namespace od = simdjson::ondemand;

constexpr std::string_view kType = "hn";

struct HnItem {
  std::string id;
  std::string by;
  std::optional<std::string> text;  // nullopt: deleted / flagged (text null or absent)
  std::optional<int64_t> time;      // Unix seconds
  std::string month;                // "YYYY-MM" when the input says so
  std::string thread_title;
  std::string type;                 // "comment", "story", "job" ...
  bool deleted = false;
  std::vector<HnItem> children;     // Algolia tree only
};

// "Ask HN: Who is hiring? (March 2018)" -> "2018-03"; "" if no "(Month YYYY)".
std::string MonthFromThreadTitle(std::string_view title) {
  static constexpr std::string_view kMonths[] = {"january", "february", "march",     "april",   "may",      "june",
                                                 "july",    "august",   "september", "october", "november", "december"};
  size_t open = title.rfind('(');
  if (open == std::string_view::npos) return "";
  std::string_view inner = title.substr(open + 1);
  size_t close = inner.find(')');
  if (close == std::string_view::npos) return "";
  inner = TrimAscii(inner.substr(0, close));
  size_t space = inner.find(' ');
  if (space == std::string_view::npos) return "";
  std::string_view month_name = inner.substr(0, space);
  std::string_view year = TrimAscii(inner.substr(space + 1));
  if (year.size() != 4) return "";
  for (int m = 0; m < 12; ++m) {
    if (EqualsIgnoreAsciiCase(month_name, kMonths[m])) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "-%02d", m + 1);
      return std::string(year) + buf;
    }
  }
  return "";
}

simdjson::error_code ReadItem(od::object obj, HnItem& item, bool with_children);

// Reads the item object `v` (an array element or a field's value, as simdjson gives it) onto
// `to`, without replies. A structural error is returned.
template <class Value>
simdjson::error_code AppendItem(Value&& v, std::vector<HnItem>& to) {
  od::object obj;
  if (auto e = std::forward<Value>(v).get_object().get(obj)) return e;
  HnItem item;
  if (auto e = ReadItem(obj, item, /*with_children=*/false)) return e;
  to.push_back(std::move(item));
  return simdjson::SUCCESS;
}

// Reads the fields of one item object. Errors in unknown fields are ignored; a structural
// error is returned.
simdjson::error_code ReadItem(od::object obj, HnItem& item, bool with_children) {
  return json::ForEachField(obj, [&](std::string_view key, od::value v) {
    if (key == "id" || key == "objectID") {
      if (item.id.empty()) item.id = json::AsString(v);
    } else if (key == "by" || key == "author") {
      item.by = json::AsString(v);
    } else if (key == "text" || key == "comment_text" || key == "commentBody") {
      if (json::IsNull(v)) {
        item.text.reset();
      } else {
        std::string_view s;
        if (!v.get_string().get(s)) item.text = std::string(s);
      }
    } else if (key == "time" || key == "created_at_i") {
      od::json_type t;
      if (v.type().get(t)) return simdjson::SUCCESS;
      if (t == od::json_type::number) {
        int64_t secs;
        if (!v.get_int64().get(secs)) item.time = secs;
      } else if (t == od::json_type::string) {
        std::string_view s;
        if (!v.get_string().get(s)) {
          if (auto ts = ParseIso8601(s)) item.time = *ts;
        }
      }
    } else if (key == "created_at") {
      if (!item.time) {
        std::string_view s;
        if (!v.get_string().get(s)) {
          if (auto ts = ParseIso8601(s)) item.time = *ts;
        }
      }
    } else if (key == "month") {
      item.month = json::AsString(v);
    } else if (key == "thread_title" || key == "story_title" || key == "title") {
      item.thread_title = json::AsString(v);
    } else if (key == "type") {
      item.type = json::AsString(v);
    } else if (key == "deleted" || key == "dead") {
      if (json::AsBool(v).value_or(false)) item.deleted = true;
    } else if (key == "children" && with_children) {
      od::array arr;
      if (auto e = v.get_array().get(arr)) return e;
      for (auto child : arr) {
        if (auto e = AppendItem(child, item.children)) return e;
      }
    }
    return simdjson::SUCCESS;
  });
}

// Converts one item to a posting. Returns false (after counting or quarantining) when the
// item is not a posting.
bool ToPosting(HnItem& item, const SourceSpec& spec, const std::string& origin, uint64_t record,
               std::string_view raw, std::string_view default_month, Diagnostics& diag, JobPosting& p) {
  if (item.id.empty()) {
    diag.Quarantine({std::string(kType), origin, record, 0, "HN item without an id", std::string(raw)});
    return false;
  }
  if (item.deleted || !item.text.has_value()) {
    diag.Count("hn.deleted_comments");  // deleted or flagged: no text to read
    return false;
  }
  p.source = spec.name.empty() ? std::string(kType) : spec.name;
  p.source_id = item.id;
  p.url = "https://news.ycombinator.com/item?id=" + item.id;
  p.origin = origin;
  p.origin_line = record;
  p.posted_at = item.time;
  if (IsMonthString(item.month)) {
    p.month = item.month;
  } else if (std::string m = MonthFromThreadTitle(item.thread_title); !m.empty()) {
    p.month = m;
  } else if (!default_month.empty()) {
    p.month = std::string(default_month);
  } else if (item.time) {
    p.month = MonthOfUnix(*item.time);
  }
  // HTML -> text and the header line run later, in parallel (Finalize).
  p.description_html = std::move(*item.text);
  return true;
}

// On the pipeline's workers: the text, then the conventional header line it starts with.
void Finalize(JobPosting& p) {
  if (p.description_text.empty() && !p.description_html.empty()) {
    // A raw newline before the first <p> ends the header line too: some posts (and the shared
    // dump's copies of them) break the header with "\n" where HN would write <p>; HTML treats it
    // as a space, which would glue the first paragraph onto the header.
    std::string& html = p.description_html;
    const size_t nl = html.find('\n');
    if (nl != std::string::npos && nl < html.find("<p>")) html.replace(nl, 1, "<p>");
    HtmlToText(p.description_html, p.description_text);
    std::string().swap(p.description_html);
  }
  HnHeader h = ParseHnHeader(p.description_text);
  // A post whose header names no role often lists its roles on lines of their own.
  if (h.title.empty()) {
    h.title = RolesFromBody(p.description_text);
    p.title_from_text = !h.title.empty();
  }
  p.title = std::move(h.title);
  if (!h.found) return;
  p.company = std::move(h.company);
  p.location = std::move(h.location);
  if (!h.place.country.empty()) p.place = std::move(h.place);
  p.work_mode = h.work_mode;
  p.remote_scope = std::move(h.remote_scope);
  p.employment_type = h.employment_type;
  p.visa_sponsorship = h.visa_sponsorship;
  if (!h.salary_text.empty()) p.salary_text = std::move(h.salary_text);
}

// JSON Lines: one item per line, streamed.
class HnLinesSource : public Source {
 public:
  HnLinesSource(SourceSpec spec, std::string origin, std::unique_ptr<InputStream> in)
      : spec_(std::move(spec)), origin_(std::move(origin)), lines_(std::move(in)) {}

  Result<SourceState> Next(PostingBatch& batch, Diagnostics& diag) override {
    LineReader::Line line;
    while (!batch.full()) {
      auto st = lines_.Next(line);
      if (!st.ok()) return st.status().WithContext(origin_);
      if (*st == LineReader::State::kEof) return SourceState::kFinished;
      if (*st == LineReader::State::kTooLong) {
        diag.Quarantine({std::string(kType), origin_, line.number, line.offset,
                         "record of " + std::to_string(line.length) + " bytes exceeds the line limit",
                         std::string(line.text)});
        continue;
      }
      if (TrimAscii(line.text).empty()) continue;
      HnItem item;
      simdjson::padded_string_view view(line.text.data(), line.text.size(), line.text.size() + LineReader::kPadding);
      od::document doc;
      simdjson::error_code err = parser_.iterate(view).get(doc);
      od::object obj;
      if (!err) err = doc.get_object().get(obj);
      if (!err) err = ReadItem(obj, item, /*with_children=*/false);
      if (err) {
        diag.Quarantine({std::string(kType), origin_, line.number, line.offset, "invalid JSON: " + json::ErrorText(err),
                         std::string(line.text)});
        continue;
      }
      JobPosting p;
      if (ToPosting(item, spec_, origin_, line.number, line.text, "", diag, p)) batch.postings.push_back(std::move(p));
    }
    return SourceState::kHaveMore;
  }

  uint64_t bytes_read() const override { return lines_.bytes_read(); }

 private:
  SourceSpec spec_;
  std::string origin_;
  LineReader lines_;
  od::parser parser_;
};

// One JSON document: an item, an array of items, a {jobs: [...]} wrapper or an Algolia tree.
Status ParseDocument(const SourceSpec& spec, const Document& doc, std::vector<JobPosting>& out, Diagnostics& diag) {
  SP_ASSIGN_OR_RETURN(auto in, doc.open());
  std::string bytes;
  {
    std::string buf(1 << 20, '\0');
    for (;;) {
      SP_ASSIGN_OR_RETURN(size_t got, in->Read(buf.data(), buf.size()));
      if (got == 0) break;
      bytes.append(buf.data(), got);
    }
  }
  simdjson::padded_string padded(bytes);
  od::parser parser;
  od::document d;
  std::vector<HnItem> items;
  std::string thread_title;
  std::string metadata_month;  // curated-hn-hiring's metadata.month, as YYYY-MM
  auto fail = [&](simdjson::error_code e) {
    diag.Quarantine({std::string(kType), doc.origin, 0, 0, "invalid JSON document: " + json::ErrorText(e),
                     bytes.substr(0, Diagnostics::kMaxExcerptBytes)});
    return Status::Ok();  // the document is quarantined; the run goes on
  };
  if (auto e = parser.iterate(padded).get(d)) return fail(e);
  od::json_type t;
  if (auto e = d.type().get(t)) return fail(e);
  if (t == od::json_type::array) {
    od::array arr;
    if (auto e = d.get_array().get(arr)) return fail(e);
    for (auto v : arr) {
      if (auto e = AppendItem(v, items)) return fail(e);
    }
  } else if (t == od::json_type::object) {
    od::object root;
    if (auto e = d.get_object().get(root)) return fail(e);
    HnItem top;
    bool wrapper = false;
    for (auto field : root) {
      std::string_view key;
      if (auto e = field.unescaped_key().get(key)) return fail(e);
      od::value v;
      if (auto e = field.value().get(v)) return fail(e);
      if (key == "jobs") {  // {sources: {...}, jobs: [items]}
        wrapper = true;
        od::array arr;
        if (auto e = v.get_array().get(arr)) return fail(e);
        for (auto jv : arr) {
          if (auto e = AppendItem(jv, items)) return fail(e);
        }
      } else if (key == "sources") {
        od::object src;
        if (v.get_object().get(src)) continue;
        (void)json::ForEachField(src, [&](std::string_view sk, od::value sv) {  // lenient: a label
          if (sk == "who_is_hiring_thread_title") thread_title = json::AsString(sv);
          return simdjson::SUCCESS;
        });
      } else if (key == "entries") {  // curated-hn-hiring: {<comment id>: item}
        wrapper = true;
        od::object entries;
        if (auto e = v.get_object().get(entries)) return fail(e);
        for (auto entry : entries) {
          if (auto e = AppendItem(entry.value(), items)) return fail(e);
        }
      } else if (key == "metadata") {  // curated-hn-hiring: {month: "September 2013", url}
        od::object meta;
        if (v.get_object().get(meta)) continue;
        (void)json::ForEachField(meta, [&](std::string_view mk, od::value mv) {  // lenient: labels
          if (mk == "month") metadata_month = ParseLooseMonth(json::AsString(mv));
          return simdjson::SUCCESS;
        });
      } else if (key == "hits") {
        return InvalidArgument(doc.origin + ": an HN search response, not items (use hn:latest to fetch threads)");
      } else {
        // A single item or an Algolia tree: read the remaining fields as an item.
        if (key == "children") {
          od::array arr;
          if (auto e = v.get_array().get(arr)) return fail(e);
          for (auto child : arr) {
            if (auto e = AppendItem(child, top.children)) return fail(e);
          }
        } else if (key == "title") {
          top.thread_title = json::AsString(v);
        } else if (key == "type") {
          top.type = json::AsString(v);
        } else if (key == "id") {
          top.id = json::AsString(v);
        } else if (key == "text") {
          if (!json::IsNull(v)) top.text = json::AsString(v);
        } else if (key == "by" || key == "author") {
          top.by = json::AsString(v);
        } else if (key == "time" || key == "created_at_i") {
          int64_t secs;
          if (!v.get_int64().get(secs)) top.time = secs;
        } else if (key == "deleted" || key == "dead") {
          if (json::AsBool(v).value_or(false)) top.deleted = true;
        }
      }
    }
    if (!wrapper) {
      if (top.type == "story" || !top.children.empty()) {
        thread_title = top.thread_title;
        items = std::move(top.children);  // Algolia tree: the top-level comments
        if (items.empty()) {
          diag.Warn(doc.origin + ": HN story " + top.id + " has no comments in this document");
        }
      } else {
        items.push_back(std::move(top));  // one Firebase item
      }
    }
  } else {
    return fail(simdjson::INCORRECT_TYPE);
  }
  std::string default_month = MonthFromThreadTitle(thread_title);
  if (default_month.empty()) default_month = metadata_month;
  uint64_t record = 0;
  for (auto& item : items) {
    ++record;
    if (item.thread_title.empty()) item.thread_title = thread_title;
    JobPosting p;
    if (ToPosting(item, spec, doc.origin, record, "", default_month, diag, p)) out.push_back(std::move(p));
  }
  return Status::Ok();
}

int Sniff(std::string_view origin, std::string_view head) {
  (void)origin;
  size_t i = 0;
  while (i < head.size() && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t')) ++i;
  if (i >= head.size() || (head[i] != '{' && head[i] != '[')) return 0;
  if (head.find("\"thread_id\"") != std::string_view::npos && head.find("\"text\"") != std::string_view::npos) return 90;
  if (head.find("\"who_is_hiring_thread_id\"") != std::string_view::npos) return 95;
  if (head.find("\"entries\"") != std::string_view::npos && head.find("\"commentBody\"") != std::string_view::npos) return 90;
  if (head.find("Who is hiring") != std::string_view::npos &&
      (head.find("\"children\"") != std::string_view::npos || head.find("\"created_at_i\"") != std::string_view::npos)) {
    return 90;
  }
  if (head.find("\"type\":\"comment\"") != std::string_view::npos ||
      head.find("\"type\": \"comment\"") != std::string_view::npos) {
    return 70;
  }
  return 0;
}

bool IsJsonLines(std::string_view head) {
  size_t i = 0;
  while (i < head.size() && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t')) ++i;
  if (i >= head.size() || head[i] != '{') return false;
  size_t nl = head.find('\n', i);
  if (nl == std::string_view::npos) return false;  // one line: a document
  std::string_view first = TrimAscii(head.substr(i, nl - i));
  return first.size() > 2 && first.back() == '}';  // a complete object on the first line
}

Result<std::unique_ptr<Source>> Open(const SourceSpec& spec, const Document& doc) {
  SP_ASSIGN_OR_RETURN(auto in, doc.open());
  std::string head(4096, '\0');
  size_t have = 0;
  while (have < head.size()) {
    SP_ASSIGN_OR_RETURN(size_t got, in->Read(head.data() + have, head.size() - have));
    if (got == 0) break;
    have += got;
  }
  head.resize(have);
  if (IsJsonLines(head)) {
    SP_ASSIGN_OR_RETURN(auto fresh, doc.open());
    return std::unique_ptr<Source>(new HnLinesSource(spec, doc.origin, std::move(fresh)));
  }
  SourceSpec s = spec;
  Document d = doc;
  return std::unique_ptr<Source>(new BufferedSource(
      [s, d](std::vector<JobPosting>& out, Diagnostics& diag) { return ParseDocument(s, d, out, diag); }));
}

// What an "hn:" location asks to fetch live.
struct HnTarget {
  bool firebase = false;  // the official Firebase API (one request per comment) instead of Algolia
  bool latest = false;    // the newest `count` threads of user whoishiring
  int count = 1;
  std::string thread_id;  // a given thread
};

// "latest", "latest:3", "<thread id>", "firebase:latest[:N]", "firebase:<thread id>".
std::optional<HnTarget> ParseHnTarget(std::string_view loc) {
  HnTarget t;
  if (StartsWithIgnoreAsciiCase(loc, "firebase:")) {
    t.firebase = true;
    loc.remove_prefix(9);
  }
  auto all_digits = [](std::string_view s) {
    return !s.empty() && s.size() <= 12 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (EqualsIgnoreAsciiCase(loc, "latest")) {
    t.latest = true;
    return t;
  }
  if (StartsWithIgnoreAsciiCase(loc, "latest:") && all_digits(loc.substr(7))) {
    t.latest = true;
    t.count = std::clamp(std::atoi(std::string(loc.substr(7)).c_str()), 1, 100);
    return t;
  }
  if (all_digits(loc)) {
    t.thread_id = std::string(loc);
    return t;
  }
  return std::nullopt;
}

bool IsHiringTitle(std::string_view title) { return FindIgnoreAsciiCase(title, "who is hiring") != std::string_view::npos; }

// Live fetching. Every request goes through the session's fetcher (concurrent, retried,
// archived); callbacks run on the fetcher's thread, so the shared state below needs no lock.
struct HnFetch : std::enable_shared_from_this<HnFetch> {
  std::shared_ptr<FetchListing> listing;
  HnTarget target;
  std::string algolia, firebase;  // API bases

  void Begin() {
    if (!target.latest) {
      FetchThread(target.thread_id, listing->Reserve(), "");
    } else if (!target.firebase) {
      AlgoliaLatest();
    } else {
      FirebaseLatest();
    }
  }

  // ---- Algolia: one search, then one item tree per thread ----
  void AlgoliaLatest(bool by_date = true) {
    // search_by_date sorts by date, newest first; /search ranks by relevance
    // (https://hn.algolia.com/api) and is only the fallback for mirrors without the former.
    // Hits are sorted by created_at_i here either way.
    std::string url = algolia + (by_date ? "/search_by_date" : "/search") + "?tags=story,author_whoishiring&hitsPerPage=30";
    auto self = shared_from_this();
    listing->Fetch(url, [self, url, by_date](FetchResult r) {
      if (by_date && r.status.code() == StatusCode::kNotFound) return self->AlgoliaLatest(false);
      if (!r.status.ok()) return self->listing->Fail("hn:latest: " + r.status.message());
      struct Hit {
        int64_t created = 0;
        std::string id;
      };
      std::vector<Hit> hits;
      simdjson::dom::parser parser;
      simdjson::dom::element root;
      simdjson::dom::array arr;
      if (parser.parse(*r.body).get(root) || root["hits"].get_array().get(arr)) {
        return self->listing->Fail(url + ": not an HN search response");
      }
      for (simdjson::dom::element h : arr) {
        std::string_view title, id;
        if (h["title"].get_string().get(title) || !IsHiringTitle(title)) continue;
        if (h["objectID"].get_string().get(id)) continue;
        int64_t created = 0;
        if (h["created_at_i"].get_int64().get(created)) created = 0;
        hits.push_back({created, std::string(id)});
      }
      std::stable_sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) { return a.created > b.created; });
      if (hits.empty()) {
        self->listing->AddError(url + ": no \"Who is hiring?\" thread in the search results");
        return self->listing->Done();
      }
      if (hits.size() > static_cast<size_t>(self->target.count)) hits.resize(static_cast<size_t>(self->target.count));
      self->pending = hits.size();
      for (const auto& h : hits) self->FetchThread(h.id, self->listing->Reserve(), "");
    });
  }

  // ---- Firebase: the user's submissions, their titles, then each thread's comments ----
  void FirebaseLatest() {
    std::string url = firebase + "/user/whoishiring.json";
    auto self = shared_from_this();
    listing->Fetch(url, [self, url](FetchResult r) {
      if (!r.status.ok()) return self->listing->Fail("hn:firebase:latest: " + r.status.message());
      simdjson::dom::parser parser;
      simdjson::dom::element root;
      simdjson::dom::array submitted;
      if (parser.parse(*r.body).get(root) || root["submitted"].get_array().get(submitted)) {
        return self->listing->Fail(url + ": not a Firebase user with submissions");
      }
      // whoishiring posts three stories a month (hiring, wants to be hired, freelancer):
      // look at enough of the newest to find `count` hiring threads.
      std::vector<std::string> ids;
      for (simdjson::dom::element v : submitted) {
        int64_t id = 0;
        if (v.get_int64().get(id)) continue;
        ids.push_back(std::to_string(id));
        if (ids.size() >= static_cast<size_t>(self->target.count) * 3 + 3) break;
      }
      if (ids.empty()) {
        self->listing->AddError(url + ": user has no submissions");
        return self->listing->Done();
      }
      auto titles = std::make_shared<std::vector<std::string>>(ids.size());
      auto left = std::make_shared<size_t>(ids.size());
      for (size_t i = 0; i < ids.size(); ++i) {
        std::string item_url = self->firebase + "/item/" + ids[i] + ".json";
        self->listing->Fetch(item_url, [self, ids, titles, left, i](FetchResult ir) {
          if (ir.status.ok()) {
            simdjson::dom::parser p;
            simdjson::dom::element e;
            std::string_view title;
            if (!p.parse(*ir.body).get(e) && e.is_object() && !e["title"].get_string().get(title)) {
              (*titles)[i] = std::string(title);
            }
          } else {
            self->listing->AddError(ir.status.message());
          }
          if (--*left > 0) return;
          std::vector<std::pair<std::string, std::string>> threads;  // id, title; newest first
          for (size_t k = 0; k < ids.size() && threads.size() < static_cast<size_t>(self->target.count); ++k) {
            if (IsHiringTitle((*titles)[k])) threads.emplace_back(ids[k], (*titles)[k]);
          }
          if (threads.empty()) {
            self->listing->AddError("hn:firebase:latest: no \"Who is hiring?\" thread among the newest submissions");
            return self->listing->Done();
          }
          self->pending = threads.size();
          for (const auto& [id, title] : threads) self->FetchThread(id, self->listing->Reserve(), title);
        });
      }
    });
  }

  size_t pending = 1;  // threads not finished yet

  void ThreadFinished() {
    if (--pending == 0) listing->Done();
  }

  void FetchThread(const std::string& id, size_t pos, const std::string& known_title) {
    if (!target.firebase) {
      std::string url = algolia + "/items/" + id;
      auto self = shared_from_this();
      listing->Fetch(url, [self, url, id, pos](FetchResult r) {
        if (r.status.ok()) {
          self->listing->Put(pos, url, id, r.body, r.fetched_at_ms);
        } else {
          self->listing->Skip(pos);
          self->listing->AddError(r.status.message());
        }
        self->ThreadFinished();
      });
      return;
    }
    std::string url = firebase + "/item/" + id + ".json";
    auto self = shared_from_this();
    listing->Fetch(url, [self, url, id, pos, known_title](FetchResult r) {
      if (!r.status.ok()) {
        self->listing->Skip(pos);
        self->listing->AddError(r.status.message());
        return self->ThreadFinished();
      }
      simdjson::dom::parser parser;
      simdjson::dom::element story;
      std::string title = known_title;
      std::vector<int64_t> kids;
      if (parser.parse(*r.body).get(story) || !story.is_object()) {
        self->listing->Skip(pos);
        self->listing->AddError(url + ": not a Firebase item");
        return self->ThreadFinished();
      }
      std::string_view t;
      if (!story["title"].get_string().get(t)) title = std::string(t);
      simdjson::dom::array arr;
      if (!story["kids"].get_array().get(arr)) {
        for (simdjson::dom::element k : arr) {
          int64_t kid = 0;
          if (!k.get_int64().get(kid)) kids.push_back(kid);
        }
      }
      self->FetchComments(id, url, title, pos, r.fetched_at_ms, std::move(kids));
    });
  }

  // One request per top-level comment, all in flight at once (within the fetcher's limits);
  // the thread becomes one {sources, jobs[]} document (the shape the HN reader takes).
  void FetchComments(const std::string& id, const std::string& story_url, const std::string& title, size_t pos,
                     int64_t fetched_at_ms, std::vector<int64_t> kids) {
    struct Thread {
      std::vector<std::shared_ptr<const std::string>> bodies;
      size_t left = 0;
      size_t failed = 0;
      std::string first_error;
    };
    auto th = std::make_shared<Thread>();
    th->bodies.resize(kids.size());
    th->left = kids.size();
    auto self = shared_from_this();
    auto finish = [self, th, id, story_url, title, pos, fetched_at_ms]() {
      std::string doc = "{\"sources\":{\"who_is_hiring_thread_id\":";
      JsonWriter::AppendQuoted(doc, id);
      doc += ",\"who_is_hiring_thread_title\":";
      JsonWriter::AppendQuoted(doc, title);
      doc += "},\"jobs\":[";
      bool first = true;
      simdjson::dom::parser parser;
      for (const auto& b : th->bodies) {
        if (!b) continue;
        simdjson::dom::element e;
        if (parser.parse(*b).get(e) || !e.is_object()) continue;  // "null": an item that does not exist
        if (!first) doc.push_back(',');
        first = false;
        doc += *b;
      }
      doc += "]}";
      if (th->failed > 0) {
        self->listing->AddError(std::to_string(th->failed) + " of " + std::to_string(th->bodies.size()) +
                                " comments of thread " + id + " could not be fetched (first: " + th->first_error + ")");
      }
      self->listing->Put(pos, story_url, id, std::make_shared<const std::string>(std::move(doc)), fetched_at_ms);
      self->ThreadFinished();
    };
    if (kids.empty()) return finish();
    for (size_t i = 0; i < kids.size(); ++i) {
      std::string url = firebase + "/item/" + std::to_string(kids[i]) + ".json";
      listing->Fetch(url, [th, i, finish](FetchResult r) {
        if (r.status.ok()) {
          th->bodies[i] = r.body;
        } else if (th->failed++ == 0) {
          th->first_error = r.status.message();
        }
        if (--th->left == 0) finish();
      });
    }
  }
};

// "hn:latest", "hn:latest:3" (the latest N threads), "hn:<thread id>", and the same after
// "firebase:" for the official API: fetched live ($SKILLPULSE_HN_API / $SKILLPULSE_HN_FIREBASE
// override the API bases for mirrors and tests).
std::unique_ptr<DocumentReader> Expand(const SourceSpec& spec, FetchSession& session, Diagnostics& diag) {
  (void)diag;  // failures are reported in the session's listing outcomes
  if (spec.type != kType) return nullptr;
  auto target = ParseHnTarget(spec.location);
  if (!target) return nullptr;
  auto listing = session.NewListing(spec, spec.name.empty() ? std::string(kType) : spec.name, /*api=*/true,
                                    /*closes_missing=*/false);
  auto job = std::make_shared<HnFetch>();
  job->listing = listing;
  job->target = *target;
  job->algolia = session.options().hn_algolia_api;
  job->firebase = session.options().hn_firebase_api;
  return session.Start(listing, [job](FetchListing&) { job->Begin(); });
}

}  // namespace

void RegisterHnSource(SourceRegistry& r) {
  SourceFormat f;
  f.type = kType;
  f.description =
      "Hacker News \"Who is hiring?\" comments: JSONL, Firebase items, Algolia item trees; hn:latest[:N], "
      "hn:<thread id> and hn:firebase:... fetch live";
  f.sniff = Sniff;
  f.open = Open;
  f.finalize = Finalize;
  f.expand = Expand;
  r.Register(f);
}

}  // namespace skillpulse
