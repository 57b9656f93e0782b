// A loopback HTTP/1.1 server for fetcher tests, on raw sockets so that it can misbehave in
// every way the fetcher must survive: latency, 429 with Retry-After, 5xx, connection resets,
// bodies shorter than their Content-Length, wrong content types, gzip bombs and endless slow
// bodies. Each route is a handler that writes the response itself. Keep-alive is supported
// (a handler that returns Respond::kKeepOpen lets the client send its next request).
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace skillpulse::testing {

struct HttpRequest {
  std::string method, target, path, query;
  std::map<std::string, std::string> headers;  // lower-case names
  int attempt = 0;  // 1-based count of requests to this path so far (this one included)
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

class FaultConnection {
 public:
  explicit FaultConnection(int fd, const std::atomic<bool>& stopping) : fd_(fd), stopping_(stopping) {}
  // Sends bytes; false once the peer is gone.
  bool Send(std::string_view bytes) {
    while (!bytes.empty()) {
      ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }
  // A complete response with Content-Length.
  bool Reply(int status, std::string_view body, std::string_view content_type = "application/json",
             const std::vector<std::pair<std::string, std::string>>& extra = {}) {
    std::string head = "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: " + std::string(content_type) +
                       "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
    for (const auto& [k, v] : extra) head += k + ": " + v + "\r\n";
    head += "\r\n";
    return Send(head) && Send(body);
  }
  // Closes with a TCP reset (SO_LINGER 0) instead of a FIN.
  void Reset() {
    linger l{1, 0};
    setsockopt(fd_, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    reset_ = true;
  }
  // Sleeps in small steps, returning early when the server stops.
  void Sleep(int ms) {
    auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (!stopping_.load() && std::chrono::steady_clock::now() < end) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  bool stopping() const { return stopping_.load(); }
  bool reset() const { return reset_; }

 private:
  int fd_;
  const std::atomic<bool>& stopping_;
  bool reset_ = false;
};

// What to do with the connection after a handler ran.
enum class Respond { kClose, kKeepOpen };
using FaultHandler = std::function<Respond(const HttpRequest&, FaultConnection&)>;

inline std::string Gzip(std::string_view data) {
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, data.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

class FaultServer {
 public:
  FaultServer() {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(listen_fd_, 512);
    socklen_t len = sizeof addr;
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { Accept(); });
  }
  ~FaultServer() { Stop(); }

  void Stop() {
    if (stopping_.exchange(true)) return;
    ::shutdown(listen_fd_, SHUT_RDWR);
    ::close(listen_fd_);
    if (acceptor_.joinable()) acceptor_.join();
    std::vector<std::thread> conns;
    {
      std::lock_guard lock(mu_);
      conns.swap(conns_);
    }
    for (auto& t : conns) t.join();
  }

  int port() const { return port_; }
  std::string Url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }

  // Handlers by exact path (the query is ignored for routing).
  void Route(const std::string& path, FaultHandler h) {
    std::lock_guard lock(mu_);
    routes_[path] = std::move(h);
  }
  // A plain 200 JSON (or other) body, keep-alive.
  void Static(const std::string& path, std::string body, std::string content_type = "application/json") {
    auto b = std::make_shared<std::string>(std::move(body));
    Route(path, [b, content_type](const HttpRequest&, FaultConnection& c) {
      c.Reply(200, *b, content_type);
      return Respond::kKeepOpen;
    });
  }

  int Hits(const std::string& path) const {
    std::lock_guard lock(mu_);
    auto it = hits_.find(path);
    return it == hits_.end() ? 0 : it->second;
  }
  int TotalHits() const {
    std::lock_guard lock(mu_);
    int n = 0;
    for (const auto& [p, h] : hits_) n += h;
    return n;
  }
  // The most requests that were being handled at the same time.
  int MaxConcurrent() const { return max_active_.load(); }
  int Connections() const { return connections_.load(); }
  std::vector<HttpRequest> Requests() const {
    std::lock_guard lock(mu_);
    return log_;
  }

 private:
  void Accept() {
    while (!stopping_.load()) {
      pollfd p{listen_fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      int one = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      connections_.fetch_add(1);
      std::lock_guard lock(mu_);
      conns_.emplace_back([this, fd] { Serve(fd); });
    }
  }

  // Reads one request head; false when the peer closed or the server stops.
  bool ReadRequest(int fd, std::string& buf, HttpRequest& req) {
    for (;;) {
      size_t end = buf.find("\r\n\r\n");
      if (end != std::string::npos) {
        std::string head = buf.substr(0, end);
        buf.erase(0, end + 4);
        size_t line_end = head.find("\r\n");
        std::string line = head.substr(0, line_end);
        size_t sp1 = line.find(' '), sp2 = line.rfind(' ');
        req.method = line.substr(0, sp1);
        req.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
        size_t q = req.target.find('?');
        req.path = req.target.substr(0, q);
        req.query = q == std::string::npos ? "" : req.target.substr(q + 1);
        size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
        while (pos < head.size()) {
          size_t nl = head.find("\r\n", pos);
          if (nl == std::string::npos) nl = head.size();
          std::string h = head.substr(pos, nl - pos);
          size_t colon = h.find(':');
          if (colon != std::string::npos) {
            std::string k = h.substr(0, colon);
            std::transform(k.begin(), k.end(), k.begin(), [](unsigned char c) { return std::tolower(c); });
            size_t v = colon + 1;
            while (v < h.size() && h[v] == ' ') ++v;
            req.headers[k] = h.substr(v);
          }
          pos = nl + 2;
        }
        return true;
      }
      pollfd p{fd, POLLIN, 0};
      int r = ::poll(&p, 1, 50);
      if (stopping_.load()) return false;
      if (r <= 0) continue;
      char tmp[8192];
      ssize_t n = ::recv(fd, tmp, sizeof tmp, 0);
      if (n <= 0) return false;
      buf.append(tmp, static_cast<size_t>(n));
    }
  }

  void Serve(int fd) {
    std::string buf;
    FaultConnection conn(fd, stopping_);
    for (;;) {
      HttpRequest req;
      if (!ReadRequest(fd, buf, req)) break;
      FaultHandler h;
      {
        std::lock_guard lock(mu_);
        req.attempt = ++hits_[req.path];
        log_.push_back(req);
        auto it = routes_.find(req.path);
        if (it != routes_.end()) h = it->second;
      }
      int active = active_.fetch_add(1) + 1;
      int prev = max_active_.load();
      while (active > prev && !max_active_.compare_exchange_weak(prev, active)) {
      }
      Respond r = Respond::kClose;
      if (h) {
        r = h(req, conn);
      } else {
        conn.Reply(404, "{\"error\":\"not found\"}");
        r = Respond::kKeepOpen;
      }
      active_.fetch_sub(1);
      if (r == Respond::kClose || conn.reset()) break;
    }
    ::close(fd);
  }

  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  mutable std::mutex mu_;
  std::vector<std::thread> conns_;
  std::map<std::string, FaultHandler> routes_;
  std::map<std::string, int> hits_;
  std::vector<HttpRequest> log_;
  std::atomic<int> active_{0};
  std::atomic<int> max_active_{0};
  std::atomic<int> connections_{0};
};

// Ready-made misbehaviours.
namespace faults {

// Answers `body` after `ms` of latency.
inline FaultHandler Slow(std::string body, int ms) {
  auto b = std::make_shared<std::string>(std::move(body));
  return [b, ms](const HttpRequest&, FaultConnection& c) {
    c.Sleep(ms);
    c.Reply(200, *b);
    return Respond::kKeepOpen;
  };
}

// The first `n` requests get `status` (with optional Retry-After), then `body`.
inline FaultHandler FailFirst(int n, int status, std::string body, std::string retry_after = "") {
  auto b = std::make_shared<std::string>(std::move(body));
  return [=](const HttpRequest& r, FaultConnection& c) {
    if (r.attempt <= n) {
      std::vector<std::pair<std::string, std::string>> extra;
      if (!retry_after.empty()) extra.emplace_back("Retry-After", retry_after);
      c.Reply(status, "{\"error\":\"try later\"}", "application/json", extra);
    } else {
      c.Reply(200, *b);
    }
    return Respond::kKeepOpen;
  };
}

// The first `n` requests are reset before any response byte; then `body`.
inline FaultHandler ResetFirst(int n, std::string body) {
  auto b = std::make_shared<std::string>(std::move(body));
  return [=](const HttpRequest& r, FaultConnection& c) {
    if (r.attempt <= n) {
      c.Reset();
      return Respond::kClose;
    }
    c.Reply(200, *b);
    return Respond::kKeepOpen;
  };
}

// The first `n` responses promise the whole body but send only a tenth and close.
inline FaultHandler TruncateFirst(int n, std::string body) {
  auto b = std::make_shared<std::string>(std::move(body));
  return [=](const HttpRequest& r, FaultConnection& c) {
    if (r.attempt <= n) {
      c.Send("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(b->size()) +
             "\r\n\r\n");
      c.Send(std::string_view(*b).substr(0, b->size() / 10));
      return Respond::kClose;
    }
    c.Reply(200, *b);
    return Respond::kKeepOpen;
  };
}

// `decoded_bytes` of zeros, gzip-encoded (about 1000:1).
inline FaultHandler GzipBomb(size_t decoded_bytes) {
  auto z = std::make_shared<std::string>(Gzip(std::string(decoded_bytes, '0')));
  return [z](const HttpRequest&, FaultConnection& c) {
    c.Reply(200, *z, "application/json", {{"Content-Encoding", "gzip"}});
    return Respond::kKeepOpen;
  };
}

// A body that never ends (chunked, so no Content-Length gives it away): one byte every
// `every_ms`, until the client hangs up.
inline FaultHandler EndlessSlowBody(int every_ms) {
  return [every_ms](const HttpRequest&, FaultConnection& c) {
    if (!c.Send("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{\r\n")) {
      return Respond::kClose;
    }
    while (!c.stopping()) {
      c.Sleep(every_ms);
      if (!c.Send("1\r\n \r\n")) break;
    }
    return Respond::kClose;
  };
}

}  // namespace faults
}  // namespace skillpulse::testing
