#include "sources/fetch/session.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <set>

#include <simdjson.h>

#include "core/input.h"
#include "core/json_writer.h"
#include "core/text.h"
#include "sources/fetch/http_get.h"

namespace skillpulse {
namespace {

// A listing that pages more than this is treated as broken (a next_page loop).
constexpr int kMaxPages = 10'000;

int64_t SteadyMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string EnvOr(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  std::string s = v != nullptr && *v != '\0' ? v : fallback;
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

// An input stream over a shared body, without copying it (bodies can be tens of MB).
class SharedBodyStream : public InputStream {
 public:
  SharedBodyStream(std::string name, std::shared_ptr<const std::string> body)
      : name_(std::move(name)), body_(std::move(body)) {}
  Result<size_t> Read(char* buf, size_t n) override {
    n = std::min(n, body_->size() - pos_);
    std::memcpy(buf, body_->data() + pos_, n);
    pos_ += n;
    return n;
  }
  const std::string& path() const override { return name_; }

 private:
  std::string name_;
  std::shared_ptr<const std::string> body_;
  size_t pos_ = 0;
};

// A streamed document's body: the pipe, abandoned when the document and every stream opened
// from it are gone (the reader stopped early, or never read it), which lets the transfer end.
struct StreamedBody {
  std::shared_ptr<BodyPipe> pipe;
  ~StreamedBody() { pipe->Abandon(); }
};

class PipeStream : public InputStream {
 public:
  PipeStream(std::string name, std::shared_ptr<StreamedBody> body) : name_(std::move(name)), body_(std::move(body)) {}
  Result<size_t> Read(char* buf, size_t n) override { return body_->pipe->Read(buf, n); }
  const std::string& path() const override { return name_; }

 private:
  std::string name_;
  std::shared_ptr<StreamedBody> body_;
};

// "https://host:8080/a/b?c#d" -> "host:8080/a/b".
std::string HostPath(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme != std::string_view::npos) url = url.substr(scheme + 3);
  size_t end = url.find_first_of("?#");
  if (end != std::string_view::npos) url = url.substr(0, end);
  while (!url.empty() && url.back() == '/') url.remove_suffix(1);
  return std::string(url);
}

std::string HumanBytes(uint64_t n) {
  char buf[32];
  if (n >= (uint64_t{1} << 30)) {
    std::snprintf(buf, sizeof buf, "%.2f GB", static_cast<double>(n) / (1 << 30));
  } else if (n >= (uint64_t{1} << 20)) {
    std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(n) / (1 << 20));
  } else {
    std::snprintf(buf, sizeof buf, "%.1f KB", static_cast<double>(n) / 1024);
  }
  return buf;
}

}  // namespace

std::string_view ListingStateName(ListingOutcome::State s) {
  switch (s) {
    case ListingOutcome::State::kQueued: return "queued";
    case ListingOutcome::State::kFetching: return "fetching";
    case ListingOutcome::State::kDone: return "ok";
    case ListingOutcome::State::kUnchanged: return "unchanged";
    case ListingOutcome::State::kPartial: return "partial";
    case ListingOutcome::State::kFailed: return "failed";
  }
  return "?";
}

namespace {

// What a spec asks to fetch: its URLs, the format that knows their API (for next_page and
// complete_listing), and whether they are an API (true) or pages (robots.txt applies).
struct UrlTarget {
  std::vector<std::string> urls;
  const SourceFormat* format = nullptr;
  bool api = false;
};

UrlTarget ResolveUrls(const SourceSpec& spec, const SourceRegistry& registry) {
  UrlTarget t;
  if (!spec.type.empty()) {
    t.format = registry.Find(spec.type);
    if (t.format == nullptr) return t;
    if (IsHttpUrl(spec.location)) {
      t.urls = {spec.location};
      t.api = t.format->claims_url != nullptr && t.format->claims_url(spec.location);
      if (!t.api && t.format->urls != nullptr) {
        auto own = t.format->urls(spec);
        t.api = !own.empty() && own.front() == spec.location;
      }
    } else if (t.format->urls != nullptr) {
      t.urls = t.format->urls(spec);
      t.api = !t.urls.empty();
    }
  } else if (IsHttpUrl(spec.location)) {
    t.urls = {spec.location};
    for (const auto& f : registry.formats()) {
      if (f.claims_url != nullptr && f.claims_url(spec.location)) {
        t.format = &f;
        t.api = true;
        break;
      }
    }
  }
  return t;
}

}  // namespace

std::string DefaultListingName(const SourceSpec& spec, const SourceRegistry& registry) {
  UrlTarget t = ResolveUrls(spec, registry);
  if (t.urls.empty() || !t.api || t.format == nullptr) return "";
  if (IsHttpUrl(spec.location)) return std::string(t.format->type) + ":" + HostPath(spec.location);
  return spec.type + ":" + spec.location;
}

std::string DescribeRunForArchive(const std::vector<SourceSpec>& specs, const FetchSessionOptions& options) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  w.Field("hn_algolia_api", options.hn_algolia_api).Field("hn_firebase_api", options.hn_firebase_api);
  w.Key("sources").BeginArray();
  for (const SourceSpec& s : specs) {
    w.BeginObject().Field("raw", MakeValidUtf8(s.raw)).Field("type", s.type).Field("location", MakeValidUtf8(s.location));
    w.Field("name", MakeValidUtf8(s.name));
    if (s.csv_delimiter != 0) w.Field("csv_delimiter", std::string_view(&s.csv_delimiter, 1));
    if (!s.mapping.empty()) {
      w.Key("mapping").BeginObject();
      for (const auto& [k, v] : s.mapping) w.Field(k, v);
      w.EndObject();
    }
    if (s.fetch && s.fetch->robots) w.Field("robots", *s.fetch->robots);
    if (s.fetch && s.fetch->complete_listing) w.Field("complete_listing", *s.fetch->complete_listing);
    w.EndObject();
  }
  w.EndArray().EndObject();
  return out;
}

Result<std::vector<SourceSpec>> SpecsFromArchivedRun(std::string_view run_json, FetchSessionOptions& options) {
  simdjson::dom::parser parser;
  simdjson::padded_string buf(run_json);
  simdjson::dom::element root;
  simdjson::dom::array arr;
  if (parser.parse(buf).get(root) || root["sources"].get_array().get(arr)) {
    return ParseError("archived run: no sources in its header");
  }
  std::string_view v;
  if (!root["hn_algolia_api"].get_string().get(v) && !v.empty()) options.hn_algolia_api = std::string(v);
  if (!root["hn_firebase_api"].get_string().get(v) && !v.empty()) options.hn_firebase_api = std::string(v);
  std::vector<SourceSpec> specs;
  for (simdjson::dom::element e : arr) {
    SourceSpec s;
    auto str = [&](std::string_view key) {
      std::string_view x;
      return e[key].get_string().get(x) ? std::string() : std::string(x);
    };
    s.raw = str("raw");
    s.type = str("type");
    s.location = str("location");
    s.name = str("name");
    if (s.location.empty()) return ParseError("archived run: a source without a location");
    std::string delim = str("csv_delimiter");
    if (delim.size() == 1) s.csv_delimiter = delim[0];
    simdjson::dom::object mapping;
    if (!e["mapping"].get_object().get(mapping)) {
      for (auto field : mapping) {
        std::string_view mv;
        if (!field.value.get_string().get(mv)) s.mapping[std::string(field.key)] = std::string(mv);
      }
    }
    bool b = false;
    auto settings = std::make_shared<SourceFetchSettings>();
    if (!e["robots"].get_bool().get(b)) settings->robots = b;
    if (!e["complete_listing"].get_bool().get(b)) settings->complete_listing = b;
    s.fetch = std::move(settings);
    specs.push_back(std::move(s));
  }
  return specs;
}

struct FetchSession::Core {
  FetchSessionOptions opt;
  int64_t started_steady_ms = SteadyMs();

  std::mutex fetcher_mu;
  std::unique_ptr<Fetcher> fetcher;
  bool fetcher_closed = false;

  mutable std::mutex mu;
  mutable std::condition_variable cv;
  bool closed = false;

  struct Slot {
    enum class State { kEmpty, kFilled, kSkipped, kTaken } state = State::kEmpty;
    Document doc;
    bool streamed = false;  // handed out at its first byte: kept when the listing fails
  };
  struct Validators {
    std::string url, etag, last_modified;
    int pages = 1;
  };
  struct Listing {
    // Weak: the handle holds the Core, and whoever drives the listing (its start function,
    // its callbacks) keeps the handle alive.
    std::weak_ptr<FetchListing> handle;
    ListingOutcome outcome;
    std::function<void(FetchListing&)> start;
    bool started = false;
    bool fetched = false;  // every request answered (done, failed or unchanged)
    bool consumed = false;
    bool done = false;
    bool no_more = false;  // no position will be reserved (the requests may still run)
    bool failed = false;
    int errors = 0;
    std::vector<Slot> slots;
    std::vector<Validators> validators;
  };
  std::vector<std::unique_ptr<Listing>> listings;  // index = id
  size_t next_start = 0;   // first listing not started yet
  int outstanding = 0;     // started, not yet read to the end
  int fetching = 0;        // started, requests not all answered
  std::atomic<int64_t> buffered_bytes{0};
  // Bytes held by the stream pipes of this session (BodyPipe::Options::held_bytes).
  std::shared_ptr<std::atomic<int64_t>> pipe_bytes = std::make_shared<std::atomic<int64_t>>(0);

  // Calls fetcher->Fetch, or fails the request at once when the session is closing. Never
  // called with `mu` held (a failing callback takes `mu`).
  void Fetch(FetchRequest req, Fetcher::Callback done) {
    Fetcher* f = nullptr;
    {
      std::lock_guard lock(fetcher_mu);
      if (!fetcher_closed) {
        if (!fetcher) fetcher = std::make_unique<Fetcher>(opt.fetcher);
        f = fetcher.get();
      }
    }
    if (f == nullptr) {
      FetchResult r;
      r.url = req.url;
      r.body = std::make_shared<std::string>();
      r.status = Unavailable(req.url + ": fetch session closed");
      done(std::move(r));
      return;
    }
    f->Fetch(std::move(req), std::move(done));
  }

  // Starts queued listings the window allows. Never called with `mu` held.
  // Memory held by bodies of responses in flight (the fetcher's count).
  int64_t ReceivingBytes() {
    std::lock_guard lock(fetcher_mu);
    return fetcher ? fetcher->stats().receiving_bytes : 0;
  }

  void TryStartMore() {
    std::vector<std::pair<std::shared_ptr<FetchListing>, std::function<void(FetchListing&)>>> to_start;
    const int64_t receiving = ReceivingBytes();
    {
      std::lock_guard lock(mu);
      while (!closed && next_start < listings.size()) {
        const int64_t committed = buffered_bytes.load() + receiving + pipe_bytes->load() +
                                  static_cast<int64_t>(fetching) * static_cast<int64_t>(opt.stream_pipe_bytes);
        if (outstanding > 0 && (outstanding >= std::max(1, opt.max_listings_ahead) ||
                                fetching >= std::max(1, opt.max_listings_fetching) ||
                                committed >= static_cast<int64_t>(opt.max_buffered_bytes))) {
          break;
        }
        Listing& l = *listings[next_start++];
        l.started = true;
        l.outcome.state = ListingOutcome::State::kFetching;
        ++outstanding;
        ++fetching;
        to_start.emplace_back(l.handle.lock(), std::move(l.start));
      }
    }
    for (auto& [handle, start] : to_start) {
      if (handle && start) start(*handle);
    }
  }

  // A listing's requests are all answered: another may start fetching. REQUIRES: mu held
  // (callers notify cv after releasing it).
  void MarkFetched(Listing& l) {
    if (l.started && !l.fetched) --fetching;
    l.fetched = true;
  }

  // Ends a listing's life as far as the window is concerned. REQUIRES: mu held.
  void MarkConsumed(Listing& l) {
    if (!l.consumed && l.started) --outstanding;
    l.consumed = true;
  }
};

// Reads one listing's documents in position order, waiting for them to arrive.
class ListingReader : public DocumentReader {
 public:
  ListingReader(std::shared_ptr<FetchSession::Core> core, int64_t id) : core_(std::move(core)), id_(id) {}

  Result<bool> Next(Document& doc) override {
    Document old = std::move(doc);  // destroyed after the lock is released
    doc = Document();
    core_->TryStartMore();
    std::unique_lock lock(core_->mu);
    auto& l = *core_->listings[static_cast<size_t>(id_)];
    for (;;) {
      if (core_->closed) {
        core_->MarkConsumed(l);
        return false;
      }
      if (pos_ < l.slots.size()) {
        auto& slot = l.slots[pos_];
        if (slot.state == FetchSession::Core::Slot::State::kFilled) {
          doc = std::move(slot.doc);
          slot.doc = Document();
          slot.state = FetchSession::Core::Slot::State::kTaken;
          ++pos_;
          return true;
        }
        if (slot.state != FetchSession::Core::Slot::State::kEmpty) {
          ++pos_;
          continue;
        }
      } else if (l.done || l.no_more) {
        core_->MarkConsumed(l);
        lock.unlock();
        core_->TryStartMore();
        return false;
      }
      if (!l.started) {
        // Our listing waits for the window; let it re-evaluate (bodies may have been freed).
        lock.unlock();
        core_->TryStartMore();
        lock.lock();
        if (!l.started) core_->cv.wait_for(lock, std::chrono::milliseconds(50));
        continue;
      }
      core_->cv.wait_for(lock, std::chrono::milliseconds(200));
    }
  }

 private:
  std::shared_ptr<FetchSession::Core> core_;
  int64_t id_;
  size_t pos_ = 0;
};

// ---- FetchListing ----

void FetchListing::Fetch(const std::string& url, std::function<void(FetchResult)> done, HttpHeaders headers) {
  FetchStreamed(url, nullptr, nullptr, std::move(done), std::move(headers));
}

std::shared_ptr<BodyPipe> FetchListing::NewPipe() const {
  BodyPipe::Options o;
  o.capacity_bytes = std::max<size_t>(core_->opt.stream_pipe_bytes, 1);
  o.held_bytes = core_->pipe_bytes;
  return std::make_shared<BodyPipe>(std::move(o));
}

void FetchListing::FetchStreamed(const std::string& url, std::shared_ptr<BodyPipe> pipe,
                                 std::function<void(const FetchResult&)> on_stream, std::function<void(FetchResult)> done,
                                 HttpHeaders headers) {
  FetchRequest req;
  req.url = url;
  req.source = source_;
  if (spec_.fetch) req.policy = spec_.fetch->policy;
  req.headers = std::move(headers);
  req.check_robots = robots_;
  req.reject_html = api_;
  req.priority = id_;  // the reader reads listings in creation order
  auto core = core_;
  int64_t id = id_;
  if (pipe) {
    req.stream = std::move(pipe);
    req.on_stream = [core, id, on_stream = std::move(on_stream)](const FetchResult& head) {
      {
        std::lock_guard lock(core->mu);
        ListingOutcome& o = core->listings[static_cast<size_t>(id)]->outcome;
        if (o.requests == 0 && o.latency_ms == 0) o.latency_ms = head.elapsed_ms;
      }
      if (on_stream) on_stream(head);
    };
  }
  core->Fetch(std::move(req), [core, id, done = std::move(done)](FetchResult r) {
    {
      std::lock_guard lock(core->mu);
      ListingOutcome& o = core->listings[static_cast<size_t>(id)]->outcome;
      if (o.requests == 0 && o.latency_ms == 0) o.latency_ms = r.elapsed_ms;
      ++o.requests;
      o.retries += std::max(0, r.attempts - 1);
      o.bytes += r.body_bytes;
      o.http_status = r.http_status;
      if (r.status.ok() && (o.fetched_at_ms == 0 || r.fetched_at_ms < o.fetched_at_ms)) o.fetched_at_ms = r.fetched_at_ms;
    }
    done(std::move(r));
  });
}

size_t FetchListing::Reserve() {
  std::lock_guard lock(core_->mu);
  auto& l = *core_->listings[static_cast<size_t>(id_)];
  l.slots.emplace_back();
  return l.slots.size() - 1;
}

void FetchListing::Put(size_t pos, std::string origin, std::string stem, std::shared_ptr<const std::string> body,
                       int64_t fetched_at_ms) {
  // The body is counted against the session's buffer until the pipeline drops the document.
  struct Tracked {
    std::shared_ptr<const std::string> body;
    std::shared_ptr<FetchSession::Core> core;
    ~Tracked() {
      if (body && core) core->buffered_bytes.fetch_sub(static_cast<int64_t>(body->size()));
    }
  };
  auto tracked = std::make_shared<Tracked>();
  tracked->body = body;
  tracked->core = core_;
  core_->buffered_bytes.fetch_add(static_cast<int64_t>(body->size()));
  std::shared_ptr<const std::string> view(tracked, tracked->body.get());

  Document d;
  d.origin = std::move(origin);
  d.stem = std::move(stem);
  d.size_bytes = body->size();
  d.fetched_at = fetched_at_ms / 1000;
  d.listing = id_;
  std::string name = d.origin;
  d.open = [view, name]() -> Result<std::unique_ptr<InputStream>> {
    if (DetectCompression(std::string_view(*view).substr(0, 4)) != Compression::kNone) {
      return InputStream::FromMemory(name, *view);  // a compressed file served as is
    }
    return std::unique_ptr<InputStream>(new SharedBodyStream(name, view));
  };
  Fill(pos, std::move(d), /*streamed=*/false);
}

void FetchListing::PutStream(size_t pos, std::string origin, std::string stem, std::shared_ptr<BodyPipe> pipe,
                             int64_t fetched_at_ms, uint64_t size_hint) {
  auto body = std::make_shared<StreamedBody>();
  body->pipe = std::move(pipe);
  Document d;
  d.origin = std::move(origin);
  d.stem = std::move(stem);
  d.size_bytes = size_hint;
  d.fetched_at = fetched_at_ms / 1000;
  d.listing = id_;
  std::string name = d.origin;
  d.open = [body, name]() -> Result<std::unique_ptr<InputStream>> {
    SP_TRY(body->pipe->Rewind());  // the second open (after sniffing) replays the head
    return InputStream::Decompressing(std::make_unique<PipeStream>(name, body));  // a .zst/.gz served as is
  };
  Fill(pos, std::move(d), /*streamed=*/true);
}

void FetchListing::Fill(size_t pos, Document d, bool streamed) {
  Document dropped;  // destroyed outside the lock (a listing that failed meanwhile drops it)
  {
    std::lock_guard lock(core_->mu);
    auto& l = *core_->listings[static_cast<size_t>(id_)];
    if (pos >= l.slots.size() || l.failed) {
      dropped = std::move(d);
    } else {
      l.slots[pos].doc = std::move(d);
      l.slots[pos].state = FetchSession::Core::Slot::State::kFilled;
      l.slots[pos].streamed = streamed;
      ++l.outcome.documents;
    }
  }
  core_->cv.notify_all();
}

void FetchListing::Skip(size_t pos) {
  {
    std::lock_guard lock(core_->mu);
    auto& l = *core_->listings[static_cast<size_t>(id_)];
    if (pos < l.slots.size()) l.slots[pos].state = FetchSession::Core::Slot::State::kSkipped;
  }
  core_->cv.notify_all();
}

void FetchListing::AddError(std::string reason) {
  std::lock_guard lock(core_->mu);
  auto& l = *core_->listings[static_cast<size_t>(id_)];
  if (++l.errors == 1) {
    l.outcome.error = std::move(reason);
  }
}

void FetchListing::Fail(std::string reason) {
  std::vector<FetchSession::Core::Slot> dropped;
  {
    std::lock_guard lock(core_->mu);
    auto& l = *core_->listings[static_cast<size_t>(id_)];
    if (l.failed) return;
    l.failed = true;
    l.done = true;
    core_->MarkFetched(l);
    l.outcome.state = ListingOutcome::State::kFailed;
    l.outcome.error = std::move(reason);
    l.outcome.documents = 0;
    for (auto& s : l.slots) {
      if (s.streamed && (s.state == FetchSession::Core::Slot::State::kFilled ||
                         s.state == FetchSession::Core::Slot::State::kTaken)) {
        ++l.outcome.documents;  // with its reader already (or next): its stream ends with the error
        continue;
      }
      if (s.state == FetchSession::Core::Slot::State::kFilled) {
        dropped.push_back(std::move(s));
        s = FetchSession::Core::Slot();
      }
      s.state = FetchSession::Core::Slot::State::kSkipped;
    }
  }
  core_->cv.notify_all();
  core_->TryStartMore();
}

void FetchListing::MarkUnchanged(int64_t fetched_at_ms) {
  {
    std::lock_guard lock(core_->mu);
    auto& l = *core_->listings[static_cast<size_t>(id_)];
    l.outcome.state = ListingOutcome::State::kUnchanged;
    l.outcome.fetched_at_ms = fetched_at_ms;
    l.done = true;
    core_->MarkFetched(l);
  }
  core_->cv.notify_all();
  core_->TryStartMore();
}

void FetchListing::SetValidators(const std::string& url, std::string etag, std::string last_modified, int pages) {
  std::lock_guard lock(core_->mu);
  auto& l = *core_->listings[static_cast<size_t>(id_)];
  l.validators.push_back({url, std::move(etag), std::move(last_modified), pages});
}

void FetchListing::Done() {
  {
    std::lock_guard lock(core_->mu);
    auto& l = *core_->listings[static_cast<size_t>(id_)];
    if (l.done) return;
    l.done = true;
    core_->MarkFetched(l);
    if (l.outcome.state == ListingOutcome::State::kFetching) {
      if (l.errors == 0) {
        l.outcome.state = ListingOutcome::State::kDone;
      } else if (l.outcome.documents > 0) {
        l.outcome.state = ListingOutcome::State::kPartial;
        if (l.errors > 1) l.outcome.error += " (and " + std::to_string(l.errors - 1) + " more)";
      } else {
        l.outcome.state = ListingOutcome::State::kFailed;
      }
    }
  }
  core_->cv.notify_all();
  core_->TryStartMore();
}

void FetchListing::NoMoreDocuments() {
  {
    std::lock_guard lock(core_->mu);
    core_->listings[static_cast<size_t>(id_)]->no_more = true;
  }
  core_->cv.notify_all();
}

bool FetchListing::failed() const {
  std::lock_guard lock(core_->mu);
  return core_->listings[static_cast<size_t>(id_)]->failed;
}

// ---- FetchSession ----

FetchSession::FetchSession(FetchSessionOptions options) : core_(std::make_shared<Core>()) {
  if (options.hn_algolia_api.empty()) options.hn_algolia_api = EnvOr("SKILLPULSE_HN_API", "https://hn.algolia.com/api/v1");
  if (options.hn_firebase_api.empty()) {
    options.hn_firebase_api = EnvOr("SKILLPULSE_HN_FIREBASE", "https://hacker-news.firebaseio.com/v0");
  }
  core_->opt = std::move(options);
}

FetchSession::~FetchSession() {
  {
    std::lock_guard lock(core_->mu);
    core_->closed = true;
  }
  std::unique_ptr<Fetcher> f;
  {
    std::lock_guard lock(core_->fetcher_mu);
    core_->fetcher_closed = true;
    f = std::move(core_->fetcher);
  }
  f.reset();  // fails what is pending; callbacks run now
  std::vector<Core::Slot> dropped;
  {
    std::lock_guard lock(core_->mu);
    for (auto& l : core_->listings) {
      if (!l->done) {
        l->done = true;
        if (l->outcome.state == ListingOutcome::State::kQueued || l->outcome.state == ListingOutcome::State::kFetching) {
          l->outcome.state = ListingOutcome::State::kFailed;
          l->outcome.error = "fetch session closed before the listing finished";
        }
      }
      for (auto& s : l->slots) {
        if (s.state == Core::Slot::State::kFilled) dropped.push_back(std::move(s));
      }
      l->slots.clear();
      l->start = nullptr;
    }
  }
  core_->cv.notify_all();
}

std::shared_ptr<FetchListing> FetchSession::NewListing(const SourceSpec& spec, std::string source_name, bool api,
                                                       bool closes_missing) {
  auto handle = std::shared_ptr<FetchListing>(new FetchListing());
  handle->core_ = core_;
  handle->source_ = std::move(source_name);
  handle->spec_ = spec;
  handle->api_ = api;
  handle->robots_ = !api;
  if (spec.fetch && spec.fetch->robots) handle->robots_ = *spec.fetch->robots;
  std::lock_guard lock(core_->mu);
  handle->id_ = static_cast<int64_t>(core_->listings.size());
  auto l = std::make_unique<Core::Listing>();
  l->handle = handle;
  l->outcome.id = handle->id_;
  l->outcome.label = spec.raw.empty() ? spec.location : spec.raw;
  l->outcome.source = handle->source_;
  l->outcome.closes_missing = closes_missing;
  core_->listings.push_back(std::move(l));
  return handle;
}

std::unique_ptr<DocumentReader> FetchSession::Start(std::shared_ptr<FetchListing> listing,
                                                    std::function<void(FetchListing&)> start) {
  {
    std::lock_guard lock(core_->mu);
    core_->listings[static_cast<size_t>(listing->id())]->start = std::move(start);
  }
  core_->TryStartMore();
  return std::make_unique<ListingReader>(core_, listing->id());
}

namespace {

// Fetches a listing's URLs (each followed with next_page) and hands out all pages when
// every one arrived; any failure fails the whole listing.
struct PagedListing : std::enable_shared_from_this<PagedListing> {
  struct Page {
    std::string url;
    std::shared_ptr<const std::string> body;
    int64_t fetched_at_ms = 0;
  };
  std::shared_ptr<FetchListing> listing;
  const SourceFormat* format = nullptr;
  std::vector<std::string> urls;
  std::vector<std::vector<Page>> chains;
  std::vector<std::set<std::string>> seen;
  size_t remaining = 0;
  std::optional<FetchState::UrlState> cached;  // validators of urls[0] (single-URL listings)
  bool replaying = false;                      // answers come from an archive
  bool stream = false;  // one URL that cannot page: its body is streamed to the reader

  void Begin() {
    chains.resize(urls.size());
    seen.resize(urls.size());
    remaining = urls.size();
    for (size_t i = 0; i < urls.size(); ++i) Request(i, urls[i]);
  }

  void Request(size_t chain, const std::string& url) {
    HttpHeaders headers;
    bool conditional = cached.has_value() && chain == 0 && chains[0].empty();
    if (conditional) {
      if (!cached->etag.empty()) headers.emplace_back("If-None-Match", cached->etag);
      if (!cached->last_modified.empty()) headers.emplace_back("If-Modified-Since", cached->last_modified);
    }
    seen[chain].insert(url);
    auto self = shared_from_this();
    if (stream) {
      std::shared_ptr<BodyPipe> pipe = listing->NewPipe();
      listing->FetchStreamed(
          url, pipe, [self, url, pipe](const FetchResult& head) { self->OnStreamHead(url, pipe, head); },
          [self, chain, url, conditional, pipe](FetchResult r) {
            if (r.streamed) return self->OnStreamEnd(r, *pipe);
            self->OnPage(chain, url, conditional, r);
          },
          std::move(headers));
      return;
    }
    listing->Fetch(url, [self, chain, url, conditional](FetchResult r) { self->OnPage(chain, url, conditional, r); },
                   std::move(headers));
  }

  // A streamed answer's first byte: its document goes to the reader now.
  void OnStreamHead(const std::string& url, const std::shared_ptr<BodyPipe>& pipe, const FetchResult& head) {
    if (listing->failed()) return;
    listing->SetValidators(url, std::string(head.Header("etag")), std::string(head.Header("last-modified")), 1);
    uint64_t size = 0;  // Content-Length counts encoded bytes: a hint only when not encoded
    if (head.Header("content-encoding").empty()) {
      for (char c : head.Header("content-length")) {
        if (c < '0' || c > '9' || size > (uint64_t{1} << 50)) break;
        size = size * 10 + static_cast<uint64_t>(c - '0');
      }
    }
    size_t pos = listing->Reserve();
    std::string stem = HostPath(url);
    stem = stem.substr(stem.find_last_of('/') + 1);
    listing->PutStream(pos, url, stem, pipe, head.fetched_at_ms, size);
    // Its reader can go on to the next listing once it is done with this document, without
    // waiting for the transfer to end (an abandoned stream runs on, its bytes dropped).
    listing->NoMoreDocuments();
  }

  // A streamed answer ended; its pipe ended the same way.
  void OnStreamEnd(const FetchResult& r, const BodyPipe& pipe) {
    if (r.status.ok() || pipe.abandoned()) {  // abandoned: the reader had what it wanted
      listing->Done();
    } else {
      listing->Fail(r.status.message());
    }
  }

  void OnPage(size_t chain, const std::string& url, bool conditional, FetchResult& r) {
    if (listing->failed()) return;
    if (!r.status.ok()) {
      listing->Fail(r.status.message());
      return;
    }
    if (r.http_status == 304) {
      // A replay answers as the recorded run was answered (that request had validators).
      if ((conditional || replaying) && urls.size() == 1) {
        listing->MarkUnchanged(r.fetched_at_ms);
      } else {
        listing->Fail(url + ": HTTP 304 Not Modified to a request that had no validators");
      }
      return;
    }
    std::vector<Page>& pages = chains[chain];
    if (pages.empty()) {
      listing->SetValidators(url, std::string(r.Header("etag")), std::string(r.Header("last-modified")), 1);
    }
    pages.push_back({url, r.body, r.fetched_at_ms});
    std::string next;
    if (format != nullptr && format->next_page != nullptr) next = format->next_page(url, *r.body);
    if (!next.empty()) {
      if (seen[chain].count(next) > 0 || pages.size() >= static_cast<size_t>(kMaxPages)) {
        listing->Fail(url + ": paging does not end (next page " + next + " already fetched or over " +
                      std::to_string(kMaxPages) + " pages)");
        return;
      }
      Request(chain, next);
      return;
    }
    if (--remaining > 0) return;
    // Complete: every page of every URL, in order.
    for (const auto& c : chains) {
      for (const auto& p : c) {
        size_t pos = listing->Reserve();
        std::string stem = HostPath(p.url);
        stem = stem.substr(stem.find_last_of('/') + 1);
        listing->Put(pos, p.url, stem, p.body, p.fetched_at_ms);
      }
    }
    if (chains.size() == 1 && chains[0].size() > 1) {
      // Conditional requests are only used for single-page listings (a 304 on page one says
      // nothing about page two); record the page count so the next run knows.
      listing->SetValidators(urls[0], "", "", static_cast<int>(chains[0].size()));
    }
    listing->Done();
  }
};

}  // namespace

std::unique_ptr<DocumentReader> FetchSession::OpenUrls(const SourceSpec& spec, const SourceRegistry& registry) {
  UrlTarget t = ResolveUrls(spec, registry);
  if (t.urls.empty()) return nullptr;
  const SourceFormat* format = t.format;
  std::vector<std::string> urls = std::move(t.urls);
  const bool api = t.api;
  std::string name = spec.name.empty() ? DefaultListingName(spec, registry) : spec.name;
  // Closing missing postings needs a source name that is this board's alone: never the
  // format's shared default ("ashby"), which other boards' postings carry too.
  const bool own_name = !name.empty();
  bool closes = api && format != nullptr && format->complete_listing;
  if (spec.fetch && spec.fetch->complete_listing) closes = *spec.fetch->complete_listing;
  closes = closes && own_name;
  if (name.empty()) name = spec.type.empty() ? HostPath(spec.location) : spec.type;
  auto listing = NewListing(spec, name, api, closes);
  auto job = std::make_shared<PagedListing>();
  job->listing = listing;
  job->format = format;
  job->urls = std::move(urls);
  job->replaying = core_->opt.fetcher.replay != nullptr;
  job->stream = core_->opt.stream_pipe_bytes > 0 && job->urls.size() == 1 &&
                (format == nullptr || format->next_page == nullptr ||
                 (format->pages != nullptr && !format->pages(job->urls[0])));
  if (core_->opt.state && job->urls.size() == 1) {
    const FetchState::UrlState* u = core_->opt.state->FindUrl(job->urls[0]);
    if (u != nullptr && u->pages == 1 && (!u->etag.empty() || !u->last_modified.empty())) job->cached = *u;
  }
  return Start(listing, [job](FetchListing&) { job->Begin(); });
}

void FetchSession::Settle() const {
  std::unique_lock lock(core_->mu);
  core_->cv.wait(lock, [&] { return core_->closed || core_->fetching == 0; });
}

std::optional<ListingOutcome> FetchSession::Outcome(int64_t id) const {
  std::lock_guard lock(core_->mu);
  if (id < 0 || static_cast<size_t>(id) >= core_->listings.size()) return std::nullopt;
  return core_->listings[static_cast<size_t>(id)]->outcome;
}

std::vector<ListingOutcome> FetchSession::Outcomes() const {
  std::lock_guard lock(core_->mu);
  std::vector<ListingOutcome> out;
  out.reserve(core_->listings.size());
  for (const auto& l : core_->listings) out.push_back(l->outcome);
  return out;
}

void FetchSession::RecordState(FetchState& state, const std::vector<int64_t>& unreadable) const {
  std::set<int64_t> skip(unreadable.begin(), unreadable.end());
  std::lock_guard lock(core_->mu);
  for (const auto& l : core_->listings) {
    const ListingOutcome& o = l->outcome;
    if (skip.count(o.id) > 0) continue;
    if (o.state == ListingOutcome::State::kDone) {
      // The latest entry per URL wins (the page count is recorded after the validators).
      std::map<std::string, Core::Validators> per_url;
      for (const auto& v : l->validators) {
        auto& cur = per_url[v.url];
        if (!v.etag.empty() || !v.last_modified.empty()) {
          cur.etag = v.etag;
          cur.last_modified = v.last_modified;
        }
        cur.url = v.url;
        cur.pages = v.pages;
      }
      for (const auto& [url, v] : per_url) {
        if (v.etag.empty() && v.last_modified.empty()) {
          state.EraseUrl(url);
        } else {
          state.SetUrl(url, {v.etag, v.last_modified, v.pages, o.fetched_at_ms});
        }
      }
    }
    if (o.state == ListingOutcome::State::kDone || o.state == ListingOutcome::State::kUnchanged) {
      state.SetLastSuccessMs(o.source, o.fetched_at_ms);
    }
  }
}

FetcherStats FetchSession::fetcher_stats() const {
  std::lock_guard lock(core_->fetcher_mu);
  return core_->fetcher ? core_->fetcher->stats() : FetcherStats();
}

std::vector<std::string> FetchSession::ProgressLines(size_t max_sources) const {
  std::vector<std::string> lines;
  FetcherStats fs = fetcher_stats();
  std::lock_guard lock(core_->mu);
  if (core_->listings.empty()) return lines;
  int counts[6] = {};
  for (const auto& l : core_->listings) ++counts[static_cast<int>(l->outcome.state)];
  double secs = std::max(0.001, static_cast<double>(SteadyMs() - core_->started_steady_ms) / 1000.0);
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "fetch: %zu sources: %d ok, %d unchanged, %d partial, %d failed, %d fetching, %d queued | %lld requests "
                "(%.1f/s), %lld in flight, %lld retries, %s",
                core_->listings.size(), counts[2], counts[3], counts[4], counts[5], counts[1], counts[0],
                static_cast<long long>(fs.succeeded + fs.failed), static_cast<double>(fs.succeeded + fs.failed) / secs,
                static_cast<long long>(fs.in_flight), static_cast<long long>(fs.retries),
                HumanBytes(static_cast<uint64_t>(fs.body_bytes)).c_str());
  lines.emplace_back(buf);
  for (const auto& l : core_->listings) {
    if (lines.size() > max_sources) break;
    const ListingOutcome& o = l->outcome;
    if (o.state == ListingOutcome::State::kFetching) {
      std::snprintf(buf, sizeof buf, "  %-9s %s (%d requests, %d retries, %s)", "fetching", o.label.c_str(), o.requests,
                    o.retries, HumanBytes(o.bytes).c_str());
      lines.emplace_back(buf);
    } else if (o.state == ListingOutcome::State::kFailed || o.state == ListingOutcome::State::kPartial) {
      lines.push_back("  " + std::string(ListingStateName(o.state)) + std::string(10 - ListingStateName(o.state).size(), ' ') +
                      o.label + ": " + std::string(TruncateUtf8(o.error, 160)));
    }
  }
  return lines;
}

const FetchSessionOptions& FetchSession::options() const { return core_->opt; }

Fetcher& FetchSession::fetcher() {
  std::lock_guard lock(core_->fetcher_mu);
  if (!core_->fetcher) core_->fetcher = std::make_unique<Fetcher>(core_->opt.fetcher);
  return *core_->fetcher;
}

}  // namespace skillpulse
