// skillpulse quarantine list: the records a run could not read, with their reasons.
#include <cstdio>
#include <limits>
#include <memory>
#include <string>

#include "commands.h"
#include "pipeline/sink.h"
#include "store/store.h"
#include "store_options.h"

namespace skillpulse {

void RegisterQuarantine(CLI::App& app, CommandLine& cli) {
  auto* cmd = app.add_subcommand("quarantine", "Show records that could not be read, with file, position and reason");
  cmd->require_subcommand(1);
  auto* list = cmd->add_subcommand("list", "List quarantined records, oldest first");
  auto store_opts = std::make_shared<StoreOptions>();
  auto limit = std::make_shared<int64_t>(50);
  auto format = std::make_shared<std::string>("text");
  AddStoreOptions(list, *store_opts);
  list->add_option("--limit", *limit, "At most this many records (0: all)")->check(CLI::NonNegativeNumber);
  list->add_option("--format", *format,
                   "text (for people), or jsonl: one JSON object per record with source, origin, line, offset, "
                   "reason, excerpt (as extract --quarantine writes)")
      ->check(CLI::IsMember({"text", "jsonl"}));
  list->callback([&cli, store_opts, limit, format] {
    cli.run = [store_opts, limit, format] {
      auto store = OpenExistingStore(*store_opts);
      if (!store.ok()) {
        PrintError(store.status().message());
        return 1;
      }
      auto total = (*store)->CountQuarantined();
      auto rows = (*store)->ListQuarantined(*limit == 0 ? std::numeric_limits<int64_t>::max() : *limit);
      if (!rows.ok() || !total.ok()) {
        PrintError(rows.ok() ? total.status().message() : rows.status().message());
        return 1;
      }
      if (*format == "jsonl") {
        std::string line;
        for (const auto& r : *rows) {
          line.clear();
          AppendQuarantinedJson(r, line);
          line.push_back('\n');
          std::fwrite(line.data(), 1, line.size(), stdout);
        }
        return std::fflush(stdout) == 0 ? 0 : 1;
      }
      for (const auto& r : *rows) {
        std::string excerpt = r.excerpt.substr(0, 120);
        for (char& c : excerpt) {
          if (c == '\n' || c == '\r' || c == '\t') c = ' ';
        }
        std::printf("%s: %s\n    %s\n", FormatPosition(r).c_str(), r.reason.c_str(), excerpt.c_str());
      }
      std::printf("%lld quarantined record(s) in %s\n", static_cast<long long>(*total),
                  DescribeStore(*store_opts).c_str());
      return 0;
    };
  });
}

}  // namespace skillpulse
