// libFuzzer target: the incremental JSON array reader (sources/json_records.h) on arbitrary
// bytes, with the read size and batch size taken from the first two bytes, so elements,
// strings and escapes are cut at every possible place. Checks what must hold for any input:
// every element read is whole (it starts with '{' or '[' and parses again on its own), and the
// positions handed out increase.
#include <simdjson.h>

#include <cstdint>
#include <string>

#include "core/input.h"
#include "sources/json_records.h"

namespace {

namespace od = simdjson::ondemand;
using namespace skillpulse;

simdjson::error_code Take(od::value v, const JsonRecord& rec, std::vector<JobPosting>& out, Diagnostics&) {
  od::object obj;
  if (auto e = v.get_object().get(obj)) return e;
  for (auto f : obj) {
    od::value fv;
    if (auto e = f.value().get(fv)) return e;
    (void)fv.raw_json_token();
  }
  JobPosting p;
  p.origin_line = rec.index;
  p.posted_at = static_cast<int64_t>(rec.offset);
  p.description_html = std::string(rec.json);
  out.push_back(std::move(p));
  return simdjson::SUCCESS;
}

void Run(const std::string& bytes, std::string_view key, size_t chunk, size_t capacity) {
  Document doc;
  doc.origin = "fuzz.json";
  doc.stem = "fuzz";
  doc.open = [&bytes]() -> Result<std::unique_ptr<InputStream>> { return InputStream::FromMemory("fuzz.json", bytes); };
  Diagnostics diag(nullptr);
  auto src = OpenJsonRecords(doc, {"fuzz", key, "records"}, Take, chunk);
  uint64_t last_index = 0;
  for (int i = 0; i < 100000; ++i) {
    PostingBatch batch;
    batch.capacity = capacity;
    auto st = src->Next(batch, diag);
    if (!st.ok()) __builtin_trap();  // in-memory documents always open
    for (const JobPosting& p : batch.postings) {
      if (p.origin_line <= last_index) __builtin_trap();
      last_index = p.origin_line;
      const std::string& json = p.description_html;
      if (json.empty() || json.front() != '{') __builtin_trap();
      simdjson::padded_string again(json);
      od::parser parser;
      od::document d;
      od::object o;
      if (parser.iterate(again).get(d) || d.get_object().get(o)) __builtin_trap();
    }
    if (*st == SourceState::kFinished) break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  size_t chunk = 1 + data[0] % 64;
  size_t capacity = 1 + data[1] % 8;
  std::string bytes(reinterpret_cast<const char*>(data) + 2, size - 2);
  Run(bytes, "", chunk, capacity);
  Run(bytes, "jobs", chunk, capacity);
  return 0;
}
