// skillpulse quarantine list: the records a run could not read, with their reasons.
#include <cstdio>
#include <memory>

#include "commands.h"
#include "store/store.h"
#include "store_options.h"

namespace skillpulse {

void RegisterQuarantine(CLI::App& app, CommandLine& cli) {
  auto* cmd = app.add_subcommand("quarantine", "Show records that could not be read, with file, position and reason");
  cmd->require_subcommand(1);
  auto* list = cmd->add_subcommand("list", "List quarantined records, oldest first");
  auto store_opts = std::make_shared<StoreOptions>();
  auto limit = std::make_shared<int64_t>(50);
  AddStoreOptions(list, *store_opts);
  list->add_option("--limit", *limit, "At most this many records");
  list->callback([&cli, store_opts, limit] {
    cli.run = [store_opts, limit] {
      auto store = OpenExistingStore(*store_opts);
      if (!store.ok()) {
        PrintError(store.status().message());
        return 1;
      }
      auto total = (*store)->CountQuarantined();
      auto rows = (*store)->ListQuarantined(*limit);
      if (!rows.ok() || !total.ok()) {
        PrintError(rows.ok() ? total.status().message() : rows.status().message());
        return 1;
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
