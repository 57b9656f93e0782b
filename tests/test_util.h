// Helpers shared by tests: temp dirs, the shared data location, running the CLI.
#pragma once

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>
#include <utility>
#include <vector>

namespace skillpulse::testing {

// ../shared/data beside the repo (SP_SHARED_DIR).
inline std::string SharedData(const std::string& rel) { return std::string(SP_SHARED_DIR) + "/data/" + rel; }
inline bool HaveShared(const std::string& rel) { return std::filesystem::exists(SharedData(rel)); }
inline std::string HnFile() { return SharedData("hn_whoishiring/hn_whoishiring_2018-03_2026-01.jsonl.zst"); }

// The whole file at `path` ("" when it cannot be read).
inline std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The number after "KEY": in `ingest --stats-json` output (unsigned integers and decimals,
// the only numbers it prints); -1 when the key is absent.
inline double StatsJsonNumber(const std::string& json, const std::string& key) {
  std::smatch m;
  const std::regex re("\"" + key + "\": ([0-9.]+)");
  return std::regex_search(json, m, re) ? std::stod(m[1].str()) : -1;
}

// A fresh directory removed at destruction.
class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/skillpulse-test-XXXXXX";
    path_ = mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string File(const std::string& name) const { return path_ + "/" + name; }
  std::string Write(const std::string& name, const std::string& bytes) const {
    std::ofstream(File(name), std::ios::binary) << bytes;
    return File(name);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs the skillpulse binary with `args` (a shell-quoted string).
inline CommandResult RunSkillpulse(const std::string& args) {
  TempDir tmp;
  std::string cmd = std::string(SP_BINARY_DIR) + "/apps/skillpulse/skillpulse " + args + " >" + tmp.File("out") +
                    " 2>" + tmp.File("err");
  int rc = std::system(cmd.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  auto slurp = [](const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  };
  r.out = slurp(tmp.File("out"));
  r.err = slurp(tmp.File("err"));
  return r;
}

// Starts the skillpulse binary with `args` (the arguments after the program name) and returns
// at once with its pid (-1 when fork fails): stdout goes to /dev/null, stderr to `stderr_path`
// (/dev/null when empty), and each (name, value) of `env` is set in the child only.
inline pid_t SpawnSkillpulse(const std::vector<std::string>& args, const std::string& stderr_path = "",
                             const std::vector<std::pair<std::string, std::string>>& env = {}) {
  const std::string bin = std::string(SP_BINARY_DIR) + "/apps/skillpulse/skillpulse";
  std::vector<std::string> argv_strings = {"skillpulse"};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  pid_t pid = fork();
  if (pid == 0) {
    for (const auto& [name, value] : env) setenv(name.c_str(), value.c_str(), 1);
    int null = open("/dev/null", O_WRONLY);
    int err = stderr_path.empty() ? null : open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(null, 1);
    dup2(err, 2);
    std::vector<char*> argv;
    for (auto& a : argv_strings) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(bin.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

}  // namespace skillpulse::testing
