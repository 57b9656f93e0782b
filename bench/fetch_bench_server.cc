// A loopback job-board server for the fetch benchmarks (bench/fetch_bench.sh): real Ashby
// posting-API responses from the team's shared snapshot, served after a fixed latency at
// /posting-api/job-board/b<N> (board N modulo the number of boards), on 127.0.0.1 ..
// 127.0.0.<hosts> (all of 127/8 is loopback on Linux: one origin per simulated source).
//
//   fetch_bench_server --port P [--hosts N] [--latency-ms L] [--max-jobs J]
//
// --max-jobs keeps only boards with at most J jobs (small bodies, so a throughput run
// measures the fetcher, not the parser). Prints "ready" on stdout when listening; stops on
// SIGTERM/SIGINT.
#include <httplib.h>
#include <simdjson.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "sources/source.h"

namespace {

std::atomic<bool> g_stop{false};

std::vector<std::string> LoadBoards(const std::string& tar, size_t max_jobs) {
  using namespace skillpulse;
  std::vector<std::string> out;
  SourceSpec spec;
  spec.location = tar;
  Diagnostics diag(nullptr);
  auto docs = OpenDocuments(spec, SourceRegistry::Builtin(), diag);
  if (!docs.ok()) {
    std::fprintf(stderr, "%s\n", docs.status().ToString().c_str());
    return out;
  }
  Document doc;
  simdjson::dom::parser parser;
  while (true) {
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
    if (jobs.size() == 0 || jobs.size() > max_jobs) continue;
    out.push_back(std::move(bytes));
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  int port = 0, hosts = 1, latency_ms = 0;
  size_t max_jobs = 1'000'000;
  std::string tar = std::string(SP_SHARED_DIR) + "/data/ats_ashby/ashby_posting_api_2025-10-28.tar.zst";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i];
    if (k == "--port") port = std::atoi(argv[i + 1]);
    else if (k == "--hosts") hosts = std::atoi(argv[i + 1]);
    else if (k == "--latency-ms") latency_ms = std::atoi(argv[i + 1]);
    else if (k == "--max-jobs") max_jobs = static_cast<size_t>(std::atol(argv[i + 1]));
    else if (k == "--tar") tar = argv[i + 1];
  }
  if (port <= 0 || hosts < 1 || hosts > 250) {
    std::fprintf(stderr, "usage: fetch_bench_server --port P [--hosts N<=250] [--latency-ms L] [--max-jobs J]\n");
    return 2;
  }
  auto boards = std::make_shared<std::vector<std::string>>(LoadBoards(tar, max_jobs));
  if (boards->empty()) {
    std::fprintf(stderr, "no boards loaded from %s\n", tar.c_str());
    return 1;
  }
  std::signal(SIGTERM, [](int) { g_stop = true; });
  std::signal(SIGINT, [](int) { g_stop = true; });
  std::vector<std::unique_ptr<httplib::Server>> servers;
  std::vector<std::thread> threads;
  const size_t pool = static_cast<size_t>(std::max(8, 256 / hosts));
  for (int h = 1; h <= hosts; ++h) {
    auto svr = std::make_unique<httplib::Server>();
    svr->new_task_queue = [pool] { return new httplib::ThreadPool(pool); };
    svr->set_keep_alive_max_count(100'000);
    svr->set_keep_alive_timeout(60);
    svr->set_tcp_nodelay(true);  // else headers and body wait on a delayed ACK (~40 ms)
    svr->Get(R"(/posting-api/job-board/b(\d+))", [boards, latency_ms](const httplib::Request& req, httplib::Response& res) {
      size_t n = std::stoul(req.matches[1]);
      if (latency_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(latency_ms));
      // With a charset parameter cpp-httplib does not compress the body (it would, with brotli
      // at its slowest setting, for a bare "application/json"): identity, as the team's nginx
      // bench server sends.
      res.set_content((*boards)[n % boards->size()], "application/json; charset=utf-8");
    });
    std::string ip = "127.0.0." + std::to_string(h);
    if (!svr->bind_to_port(ip.c_str(), port)) {
      std::fprintf(stderr, "cannot bind %s:%d\n", ip.c_str(), port);
      return 1;
    }
    httplib::Server* raw = svr.get();
    threads.emplace_back([raw] { raw->listen_after_bind(); });
    servers.push_back(std::move(svr));
  }
  std::printf("ready: %zu boards on %d host(s), port %d, latency %d ms\n", boards->size(), hosts, port, latency_ms);
  std::fflush(stdout);
  while (!g_stop.load()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  for (auto& s : servers) s->stop();
  for (auto& t : threads) t.join();
  return 0;
}
