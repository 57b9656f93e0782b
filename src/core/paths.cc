#include "core/paths.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace skillpulse {

std::string DataDir() {
  if (const char* env = std::getenv("SKILLPULSE_DATA_DIR"); env != nullptr && *env != '\0') return env;
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto installed = exe.parent_path().parent_path() / "share" / "skillpulse";
    if (std::filesystem::exists(installed / "fx_rates.csv", ec)) return installed.string();
  }
  return SP_SOURCE_DATA_DIR;
}

std::string DataFile(const std::string& name) { return DataDir() + "/" + name; }

}  // namespace skillpulse
