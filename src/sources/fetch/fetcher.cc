#include "sources/fetch/fetcher.h"

#include <curl/curl.h>
#include <sys/mman.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <deque>
#include <future>
#include <mutex>
#include <queue>
#include <random>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#define XXH_STATIC_LINKING_ONLY
#include <xxhash.h>

#include "core/text.h"
#include "sources/fetch/robots.h"

namespace skillpulse {
namespace {

// Large reads mean fewer write callbacks per megabyte (the loop's own CPU).
constexpr long kCurlBufferBytes = 256 * 1024;
constexpr size_t kRobotsMaxBytes = 1 << 20;
// The loop never sleeps longer than this, so a missed wake-up costs at most this much.
constexpr int kMaxPollMs = 250;

int64_t SteadyMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
int64_t WallMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

StatusCode CodeFromName(std::string_view name) {
  for (int c = 0; c <= static_cast<int>(StatusCode::kInternal); ++c) {
    if (StatusCodeName(static_cast<StatusCode>(c)) == name) return static_cast<StatusCode>(c);
  }
  return StatusCode::kUnavailable;
}

struct Host;
struct Gate;

// One request across its attempts.
struct Job {
  ~Job() {
    if (written_hash != nullptr) XXH3_freeState(written_hash);
    if (skip_hash != nullptr) XXH3_freeState(skip_hash);
  }
  Fetcher::Impl* owner = nullptr;
  uint64_t id = 0;  // unique per fetcher: names the job in wakes from other threads
  FetchRequest req;
  Fetcher::Callback done;
  std::shared_ptr<const FetchPolicy> policy;
  Host* host = nullptr;
  Gate* gate = nullptr;
  std::string path;  // path+query, for robots.txt
  int attempt = 0;
  int64_t submitted_ms = 0;   // steady
  int64_t attempt_start_ms = 0;
  bool is_robots = false;     // the robots.txt fetch of `host`
  bool archived_final = false;  // its final response is in the archive
  // The current attempt.
  CURL* easy = nullptr;
  curl_slist* header_list = nullptr;
  std::shared_ptr<std::string> body;
  int64_t counted_bytes = 0;                    // body->capacity() as added to *receiving
  std::atomic<int64_t>* receiving = nullptr;    // Impl::s_receiving
  HttpHeaders headers;
  bool too_big = false;
  char errbuf[CURL_ERROR_SIZE] = {};
  // Streaming (req.stream). Across attempts:
  bool stream_started = false;  // on_stream ran: bytes may have reached the reader
  uint64_t written = 0;         // bytes written into the pipe
  XXH3_state_t* written_hash = nullptr;  // of those bytes
  std::unique_ptr<ArchiveBodyWriter> recorder;  // the streamed body on its way into the archive
  // This attempt:
  bool decided = false;    // its first body byte arrived (streamed or not)
  bool streaming = false;  // its body goes into the pipe
  uint64_t skip = 0;       // its first `skip` bytes repeat what was written: checked, dropped
  XXH128_hash_t skip_expected{};
  XXH3_state_t* skip_hash = nullptr;
  uint64_t seen = 0;       // its body bytes so far
  bool changed = false;    // its body does not start with what was written
  bool paused = false;     // CURL_WRITEFUNC_PAUSE returned and not resumed yet
  bool paused_for_archive = false;
  int64_t paused_since_ms = 0;
  int64_t paused_ms = 0;   // time paused, not counted against timeout_ms
  // The final outcome.
  FetchResult result;
};

// Per-origin state: limits, rate, robots.txt.
struct Host {
  std::string origin;
  int in_flight = 0;
  int64_t next_start_ms = 0;     // steady; rate limit and Retry-After pauses
  int64_t interval_ms = 0;       // from per_host_rate_per_s and Crawl-delay
  std::deque<Job*> queue;
  bool active = false;           // in Impl::active_hosts
  enum class Robots { kUnknown, kFetching, kReady } robots_state = Robots::kUnknown;
  RobotsTxt robots;
  int64_t robots_fetched_at_ms = 0;  // when robots.txt was answered (denials are dated by it)
  std::vector<Job*> waiting_robots;
};

// Per-source state: limits, rate, circuit breaker.
struct Gate {
  int in_flight = 0;
  int64_t next_start_ms = 0;
  CircuitBreaker breaker;
};

// A large body is written once, sequentially, into fresh memory: page by page that costs a
// page fault per 4 KiB (measured: the larger part of the loop's CPU on the 1.4 GB bench
// corpus). MADV_POPULATE_WRITE (Linux 5.14) maps the whole reserved range in one call
// instead. (Transparent huge pages were tried and made it worse: compaction on fault.)
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif
void Prefault(const char* data, size_t n) {
  constexpr size_t kPage = 4096;
  if (n < (size_t{1} << 20)) return;
  uintptr_t begin = (reinterpret_cast<uintptr_t>(data) + kPage - 1) & ~(kPage - 1);
  uintptr_t end = (reinterpret_cast<uintptr_t>(data) + n) & ~(kPage - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_WRITE);  // a hint
}

// Keeps the fetcher's count of memory held by bodies in flight in step with `job`'s body.
void CountBody(Job* job) {
  const int64_t now = job->body ? static_cast<int64_t>(job->body->capacity()) : 0;
  if (now != job->counted_bytes && job->receiving != nullptr) job->receiving->fetch_add(now - job->counted_bytes);
  job->counted_bytes = now;
}

void UncountBody(Job* job) {
  if (job->receiving != nullptr) job->receiving->fetch_sub(job->counted_bytes);
  job->counted_bytes = 0;
}

// The write callback: forwards to Impl::OnBody (defined after Impl).
size_t OnBodyCb(char* ptr, size_t size, size_t nmemb, void* user);

size_t OnHeader(char* ptr, size_t size, size_t nmemb, void* user) {
  auto* job = static_cast<Job*>(user);
  size_t n = size * nmemb;
  std::string_view line(ptr, n);
  if (line.substr(0, 5) == "HTTP/") {
    job->headers.clear();  // a new response (after a redirect or a 100 Continue)
    return n;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return n;
  std::string name = AsciiLowerCopy(TrimAscii(line.substr(0, colon)));
  std::string_view value = TrimAscii(line.substr(colon + 1));
  // A body received whole is reserved at its announced length (one allocation, prefaulted);
  // a streamed one never exists whole (a non-2xx answer to a stream request is a small page).
  if (name == "content-length" && !job->req.stream) {
    uint64_t len = 0;
    for (char c : value) {
      if (c < '0' || c > '9') break;
      len = len * 10 + static_cast<uint64_t>(c - '0');
      if (len > job->policy->max_body_bytes) break;
    }
    size_t want = static_cast<size_t>(std::min<uint64_t>(len, job->policy->max_body_bytes));
    job->body->reserve(want);
    Prefault(job->body->data(), want);
    CountBody(job);
  }
  job->headers.emplace_back(std::move(name), std::string(value));
  return n;
}

std::string_view FindHeader(const HttpHeaders& headers, std::string_view name) {
  for (const auto& [k, v] : headers) {
    if (k == name) return v;
  }
  return {};
}

}  // namespace

std::string_view FetchResult::Header(std::string_view name) const { return FindHeader(headers, name); }

bool SplitHttpUrl(std::string_view url, std::string& origin, std::string& path_and_query) {
  CURLU* u = curl_url();
  std::string s(url);
  bool ok = curl_url_set(u, CURLUPART_URL, s.c_str(), 0) == CURLUE_OK;
  char *scheme = nullptr, *host = nullptr, *port = nullptr, *path = nullptr, *query = nullptr;
  if (ok) {
    ok = curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
         curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
         curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK &&
         curl_url_get(u, CURLUPART_PATH, &path, 0) == CURLUE_OK;
    curl_url_get(u, CURLUPART_QUERY, &query, 0);
  }
  if (ok) {
    std::string sch = AsciiLowerCopy(scheme);
    ok = sch == "http" || sch == "https";
    origin = sch + "://" + AsciiLowerCopy(host) + ":" + port;
    path_and_query = path;
    if (query != nullptr) path_and_query += std::string("?") + query;
  }
  curl_free(scheme);
  curl_free(host);
  curl_free(port);
  curl_free(path);
  curl_free(query);
  curl_url_cleanup(u);
  return ok;
}

struct Fetcher::Impl {
  FetcherOptions opt;
  std::shared_ptr<const FetchPolicy> default_policy;
  std::shared_ptr<const FetchPolicy> robots_policy;
  std::string robots_token;
  CURLM* multi = nullptr;
  std::thread thread;

  std::mutex submit_mu;
  std::vector<Job*> submitted;
  bool stopping = false;

  // Loop-thread state.
  std::unordered_map<std::string, std::unique_ptr<Host>> hosts;
  std::unordered_map<std::string, std::unique_ptr<Gate>> gates;
  std::vector<Host*> active_hosts;
  size_t rr = 0;  // round-robin start among active hosts
  struct Timer {
    int64_t at_ms;
    Job* job;
    bool operator>(const Timer& o) const { return at_ms > o.at_ms; }
  };
  std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers;
  int in_flight = 0;
  std::unordered_set<Job*> running_jobs;  // with a curl handle in `multi`
  int64_t live_jobs = 0;  // admitted and not finished
  // Streams: jobs whose stream started (by Job::id, for wakes from reader threads), and jobs
  // paused until the archive catches up.
  std::unordered_map<uint64_t, Job*> stream_jobs;
  std::vector<uint64_t> archive_waiters;
  // Wakes from other threads (under submit_mu): streams whose pipe has room again, and the
  // archive having caught up.
  std::vector<uint64_t> wakes;
  bool archive_drained = false;
  std::atomic<uint64_t> next_job_id{1};
  std::shared_ptr<const std::string> empty_body = std::make_shared<const std::string>();
  std::mt19937_64 rng;

  // Stats (read by other threads).
  std::atomic<int64_t> s_requests{0}, s_attempts{0}, s_retries{0}, s_succeeded{0}, s_failed{0}, s_not_modified{0},
      s_in_flight{0}, s_waiting{0}, s_bytes{0}, s_robots{0}, s_breaker{0}, s_cpu_ns{0}, s_receiving{0},
      s_streamed{0}, s_pauses{0}, s_resumed{0}, s_preempted{0};

  explicit Impl(FetcherOptions o) : opt(std::move(o)) {
    GlobalInit();
    default_policy = std::make_shared<FetchPolicy>(opt.defaults);
    auto rp = std::make_shared<FetchPolicy>(opt.defaults);
    rp->max_body_bytes = kRobotsMaxBytes;
    rp->max_concurrency = 0;
    rp->rate_per_s = 0;
    robots_policy = rp;
    robots_token = RobotsProductToken(opt.user_agent);
    rng.seed(opt.seed != 0 ? opt.seed : std::random_device{}());
    multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_PIPELINING, static_cast<long>(CURLPIPE_MULTIPLEX));
    curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(std::max(1, opt.per_host_connections)));
    curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, static_cast<long>(std::max(1, opt.max_connections)));
    curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, static_cast<long>(std::max(4, opt.max_connections)));
    if (opt.archive != nullptr) {
      opt.archive->SetWake([this] {
        {
          std::lock_guard lock(submit_mu);
          archive_drained = true;
        }
        curl_multi_wakeup(multi);
      });
    }
    thread = std::thread([this] { Loop(); });
  }

  ~Impl() {
    {
      std::lock_guard lock(submit_mu);
      stopping = true;
    }
    curl_multi_wakeup(multi);
    if (thread.joinable()) thread.join();
    if (opt.archive != nullptr) opt.archive->SetWake(nullptr);
    curl_multi_cleanup(multi);
  }

  void Submit(Job* job) {
    s_requests.fetch_add(1);
    {
      std::lock_guard lock(submit_mu);
      if (!stopping) {
        submitted.push_back(job);
        job = nullptr;
      }
    }
    if (job != nullptr) {  // the fetcher is shutting down: answer at once
      job->result.url = job->req.url;
      job->result.body = std::make_shared<std::string>();
      job->result.status = Unavailable(job->req.url + ": fetcher stopped");
      s_failed.fetch_add(1);
      auto done = std::move(job->done);
      FetchResult r = std::move(job->result);
      delete job;
      if (done) done(std::move(r));
      return;
    }
    curl_multi_wakeup(multi);
  }

  Host* HostFor(const std::string& origin) {
    auto& h = hosts[origin];
    if (!h) {
      h = std::make_unique<Host>();
      h->origin = origin;
      if (opt.per_host_rate_per_s > 0) h->interval_ms = static_cast<int64_t>(1000.0 / opt.per_host_rate_per_s);
    }
    return h.get();
  }

  Gate* GateFor(const std::string& key) {
    auto& g = gates[key];
    if (!g) g = std::make_unique<Gate>(Gate{0, 0, CircuitBreaker(opt.breaker)});
    return g.get();
  }

  // ---- Admission ----

  void Admit(Job* job) {
    job->owner = this;  // robots.txt jobs are made here, not by Fetcher::Fetch
    ++live_jobs;
    s_waiting.fetch_add(1);
    job->submitted_ms = SteadyMs();
    job->policy = job->req.policy ? job->req.policy : default_policy;
    if (job->is_robots) job->policy = robots_policy;
    job->result.url = job->req.url;
    std::string origin;
    if (!SplitHttpUrl(job->req.url, origin, job->path)) {
      Finish(job, InvalidArgument(job->req.url + ": not an http(s) URL"));
      return;
    }
    job->host = HostFor(origin);
    job->gate = GateFor(job->req.source.empty() ? origin : job->req.source);
    if (opt.replay != nullptr) {
      Replay(job);
      return;
    }
    if (job->req.check_robots && !job->is_robots) {
      Host* h = job->host;
      if (h->robots_state == Host::Robots::kReady) {
        CheckRobotsThenQueue(job);
      } else {
        h->waiting_robots.push_back(job);
        if (h->robots_state == Host::Robots::kUnknown) StartRobots(h);
      }
      return;
    }
    Enqueue(job);
  }

  void StartRobots(Host* h) {
    h->robots_state = Host::Robots::kFetching;
    auto* rj = new Job();
    rj->is_robots = true;
    rj->req.url = h->origin + "/robots.txt";
    rj->req.source = "robots.txt " + h->origin;
    rj->req.priority = INT64_MIN;  // the host's requests that asked for it wait for it
    rj->done = [this, h](FetchResult r) { OnRobots(h, r); };
    s_requests.fetch_add(1);
    Admit(rj);
  }

  void OnRobots(Host* h, const FetchResult& r) {
    if (r.status.ok() && r.http_status >= 200 && r.http_status < 300) {
      h->robots = RobotsTxt::Parse(*r.body, robots_token);
    } else if (r.http_status >= 400 && r.http_status < 500) {
      h->robots = RobotsTxt::AllowAll();
    } else {
      h->robots = RobotsTxt::DisallowAll(r.status.ok() ? "HTTP " + std::to_string(r.http_status) : r.status.message());
    }
    if (auto delay = h->robots.crawl_delay_s()) {
      h->interval_ms = std::max(h->interval_ms, static_cast<int64_t>(std::min(*delay, 600.0) * 1000));
    }
    h->robots_state = Host::Robots::kReady;
    h->robots_fetched_at_ms = r.fetched_at_ms;
    std::vector<Job*> waiting = std::move(h->waiting_robots);
    h->waiting_robots.clear();
    for (Job* j : waiting) CheckRobotsThenQueue(j);
  }

  void CheckRobotsThenQueue(Job* job) {
    if (!job->host->robots.Allowed(job->path)) {
      Deny(job);
      return;
    }
    Enqueue(job);
  }

  void Deny(Job* job) {
    s_robots.fetch_add(1);
    job->result.url = job->req.url;
    job->result.fetched_at_ms = job->host->robots_fetched_at_ms;
    job->result.attempts = 0;
    Finish(job,
           FailedPrecondition(job->req.url + ": disallowed by robots.txt (" + job->host->robots.DescribeMatch(job->path) + ")"),
           /*keep_result=*/true);
  }

  // Into the host's queue, by priority (FIFO among equals).
  void Enqueue(Job* job) {
    Host* h = job->host;
    auto at = std::upper_bound(h->queue.begin(), h->queue.end(), job->req.priority,
                               [](int64_t p, const Job* j) { return p < j->req.priority; });
    h->queue.insert(at, job);
    if (!h->active) {
      h->active = true;
      active_hosts.push_back(h);
    }
  }

  // ---- Replay: answers from the archive, no network ----

  void Replay(Job* job) {
    if (job->req.check_robots && !job->is_robots && job->host->robots_state != Host::Robots::kReady) {
      FetchResult rr;
      auto rec = opt.replay->Next(job->host->origin + "/robots.txt");
      if (!rec.ok()) {
        // The recorded run did not need robots.txt here (or failed before): answer as it did.
        rr.http_status = 404;
      } else {
        FillFromArchive(*rec, rr).IgnoreError();  // rr.status carries it
      }
      OnRobots(job->host, rr);
    }
    if (job->req.check_robots && !job->is_robots && !job->host->robots.Allowed(job->path)) {
      Deny(job);
      return;
    }
    auto rec = opt.replay->Next(job->req.url);
    if (!rec.ok()) {
      Finish(job, rec.status());
      return;
    }
    if (job->req.stream && (rec->streamed || (rec->error.empty() && rec->status >= 200 && rec->status < 300 &&
                                              !rec->body_hash.empty()))) {
      ReplayStream(job, *rec);
      return;
    }
    job->attempt = std::max(1, rec->attempt);
    s_attempts.fetch_add(1);
    Status st = FillFromArchive(*rec, job->result);
    job->result.attempts = job->attempt;
    Finish(job, st, /*keep_result=*/true);
  }

  // A recorded body handed to a stream request's pipe: whole (a replay holds each body in
  // memory while it is read), then the recorded end (a streamed failure ends the pipe with it).
  void ReplayStream(Job* job, const ArchivedResponse& rec) {
    job->attempt = std::max(1, rec.attempt);
    s_attempts.fetch_add(1);
    FetchResult& r = job->result;
    r.final_url = rec.final_url.empty() ? rec.url : rec.final_url;
    r.http_status = rec.status;
    r.headers = rec.headers;
    r.fetched_at_ms = rec.fetched_at_ms;
    r.attempts = job->attempt;
    auto body = opt.replay->LoadBody(rec);
    if (!body.ok()) {
      Finish(job, body.status(), /*keep_result=*/true);
      return;
    }
    job->stream_started = true;
    s_streamed.fetch_add(1);
    FetchResult head = r;
    head.url = job->req.url;
    head.body = empty_body;
    head.streamed = true;
    head.elapsed_ms = SteadyMs() - job->submitted_ms;
    if (job->req.on_stream) job->req.on_stream(head);
    job->req.stream->Write(*body);
    job->written = body->size();
    s_bytes.fetch_add(static_cast<int64_t>(body->size()));
    Status st = rec.error.empty() ? Status::Ok() : Status(CodeFromName(rec.error_code), rec.error);
    Finish(job, st, /*keep_result=*/true);
  }

  Status FillFromArchive(const ArchivedResponse& rec, FetchResult& r) {
    r.final_url = rec.final_url.empty() ? rec.url : rec.final_url;
    r.http_status = rec.status;
    r.headers = rec.headers;
    r.fetched_at_ms = rec.fetched_at_ms;
    if (!rec.error.empty()) {  // a failed response's body was never handed out
      r.body = std::make_shared<std::string>();
      r.status = Status(CodeFromName(rec.error_code), rec.error);
      return r.status;
    }
    auto body = opt.replay->LoadBody(rec);
    if (!body.ok()) {
      r.body = std::make_shared<std::string>();
      r.status = body.status();
      return r.status;
    }
    s_bytes.fetch_add(static_cast<int64_t>(body->size()));
    r.body = std::make_shared<std::string>(std::move(body).value());
    r.status = rec.error.empty() ? Status::Ok() : Status(CodeFromName(rec.error_code), rec.error);
    return r.status;
  }

  // ---- Dispatch ----

  // Starts what the limits allow; returns the earliest time a rate limit lifts (or INT64_MAX).
  int64_t Dispatch(int64_t now) {
    int64_t wake = INT64_MAX;
    if (active_hosts.empty()) return wake;
    const int per_host = std::max(1, opt.per_host_connections);
    const size_t n = active_hosts.size();
    // Round-robin over hosts so one big host cannot starve the others.
    for (size_t k = 0; k < n && in_flight < opt.max_connections; ++k) {
      Host* h = active_hosts[(rr + k) % n];
      while (!h->queue.empty() && in_flight < opt.max_connections && h->in_flight < per_host) {
        if (h->next_start_ms > now) {
          wake = std::min(wake, h->next_start_ms);
          break;
        }
        Job* pick = nullptr;
        for (auto it = h->queue.begin(); it != h->queue.end(); ++it) {
          Job* j = *it;
          Gate* g = j->gate;
          if (j->policy->max_concurrency > 0 && g->in_flight >= j->policy->max_concurrency) continue;
          if (g->next_start_ms > now) {
            wake = std::min(wake, g->next_start_ms);
            continue;
          }
          pick = j;
          h->queue.erase(it);
          break;
        }
        if (pick == nullptr) break;
        if (!pick->gate->breaker.Allow(now)) {
          s_breaker.fetch_add(1);
          Finish(pick, Unavailable(pick->req.url + ": circuit open for " + SourceName(pick) + " after " +
                                   std::to_string(pick->gate->breaker.consecutive_failures()) +
                                   " consecutive failures (last: " + pick->gate->breaker.last_failure() + ")"));
          continue;
        }
        Start(pick, now);
      }
    }
    rr = n == 0 ? 0 : (rr + 1) % n;
    // Drop idle hosts from the active list.
    active_hosts.erase(std::remove_if(active_hosts.begin(), active_hosts.end(),
                                      [](Host* h) {
                                        if (!h->queue.empty()) return false;
                                        h->active = false;
                                        return true;
                                      }),
                       active_hosts.end());
    return wake;
  }

  static std::string SourceName(const Job* j) { return j->req.source.empty() ? j->host->origin : j->req.source; }

  void Start(Job* job, int64_t now) {
    Host* h = job->host;
    Gate* g = job->gate;
    ++job->attempt;
    job->attempt_start_ms = now;
    job->body = std::make_shared<std::string>();
    job->headers.clear();
    job->too_big = false;
    job->errbuf[0] = '\0';
    job->decided = job->streaming = job->changed = job->paused = job->paused_for_archive = false;
    job->skip = job->seen = 0;
    job->paused_ms = 0;
    if (h->interval_ms > 0) h->next_start_ms = std::max(h->next_start_ms, now) + h->interval_ms;
    if (job->policy->rate_per_s > 0) {
      g->next_start_ms = std::max(g->next_start_ms, now) + static_cast<int64_t>(1000.0 / job->policy->rate_per_s);
    }
    CURL* e = curl_easy_init();
    job->easy = e;
    curl_easy_setopt(e, CURLOPT_URL, job->req.url.c_str());
    curl_easy_setopt(e, CURLOPT_PRIVATE, job);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(e, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");  // every encoding this libcurl decodes
    curl_easy_setopt(e, CURLOPT_USERAGENT, opt.user_agent.c_str());
    // A stream is HTTP/1.1: pausing it then stops reading its socket, and TCP holds the
    // server back. Over HTTP/2, libcurl 7.88 keeps receiving a paused stream's data up to its
    // 32 MiB stream window into its own buffers (and pausing h2 streams that share a
    // connection has stalled transfers in several libcurl releases: curl#10988, #11043).
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION,
                     opt.http2 && !job->req.stream ? CURL_HTTP_VERSION_2TLS : CURL_HTTP_VERSION_1_1);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(job->policy->connect_timeout_ms));
    // A stream's total timeout is the loop's (CheckStreamTimeouts): libcurl would count the
    // time it spends paused for its reader.
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, job->req.stream ? 0L : static_cast<long>(job->policy->timeout_ms));
    curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE,
                     static_cast<curl_off_t>(job->req.stream ? job->policy->max_streamed_body_bytes
                                                             : job->policy->max_body_bytes));
    curl_easy_setopt(e, CURLOPT_BUFFERSIZE, kCurlBufferBytes);
    curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, OnBodyCb);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, job);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, job);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, job->errbuf);
    curl_slist* list = nullptr;
    for (const auto& [k, v] : job->policy->headers) list = curl_slist_append(list, (k + ": " + v).c_str());
    for (const auto& [k, v] : job->req.headers) list = curl_slist_append(list, (k + ": " + v).c_str());
    job->header_list = list;
    if (list != nullptr) curl_easy_setopt(e, CURLOPT_HTTPHEADER, list);
    curl_multi_add_handle(multi, e);
    running_jobs.insert(job);
    ++in_flight;
    ++h->in_flight;
    ++g->in_flight;
    s_attempts.fetch_add(1);
    s_in_flight.fetch_add(1);
    s_waiting.fetch_sub(1);
  }

  // ---- Bodies (libcurl's write callback, loop thread) ----

  size_t OnBody(Job* job, char* ptr, size_t n) {
    if (!job->decided) {
      job->decided = true;
      if (job->req.stream) {
        long code = 0;
        curl_easy_getinfo(job->easy, CURLINFO_RESPONSE_CODE, &code);
        const bool html = job->req.reject_html &&
                          StartsWithIgnoreAsciiCase(TrimAscii(FindHeader(job->headers, "content-type")), "text/html");
        if (code >= 200 && code < 300 && !html) BeginStreamAttempt(job, code);
      }
    }
    if (job->streaming) return StreamBody(job, ptr, n);
    if (job->body->size() + n > job->policy->max_body_bytes) {
      job->too_big = true;
      return 0;  // CURLE_WRITE_ERROR: aborts the transfer
    }
    job->body->append(ptr, n);
    CountBody(job);
    return n;
  }

  // The first body byte of a 2xx answer to a stream request.
  void BeginStreamAttempt(Job* job, long code) {
    job->streaming = true;
    job->skip = job->written;
    if (job->skip > 0) {  // a retry: its first `skip` bytes must be the ones already written
      job->skip_expected = XXH3_128bits_digest(job->written_hash);
      if (job->skip_hash == nullptr) job->skip_hash = XXH3_createState();
      XXH3_128bits_reset(job->skip_hash);
      s_resumed.fetch_add(1);
    }
    if (job->stream_started) return;
    job->stream_started = true;
    job->written_hash = XXH3_createState();
    XXH3_128bits_reset(job->written_hash);
    s_streamed.fetch_add(1);
    if (opt.archive != nullptr) job->recorder = opt.archive->StartBody();
    const uint64_t id = job->id;
    stream_jobs[id] = job;
    job->req.stream->SetWake([this, id] { QueueWake(id); });
    FetchResult head;
    head.url = job->req.url;
    char* eff = nullptr;
    curl_easy_getinfo(job->easy, CURLINFO_EFFECTIVE_URL, &eff);
    head.final_url = eff != nullptr ? eff : job->req.url;
    head.http_status = code;
    head.headers = job->headers;
    head.body = empty_body;
    head.streamed = true;
    head.fetched_at_ms = WallMs();
    head.attempts = job->attempt;
    head.elapsed_ms = SteadyMs() - job->submitted_ms;
    job->result.fetched_at_ms = head.fetched_at_ms;
    if (job->req.on_stream) job->req.on_stream(head);
  }

  size_t StreamBody(Job* job, char* ptr, size_t n) {
    BodyPipe& pipe = *job->req.stream;
    const size_t skip_part = job->seen < job->skip ? static_cast<size_t>(std::min<uint64_t>(n, job->skip - job->seen)) : 0;
    const std::string_view rest(ptr + skip_part, n - skip_part);
    if (pipe.abandoned()) return 0;  // its reader stopped: end the transfer (OnAttemptDone: not an error)
    if (!rest.empty()) {
      if (job->written + rest.size() > job->policy->max_streamed_body_bytes) {
        job->too_big = true;
        return 0;
      }
      // Pause before anything is taken: libcurl offers the same bytes again on resume.
      if (job->recorder && !opt.archive->Ready()) return Pause(job, /*for_archive=*/true);
      if (!pipe.Ready()) return Pause(job, /*for_archive=*/false);
    }
    if (skip_part > 0) {
      XXH3_128bits_update(job->skip_hash, ptr, skip_part);
      job->seen += skip_part;
      if (job->seen == job->skip && !XXH128_isEqual(XXH3_128bits_digest(job->skip_hash), job->skip_expected)) {
        job->changed = true;
        return 0;
      }
    }
    if (!rest.empty()) {
      pipe.Write(rest);
      XXH3_128bits_update(job->written_hash, rest.data(), rest.size());
      if (job->recorder) job->recorder->Append(rest);
      job->written += rest.size();
      job->seen += rest.size();
      s_bytes.fetch_add(static_cast<int64_t>(rest.size()));
    }
    return n;
  }

  size_t Pause(Job* job, bool for_archive) {
    job->paused = true;
    job->paused_for_archive = for_archive;
    job->paused_since_ms = SteadyMs();
    if (for_archive) archive_waiters.push_back(job->id);
    s_pauses.fetch_add(1);
    return CURL_WRITEFUNC_PAUSE;
  }

  // REQUIRES: loop thread. libcurl may deliver the held bytes from inside curl_easy_pause,
  // and they may pause the transfer again.
  void Resume(Job* job) {
    if (!job->paused || job->easy == nullptr) return;
    job->paused = job->paused_for_archive = false;
    job->paused_ms += SteadyMs() - job->paused_since_ms;
    curl_easy_pause(job->easy, CURLPAUSE_CONT);
  }

  // A pipe's wake (a reader thread, the pipe's lock held).
  void QueueWake(uint64_t id) {
    {
      std::lock_guard lock(submit_mu);
      wakes.push_back(id);
    }
    curl_multi_wakeup(multi);
  }

  // Ends stream attempts that ran longer than timeout_ms, time paused not counted. Returns
  // the next deadline of a running one (INT64_MAX: none).
  int64_t CheckStreamTimeouts(int64_t now) {
    std::vector<Job*> late;
    int64_t next = INT64_MAX;
    for (Job* j : running_jobs) {
      if (!j->req.stream || j->policy->timeout_ms <= 0) continue;
      const int64_t paused = j->paused_ms + (j->paused ? now - j->paused_since_ms : 0);
      const int64_t deadline = j->attempt_start_ms + paused + j->policy->timeout_ms;
      if (now >= deadline) {
        late.push_back(j);
      } else if (!j->paused) {
        next = std::min(next, deadline);
      }
    }
    for (Job* j : late) {
      const int64_t paused = j->paused_ms + (j->paused ? now - j->paused_since_ms : 0);
      std::snprintf(j->errbuf, sizeof j->errbuf,
                    "Operation timed out after %lld milliseconds with %llu bytes received (%lld ms paused for the "
                    "reader not counted)",
                    static_cast<long long>(now - j->attempt_start_ms - paused), static_cast<unsigned long long>(j->seen),
                    static_cast<long long>(paused));
      OnAttemptDone(j->easy, CURLE_OPERATION_TIMEDOUT);
    }
    return next;
  }

  // A stream paused for its reader holds a connection. When a queued request that only a
  // connection limit holds back comes earlier in priority (its reader reads it first), the
  // latest such stream is stopped and queued again (it resumes later, prefix checked), so
  // the reader is never left waiting for a connection that waits for the reader. Returns
  // true when it freed one.
  bool PreemptForWaiting(int64_t now) {
    bool any_paused = false;
    for (Job* j : running_jobs) any_paused = any_paused || (j->paused && !j->paused_for_archive);
    if (!any_paused) return false;
    const int per_host = std::max(1, opt.per_host_connections);
    const bool global_full = in_flight >= opt.max_connections;
    Job* waiter = nullptr;
    bool waiter_host_full = false;
    for (Host* h : active_hosts) {
      if (h->queue.empty() || h->next_start_ms > now) continue;
      const bool host_full = h->in_flight >= per_host;
      if (!host_full && !global_full) continue;
      for (Job* j : h->queue) {  // by priority: the first that a free connection would start
        if (j->policy->max_concurrency > 0 && j->gate->in_flight >= j->policy->max_concurrency) continue;
        if (j->gate->next_start_ms > now) continue;
        if (waiter == nullptr || j->req.priority < waiter->req.priority) {
          waiter = j;
          waiter_host_full = host_full;
        }
        break;
      }
    }
    if (waiter == nullptr) return false;
    Job* victim = nullptr;
    for (Job* j : running_jobs) {
      if (!j->paused || j->paused_for_archive || j->req.priority <= waiter->req.priority) continue;
      if (waiter_host_full && j->host != waiter->host) continue;
      if (victim == nullptr || j->req.priority > victim->req.priority) victim = j;
    }
    if (victim == nullptr) return false;
    curl_multi_remove_handle(multi, victim->easy);
    curl_easy_cleanup(victim->easy);
    curl_slist_free_all(victim->header_list);
    victim->easy = nullptr;
    victim->header_list = nullptr;
    running_jobs.erase(victim);
    --in_flight;
    --victim->host->in_flight;
    --victim->gate->in_flight;
    s_in_flight.fetch_sub(1);
    s_waiting.fetch_add(1);
    UncountBody(victim);
    victim->paused = victim->paused_for_archive = false;
    --victim->attempt;  // not an attempt of its own: Start counts it again
    s_preempted.fetch_add(1);
    Enqueue(victim);
    return true;
  }

  // ---- Completion ----

  void OnAttemptDone(CURL* e, CURLcode rc) {
    Job* job = nullptr;
    curl_easy_getinfo(e, CURLINFO_PRIVATE, reinterpret_cast<char**>(&job));
    long status = 0;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
    char* eff = nullptr;
    curl_easy_getinfo(e, CURLINFO_EFFECTIVE_URL, &eff);
    std::string final_url = eff != nullptr ? eff : job->req.url;
    running_jobs.erase(job);
    curl_multi_remove_handle(multi, e);
    curl_easy_cleanup(e);
    curl_slist_free_all(job->header_list);
    job->header_list = nullptr;
    job->easy = nullptr;
    job->paused = job->paused_for_archive = false;
    --in_flight;
    --job->host->in_flight;
    --job->gate->in_flight;
    s_in_flight.fetch_sub(1);
    s_waiting.fetch_add(1);
    s_bytes.fetch_add(static_cast<int64_t>(job->body->size()));
    UncountBody(job);  // the body is the callback's (or dropped) from here on

    const int64_t now = SteadyMs();
    const int64_t wall = WallMs();
    const std::string& url = job->req.url;
    const std::string detail = job->errbuf[0] != '\0' ? std::string(job->errbuf) : curl_easy_strerror(rc);

    // Classify the attempt.
    Status st;
    bool retryable = false;
    bool server_alive = false;  // the server answered in a way that says it works
    std::optional<int64_t> retry_after_ms;
    const bool stream_job = job->stream_started;
    if (stream_job && rc == CURLE_OK && status >= 200 && status < 300 && job->seen < job->skip) {
      job->changed = true;  // the new answer is shorter than what its reader already has
    }
    if (stream_job && job->req.stream->abandoned()) {
      // Its reader stopped reading (it had what it wanted, or was not going to use it): the
      // request is done, whatever happened to the rest of the transfer.
      server_alive = rc == CURLE_OK || rc == CURLE_WRITE_ERROR;
    } else if (job->changed) {
      st = Unavailable(url + ": the body changed between attempts (the retry's first " + std::to_string(job->skip) +
                       " bytes are not those its reader already has)");
      server_alive = true;
    } else if (job->too_big || rc == CURLE_FILESIZE_EXCEEDED) {
      const uint64_t limit = job->req.stream && (job->streaming || rc == CURLE_FILESIZE_EXCEEDED)
                                 ? job->policy->max_streamed_body_bytes
                                 : job->policy->max_body_bytes;
      st = ResourceExhausted(url + ": body larger than " + std::to_string(limit) + " bytes (decompressed); cut off");
      server_alive = true;
    } else if (rc == CURLE_OPERATION_TIMEDOUT) {
      st = DeadlineExceeded(url + ": " + detail);
      retryable = true;
    } else if (rc == CURLE_COULDNT_CONNECT || rc == CURLE_RECV_ERROR || rc == CURLE_SEND_ERROR ||
               rc == CURLE_GOT_NOTHING || rc == CURLE_PARTIAL_FILE || rc == CURLE_HTTP2 ||
               rc == CURLE_HTTP2_STREAM || rc == CURLE_COULDNT_RESOLVE_HOST || rc == CURLE_SSL_CONNECT_ERROR ||
               rc == CURLE_HTTP3 || rc == CURLE_QUIC_CONNECT_ERROR) {
      st = Unavailable(url + ": " + detail);
      retryable = true;
    } else if (rc != CURLE_OK) {
      st = Unavailable(url + ": " + detail);  // TLS certificate, bad encoding...: not worth a retry
    } else if (status == 304 || (status >= 200 && status < 300)) {
      server_alive = true;
      std::string_view ctype = FindHeader(job->headers, "content-type");
      if (job->req.reject_html && status != 304 && StartsWithIgnoreAsciiCase(TrimAscii(ctype), "text/html")) {
        st = ParseError(url + ": HTTP " + std::to_string(status) + " with content type '" + std::string(ctype) +
                        "' where an API answer was expected (a login, error or challenge page?)");
      }
    } else {
      std::string msg = url + ": HTTP " + std::to_string(status);
      if (IsRetryableHttpStatus(status)) {
        retryable = true;
        std::string_view ra = FindHeader(job->headers, "retry-after");
        if (!ra.empty()) {
          retry_after_ms = ParseRetryAfterMs(ra, wall);
          msg += " (Retry-After: " + std::string(ra) + ")";
        }
        st = Unavailable(msg);
      } else {
        server_alive = true;
        st = status == 404 || status == 410 ? NotFound(msg) : InvalidArgument(msg);
      }
    }

    Gate* g = job->gate;
    if (retryable) {
      g->breaker.OnFailure(now, st.message());
    } else if (server_alive) {
      g->breaker.OnSuccess();
    }

    // A server asking for a pause asks it of the whole host.
    if (retry_after_ms && (status == 429 || status == 503)) {
      job->host->next_start_ms = std::max(job->host->next_start_ms, now + std::min(*retry_after_ms, job->policy->max_retry_after_ms));
    }

    bool retry = false;
    if (retryable) {
      if (retry_after_ms && *retry_after_ms > job->policy->max_retry_after_ms) {
        st = Unavailable(st.message() + ": Retry-After exceeds the " +
                         std::to_string(job->policy->max_retry_after_ms / 1000) + " s this source waits");
      } else if (job->attempt >= job->policy->max_attempts) {
        st = Status(st.code(), st.message() + " (after " + std::to_string(job->attempt) + " attempts)");
      } else if (g->breaker.state() == CircuitBreaker::State::kOpen) {
        st = Status(st.code(), st.message() + " (circuit opened after " +
                                   std::to_string(g->breaker.consecutive_failures()) + " consecutive failures)");
      } else {
        retry = true;
      }
    }

    if (opt.archive != nullptr) {
      ArchivedResponse a;
      a.url = url;
      a.final_url = final_url;
      a.attempt = job->attempt;
      a.final = !retry;
      a.status = rc == CURLE_OK || status != 0 ? status : 0;
      if (!st.ok()) {
        a.error = st.message();
        a.error_code = std::string(StatusCodeName(st.code()));
      }
      // A stream's documents are dated by its first byte (on_stream), and a replay by this.
      a.fetched_at_ms = stream_job ? job->result.fetched_at_ms : wall;
      a.elapsed_ms = now - job->attempt_start_ms;
      a.headers = job->headers;
      a.request_headers = job->req.headers;
      a.streamed = stream_job;
      job->archived_final = a.final;
      if (!stream_job) {
        opt.archive->Record(std::move(a), job->body);
      } else if (!a.final) {
        opt.archive->Record(std::move(a), nullptr);  // a streamed body is stored once, with its final entry
      } else if (job->recorder) {
        job->recorder->End(std::move(a));
        job->recorder.reset();
      }
    }

    if (retry) {
      s_retries.fetch_add(1);
      std::uniform_real_distribution<double> u(0.0, 1.0);
      int64_t delay = BackoffDelayMs(job->attempt, job->policy->backoff, u(rng));
      if (retry_after_ms) delay = std::max(delay, *retry_after_ms);
      timers.push({now + delay, job});
      return;
    }
    job->result.final_url = final_url;
    job->result.http_status = status;
    job->result.headers = std::move(job->headers);
    if (!stream_job) job->result.fetched_at_ms = wall;  // a stream keeps the time of its first byte
    job->result.attempts = job->attempt;
    job->result.body = st.ok() && !stream_job ? std::move(job->body) : empty_body;
    job->body.reset();
    Finish(job, st, /*keep_result=*/true);
  }

  // Ends a job: fills the result, calls back, frees it.
  void Finish(Job* job, Status st, bool keep_result = false) {
    FetchResult r = std::move(job->result);
    if (!keep_result) {
      r.url = job->req.url;
      r.attempts = job->attempt;
      r.fetched_at_ms = WallMs();
    }
    if (!r.body) r.body = empty_body;
    r.status = std::move(st);
    if (opt.archive != nullptr && !job->archived_final && !r.status.ok()) {
      // Failures without a response of their own (open circuit, robots.txt, shutdown) are
      // archived too, so a replay reports the same reason.
      ArchivedResponse a;
      a.url = job->req.url;
      a.attempt = job->attempt;
      a.final = true;
      a.error = r.status.message();
      a.error_code = std::string(StatusCodeName(r.status.code()));
      a.fetched_at_ms = r.fetched_at_ms;
      a.streamed = job->stream_started;
      if (job->recorder) {
        job->recorder->End(std::move(a));
      } else {
        opt.archive->Record(std::move(a), nullptr);
      }
    }
    job->recorder.reset();  // not ended: dropped
    std::shared_ptr<BodyPipe> pipe;  // ended after the callback (see below)
    if (job->req.stream) {
      job->req.stream->SetWake(nullptr);
      stream_jobs.erase(job->id);
      if (job->stream_started) {
        pipe = job->req.stream;
        r.streamed = true;
        r.body = empty_body;
        if (r.status.ok() && (r.http_status < 200 || r.http_status >= 300)) {
          r.status = Unavailable(job->req.url + ": HTTP " + std::to_string(r.http_status) + " to the retry of a streamed answer");
        }
        if (!r.status.ok()) {
          r.status = Status(r.status.code(), r.status.message() + "; the streamed body was cut off after " +
                                                 std::to_string(job->written) + " bytes");
        }
      }
    }
    r.body_bytes = r.streamed ? job->written : r.body->size();
    r.elapsed_ms = SteadyMs() - job->submitted_ms;
    if (r.status.ok()) {
      s_succeeded.fetch_add(1);
      if (r.http_status == 304) s_not_modified.fetch_add(1);
    } else {
      s_failed.fetch_add(1);
    }
    s_waiting.fetch_sub(1);
    --live_jobs;
    auto done = std::move(job->done);
    delete job;
    // The callback runs before the pipe ends, so whoever reads a stream to its end finds the
    // request's outcome already delivered (a FetchSession listing already done or failed).
    Status pipe_end;  // the reader's error names the document already: the URL is left out
    if (pipe && !r.status.ok()) {
      std::string_view msg = r.status.message();
      if (msg.substr(0, r.url.size() + 2) == r.url + ": ") msg.remove_prefix(r.url.size() + 2);
      pipe_end = Status(r.status.code(), std::string(msg));
    }
    if (done) done(std::move(r));
    if (pipe) {
      if (pipe_end.ok()) {
        pipe->Finish();
      } else {
        pipe->Fail(std::move(pipe_end));
      }
    }
  }

  // ---- The loop ----

  void Loop() {
    for (;;) {
      std::vector<Job*> batch;
      std::vector<uint64_t> woken;
      bool drained = false;
      bool stop;
      {
        std::lock_guard lock(submit_mu);
        batch.swap(submitted);
        woken.swap(wakes);
        std::swap(drained, archive_drained);
        stop = stopping;
      }
      for (Job* j : batch) Admit(j);
      if (stop) break;
      for (uint64_t id : woken) {
        auto it = stream_jobs.find(id);
        if (it != stream_jobs.end() && !it->second->paused_for_archive) Resume(it->second);
      }
      if (drained) {
        std::vector<uint64_t> waiters;
        waiters.swap(archive_waiters);
        for (uint64_t id : waiters) {
          auto it = stream_jobs.find(id);
          if (it != stream_jobs.end() && it->second->paused_for_archive) Resume(it->second);
        }
      }
      int64_t now = SteadyMs();
      while (!timers.empty() && timers.top().at_ms <= now) {
        Job* j = timers.top().job;
        timers.pop();
        Enqueue(j);
      }
      int64_t wake = Dispatch(now);
      if (PreemptForWaiting(now)) wake = std::min(wake, Dispatch(now));
      wake = std::min(wake, CheckStreamTimeouts(now));
      if (!timers.empty()) wake = std::min(wake, timers.top().at_ms);
      int timeout_ms = kMaxPollMs;
      if (wake != INT64_MAX) timeout_ms = static_cast<int>(std::clamp<int64_t>(wake - now, 0, kMaxPollMs));
      int running = 0;
      if (in_flight > 0 || timeout_ms > 0) curl_multi_poll(multi, nullptr, 0, timeout_ms, nullptr);
      curl_multi_perform(multi, &running);
      int left = 0;
      while (CURLMsg* m = curl_multi_info_read(multi, &left)) {
        if (m->msg == CURLMSG_DONE) OnAttemptDone(m->easy_handle, m->data.result);
      }
      timespec ts{};
      clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
      s_cpu_ns.store(static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec);
    }
    Shutdown();
  }

  // Fails everything still pending (callbacks may submit more; those fail at once).
  void Shutdown() {
    std::vector<Job*> pending;
    for (auto& [origin, h] : hosts) {
      for (Job* j : h->queue) pending.push_back(j);
      h->queue.clear();
      for (Job* j : h->waiting_robots) pending.push_back(j);
      h->waiting_robots.clear();
    }
    while (!timers.empty()) {
      pending.push_back(timers.top().job);
      timers.pop();
    }
    // In-flight transfers.
    for (Job* j : running_jobs) {
      curl_multi_remove_handle(multi, j->easy);
      curl_easy_cleanup(j->easy);
      curl_slist_free_all(j->header_list);
      j->easy = nullptr;
      j->header_list = nullptr;
      s_in_flight.fetch_sub(1);
      s_waiting.fetch_add(1);
      pending.push_back(j);
    }
    running_jobs.clear();
    for (Job* j : pending) Finish(j, Unavailable(j->req.url + ": fetcher stopped"));
  }
};

namespace {
size_t OnBodyCb(char* ptr, size_t size, size_t nmemb, void* user) {
  auto* job = static_cast<Job*>(user);
  return job->owner->OnBody(job, ptr, size * nmemb);
}
}  // namespace

Fetcher::Fetcher(FetcherOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Fetcher::~Fetcher() = default;

void Fetcher::Fetch(FetchRequest request, Callback done) {
  auto* job = new Job();
  job->req = std::move(request);
  job->done = std::move(done);
  job->receiving = &impl_->s_receiving;
  job->owner = impl_.get();
  job->id = impl_->next_job_id.fetch_add(1);
  impl_->Submit(job);
}

FetchResult Fetcher::FetchSync(FetchRequest request) {
  std::promise<FetchResult> p;
  auto f = p.get_future();
  Fetch(std::move(request), [&p](FetchResult r) { p.set_value(std::move(r)); });
  return f.get();
}

FetcherStats Fetcher::stats() const {
  const Impl& i = *impl_;
  FetcherStats s;
  s.requests = i.s_requests.load();
  s.attempts = i.s_attempts.load();
  s.retries = i.s_retries.load();
  s.succeeded = i.s_succeeded.load();
  s.failed = i.s_failed.load();
  s.not_modified = i.s_not_modified.load();
  s.in_flight = i.s_in_flight.load();
  s.waiting = i.s_waiting.load();
  s.body_bytes = i.s_bytes.load();
  s.receiving_bytes = i.s_receiving.load();
  s.robots_disallowed = i.s_robots.load();
  s.breaker_rejected = i.s_breaker.load();
  s.streamed = i.s_streamed.load();
  s.stream_pauses = i.s_pauses.load();
  s.resumed = i.s_resumed.load();
  s.preempted = i.s_preempted.load();
  s.loop_cpu_s = static_cast<double>(i.s_cpu_ns.load()) / 1e9;
  return s;
}

const FetcherOptions& Fetcher::options() const { return impl_->opt; }

}  // namespace skillpulse
