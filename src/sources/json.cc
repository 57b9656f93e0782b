// Generic JSON documents: postings as the objects of the top-level array, or of the first
// array of objects under a key of the top-level object ({"name": "Uber", "jobs": [...]},
// {"results": [...]}), columns mapped onto our fields by name as for JSON Lines
// (sources/json_mapped.h; --map FIELD=KEY overrides). Read incrementally (json_records.h), so
// a document of any size streams. The ATS formats with a shape of their own (Greenhouse,
// Lever, Ashby, SimplifyJobs) are recognised before this one.
#include <cstdio>
#include <memory>
#include <optional>

#include "core/text.h"
#include "sources/formats.h"
#include "sources/json_mapped.h"
#include "sources/json_records.h"
#include "sources/source_util.h"

namespace skillpulse {
namespace {

namespace od = simdjson::ondemand;

constexpr std::string_view kType = "json";

// What the record function keeps across a document's records.
struct DocumentState {
  MappedJsonRecords records;
  std::string source_name;    // the source of its postings
  std::string quarantine_as;  // the source named in quarantined records
  std::string origin;
  bool not_postings = false;  // the first record showed the records are not postings
  // The employer named once above the records ({"name": "Uber", "jobs": [...]}, stapply's
  // careers exports): the company of records that name none. Read from the first record's
  // JsonRecord::head; nullopt until then.
  std::optional<std::string> company;
};

Result<std::unique_ptr<Source>> Open(const SourceSpec& spec, const Document& doc) {
  auto st = std::make_shared<DocumentState>(DocumentState{
      MappedJsonRecords(spec.mapping, /*name_is_no_title=*/true), spec.name.empty() ? doc.source_name() : spec.name,
      spec.name.empty() ? std::string(kType) : spec.name, doc.origin, false, std::nullopt});
  auto on_record = [st](od::value element, const JsonRecord& record, std::vector<JobPosting>& out,
                        Diagnostics& diag) -> simdjson::error_code {
    if (st->not_postings) {
      diag.Count("json.records_not_postings");
      return simdjson::SUCCESS;
    }
    od::object obj;
    if (auto e = element.get_object().get(obj)) return e;
    if (auto e = st->records.Read(obj)) return e;
    JobPosting p;
    char id[24];
    std::snprintf(id, sizeof id, "%016llx", static_cast<unsigned long long>(Hash64(record.json)));
    auto reason = st->records.Fill(id, p);
    if (!reason.ok()) {
      // The records are not postings (no title or description key: Greenhouse's /offices, a
      // list of companies): said once, as for a file of another format, and the document's
      // records are counted, not read.
      st->not_postings = true;
      diag.Warn("skipped the records of " + st->origin + ": " + reason.status().message());
      diag.Count("json.records_not_postings");
      return simdjson::SUCCESS;
    }
    if (*reason) {
      // A record without title and description, among postings, is quarantined alone.
      diag.Quarantine({st->quarantine_as, st->origin, record.index, record.offset,
                       "records[" + std::to_string(record.index - 1) + "]: " + **reason,
                       std::string(record.Excerpt())});
      return simdjson::SUCCESS;
    }
    if (!st->company) {
      std::string c;
      for (std::string_view k : {"company", "company_name", "companyName", "name"}) {
        if (c.empty()) c = TopLevelString(record.head, k);
      }
      st->company = CollapseWhitespace(c);
    }
    if (p.company.empty()) p.company = *st->company;
    if (p.source.empty()) p.source = st->source_name;
    p.origin = st->origin;
    p.origin_line = record.index;
    out.push_back(std::move(p));
    return simdjson::SUCCESS;
  };
  return OpenJsonRecords(doc, {kType, kAnyRecordsArray, "records"}, std::move(on_record));
}

// A JSON document: it opens with '[', or with '{', and its head names a title or description
// key. Scores below every format with a shape of its own, which recognise their keys first; a
// first line that is a whole object scores below JSON Lines too (one record per line is the
// likelier reading; json:FILE still reads it).
int Sniff(std::string_view origin, std::string_view head) {
  (void)origin;
  const size_t i = ContentStart(head);
  if (i >= head.size()) return 0;
  if (head[i] != '[' && head[i] != '{') return 0;
  // Records of postings name a title or a description near their start; JSON of other things
  // (Greenhouse's /offices, whose objects have a "name") is not read as postings.
  bool posting_keys = false;
  for (std::string_view k : {"\"title\"", "\"job_title\"", "\"jobtitle\"", "\"position\"", "\"description\"",
                             "\"job_description\"", "\"descriptionplain\"", "\"description_html\""}) {
    posting_keys = posting_keys || head.find(k) != std::string_view::npos;
  }
  if (!posting_keys) return 0;
  if (head[i] == '[') return 20;
  size_t nl = head.find('\n', i);
  std::string_view first = TrimAscii(head.substr(i, nl == std::string_view::npos ? head.size() - i : nl - i));
  const bool whole_line_object = first.size() >= 2 && first.back() == '}';
  return whole_line_object ? 5 : 20;
}

}  // namespace

void RegisterJsonSource(SourceRegistry& r) {
  SourceFormat f;
  f.type = kType;
  f.description =
      "a JSON document: an array of posting objects, or an object holding one (json:FILE; keys mapped by name as for "
      "jsonl; --map FIELD=KEY)";
  f.sniff = Sniff;
  f.open = Open;
  r.Register(f);
}

}  // namespace skillpulse
