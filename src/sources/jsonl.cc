// Generic JSON Lines: one posting object per line, columns mapped onto our fields by name
// (sources/mapping.h; --map FIELD=KEY overrides). Nested objects are not descended into.
#include <cstdio>

#include "core/input.h"
#include "core/text.h"
#include "sources/formats.h"
#include "sources/json_mapped.h"
#include "sources/json_util.h"

namespace skillpulse {
namespace {

namespace od = simdjson::ondemand;

constexpr std::string_view kType = "jsonl";

class JsonlSource : public Source {
 public:
  JsonlSource(SourceSpec spec, Document doc, std::unique_ptr<InputStream> in)
      : spec_(std::move(spec)), doc_(std::move(doc)), lines_(std::move(in)) {}

  Result<SourceState> Next(PostingBatch& batch, Diagnostics& diag) override {
    LineReader::Line line;
    while (!batch.full()) {
      auto st = lines_.Next(line);
      if (!st.ok()) return st.status().WithContext(doc_.origin);
      if (*st == LineReader::State::kEof) return SourceState::kFinished;
      if (*st == LineReader::State::kTooLong) {
        Quarantine(diag, line, "record of " + std::to_string(line.length) + " bytes exceeds the line limit");
        continue;
      }
      if (TrimAscii(line.text).empty()) continue;
      simdjson::padded_string_view view(line.text.data(), line.text.size(), line.text.size() + LineReader::kPadding);
      od::document d;
      od::object obj;
      simdjson::error_code err = parser_.iterate(view).get(d);
      if (!err && (err = d.get_object().get(obj)) == simdjson::INCORRECT_TYPE) {
        Quarantine(diag, line, "not a JSON object (a JSON Lines record is one object per line)");
        continue;
      }
      if (!err) err = records_.Read(obj);
      if (err) {
        Quarantine(diag, line, "invalid JSON: " + json::ErrorText(err));
        continue;
      }
      JobPosting p;
      char id[24];
      std::snprintf(id, sizeof id, "%016llx", static_cast<unsigned long long>(Hash64(line.text)));
      auto reason = records_.Fill(id, p);
      if (!reason.ok()) return reason.status().WithContext(doc_.origin);
      if (*reason) {
        Quarantine(diag, line, std::move(**reason));
        continue;
      }
      if (p.source.empty()) p.source = spec_.name.empty() ? doc_.source_name() : spec_.name;
      p.origin = doc_.origin;
      p.origin_line = line.number;
      batch.postings.push_back(std::move(p));
    }
    return SourceState::kHaveMore;
  }

  uint64_t bytes_read() const override { return lines_.bytes_read(); }

 private:
  void Quarantine(Diagnostics& diag, const LineReader::Line& line, std::string reason) {
    diag.Quarantine({spec_.name.empty() ? std::string(kType) : spec_.name, doc_.origin, line.number, line.offset,
                     std::move(reason), std::string(line.text)});
  }

  SourceSpec spec_;
  Document doc_;
  LineReader lines_;
  od::parser parser_;
  MappedJsonRecords records_{spec_.mapping};
};

int Sniff(std::string_view origin, std::string_view head) {
  (void)origin;
  size_t i = 0;
  while (i < head.size() && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t')) ++i;
  if (i >= head.size() || head[i] != '{') return 0;
  size_t nl = head.find('\n', i);
  std::string_view first = TrimAscii(head.substr(i, nl == std::string_view::npos ? head.size() - i : nl - i));
  return first.size() >= 2 && first.back() == '}' ? 30 : 0;
}

Result<std::unique_ptr<Source>> Open(const SourceSpec& spec, const Document& doc) {
  SP_ASSIGN_OR_RETURN(auto in, doc.open());
  return std::unique_ptr<Source>(new JsonlSource(spec, doc, std::move(in)));
}

}  // namespace

void RegisterJsonlSource(SourceRegistry& r) {
  SourceFormat f;
  f.type = kType;
  f.description = "JSON Lines, one posting object per line (columns mapped by name; --map FIELD=KEY)";
  f.sniff = Sniff;
  f.open = Open;
  r.Register(f);
}

}  // namespace skillpulse
