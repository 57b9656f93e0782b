#include "dedup/record.h"

#include <xxhash.h>

#include <string>
#include <unordered_map>

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

namespace {

// What a record takes from the posting's company, title and location alone.
struct PostingKeys {
  uint64_t company = 0, block = 0, location = 0;
  bool remote = false, no_location = false, multi_role = false;
};

PostingKeys ComputeKeys(std::string_view company_name, std::string_view title_text, std::string_view location_text,
                        const DedupRules& rules) {
  PostingKeys k;
  const std::string company = rules.CompanyKey(company_name);
  const DedupRules::Location location = rules.ParseLocation(location_text);
  const std::string title = rules.TitleKey(title_text, location);
  k.company = KeyHash(company);
  std::string block = company;
  block.push_back('\x1f');
  block += title;
  k.block = KeyHash(block);
  k.location = KeyHash(location.key);
  k.remote = location.remote;
  k.no_location = location.blank;
  k.multi_role = rules.IsMultiRoleTitle(title_text);
  return k;
}

// A per-thread memo of ComputeKeys (the normalizations cost ~35k instructions per posting,
// callgrind on HN): consecutive postings repeat (company, title, location) often — 38.5 % of
// the shared HN file's postings repeat one of the 4,096 before them (a company's monthly
// reposts, several openings of one role) — while the text that MinHash reads differs. Keyed by
// a 128-bit XXH3 of the three length-prefixed fields; cleared when the rules change or when it
// holds kMaxEntries (~0.4 MB per thread).
class KeysMemo {
 public:
  static constexpr size_t kMaxEntries = 4096;

  const PostingKeys& Get(std::string_view company, std::string_view title, std::string_view location,
                         const DedupRules& rules) {
    if (rules_id_ != rules.instance_id()) {
      map_.clear();
      rules_id_ = rules.instance_id();
    }
    key_.clear();
    for (std::string_view f : {company, title, location}) {
      const uint64_t n = f.size();
      key_.append(reinterpret_cast<const char*>(&n), sizeof n).append(f);
    }
    const XXH128_hash_t h = XXH3_128bits(key_.data(), key_.size());
    const Key k{h.low64, h.high64};
    if (auto it = map_.find(k); it != map_.end()) return it->second;
    if (map_.size() >= kMaxEntries) map_.clear();
    return map_.emplace(k, ComputeKeys(company, title, location, rules)).first->second;
  }

 private:
  struct Key {
    uint64_t lo, hi;
    bool operator==(const Key& o) const { return lo == o.lo && hi == o.hi; }
  };
  struct KeyHasher {
    size_t operator()(const Key& k) const { return static_cast<size_t>(k.lo); }
  };
  uint64_t rules_id_ = 0;
  std::string key_;
  std::unordered_map<Key, PostingKeys, KeyHasher> map_;
};

}  // namespace

DedupRecord ComputeDedupRecord(const JobPosting& p, const DedupRules& rules, const DedupConfig& config) {
  DedupRecord r;
  r.identity = PostingIdentity(p.source, p.source_id);
  static thread_local KeysMemo memo;
  const PostingKeys& keys = memo.Get(p.company, p.title, p.location, rules);
  r.company = keys.company;
  r.block = keys.block;
  r.location = keys.location;
  r.remote = keys.remote;
  r.no_location = keys.no_location;
  // A source that states the work mode apart from the location ("Acme | Engineer | Remote |
  // Full-time": the HN header's work-mode field) gave a location: a bare "Remote".
  if (keys.location == 0 && p.work_mode == WorkMode::kRemote) {
    r.remote = true;
    r.no_location = false;
  }
  r.multi_role = keys.multi_role;
  JobUrlKey url = PostingUrlKey(p.apply_url, p.url, rules);
  r.url = KeyHash(url.key);
  r.url_is_ats = url.ats;
  r.requisition = KeyHash(rules.RequisitionId(p.description_text));
  r.text = ComputeMinHash(p.description_text, config.shingle_words);
  return r;
}

namespace {
constexpr size_t kSerializedSize = 8 * 9 + 4 + 1 + 2 * kMinHashSize;

// Little-endian fields at a cursor; with constant `bytes` the compiler makes each one a
// single store or load.
inline void Put(char*& out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) *out++ = static_cast<char>((v >> (8 * i)) & 0xFF);
}
inline uint64_t Get(const char*& in, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= static_cast<uint64_t>(static_cast<unsigned char>(*in++)) << (8 * i);
  return v;
}
}  // namespace

std::string SerializeDedupRecord(const DedupRecord& r) {
  std::string bytes(kSerializedSize, '\0');
  char* out = bytes.data();
  for (uint64_t v : {static_cast<uint64_t>(r.posting_id), r.identity, static_cast<uint64_t>(r.first_seen),
                     static_cast<uint64_t>(r.last_seen), r.company, r.block, r.location, r.url, r.requisition}) {
    Put(out, v, 8);
  }
  Put(out, r.text.shingles, 4);
  Put(out, static_cast<uint64_t>((r.url_is_ats ? 1 : 0) | (r.remote ? 2 : 0) | (r.no_location ? 4 : 0) | (r.multi_role ? 8 : 0)), 1);
  for (uint16_t v : r.text.values) Put(out, v, 2);
  return bytes;
}

bool ParseDedupRecord(std::string_view bytes, DedupRecord& r) {
  if (bytes.size() != kSerializedSize) return false;
  const char* in = bytes.data();
  r.posting_id = static_cast<int64_t>(Get(in, 8));
  r.identity = Get(in, 8);
  r.first_seen = static_cast<int64_t>(Get(in, 8));
  r.last_seen = static_cast<int64_t>(Get(in, 8));
  r.company = Get(in, 8);
  r.block = Get(in, 8);
  r.location = Get(in, 8);
  r.url = Get(in, 8);
  r.requisition = Get(in, 8);
  r.text.shingles = static_cast<uint32_t>(Get(in, 4));
  uint64_t flags = Get(in, 1);
  r.url_is_ats = flags & 1;
  r.remote = flags & 2;
  r.no_location = flags & 4;
  r.multi_role = flags & 8;
  for (auto& v : r.text.values) v = static_cast<uint16_t>(Get(in, 2));
  return true;
}

}  // namespace skillpulse
