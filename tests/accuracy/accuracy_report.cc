// accuracy_report: scores the extractors against the labelled sets (tests/accuracy/labels)
// and writes docs/ACCURACY.md. Run through scripts/accuracy.sh, which passes the commit and
// the command for the page's header.
//
//   accuracy_report --out docs/ACCURACY.md [--commit SHA] [--command TEXT] [--no-llm]
//                   [--shared DIR] [--labels DIR] [--held-out]
//
// Prints the targets table to stdout. Exit 0 when the page was written (whether or not every
// target passes; tests/integration/accuracy_targets_test.cc holds the targets), 1 on errors.
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>

#include "accuracy_scoring.h"

int main(int argc, char** argv) {
  using namespace skillpulse;
  CLI::App app{"Scores the extractors against tests/accuracy/labels and writes docs/ACCURACY.md"};
  std::string out, commit = "unknown", command = "scripts/accuracy.sh";
  accuracy::Options options;
  options.shared_dir = SP_SHARED_DIR;
  options.labels_dir = SP_LABELS_DIR;
  bool no_llm = false, held_out = false;
  app.add_option("--out", out, "Markdown file to write (default: stdout only)");
  app.add_option("--commit", commit, "git commit named in the header");
  app.add_option("--command", command, "command named in the header");
  app.add_option("--shared", options.shared_dir, "the shared/ directory");
  app.add_option("--labels", options.labels_dir, "the labelled sets");
  app.add_flag("--no-llm", no_llm, "skip agreement with the LLM-extracted CSV");
  app.add_flag("--held-out", held_out,
               "the sets are held-out ones (labels/holdout*): write only their sections, no page header");
  CLI11_PARSE(app, argc, argv);
  options.llm = !no_llm;

  auto report = accuracy::Compute(options);
  if (!report.ok()) {
    std::cerr << "accuracy_report: " << report.status().ToString() << "\n";
    return 1;
  }
  for (const auto& t : accuracy::Targets(*report)) {
    if (!t.Scored()) {
      std::printf("%-45s   -    n=0     target %.2f  not labelled in this set\n", t.metric.c_str(), t.target);
      continue;
    }
    std::printf("%-45s %.3f  n=%-5lld target %.2f  %s\n", t.metric.c_str(), t.value, static_cast<long long>(t.n), t.target,
                t.Pass() ? "pass" : "FAIL");
  }
  if (out.empty()) return 0;
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
  if (held_out) {
    std::ofstream f(out, std::ios::binary);
    // The README beside the labels, named as the repository path (tests/accuracy/labels/...).
    std::string dir = options.labels_dir;
    while (!dir.empty() && dir.back() == '/') dir.pop_back();
    const size_t at = dir.find("tests/accuracy/labels");
    f << accuracy::RenderMarkdown(*report, (at == std::string::npos ? dir : dir.substr(at)) + "/README.md");
    if (!f) {
      std::cerr << "accuracy_report: cannot write " << out << "\n";
      return 1;
    }
    return 0;
  }
  std::string md = "# Accuracy\n\n";
  md += "Generated " + std::string(date) + " at commit `" + commit + "` by `" + command +
        "` (do not edit by hand). Labelled sets: `tests/accuracy/labels/` (conventions in its README.md), written "
        "by people reading the postings. Postings are read from `../shared/data` through the source formats and "
        "enriched by `PostingEnricher`, as `skillpulse extract` does (Uber and ruanyf/weekly are mapped field by "
        "field in `tests/accuracy/accuracy_scoring.cc`: the generic `json` format reads both files but not "
        "Uber's secondary locations). The targets are held by "
        "`tests/integration/accuracy_targets_test.cc`.\n\n";
  md += accuracy::RenderMarkdown(*report);
  std::ofstream f(out, std::ios::binary);
  f << md;
  if (!f) {
    std::cerr << "accuracy_report: cannot write " << out << "\n";
    return 1;
  }
  std::cerr << "wrote " << out << "\n";
  return 0;
}
