// Generic JSON Lines: one posting object per line, columns mapped onto our fields by name
// (sources/mapping.h; --map FIELD=KEY overrides). Nested objects are not descended into.
#include <unordered_map>

#include "core/input.h"
#include "core/text.h"
#include "sources/formats.h"
#include "sources/json_util.h"
#include "sources/mapping.h"

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
      if (!err) err = d.get_object().get(obj);
      std::fill(values_.begin(), values_.end(), std::string());
      if (!err) {
        for (auto field : obj) {
          std::string_view key;
          if ((err = field.unescaped_key().get(key))) break;
          od::value v;
          if ((err = field.value().get(v))) break;
          size_t col = ColumnFor(key);
          values_[col] = json::AsString(v);
        }
      }
      if (err) {
        Quarantine(diag, line, "invalid JSON: " + json::ErrorText(err));
        continue;
      }
      if (!mapping_) {
        auto m = ColumnMapping::Resolve(keys_, spec_.mapping);
        if (!m.ok()) return m.status().WithContext(doc_.origin);
        if (!m->usable()) {
          return InvalidArgument(doc_.origin + ": no title or description key found (keys: " + KeyList() +
                                 "); map them with --map title=KEY --map description=KEY");
        }
        mapping_ = std::move(m).value();
      }
      std::vector<std::string_view> views(values_.begin(), values_.end());
      JobPosting p;
      char id[24];
      std::snprintf(id, sizeof id, "%016llx", static_cast<unsigned long long>(Hash64(line.text)));
      if (auto reason = FillPosting(*mapping_, views, id, p)) {
        Quarantine(diag, line, *reason);
        continue;
      }
      if (p.source.empty()) p.source = spec_.name.empty() ? doc_.stem : spec_.name;
      p.origin = doc_.origin;
      p.origin_line = line.number;
      batch.postings.push_back(std::move(p));
    }
    return SourceState::kHaveMore;
  }

  uint64_t bytes_read() const override { return lines_.bytes_read(); }

 private:
  size_t ColumnFor(std::string_view key) {
    auto it = index_.find(std::string(key));
    if (it != index_.end()) return it->second;
    // A key first seen after the mapping was resolved is kept but not mapped.
    size_t col = keys_.size();
    keys_.emplace_back(key);
    index_.emplace(std::string(key), col);
    values_.emplace_back();
    return col;
  }
  std::string KeyList() const {
    std::string s;
    for (const auto& k : keys_) s += (s.empty() ? "" : ", ") + k;
    return s;
  }
  void Quarantine(Diagnostics& diag, const LineReader::Line& line, std::string reason) {
    diag.Quarantine({spec_.name.empty() ? std::string(kType) : spec_.name, doc_.origin, line.number, line.offset,
                     std::move(reason), std::string(line.text)});
  }

  SourceSpec spec_;
  Document doc_;
  LineReader lines_;
  od::parser parser_;
  std::vector<std::string> keys_;
  std::unordered_map<std::string, size_t> index_;
  std::vector<std::string> values_;
  std::optional<ColumnMapping> mapping_;
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
