#include "core/json_writer.h"
#include "core/text.h"
#include "enrich/skills/taxonomy.h"
#include "pipeline/sink.h"

namespace skillpulse {
namespace {

class StoreSink : public Sink {
 public:
  StoreSink(Store& store, RunInfo run, const Taxonomy& taxonomy)
      : store_(store), run_(std::move(run)), taxonomy_(taxonomy) {}
  Status Open() override { return store_.BeginRun(run_, taxonomy_); }
  void Prepare(PostingBatch& batch) const override { store_.Prepare(batch); }
  Status Write(const PostingBatch& batch) override { return store_.Write(batch); }
  Status WriteQuarantine(std::vector<QuarantinedRecord> records) override { return store_.WriteQuarantine(records); }
  Status Finish(const Diagnostics& diag) override { return store_.FinishRun(diag); }
  Result<int64_t> CloseMissing(const std::string& source, const std::vector<std::string>& seen_source_ids,
                               int64_t fetched_at) override {
    return store_.CloseMissing(source, seen_source_ids, fetched_at);
  }
  Result<int64_t> TouchOpen(const std::string& source, int64_t fetched_at) override {
    return store_.TouchOpen(source, fetched_at);
  }

 private:
  Store& store_;
  RunInfo run_;
  const Taxonomy& taxonomy_;
};

class JsonlSink : public Sink {
 public:
  JsonlSink(FILE* out, const Taxonomy& taxonomy, FILE* quarantine)
      : out_(out), taxonomy_(taxonomy), quarantine_(quarantine) {}
  Status Open() override { return Status::Ok(); }
  Status Write(const PostingBatch& batch) override {
    buf_.clear();
    for (const JobPosting& p : batch.postings) {
      AppendPostingJson(p, taxonomy_, buf_);
      buf_.push_back('\n');
    }
    if (std::fwrite(buf_.data(), 1, buf_.size(), out_) != buf_.size()) return IoError("write failed");
    return Status::Ok();
  }
  Status WriteQuarantine(std::vector<QuarantinedRecord> records) override {
    if (quarantine_ == nullptr || records.empty()) return Status::Ok();
    std::string lines;
    for (const QuarantinedRecord& r : records) {
      AppendQuarantinedJson(r, lines);
      lines.push_back('\n');
    }
    if (std::fwrite(lines.data(), 1, lines.size(), quarantine_) != lines.size()) {
      return IoError("quarantine file: write failed");
    }
    return Status::Ok();
  }
  Status Finish(const Diagnostics&) override {
    if (std::fflush(out_) != 0) return IoError("write failed");
    if (quarantine_ != nullptr && std::fflush(quarantine_) != 0) return IoError("quarantine file: write failed");
    return Status::Ok();
  }

 private:
  FILE* out_;
  const Taxonomy& taxonomy_;
  FILE* quarantine_;
  std::string buf_;
};

}  // namespace

std::unique_ptr<Sink> MakeStoreSink(Store& store, RunInfo run, const Taxonomy& taxonomy) {
  return std::make_unique<StoreSink>(store, std::move(run), taxonomy);
}

std::unique_ptr<Sink> MakeJsonlSink(FILE* out, const Taxonomy& taxonomy, FILE* quarantine) {
  return std::make_unique<JsonlSink>(out, taxonomy, quarantine);
}

void AppendQuarantinedJson(const QuarantinedRecord& r, std::string& out) {
  JsonWriter w(out);
  w.BeginObject();
  w.Field("source", r.source).Field("origin", r.origin);
  w.Field("line", static_cast<int64_t>(r.line)).Field("offset", static_cast<int64_t>(r.offset));
  w.Field("reason", r.reason).Field("excerpt", r.excerpt);
  w.EndObject();
}

void AppendPostingJson(const JobPosting& p, const Taxonomy& taxonomy, std::string& out) {
  JsonWriter w(out);
  w.BeginObject();
  w.Field("source", p.source).Field("source_id", p.source_id).Field("url", p.url);
  w.Field("company", p.company).Field("title", p.title).Field("location", p.location);
  w.Field("work_mode", WorkModeName(p.work_mode));
  if (p.seniority == Seniority::kUnknown) {
    w.NullField("seniority");
  } else {
    w.Field("seniority", SeniorityName(p.seniority));
  }
  w.Field("experience_years_min", p.experience_years_min);
  w.Key("salary");
  if (p.salary) {
    const Salary& s = *p.salary;
    w.BeginObject();
    w.Field("currency", s.currency).Field("period", SalaryPeriodName(s.period));
    w.Field("min", s.min).Field("max", s.max);
    w.Field("annual_usd_min", s.annual_usd_min).Field("annual_usd_max", s.annual_usd_max);
    w.Field("origin", SalaryOriginName(s.origin));
    w.Field("is_estimate", s.is_estimate);
    if (s.payments_per_year > 0) w.Field("payments_per_year", static_cast<int64_t>(s.payments_per_year));
    w.Key("ranges").BeginArray();
    for (const auto& r : s.ranges) {
      w.BeginObject().Field("currency", r.currency).Field("period", SalaryPeriodName(r.period));
      w.Field("min", r.min).Field("max", r.max).EndObject();
    }
    w.EndArray();
    if (!s.fx_date.empty()) w.Field("fx_date", s.fx_date);
    w.EndObject();
  } else {
    w.Null();
  }
  w.Key("skills").BeginArray();
  for (const auto& m : p.skills) {
    if (m.skill_id >= taxonomy.size()) continue;
    const Skill& s = taxonomy.at(m.skill_id);
    w.BeginObject().Field("name", s.name).Field("kind", SkillKindName(s.kind)).Field("required", m.required);
    w.EndObject();
  }
  w.EndArray();
  if (p.posted_at) {
    w.Field("posted_at", FormatIso8601(*p.posted_at));
  } else {
    w.NullField("posted_at");
  }
  if (p.month.empty()) {
    w.NullField("month");
  } else {
    w.Field("month", p.month);
  }
  // Beyond the contract: the rest of what we know.
  auto str_or_null = [&](std::string_view key, const std::string& v) {
    if (v.empty()) {
      w.NullField(key);
    } else {
      w.Field(key, v);
    }
  };
  str_or_null("country", p.place.country);
  str_or_null("region", p.place.region);
  str_or_null("city", p.place.city);
  str_or_null("remote_scope", p.remote_scope);
  if (p.employment_type == EmploymentType::kUnknown) {
    w.NullField("employment_type");
  } else {
    w.Field("employment_type", EmploymentTypeName(p.employment_type));
  }
  w.Field("visa_sponsorship", p.visa_sponsorship);
  str_or_null("apply_url", p.apply_url);
  w.EndObject();
}

}  // namespace skillpulse
