// Fuzzes the dedup record of a posting (normalization of company / title / location, the
// requisition scan, MinHash of the description) and record deserialization: any bytes, no
// crash; a record survives a serialization round trip; the vector and scalar word scanners
// give the same word hashes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "dedup/cluster.h"
#include "dedup/config.h"
#include "dedup/minhash.h"
#include "dedup/normalize.h"
#include "dedup/record.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace skillpulse;
  static const auto rules = DedupRules::Default();
  const std::string in(reinterpret_cast<const char*>(data), size);
  // Fields separated by '\n': company, title, location, apply URL, then the description.
  std::string field[5];
  size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    size_t nl = i < 4 ? in.find('\n', start) : std::string::npos;
    field[i] = in.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  JobPosting p;
  p.company = field[0];
  p.title = field[1];
  p.location = field[2];
  p.apply_url = field[3];
  p.description_text = field[4];
  DedupConfig config;
  DedupRecord r = ComputeDedupRecord(p, *rules, config);
  DedupRecord back;
  if (!ParseDedupRecord(SerializeDedupRecord(r), back) || back.block != r.block || back.text.values != r.text.values) {
    std::abort();
  }
  if (MatchPair(r, r, config) == MatchReason::kNone && r.company != 0 && (r.text.shingles > 0 || config.match_without_text)) {
    std::abort();  // a record is always the same job as itself
  }
  std::vector<uint64_t> fast, scalar;
  AppendTextWordHashes(in, fast);
  AppendTextWordHashesScalar(in, scalar);
  if (fast != scalar) std::abort();
  (void)ParseDedupRecord(in, back);  // arbitrary bytes as a serialized record
  return 0;
}
