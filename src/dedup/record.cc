#include "dedup/record.h"

#include "core/text.h"
#include "dedup/config.h"
#include "dedup/normalize.h"
#include "dedup/url.h"

namespace skillpulse {

uint64_t KeyHash(std::string_view key) {
  if (key.empty()) return 0;
  uint64_t h = Hash64(key);
  return h == 0 ? 1 : h;
}

uint64_t PostingIdentity(std::string_view source, std::string_view source_id) {
  std::string s;
  s.reserve(source.size() + source_id.size() + 1);
  s.append(source).push_back('\0');
  s.append(source_id);
  return Hash64(s);
}

DedupRecord ComputeDedupRecord(const JobPosting& p, const DedupRules& rules, const DedupConfig& config) {
  DedupRecord r;
  r.identity = PostingIdentity(p.source, p.source_id);
  const std::string company = rules.CompanyKey(p.company);
  const DedupRules::Location location = rules.ParseLocation(p.location);
  const std::string title = rules.TitleKey(p.title, p.location);
  r.company = KeyHash(company);
  std::string block = company;
  block.push_back('\x1f');
  block += title;
  r.block = KeyHash(block);
  r.location = KeyHash(location.key);
  r.remote = location.remote;
  r.no_location = location.blank;
  // A source that states the work mode apart from the location ("Acme | Engineer | Remote |
  // Full-time": the HN header's work-mode field) gave a location: a bare "Remote".
  if (location.key.empty() && p.work_mode == WorkMode::kRemote) {
    r.remote = true;
    r.no_location = false;
  }
  r.multi_role = rules.IsMultiRoleTitle(p.title);
  JobUrlKey url = PostingUrlKey(p.apply_url, p.url, rules);
  r.url = KeyHash(url.key);
  r.url_is_ats = url.ats;
  r.requisition = KeyHash(rules.RequisitionId(p.description_text));
  r.text = ComputeMinHash(p.description_text, config.shingle_words);
  return r;
}

namespace {
constexpr size_t kSerializedSize = 8 * 9 + 4 + 1 + 2 * kMinHashSize;

void Put(std::string& out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
uint64_t Get(std::string_view in, size_t& pos, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= static_cast<uint64_t>(static_cast<unsigned char>(in[pos + i])) << (8 * i);
  pos += static_cast<size_t>(bytes);
  return v;
}
}  // namespace

std::string SerializeDedupRecord(const DedupRecord& r) {
  std::string out;
  out.reserve(kSerializedSize);
  for (uint64_t v : {static_cast<uint64_t>(r.posting_id), r.identity, static_cast<uint64_t>(r.first_seen),
                     static_cast<uint64_t>(r.last_seen), r.company, r.block, r.location, r.url, r.requisition}) {
    Put(out, v, 8);
  }
  Put(out, r.text.shingles, 4);
  Put(out, static_cast<uint64_t>((r.url_is_ats ? 1 : 0) | (r.remote ? 2 : 0) | (r.no_location ? 4 : 0) | (r.multi_role ? 8 : 0)), 1);
  for (uint16_t v : r.text.values) Put(out, v, 2);
  return out;
}

bool ParseDedupRecord(std::string_view bytes, DedupRecord& r) {
  if (bytes.size() != kSerializedSize) return false;
  size_t pos = 0;
  r.posting_id = static_cast<int64_t>(Get(bytes, pos, 8));
  r.identity = Get(bytes, pos, 8);
  r.first_seen = static_cast<int64_t>(Get(bytes, pos, 8));
  r.last_seen = static_cast<int64_t>(Get(bytes, pos, 8));
  r.company = Get(bytes, pos, 8);
  r.block = Get(bytes, pos, 8);
  r.location = Get(bytes, pos, 8);
  r.url = Get(bytes, pos, 8);
  r.requisition = Get(bytes, pos, 8);
  r.text.shingles = static_cast<uint32_t>(Get(bytes, pos, 4));
  uint64_t flags = Get(bytes, pos, 1);
  r.url_is_ats = flags & 1;
  r.remote = flags & 2;
  r.no_location = flags & 4;
  r.multi_role = flags & 8;
  for (auto& v : r.text.values) v = static_cast<uint16_t>(Get(bytes, pos, 2));
  return true;
}

}  // namespace skillpulse
