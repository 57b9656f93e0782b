// Generic CSV (RFC 4180, parsed with libcsv): a header row, then one posting per record;
// columns mapped onto our fields by name (sources/mapping.h; --map FIELD=COLUMN overrides).
// The delimiter (',' ';' TAB '|') is detected from the header unless given.
#include <csv.h>

#include <cstring>
#include <deque>

#include "sources/csv.h"

#include "core/input.h"
#include "core/text.h"
#include "sources/formats.h"
#include "sources/mapping.h"

namespace skillpulse {
namespace {

constexpr std::string_view kType = "csv";
constexpr size_t kMaxRecordBytes = size_t{64} << 20;

char DetectDelimiter(std::string_view head) {
  size_t nl = head.find('\n');
  std::string_view first = head.substr(0, nl);
  int best = 0;
  char delim = ',';
  for (char c : {',', ';', '\t', '|'}) {
    int n = 0;
    bool quoted = false;
    for (char ch : first) {
      if (ch == '"') quoted = !quoted;
      if (!quoted && ch == c) ++n;
    }
    if (n > best) {
      best = n;
      delim = c;
    }
  }
  return delim;
}

class CsvSource : public Source {
 public:
  CsvSource(SourceSpec spec, Document doc, std::unique_ptr<InputStream> in, CsvPreset preset)
      : spec_(std::move(spec)), doc_(std::move(doc)), in_(std::move(in)), preset_(std::move(preset)) {
    csv_init(&parser_, CSV_APPEND_NULL);
    buf_.resize(1 << 20);
  }
  ~CsvSource() override { csv_free(&parser_); }

  Result<SourceState> Next(PostingBatch& batch, Diagnostics& diag) override {
    batch_ = &batch;
    diag_ = &diag;
    while (!batch.full() || !pending_.empty()) {
      // Records parsed but not yet handed out (a chunk can hold many).
      while (!pending_.empty() && !batch.full()) {
        batch.postings.push_back(std::move(pending_.front()));
        pending_.pop_front();
      }
      if (batch.full()) break;
      if (done_) return pending_.empty() ? SourceState::kFinished : SourceState::kHaveMore;
      SP_ASSIGN_OR_RETURN(size_t got, in_->Read(buf_.data(), buf_.size()));
      if (got == 0) {
        done_ = true;
        // libcsv's state (csv.h): 2 = FIELD_BEGUN; inside a quoted field that never closed, the
        // input ended mid-record, and the record libcsv flushes is incomplete.
        unterminated_ = parser_.pstate == 2 && parser_.quoted != 0;
        csv_fini(&parser_, &OnField, &OnRecord, this);
        continue;
      }
      if (delimiter_ == 0) {
        delimiter_ = spec_.csv_delimiter != 0 ? spec_.csv_delimiter : DetectDelimiter(std::string_view(buf_.data(), got));
        csv_set_delim(&parser_, static_cast<unsigned char>(delimiter_));
      }
      bytes_ += got;
      if (csv_parse(&parser_, buf_.data(), got, &OnField, &OnRecord, this) != got) {
        return ParseError(doc_.origin + ": " + csv_strerror(csv_error(&parser_)));
      }
      if (!fatal_.ok()) return fatal_;
    }
    return SourceState::kHaveMore;
  }

  uint64_t bytes_read() const override { return bytes_; }

 private:
  static void OnField(void* data, size_t len, void* self) {
    auto* s = static_cast<CsvSource*>(self);
    s->record_bytes_ += len;
    if (s->record_bytes_ > kMaxRecordBytes) {
      s->oversized_ = true;
      s->fields_.emplace_back();
      return;
    }
    s->fields_.emplace_back(static_cast<const char*>(data), len);
  }

  static void OnRecord(int, void* self) { static_cast<CsvSource*>(self)->Record(); }

  void QuarantineCurrent(std::string reason) {
    std::string excerpt;
    for (const auto& f : fields_) {
      if (!excerpt.empty()) excerpt.push_back(delimiter_);
      excerpt += f.substr(0, 256);
      if (excerpt.size() > Diagnostics::kMaxExcerptBytes) break;
    }
    diag_->Quarantine({spec_.name.empty() ? std::string(preset_.type) : spec_.name, doc_.origin, record_no_, 0,
                       "record " + std::to_string(record_no_) + ": " + std::move(reason), std::move(excerpt)});
    fields_.clear();
    record_bytes_ = 0;
    oversized_ = false;
  }

  void Record() {
    ++record_no_;
    if (!header_done_) {
      header_done_ = true;
      header_ = fields_;
      if (!header_.empty()) {
        // A UTF-8 byte order mark before the first column name.
        if (header_[0].rfind("\xEF\xBB\xBF", 0) == 0) header_[0].erase(0, 3);
      }
      // The preset's columns that this header has, then the user's --map on top.
      std::map<std::string, std::string> overrides;
      for (const auto& [field, column] : preset_.columns) {
        for (const auto& h : header_) {
          if (EqualsIgnoreAsciiCase(TrimAscii(h), column)) overrides[field] = column;
        }
      }
      for (const auto& [field, column] : spec_.mapping) overrides[field] = column;
      auto m = ColumnMapping::Resolve(header_, overrides);
      if (!m.ok()) {
        fatal_ = m.status().WithContext(doc_.origin);
      } else if (!m->usable()) {
        std::string cols;
        for (const auto& h : header_) cols += (cols.empty() ? "" : ", ") + h;
        fatal_ = InvalidArgument(doc_.origin + ": no title or description column in the header (" + cols +
                                 "); map them with --map title=COLUMN --map description=COLUMN");
      } else {
        mapping_ = std::move(m).value();
      }
      fields_.clear();
      record_bytes_ = 0;
      return;
    }
    if (!mapping_) {
      // The header did not map (fatal_ says why; Next returns it after this chunk): the rows
      // libcsv still hands over from the chunk are not read.
      fields_.clear();
      record_bytes_ = 0;
      return;
    }
    if (unterminated_) {
      QuarantineCurrent("input ends inside a quoted field (unterminated quote)");
      return;
    }
    if (oversized_) {
      QuarantineCurrent("record of " + std::to_string(record_bytes_) + " bytes exceeds the limit of " +
                        std::to_string(kMaxRecordBytes) + " bytes");
      return;
    }
    if (fields_.size() == 1 && fields_[0].empty()) {  // blank line
      fields_.clear();
      return;
    }
    if (fields_.size() != header_.size()) {
      QuarantineCurrent("expected " + std::to_string(header_.size()) + " fields (the header's), got " +
                        std::to_string(fields_.size()));
      return;
    }
    for (size_t i = 0; i < fields_.size(); ++i) {
      if (!IsValidUtf8(fields_[i])) {
        QuarantineCurrent("invalid UTF-8 in column '" + header_[i] + "'");
        return;
      }
    }
    std::vector<std::string_view> views(fields_.begin(), fields_.end());
    std::string joined;
    for (const auto& f : fields_) joined += f + '\x1f';
    char id[24];
    std::snprintf(id, sizeof id, "%016llx", static_cast<unsigned long long>(Hash64(joined)));
    JobPosting p;
    if (auto reason = FillPosting(*mapping_, views, id, p)) {
      QuarantineCurrent(*reason);
      return;
    }
    if (p.source.empty()) p.source = spec_.name.empty() ? doc_.source_name() : spec_.name;
    p.origin = doc_.origin;
    p.origin_line = record_no_;
    if (preset_.finish) preset_.finish(spec_, CsvRecord{header_, fields_}, p);
    pending_.push_back(std::move(p));
    fields_.clear();
    record_bytes_ = 0;
  }

  SourceSpec spec_;
  Document doc_;
  std::unique_ptr<InputStream> in_;
  CsvPreset preset_;
  csv_parser parser_;
  std::string buf_;
  char delimiter_ = 0;
  bool header_done_ = false;
  bool done_ = false;
  bool oversized_ = false;
  bool unterminated_ = false;
  size_t record_bytes_ = 0;
  uint64_t record_no_ = 0;
  uint64_t bytes_ = 0;
  std::vector<std::string> header_;
  std::vector<std::string> fields_;
  std::optional<ColumnMapping> mapping_;
  std::deque<JobPosting> pending_;
  PostingBatch* batch_ = nullptr;
  Diagnostics* diag_ = nullptr;
  Status fatal_;
};

int Sniff(std::string_view origin, std::string_view head) {
  if (head.empty() || head[0] == '{' || head[0] == '[' || head[0] == '<') return 0;
  char d = DetectDelimiter(head);
  size_t nl = head.find('\n');
  if (nl == std::string_view::npos) return 0;
  std::string_view first = head.substr(0, nl);
  if (first.find(d) == std::string_view::npos) return 0;
  // A table of something else (a salary survey, a company list) is read as postings only
  // when the user says so (csv:PATH).
  auto mapping = ColumnMapping::Resolve(CsvHeaderColumns(head), {});
  if (!mapping.ok() || !mapping->looks_like_postings()) return kMinDetectScore / 2;
  bool named_csv = origin.find(".csv") != std::string_view::npos || origin.find(".tsv") != std::string_view::npos;
  return named_csv ? 40 : 15;
}

Result<std::unique_ptr<Source>> Open(const SourceSpec& spec, const Document& doc) { return OpenCsv(spec, doc, {}); }

}  // namespace

std::string_view CsvRecord::Get(std::string_view column) const {
  for (size_t i = 0; i < header.size() && i < values.size(); ++i) {
    if (EqualsIgnoreAsciiCase(TrimAscii(header[i]), column)) return TrimAscii(values[i]);
  }
  return {};
}

Result<std::unique_ptr<Source>> OpenCsv(const SourceSpec& spec, const Document& doc, CsvPreset preset) {
  SP_ASSIGN_OR_RETURN(auto in, doc.open());
  return std::unique_ptr<Source>(new CsvSource(spec, doc, std::move(in), std::move(preset)));
}

std::vector<std::string> CsvHeaderColumns(std::string_view head) {
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  size_t nl = head.find('\n');
  if (nl == std::string_view::npos) return {};
  std::string_view line = head.substr(0, nl);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  char delim = DetectDelimiter(line);
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cur.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cur.push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == delim) {
      out.emplace_back(TrimAscii(cur));
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  out.emplace_back(TrimAscii(cur));
  return out;
}

void RegisterCsvSource(SourceRegistry& r) {
  SourceFormat f;
  f.type = kType;
  f.description = "CSV/TSV with a header row (RFC 4180; columns mapped by name; --map FIELD=COLUMN)";
  f.sniff = Sniff;
  f.open = Open;
  r.Register(f);
}

}  // namespace skillpulse
