#include "pipeline/runner.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

namespace skillpulse {
namespace {

// A batch on its way through the pipeline; (doc, seq) is its place in input order.
struct Work {
  uint64_t doc = 0;
  uint64_t seq = 0;
  bool last = false;  // the document's final batch (possibly empty)
  FinalizeFn finalize = nullptr;  // the format's per-posting step, run by the workers
  PostingBatch batch;
};

struct Key {
  uint64_t doc, seq;
  bool operator<(const Key& o) const { return doc != o.doc ? doc < o.doc : seq < o.seq; }
};

std::string FormatCount(int64_t n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
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

  // Documents, in spec order. Resolution is cheap (directory listings; archives and URLs
  // are opened lazily by their readers below).
  std::vector<std::pair<const SourceSpec*, std::unique_ptr<DocumentReader>>> readers;
  for (const SourceSpec& spec : specs_) {
    auto r = OpenDocuments(spec, registry, diag);
    if (!r.ok()) {
      summary.failures.push_back(spec.raw + ": " + r.status().message());
      diag.Warn(spec.raw + ": " + r.status().message());
      continue;
    }
    readers.emplace_back(&spec, std::move(r).value());
  }

  SP_TRY(sink_.Open());

  std::mutex mu;
  std::condition_variable cv;
  size_t reader_pos = 0;          // next DocumentReader to pull from (guarded by mu)
  uint64_t next_doc = 0;          // next document index to hand out
  bool docs_exhausted = false;
  std::deque<Work> raw;           // parsed, waiting for enrichment
  std::map<Key, Work> ready;      // enriched, waiting for their turn at the sink
  uint64_t sink_doc = 0, sink_seq = 0;  // the next batch the sink needs
  size_t in_flight = 0;           // batches between parse and sink
  const size_t max_in_flight = static_cast<size_t>(options_.threads) * 4 + 8;
  int active_readers = 0;
  bool stop = false;
  Status sink_error;
  std::atomic<int64_t> postings_read{0};
  std::atomic<int64_t> bytes_read{0};
  std::atomic<int64_t> documents{0};

  // Hands out the next document, in order, to a reader thread.
  auto next_document = [&](Document& doc, const SourceSpec*& spec, uint64_t& index) -> bool {
    std::lock_guard lock(mu);
    while (!docs_exhausted && reader_pos < readers.size()) {
      auto r = readers[reader_pos].second->Next(doc);
      if (!r.ok()) {
        summary.failures.push_back(readers[reader_pos].first->raw + ": " + r.status().message());
        diag.Warn(readers[reader_pos].first->raw + ": " + r.status().message());
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
    docs_exhausted = true;
    return false;
  };

  // A reader may add a batch when the pipeline has room, and always for the document the
  // sink is waiting on (so the earliest document can never be starved: no deadlock).
  auto push_raw = [&](Work w) {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return stop || in_flight < max_in_flight || w.doc == sink_doc; });
    ++in_flight;
    raw.push_back(std::move(w));
    cv.notify_all();
  };

  auto reader = [&] {
    Document doc;
    const SourceSpec* spec = nullptr;
    uint64_t index = 0;
    while (next_document(doc, spec, index)) {
      uint64_t seq = 0;
      auto opened = OpenDocument(*spec, doc, registry, diag);
      std::unique_ptr<Source> source;
      if (!opened.ok()) {
        std::lock_guard lock(mu);
        ++summary.failed_documents;
        summary.failures.push_back(doc.origin + ": " + opened.status().message());
        diag.Warn(doc.origin + ": " + opened.status().message());
      } else {
        source = std::move(opened).value();
      }
      if (source) documents.fetch_add(1);
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
        auto r = source->Next(w.batch, diag);
        if (!r.ok()) {
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
        push_raw(std::move(w));
      }
      if (source) bytes_read.fetch_add(static_cast<int64_t>(source->bytes_read()));
      if (!source) {  // an end marker so the sink moves past this document
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
      if (w.finalize != nullptr) {
        for (JobPosting& p : w.batch.postings) w.finalize(p);
      }
      enricher_.Apply(w.batch, diag);
      sink_.Prepare(w.batch);
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
  if (options_.progress) {
    progress_thread = std::thread([&] {
      while (!progress_done.load()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        int64_t n = postings_read.load();
        std::fprintf(stderr, "\r\033[K%s: %s postings  %s/s  %lld documents  %zu quarantined  %.1fs",
                     options_.progress_label.c_str(), FormatCount(n).c_str(),
                     FormatCount(static_cast<int64_t>(s > 0 ? n / s : 0)).c_str(),
                     static_cast<long long>(documents.load()), diag.total_quarantined(), s);
      }
    });
  }

  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mu);
    active_readers = options_.max_open_documents;
  }
  for (int i = 0; i < options_.max_open_documents; ++i) {
    threads.emplace_back([&] {
      reader();
      std::lock_guard lock(mu);
      --active_readers;
      cv.notify_all();
    });
  }
  for (int i = 0; i < options_.threads; ++i) threads.emplace_back(enricher);

  // The sink: this thread, in input order.
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
    Status s = sink_.Write(w->batch);
    if (s.ok()) {
      auto q = diag.TakeQuarantined();
      summary.quarantined += static_cast<int64_t>(q.size());
      if (!q.empty()) s = sink_.WriteQuarantine(std::move(q));
    }
    summary.postings += static_cast<int64_t>(w->batch.size());
    {
      std::lock_guard lock(mu);
      --in_flight;
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
  }
  {
    std::lock_guard lock(mu);
    stop = true;
  }
  cv.notify_all();
  for (auto& t : threads) t.join();
  progress_done = true;
  if (progress_thread.joinable()) {
    progress_thread.join();
    std::fprintf(stderr, "\r\033[K");
  }
  if (!sink_error.ok()) return sink_error;

  auto q = diag.TakeQuarantined();
  summary.quarantined += static_cast<int64_t>(q.size());
  if (!q.empty()) SP_TRY(sink_.WriteQuarantine(std::move(q)));
  SP_TRY(sink_.Finish(diag));
  summary.documents = documents.load();
  summary.bytes = bytes_read.load();
  summary.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return summary;
}

}  // namespace skillpulse
