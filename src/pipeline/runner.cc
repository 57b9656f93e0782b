#include "pipeline/runner.h"

#include <pthread.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>

#include "core/memory.h"
#include "core/text.h"
#include "sources/fetch/session.h"

namespace skillpulse {
namespace {

// A batch on its way through the pipeline; (doc, seq) is its place in input order.
struct Work {
  uint64_t doc = 0;
  uint64_t seq = 0;
  bool last = false;  // the document's final batch (possibly empty)
  FinalizeFn finalize = nullptr;  // the format's per-posting step, run by the workers
  int64_t listing = -1;  // Document::listing
  std::optional<int64_t> fetched_at;  // Document::fetched_at
  PostingBatch batch;
};

struct Key {
  uint64_t doc, seq;
  bool operator<(const Key& o) const { return doc != o.doc ? doc < o.doc : seq < o.seq; }
};

// "SPEC: message" for a source that could not be opened or read, without the location twice
// when the message already starts with it ("jsonl:x.jsonl: no such file...", not
// "jsonl:x.jsonl: x.jsonl: no such file...").
std::string SourceFailure(const SourceSpec& spec, std::string_view message) {
  std::string_view rest = message;
  if (!spec.location.empty() && rest.substr(0, spec.location.size()) == spec.location &&
      rest.substr(spec.location.size(), 2) == ": ") {
    rest.remove_prefix(spec.location.size());
  } else {
    return spec.raw + ": " + std::string(message);
  }
  return spec.raw + std::string(rest);
}

}  // namespace

Runner::Runner(std::vector<SourceSpec> specs, const PostingEnricher& enricher, Sink& sink, RunnerOptions options)
    : specs_(std::move(specs)), enricher_(enricher), sink_(sink), options_(options) {
  if (options_.threads <= 0) options_.threads = std::max(1u, std::thread::hardware_concurrency());
  if (options_.max_open_documents <= 0) options_.max_open_documents = options_.threads;
}

Result<RunSummary> Runner::Run(Diagnostics& diag) {
  const auto t0 = std::chrono::steady_clock::now();
  RunSummary summary;
  const SourceRegistry& registry = SourceRegistry::Builtin();
  const uint64_t cache_hits_before = enricher_.cache_hits();
  const uint64_t cache_misses_before = enricher_.cache_misses();
  const uint64_t skill_hits_before = enricher_.skill_cache_hits();
  const uint64_t skill_misses_before = enricher_.skill_cache_misses();

  // URL-addressed sources are fetched through one session, in the background, while
  // documents that already arrived are parsed.
  std::unique_ptr<FetchSession> own_session;
  FetchSession* session = options_.fetch;
  if (session == nullptr) {
    own_session = std::make_unique<FetchSession>();
    session = own_session.get();
  }
  // Live boards store their postings under a board-specific source name ("ashby:openai"),
  // so closing one board's missing postings never touches another's.
  for (SourceSpec& spec : specs_) {
    if (spec.name.empty()) spec.name = DefaultListingName(spec, registry);
  }

  // Documents, in spec order. Resolution is cheap (directory listings; archives and URLs
  // are opened lazily by their readers below).
  std::vector<std::pair<const SourceSpec*, std::unique_ptr<DocumentReader>>> readers;
  for (const SourceSpec& spec : specs_) {
    auto r = OpenDocuments(spec, registry, diag, session);
    if (!r.ok()) {
      summary.failures.push_back(SourceFailure(spec, r.status().message()));
      diag.Warn(summary.failures.back());
      continue;
    }
    readers.emplace_back(&spec, std::move(r).value());
  }

  SP_TRY(sink_.Open());

  std::mutex mu;
  std::condition_variable cv;
  std::mutex handout_mu;          // serializes DocumentReader::Next, which may wait for a fetch
  size_t reader_pos = 0;          // next DocumentReader to pull from (guarded by handout_mu)
  uint64_t next_doc = 0;          // next document index to hand out (guarded by handout_mu)
  std::deque<Work> raw;           // parsed, waiting for enrichment
  std::map<Key, Work> ready;      // enriched, waiting for their turn at the sink
  uint64_t sink_doc = 0, sink_seq = 0;  // the next batch the sink needs
  size_t in_flight = 0;           // batches between parse and sink
  // Batches in flight bound the postings in memory (a Lever batch of 512 is ~6 MB): enough to
  // keep every worker busy plus a few waiting for the sink. The document the sink waits for
  // may always add up to `sink_doc_batches` of its own beyond that (else later documents
  // filling the pipeline would deadlock it), but no more.
  const size_t max_in_flight = static_cast<size_t>(options_.threads) * 2 + 2;
  const size_t sink_doc_batches = static_cast<size_t>(options_.threads) + 2;
  std::map<uint64_t, size_t> doc_in_flight;  // batches in flight per document
  int active_readers = 0;
  bool stop = false;
  Status sink_error;
  std::atomic<int64_t> postings_read{0};
  std::atomic<int64_t> bytes_read{0};
  std::atomic<int64_t> documents{0};
  // Per-stage CPU, in nanoseconds (RunSummary::StageCpu).
  std::atomic<int64_t> parse_ns{0}, finalize_ns{0}, enrich_ns{0}, prepare_ns{0}, write_ns{0};
  auto cpu_ns = [] { return static_cast<int64_t>(ThreadCpuSeconds() * 1e9); };

  // Hands out the next document, in order, to a reader thread.
  // Fetched documents belong to listings: the source ids read from each (sink thread), and
  // the listings that could not be read completely (reader threads, under mu).
  // Only listings that close missing postings need them, only the ids stored under the
  // listing's own source name, and only those observed before their document was fetched
  // (a source's own observation time): a posting written with an observation at or after
  // its document's fetch time has last_seen >= that time >= the listing's fetch time (the
  // earliest of its responses), and CloseMissing closes only postings last seen before it
  // (Store::CloseMissing). Packed: a 4-byte length, then the bytes, per id. (Recording every
  // id took ~16 MB as strings for the 250k bench corpus, where every board closes.)
  std::unordered_map<int64_t, std::string> listing_ids;
  std::unordered_map<int64_t, std::optional<std::string>> closing_source;  // listing -> its source, if it closes
  std::set<int64_t> bad_listings;

  // Hands out the next document, in order, to a reader thread. Not under `mu`: a reader may
  // wait here for a fetch while the others go on enriching and writing.
  auto next_document = [&](Document& doc, const SourceSpec*& spec, uint64_t& index) -> bool {
    std::lock_guard handout(handout_mu);
    while (reader_pos < readers.size()) {
      {
        std::lock_guard lock(mu);
        if (stop) return false;
      }
      auto r = readers[reader_pos].second->Next(doc);
      if (!r.ok()) {
        std::lock_guard lock(mu);
        summary.failures.push_back(SourceFailure(*readers[reader_pos].first, r.status().message()));
        diag.Warn(summary.failures.back());
        ++reader_pos;
        continue;
      }
      if (!*r) {
        ++reader_pos;
        continue;
      }
      spec = readers[reader_pos].first;
      index = next_doc++;
      return true;
    }
    return false;
  };

  // A reader may add a batch when the pipeline has room, and for the document the sink is
  // waiting on while it has fewer than sink_doc_batches in flight (so the earliest document
  // can never be starved, and the pipeline stays bounded: no deadlock).
  auto push_raw = [&](Work w) {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] {
      return stop || in_flight < max_in_flight || (w.doc == sink_doc && doc_in_flight[w.doc] < sink_doc_batches);
    });
    ++in_flight;
    ++doc_in_flight[w.doc];
    raw.push_back(std::move(w));
    cv.notify_all();
  };

  auto reader = [&] {
    Document doc;
    const SourceSpec* spec = nullptr;
    uint64_t index = 0;
    while (next_document(doc, spec, index)) {
      uint64_t seq = 0;
      // A fetched document's problems are gathered apart first: any of them (even one
      // quarantined record) means its listing was not read completely, so no posting of that
      // board may be closed for being missing.
      const bool live = doc.listing >= 0;
      Diagnostics local(nullptr);
      Diagnostics& ddiag = live ? local : diag;
      bool doc_bad = false;
      auto forward = [&] {
        if (!live) return;
        for (auto& q : local.TakeQuarantined()) {
          doc_bad = true;
          diag.Quarantine(std::move(q));
        }
      };
      int64_t cpu0 = cpu_ns();
      auto opened = OpenDocument(*spec, doc, registry, ddiag);
      parse_ns.fetch_add(cpu_ns() - cpu0);
      std::unique_ptr<Source> source;
      if (!opened.ok()) {
        doc_bad = true;
        std::lock_guard lock(mu);
        ++summary.failed_documents;
        summary.failures.push_back(doc.origin + ": " + opened.status().message());
        diag.Warn(doc.origin + ": " + opened.status().message());
      } else {
        source = std::move(opened).value();
        if (!source) doc_bad = true;  // empty, or not in a format we read
      }
      const bool readable = source != nullptr;
      if (readable) documents.fetch_add(1);
      SourceState st = source ? SourceState::kHaveMore : SourceState::kFinished;
      while (st == SourceState::kHaveMore) {
        {
          std::lock_guard lock(mu);
          if (stop) return;
        }
        Work w;
        w.doc = index;
        w.seq = seq++;
        w.finalize = source->finalize();
        w.batch.capacity = options_.batch_size;
        w.batch.postings.reserve(options_.batch_size);
        cpu0 = cpu_ns();
        auto r = source->Next(w.batch, ddiag);
        parse_ns.fetch_add(cpu_ns() - cpu0);
        forward();
        w.listing = doc.listing;
        w.fetched_at = doc.fetched_at;
        if (doc.fetched_at) {
          for (JobPosting& p : w.batch.postings) {
            if (!p.observed_at) p.observed_at = doc.fetched_at;
          }
        }
        if (!r.ok()) {
          doc_bad = true;
          std::lock_guard lock(mu);
          ++summary.failed_documents;
          summary.failures.push_back(doc.origin + ": " + r.status().message());
          diag.Warn(doc.origin + ": " + r.status().message() + " (postings read before the error are kept)");
          st = SourceState::kFinished;
        } else {
          st = *r;
        }
        w.last = st == SourceState::kFinished;
        postings_read.fetch_add(static_cast<int64_t>(w.batch.size()));
        if (w.last) {
          // Free the document (a fetched body) now, not after the last batch found room.
          bytes_read.fetch_add(static_cast<int64_t>(source->bytes_read()));
          source.reset();
          doc.open = nullptr;
        }
        push_raw(std::move(w));
      }
      if (live) {
        forward();
        for (auto& m : local.warnings()) diag.Warn(std::move(m));
        for (const auto& [name, n] : local.counters()) {
          // A body that ended with an error part way (a streamed response cut off) was not
          // read whole, even where the cut fell between two records.
          if (name == "documents.truncated" && n > 0) doc_bad = true;
          diag.Count(name, n);
        }
        if (doc_bad) {
          std::lock_guard lock(mu);
          bad_listings.insert(doc.listing);
        }
      }
      if (!readable) {  // an end marker so the sink moves past this document
        Work w;
        w.doc = index;
        w.seq = seq;
        w.last = true;
        push_raw(std::move(w));
      }
    }
  };

  auto enricher = [&] {
    for (;;) {
      Work w;
      {
        std::unique_lock lock(mu);
        cv.wait(lock, [&] { return stop || !raw.empty() || (active_readers == 0 && raw.empty()); });
        if (stop) return;
        if (raw.empty()) return;  // readers are done and nothing is left
        w = std::move(raw.front());
        raw.pop_front();
      }
      const int64_t t0 = cpu_ns();
      if (w.finalize != nullptr) {
        for (JobPosting& p : w.batch.postings) w.finalize(p);
      }
      const int64_t t1 = cpu_ns();
      enricher_.Apply(w.batch, diag);
      const int64_t t2 = cpu_ns();
      sink_.Prepare(w.batch);
      const int64_t t3 = cpu_ns();
      finalize_ns.fetch_add(t1 - t0);
      enrich_ns.fetch_add(t2 - t1);
      prepare_ns.fetch_add(t3 - t2);
      {
        std::lock_guard lock(mu);
        Key k{w.doc, w.seq};
        ready.emplace(k, std::move(w));
      }
      cv.notify_all();
    }
  };

  // Progress line on a terminal.
  std::atomic<bool> progress_done{false};
  std::thread progress_thread;
  size_t progress_extra_lines = 0;  // lines drawn below the main one (fetch status)
  if (options_.progress) {
    progress_thread = std::thread([&] {
      while (!progress_done.load()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        int64_t n = postings_read.load();
        char line[256];
        std::snprintf(line, sizeof line, "%s: %s postings  %s/s  %lld documents  %zu quarantined  %.1fs",
                      options_.progress_label.c_str(), FormatCount(n).c_str(),
                      FormatCount(static_cast<int64_t>(s > 0 ? n / s : 0)).c_str(),
                      static_cast<long long>(documents.load()), diag.total_quarantined(), s);
        // Redraw the block in place: back to its first line, clear to the end of the screen.
        std::string frame;
        if (progress_extra_lines > 0) frame += "\033[" + std::to_string(progress_extra_lines) + "A";
        frame += "\r\033[J";
        // Lines longer than the terminal would wrap and break the redraw's line count.
        winsize ws{};
        size_t width = ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 10 ? ws.ws_col - 1 : 99;
        frame += TruncateUtf8(line, width);
        std::vector<std::string> extra = session->ProgressLines(8);
        for (auto& l : extra) frame += "\n" + std::string(TruncateUtf8(l, width));
        progress_extra_lines = extra.size();
        std::fputs(frame.c_str(), stderr);
      }
    });
  }

  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mu);
    active_readers = options_.max_open_documents;
  }
  // Named threads, so that `perf report --sort comm` and `top -H` show the stages.
  auto name_thread = [](const char* name) { pthread_setname_np(pthread_self(), name); };
  for (int i = 0; i < options_.max_open_documents; ++i) {
    threads.emplace_back([&] {
      name_thread("sp-read");
      reader();
      std::lock_guard lock(mu);
      --active_readers;
      cv.notify_all();
    });
  }
  for (int i = 0; i < options_.threads; ++i) {
    threads.emplace_back([&] {
      name_thread("sp-enrich");
      enricher();
    });
  }

  // The sink: this thread, in input order.
  uint64_t batches_written = 0;
  for (;;) {
    std::optional<Work> w;
    {
      std::unique_lock lock(mu);
      cv.wait(lock, [&] {
        return ready.count(Key{sink_doc, sink_seq}) > 0 ||
               (active_readers == 0 && raw.empty() && in_flight == 0);
      });
      auto it = ready.find(Key{sink_doc, sink_seq});
      if (it == ready.end()) break;  // everything written
      w = std::move(it->second);
      ready.erase(it);
    }
    const int64_t w0 = cpu_ns();
    Status s = sink_.Write(w->batch);
    write_ns.fetch_add(cpu_ns() - w0);
    if (s.ok() && w->listing >= 0) {
      auto known = closing_source.find(w->listing);
      if (known == closing_source.end()) {
        std::optional<ListingOutcome> o = session->Outcome(w->listing);
        known = closing_source.emplace(w->listing, o && o->closes_missing ? std::optional(o->source) : std::nullopt).first;
      }
      if (known->second) {
        std::string& ids = listing_ids[w->listing];
        for (const JobPosting& p : w->batch.postings) {
          if (p.source != *known->second) continue;
          if (p.observed_at && w->fetched_at && *p.observed_at >= *w->fetched_at) continue;  // see listing_ids
          const auto n = static_cast<uint32_t>(std::min<size_t>(p.source_id.size(), UINT32_MAX));
          ids.append(reinterpret_cast<const char*>(&n), sizeof n).append(p.source_id, 0, n);
        }
      }
    }
    if (s.ok()) {
      auto q = diag.TakeQuarantined();
      summary.quarantined += static_cast<int64_t>(q.size());
      if (!q.empty()) s = sink_.WriteQuarantine(std::move(q));
    }
    summary.postings += static_cast<int64_t>(w->batch.size());
    {
      std::lock_guard lock(mu);
      --in_flight;
      if (auto it = doc_in_flight.find(w->doc); it != doc_in_flight.end() && --it->second == 0) doc_in_flight.erase(it);
      if (w->last) {
        ++sink_doc;
        sink_seq = 0;
      } else {
        ++sink_seq;
      }
      if (!s.ok()) {
        sink_error = s;
        stop = true;
      }
    }
    cv.notify_all();
    if (!s.ok()) break;
    // Postings are allocated by the reader threads and freed here, so their memory goes back
    // to the readers' malloc arenas, where glibc keeps it; handing free pages back every few
    // batches keeps the resident size near what is in use (250k corpus, files -> SQLite, with
    // glibc and the allocator settings in main.cc: 414 -> 254 MB peak, docs/BENCHMARKS.md
    // "Memory"). A few ms per call, 1 call per 8 batches.
    if (++batches_written % 8 == 0 || w->last) ReleaseFreeMemory();
  }
  {
    std::lock_guard lock(mu);
    stop = true;
  }
  cv.notify_all();
  for (auto& t : threads) t.join();
  ReleaseFreeMemory();  // what the workers freed on exit, before the store's own end of run (dedup)
  progress_done = true;
  if (progress_thread.joinable()) {
    progress_thread.join();
    std::string clear;
    if (progress_extra_lines > 0) clear += "\033[" + std::to_string(progress_extra_lines) + "A";
    clear += "\r\033[J";
    std::fputs(clear.c_str(), stderr);
  }
  if (!sink_error.ok()) return sink_error;

  // Live sources: report what could not be fetched; close postings that left a complete
  // board listing; keep open the postings of boards that answered "not modified".
  session->Settle();  // streams whose reader stopped early end now; then every outcome is final
  summary.fetch = session->fetcher_stats();
  bool warned_unsupported = false;
  for (const ListingOutcome& o : session->Outcomes()) {
    ++summary.listings;
    const bool unreadable = bad_listings.count(o.id) > 0;
    if (unreadable) summary.unreadable_listings.push_back(o.id);
    // The error usually starts with the URL, which often is the label.
    const std::string what = o.error.rfind(o.label, 0) == 0 ? o.error : o.label + ": " + o.error;
    if (o.state == ListingOutcome::State::kFailed) {
      ++summary.listings_failed;
      summary.failures.push_back(what);
      diag.Warn(what);
    } else if (o.state == ListingOutcome::State::kPartial) {
      summary.failures.push_back(o.label + " (partly fetched): " + o.error);
      diag.Warn(o.label + " (partly fetched): " + o.error);
    } else if (o.state == ListingOutcome::State::kUnchanged) {
      ++summary.listings_unchanged;
    }
    if (!o.closes_missing) continue;
    Result<int64_t> n = int64_t{0};
    if (o.state == ListingOutcome::State::kUnchanged) {
      n = sink_.TouchOpen(o.source, o.fetched_at_ms / 1000);
      if (n.ok()) summary.postings_touched += *n;
    } else if (o.state == ListingOutcome::State::kDone && !unreadable) {
      std::vector<std::string> seen;
      const std::string& packed = listing_ids[o.id];
      for (size_t at = 0; at + sizeof(uint32_t) <= packed.size();) {
        uint32_t n = 0;
        std::memcpy(&n, packed.data() + at, sizeof n);
        at += sizeof n;
        seen.emplace_back(packed, at, n);
        at += n;
      }
      listing_ids.erase(o.id);
      n = sink_.CloseMissing(o.source, seen, o.fetched_at_ms / 1000);
      if (n.ok()) summary.postings_closed += *n;
    }
    if (!n.ok()) {
      if (n.status().code() != StatusCode::kUnsupported) return n.status();
      if (!warned_unsupported) diag.Warn("postings missing from board listings are not closed: " + n.status().message());
      warned_unsupported = true;
    }
  }

  auto q = diag.TakeQuarantined();
  summary.quarantined += static_cast<int64_t>(q.size());
  if (!q.empty()) SP_TRY(sink_.WriteQuarantine(std::move(q)));
  SP_TRY(sink_.Finish(diag));
  summary.documents = documents.load();
  summary.stage_cpu.parse_s = static_cast<double>(parse_ns.load()) * 1e-9;
  summary.stage_cpu.finalize_s = static_cast<double>(finalize_ns.load()) * 1e-9;
  summary.stage_cpu.enrich_s = static_cast<double>(enrich_ns.load()) * 1e-9;
  summary.stage_cpu.prepare_s = static_cast<double>(prepare_ns.load()) * 1e-9;
  summary.stage_cpu.write_s = static_cast<double>(write_ns.load()) * 1e-9;
  summary.bytes = bytes_read.load();
  summary.enrich_cache_hits = static_cast<int64_t>(enricher_.cache_hits() - cache_hits_before);
  summary.enrich_cache_misses = static_cast<int64_t>(enricher_.cache_misses() - cache_misses_before);
  summary.skill_cache_hits = static_cast<int64_t>(enricher_.skill_cache_hits() - skill_hits_before);
  summary.skill_cache_misses = static_cast<int64_t>(enricher_.skill_cache_misses() - skill_misses_before);
  summary.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return summary;
}

}  // namespace skillpulse
