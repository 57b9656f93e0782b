// A throwaway PostgreSQL cluster for tests and benchmarks: initdb (no fsync) in a fresh temp dir, a
// free loopback TCP port, trust auth, stopped by PID (fast shutdown) and removed at the end.
//
// PostgreSQL refuses to run as root, so when the test runs as root (as here and in CI) the
// server runs as the `postgres` OS user (runuser), like /work/shared/bench/run.sh does.
// A watchdog process stops the server if the test process dies without cleaning up (a crash,
// a kill), so no postmaster outlives its test.
//
// Binaries: $SP_PGBIN, else /usr/lib/postgresql/15/bin (Debian's postgresql-15,
// scripts/install-deps.sh). Tests call GTEST_SKIP when Available() is false.
#pragma once

#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace skillpulse::testing {

struct PgClusterOptions {
  // The benchmark harness's settings (/work/shared/bench/README.md: shared_buffers=2GB,
  // wal_level=minimal, durability on, ...). Off: settings for fast tests (fsync off).
  bool bench_settings = false;
  std::vector<std::string> extra_conf;  // more postgresql.conf lines
};

class PgCluster {
 public:
  using Options = PgClusterOptions;

  static std::string BinDir() {
    const char* env = std::getenv("SP_PGBIN");
    return env != nullptr && *env != '\0' ? env : "/usr/lib/postgresql/15/bin";
  }
  // The binaries exist, and we can run them (not root, or root with a `postgres` user).
  static bool Available(std::string* why = nullptr) {
    if (!std::filesystem::exists(BinDir() + "/initdb") || !std::filesystem::exists(BinDir() + "/psql")) {
      if (why) *why = "PostgreSQL binaries not found in " + BinDir() + " (apt-get install postgresql-15 or set SP_PGBIN)";
      return false;
    }
    if (geteuid() == 0 && getpwnam("postgres") == nullptr) {
      if (why) *why = "running as root needs a 'postgres' user to run the server";
      return false;
    }
    return true;
  }

  // Starts a cluster; nullptr (and *error) when it cannot.
  static std::unique_ptr<PgCluster> Start(const Options& options = Options(), std::string* error = nullptr) {
    std::string why;
    if (!Available(&why)) {
      if (error) *error = why;
      return nullptr;
    }
    for (int attempt = 0; attempt < 3; ++attempt) {  // a port taken between probe and bind: retry
      std::unique_ptr<PgCluster> c(new PgCluster());
      if (c->Init(options, &why)) return c;
    }
    if (error) *error = why;
    return nullptr;
  }

  // One cluster for the whole test binary, started on first use (nullptr if unavailable;
  // SharedError() says why). Stopped when the process exits.
  static PgCluster* Shared() {
    static std::unique_ptr<PgCluster> shared = Start(Options(), &SharedErrorRef());
    return shared.get();
  }
  static const std::string& SharedError() { return SharedErrorRef(); }

  ~PgCluster() { Stop(); }
  PgCluster(const PgCluster&) = delete;
  PgCluster& operator=(const PgCluster&) = delete;

  int port() const { return port_; }
  pid_t postmaster_pid() const { return pm_pid_; }
  const std::string& dir() const { return dir_; }
  // A libpq connection string for database `dbname` (superuser `skillpulse`, trust auth).
  std::string ConnInfo(const std::string& dbname) const {
    return "host=127.0.0.1 port=" + std::to_string(port_) + " user=skillpulse dbname=" + dbname;
  }
  // The PG* environment for `dbname`, as `VAR=value ...` for a shell command line.
  std::string EnvPrefix(const std::string& dbname) const {
    return "PGHOST=127.0.0.1 PGPORT=" + std::to_string(port_) + " PGUSER=skillpulse PGDATABASE=" + dbname + " ";
  }

  // Runs `sql` with psql in `dbname` (-At, ON_ERROR_STOP). Returns stdout without the final
  // newline; *ok = false on failure (stderr in *err).
  std::string Psql(const std::string& dbname, const std::string& sql, bool* ok = nullptr, std::string* err = nullptr) const {
    const std::string sql_file = dir_ + "/psql." + std::to_string(++psql_seq_) + ".sql";
    std::ofstream(sql_file) << sql;
    const std::string out_file = sql_file + ".out", err_file = sql_file + ".err";
    const std::string cmd = BinDir() + "/psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p " + std::to_string(port_) +
                            " -U skillpulse -d " + dbname + " -f " + sql_file + " >" + out_file + " 2>" + err_file;
    int rc = std::system(cmd.c_str());
    std::string out = Slurp(out_file);
    if (err) *err = Slurp(err_file);
    std::filesystem::remove(sql_file);
    std::filesystem::remove(out_file);
    std::filesystem::remove(err_file);
    if (ok) *ok = rc == 0;
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
  }

  // A fresh, empty database (dropped first if it exists). False on failure.
  bool CreateDatabase(const std::string& name) const {
    bool ok = false;
    Psql("postgres", "SET client_min_messages = warning; DROP DATABASE IF EXISTS \"" + name +
                         "\" WITH (FORCE);\nCREATE DATABASE \"" + name + "\";",
         &ok);
    return ok;
  }

 private:
  PgCluster() = default;

  static std::string& SharedErrorRef() {
    static std::string e;
    return e;
  }

  static std::string Slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }

  static int FreePort() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return 0;
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    socklen_t len = sizeof a;
    int port = 0;
    if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
        getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0) {
      port = ntohs(a.sin_port);
    }
    close(fd);
    return port;
  }

  // The command prefix that runs a server binary as an unprivileged user.
  static std::string AsServerUser() { return geteuid() == 0 ? "runuser -u postgres -- " : ""; }

  bool Init(const Options& options, std::string* why) {
    char tmpl[] = "/tmp/skillpulse-pg-XXXXXX";
    if (mkdtemp(tmpl) == nullptr) {
      *why = "mkdtemp failed";
      return false;
    }
    dir_ = tmpl;
    if (geteuid() == 0) {
      passwd* pw = getpwnam("postgres");
      if (chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
        *why = "chown " + dir_ + " failed";
        return false;
      }
    }
    chmod(dir_.c_str(), 0755);
    port_ = FreePort();
    const std::string data = dir_ + "/data";
    std::string cmd = AsServerUser() + BinDir() + "/initdb -N -D " + data +
                      " -U skillpulse --auth=trust -E UTF8 --locale=C.UTF-8 >" + dir_ + "/initdb.log 2>&1";
    if (std::system(cmd.c_str()) != 0) {
      *why = "initdb failed: " + Slurp(dir_ + "/initdb.log");
      return false;
    }
    {
      std::ofstream conf(data + "/postgresql.conf", std::ios::app);
      conf << "\n# skillpulse test cluster\nlisten_addresses = '127.0.0.1'\nport = " << port_
           << "\nunix_socket_directories = '" << dir_ << "'\nmax_connections = 30\n";
      if (options.bench_settings) {
        conf << "shared_buffers = 2GB\nwal_buffers = 64MB\nmax_wal_size = 32GB\nmin_wal_size = 1GB\n"
                "checkpoint_timeout = 1h\nwal_level = minimal\nmax_wal_senders = 0\nmaintenance_work_mem = 1GB\n"
                "default_toast_compression = lz4\njit = off\n";
      } else {
        conf << "shared_buffers = 128MB\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\njit = off\n";
      }
      for (const auto& line : options.extra_conf) conf << line << "\n";
    }
    cmd = AsServerUser() + BinDir() + "/pg_ctl -D " + data + " -l " + dir_ + "/postgres.log -w -t 60 start >" + dir_ +
          "/pg_ctl.log 2>&1";
    if (std::system(cmd.c_str()) != 0) {
      *why = "postgres did not start: " + Slurp(dir_ + "/postgres.log");
      return false;
    }
    std::ifstream pidfile(data + "/postmaster.pid");
    pidfile >> pm_pid_;
    if (pm_pid_ <= 0) {
      *why = "no postmaster.pid";
      return false;
    }
    StartWatchdog();
    return true;
  }

  // A process that outlives us only long enough to stop the server and remove the dir.
  void StartWatchdog() {
    const pid_t parent = getpid();
    const std::string script = "while kill -0 " + std::to_string(parent) + " 2>/dev/null; do sleep 0.5; done; kill -INT " +
                               std::to_string(pm_pid_) + " 2>/dev/null; for i in $(seq 1 100); do kill -0 " +
                               std::to_string(pm_pid_) + " 2>/dev/null || break; sleep 0.1; done; kill -QUIT " +
                               std::to_string(pm_pid_) + " 2>/dev/null; rm -rf " + dir_;
    pid_t pid = fork();
    if (pid == 0) {
      setsid();  // not in the test's process group: a group kill of the test does not reach it
      execl("/bin/sh", "sh", "-c", script.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    watchdog_pid_ = pid;
  }

  void Stop() {
    if (pm_pid_ > 0 && kill(pm_pid_, 0) == 0) {
      kill(pm_pid_, SIGINT);  // fast shutdown: disconnect clients, roll back, stop
      for (int i = 0; i < 200 && kill(pm_pid_, 0) == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
      if (kill(pm_pid_, 0) == 0) kill(pm_pid_, SIGQUIT);
    }
    pm_pid_ = 0;
    if (watchdog_pid_ > 0) {
      kill(watchdog_pid_, SIGKILL);
      waitpid(watchdog_pid_, nullptr, 0);
      watchdog_pid_ = 0;
    }
    if (!dir_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(dir_, ec);
      dir_.clear();
    }
  }

  std::string dir_;
  int port_ = 0;
  pid_t pm_pid_ = 0;
  pid_t watchdog_pid_ = 0;
  mutable int psql_seq_ = 0;
};

}  // namespace skillpulse::testing
