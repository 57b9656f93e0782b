// skillpulse sources list | add | check: manage and test the live sources of sources.toml.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include "commands.h"
#include "core/input.h"
#include "core/text.h"
#include "sources/fetch/fetch_state.h"
#include "sources/fetch/session.h"
#include "sources/source.h"
#include "sources/source_config.h"

namespace skillpulse {
namespace {

std::string Pad(std::string_view s, size_t width) {
  std::string out(s);
  // Count code points, not bytes, so UTF-8 names line up.
  size_t cps = 0;
  for (unsigned char c : out) cps += (c & 0xC0) != 0x80;
  if (cps < width) out.append(width - cps, ' ');
  return out;
}

// Prints rows as an aligned table (first row = header).
void PrintTable(const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths;
  for (const auto& r : rows) {
    if (widths.size() < r.size()) widths.resize(r.size(), 0);
    for (size_t i = 0; i < r.size(); ++i) {
      size_t cps = 0;
      for (unsigned char c : r[i]) cps += (c & 0xC0) != 0x80;
      widths[i] = std::max(widths[i], cps);
    }
  }
  for (const auto& r : rows) {
    std::string line;
    for (size_t i = 0; i < r.size(); ++i) line += (i + 1 < r.size() ? Pad(r[i], widths[i] + 2) : r[i]);
    std::printf("%s\n", line.c_str());
  }
}

std::string Duration(int64_t s) {
  if (s <= 0) return "every run";
  if (s % 86'400 == 0) return std::to_string(s / 86'400) + "d";
  if (s % 3600 == 0) return std::to_string(s / 3600) + "h";
  if (s % 60 == 0) return std::to_string(s / 60) + "m";
  return std::to_string(s) + "s";
}

Result<SourcesConfig> LoadValidated(const std::string& path) {
  SP_ASSIGN_OR_RETURN(SourcesConfig c, LoadSourcesConfig(path));
  auto problems = ValidateSourcesConfig(c, SourceRegistry::Builtin());
  if (!problems.empty()) {
    std::string msg;
    for (const auto& p : problems) msg += "\n  " + p;
    return InvalidArgument(path + ": invalid sources:" + msg);
  }
  return c;
}

// ---- list ----

int RunList(const std::string& config_path, const std::string& db_path) {
  auto c = LoadSourcesConfig(config_path);
  if (!c.ok()) {
    PrintError(c.status().message());
    return 2;
  }
  const SourceRegistry& registry = SourceRegistry::Builtin();
  FetchState state;
  std::string state_path = FetchStatePathFor(db_path);
  if (auto st = FetchState::Load(state_path); st.ok()) state = std::move(st).value();
  std::vector<std::vector<std::string>> rows = {{"NAME", "TYPE", "LOCATION", "STORED AS", "REFRESH", "LAST OK", "SETTINGS"}};
  const int64_t now_s = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
  for (const SourceEntry& e : c->sources) {
    std::string stored = StoredSourceName(e, registry);
    int64_t last = state.LastSuccessMs(RefreshKey(e, registry));
    std::string last_ok = last > 0 ? FormatIso8601(last / 1000) : "never";
    if (last > 0 && e.refresh_s > 0 && now_s - last / 1000 < e.refresh_s) last_ok += " (not due)";
    std::string settings;
    auto add = [&](const std::string& s) { settings += (settings.empty() ? "" : " ") + s; };
    if (!e.enabled) add("disabled");
    if (e.fetch.concurrency) add("concurrency=" + std::to_string(*e.fetch.concurrency));
    if (e.fetch.rate_per_s) add("rate=" + std::to_string(*e.fetch.rate_per_s).substr(0, 5) + "/s");
    if (e.fetch.timeout_ms) add("timeout=" + std::to_string(*e.fetch.timeout_ms) + "ms");
    if (e.fetch.max_attempts) add("attempts=" + std::to_string(*e.fetch.max_attempts));
    if (e.fetch.robots) add(std::string("robots=") + (*e.fetch.robots ? "yes" : "no"));
    if (!e.fetch.headers.empty()) add(std::to_string(e.fetch.headers.size()) + " headers");
    rows.push_back({e.name.empty() ? "-" : e.name, e.type.empty() ? "-" : e.type, e.location,
                    stored.empty() ? "(its format's name)" : stored,
                    Duration(e.refresh_s), last_ok, settings});
  }
  PrintTable(rows);
  std::printf("%zu source%s in %s\n", c->sources.size(), c->sources.size() == 1 ? "" : "s", config_path.c_str());
  for (const auto& p : ValidateSourcesConfig(*c, registry)) std::printf("problem: %s\n", p.c_str());
  return 0;
}

// ---- add ----

struct AddArgs {
  std::string spec;
  std::string name, source, refresh;
  int concurrency = 0;
  double rate = 0;
  int64_t timeout_ms = 0;
  std::vector<std::string> headers;  // NAME=VALUE
  bool disabled = false;
};

int RunAdd(const std::string& config_path, const AddArgs& a) {
  const SourceRegistry& registry = SourceRegistry::Builtin();
  auto spec = ParseSourceSpec(a.spec, registry);
  if (!spec.ok()) {
    PrintError(spec.status().message());
    return 2;
  }
  SourceEntry e;
  e.type = spec->type;
  e.location = spec->location;
  e.name = a.name;
  e.source = a.source;
  e.enabled = !a.disabled;
  if (!a.refresh.empty()) {
    auto d = ParseDurationSeconds(a.refresh);
    if (!d) {
      PrintError("--refresh expects a duration like 30m, 6h or 1d, got '" + a.refresh + "'");
      return 2;
    }
    e.refresh_s = *d;
  }
  if (a.concurrency > 0) e.fetch.concurrency = a.concurrency;
  if (a.rate > 0) e.fetch.rate_per_s = a.rate;
  if (a.timeout_ms > 0) e.fetch.timeout_ms = a.timeout_ms;
  for (const auto& h : a.headers) {
    size_t eq = h.find('=');
    if (eq == std::string::npos || eq == 0) {
      PrintError("--header expects NAME=VALUE, got '" + h + "'");
      return 2;
    }
    e.fetch.headers.emplace_back(h.substr(0, eq), h.substr(eq + 1));
  }
  std::string existing;
  std::error_code ec;
  if (std::filesystem::exists(config_path, ec)) {
    auto text = ReadWholeFile(config_path, size_t{64} << 20);
    if (!text.ok()) {
      PrintError(text.status().message());
      return 1;
    }
    existing = std::move(text).value();
  }
  // The file as it would be: it must parse and validate before anything is written.
  std::string appended = FormatSourceEntry(e);
  std::string candidate = existing;
  if (!candidate.empty() && candidate.back() != '\n') candidate.push_back('\n');
  candidate += appended;
  auto parsed = ParseSourcesConfig(candidate, config_path);
  if (!parsed.ok()) {
    PrintError(parsed.status().message());
    return 2;
  }
  auto problems = ValidateSourcesConfig(*parsed, registry);
  if (!problems.empty()) {
    for (const auto& p : problems) PrintError(config_path + ": " + p);
    return 2;
  }
  std::ofstream out(config_path, std::ios::binary | std::ios::app);
  if (!existing.empty() && existing.back() != '\n') out << '\n';
  out << appended;
  if (!out.flush()) {
    PrintError(config_path + ": write failed");
    return 1;
  }
  std::string stored = StoredSourceName(e, registry);
  std::printf("added %s (stored as %s) to %s\n", e.Label().c_str(),
              stored.empty() ? "its format's name" : stored.c_str(), config_path.c_str());
  return 0;
}

// ---- check ----

int RunCheck(const std::string& config_path, const std::vector<std::string>& only) {
  auto c = LoadValidated(config_path);
  if (!c.ok()) {
    PrintError(c.status().message());
    return 2;
  }
  const SourceRegistry& registry = SourceRegistry::Builtin();
  FetchSessionOptions fopt;
  fopt.fetcher = c->fetcher;
  fopt.fetcher.user_agent = c->UserAgentHeader();
  FetchSession session(fopt);
  struct Row {
    std::string label;
    SourceSpec spec;
    std::unique_ptr<DocumentReader> reader;
    std::string error;
    int64_t postings = 0;
    int64_t quarantined = 0;
  };
  std::vector<Row> rows;
  Diagnostics diag(nullptr);
  for (const SourceEntry& e : c->sources) {
    if (!only.empty() && std::find(only.begin(), only.end(), e.Label()) == only.end() &&
        std::find(only.begin(), only.end(), e.Spec()) == only.end()) {
      continue;
    }
    Row r;
    r.label = e.Label();
    auto spec = ToSourceSpec(e, *c, registry);
    if (!spec.ok()) {
      r.error = spec.status().message();
      rows.push_back(std::move(r));
      continue;
    }
    r.spec = std::move(spec).value();
    // Every source's fetch starts here, all at once (within the configured limits).
    auto docs = OpenDocuments(r.spec, registry, diag, &session);
    if (!docs.ok()) {
      r.error = docs.status().message();
    } else {
      r.reader = std::move(docs).value();
    }
    rows.push_back(std::move(r));
  }
  if (rows.empty()) {
    PrintError("no source matches");
    return 2;
  }
  for (Row& r : rows) {
    if (!r.reader) continue;
    Document doc;
    for (;;) {
      auto more = r.reader->Next(doc);
      if (!more.ok()) {
        r.error = more.status().message();
        break;
      }
      if (!*more) break;
      Diagnostics local(nullptr);
      auto src = OpenDocument(r.spec, doc, registry, local);
      if (!src.ok()) {
        r.error = src.status().message();
        continue;
      }
      if (!*src) {
        auto w = local.warnings();
        r.error = w.empty() ? doc.origin + ": not readable" : w.back();
        continue;
      }
      for (;;) {
        PostingBatch b;
        auto st = (*src)->Next(b, local);
        r.postings += static_cast<int64_t>(b.size());
        if (!st.ok()) {
          r.error = st.status().message();
          break;
        }
        if (*st == SourceState::kFinished) break;
      }
      r.quarantined += static_cast<int64_t>(local.quarantined_count());
    }
  }
  session.Settle();  // a stream whose reader stopped early ends now: every outcome is final
  auto outcomes = session.Outcomes();
  std::vector<bool> used(outcomes.size(), false);
  std::vector<std::vector<std::string>> table = {{"SOURCE", "STATUS", "HTTP", "LATENCY", "REQUESTS", "POSTINGS", "ERROR"}};
  int failed = 0;
  for (Row& r : rows) {
    std::string status = r.error.empty() ? "ok" : "failed";
    std::string http = "-", latency = "-", requests = "-";
    size_t oi = 0;
    while (oi < outcomes.size() && (used[oi] || outcomes[oi].label != r.spec.raw)) ++oi;
    if (r.reader && oi < outcomes.size()) {
      used[oi] = true;
      const ListingOutcome& o = outcomes[oi];
      status = std::string(ListingStateName(o.state));
      if (o.http_status != 0) http = std::to_string(o.http_status);
      latency = std::to_string(o.latency_ms) + " ms";
      requests = std::to_string(o.requests) + (o.retries > 0 ? " (" + std::to_string(o.retries) + " retries)" : "");
      if (!o.error.empty() && r.error.empty()) r.error = o.error;
      if (o.state == ListingOutcome::State::kDone && !r.error.empty()) status = "unreadable";
    }
    if (status != "ok" && status != "unchanged") ++failed;
    std::string postings = std::to_string(r.postings);
    if (r.quarantined > 0) postings += " (+" + std::to_string(r.quarantined) + " quarantined)";
    table.push_back({r.label, status, http, latency, requests, postings, std::string(TruncateUtf8(r.error, 200))});
  }
  PrintTable(table);
  std::printf("%zu source%s checked, %d with problems\n", rows.size(), rows.size() == 1 ? "" : "s", failed);
  return failed > 0 ? 1 : 0;
}

}  // namespace

void RegisterSources(CLI::App& app, CommandLine& cli) {
  auto* cmd = app.add_subcommand("sources", "List, add and check the live sources of a sources.toml");
  cmd->require_subcommand(1);
  auto config = std::make_shared<std::string>("sources.toml");
  auto db = std::make_shared<std::string>(DefaultDbPath());

  auto* list = cmd->add_subcommand("list", "Show the configured sources, their stored names and last success");
  list->add_option("--config", *config, "The sources file (default: ./sources.toml)");
  list->add_option("--db", *db, "Store whose fetch state gives the last success (default: $SKILLPULSE_DB or ./skillpulse.db)");
  list->callback([&cli, config, db] { cli.run = [config, db] { return RunList(*config, *db); }; });

  auto add_args = std::make_shared<AddArgs>();
  auto* add = cmd->add_subcommand("add", "Append a validated [[source]] entry (e.g. sources add ashby:openai --refresh 6h)");
  add->add_option("spec", add_args->spec, "TYPE:TOKEN, TYPE:URL or a URL")->required();
  add->add_option("--config", *config, "The sources file (default: ./sources.toml; created if missing)");
  add->add_option("--name", add_args->name, "Display name");
  add->add_option("--source", add_args->source, "Stored source key (default: TYPE:TOKEN)");
  add->add_option("--refresh", add_args->refresh, "Fetch at most this often: 30m, 6h, 1d");
  add->add_option("--concurrency", add_args->concurrency, "Requests of this source in flight");
  add->add_option("--rate", add_args->rate, "Requests per second for this source");
  add->add_option("--timeout-ms", add_args->timeout_ms, "Total timeout per attempt");
  add->add_option("--header", add_args->headers, "Extra request header NAME=VALUE (repeatable)");
  add->add_flag("--disabled", add_args->disabled, "Add the entry disabled");
  add->callback([&cli, config, add_args] { cli.run = [config, add_args] { return RunAdd(*config, *add_args); }; });

  auto only = std::make_shared<std::vector<std::string>>();
  auto* check = cmd->add_subcommand("check", "Fetch each source once; report status, latency, postings and errors");
  check->add_option("names", *only, "Only these sources (display names or TYPE:TOKEN)");
  check->add_option("--config", *config, "The sources file (default: ./sources.toml)");
  check->callback([&cli, config, only] { cli.run = [config, only] { return RunCheck(*config, *only); }; });
}

}  // namespace skillpulse
