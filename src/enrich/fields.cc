// ExtractFields: every scalar extractor over one read of the text.
#include <memory>

#include "enrich/field_scan.h"
#include "enrich/fields.h"
#include "enrich/fields_internal.h"

namespace skillpulse {
namespace fields {

const TriggerScanner& CombinedScanner() {
  static const std::unique_ptr<TriggerScanner> s = [] {
    auto sc = std::make_unique<TriggerScanner>();
    RegisterSeniorityTriggers(*sc);
    RegisterRoleTriggers(*sc);
    RegisterWorkModeTriggers(*sc);
    RegisterEmploymentTriggers(*sc);
    RegisterVisaTriggers(*sc);
    RegisterExperienceTriggers(*sc);
    sc->Build();
    return sc;
  }();
  return *s;
}

}  // namespace fields

FieldsResult ExtractFields(const FieldsInput& in) {
  FieldsResult out;
  const unsigned want = ~in.skip;
  bool seniority_from_text = false;
  if (want & kFieldSeniority) {
    out.seniority = fields::SeniorityFromTitle(in.title);
    seniority_from_text = out.seniority == Seniority::kUnknown;
  }
  const bool text_needed =
      (want & (kFieldExperience | kFieldWorkMode | kFieldEmploymentType | kFieldVisa)) != 0 || seniority_from_text;
  thread_local std::vector<fields::Hit> hits;
  hits.clear();
  if (text_needed) fields::CombinedScanner().Scan(in.text, hits, kMaxFieldHits);
  fields::TextLayout layout;
  fields::LayoutText(in.text, layout);
  if (seniority_from_text) {
    out.seniority = fields::SeniorityFromText(in.text, hits, layout.header_end(), fields::TitleRoleOf(in.title));
  }
  if (want & kFieldExperience) out.experience_years_min = fields::ExperienceFromHits(in.text, hits);
  if (want & kFieldWorkMode) {
    out.work_mode =
        fields::WorkModeFromHits(in.location, in.title, layout, hits, in.work_mode_hint, in.known_work_mode);
  }
  if ((want & kFieldPlace) && !in.location.empty()) out.place = NormalizeLocation(in.location);
  if (want & kFieldEmploymentType) {
    out.employment_type = fields::EmploymentFromHits(in.employment_type_raw, in.title, layout, hits);
  }
  if (want & kFieldVisa) out.visa_sponsorship = fields::VisaFromHits(layout, hits);
  return out;
}

void EnrichFields(JobPosting& p, const FieldHints& hints) {
  FieldsInput in;
  in.work_mode_hint = hints.work_mode;
  in.known_work_mode = p.work_mode;
  in.title = p.title;
  in.location = p.location;
  in.text = p.description_text;
  in.employment_type_raw = p.employment_type_raw;
  const bool place_known = !p.place.country.empty() || !p.place.city.empty();
  if (p.seniority != Seniority::kUnknown) in.skip |= kFieldSeniority;
  if (p.experience_years_min) in.skip |= kFieldExperience;
  // A known remote mode with a known scope needs nothing more. A source's onsite or hybrid
  // (an HN header's ONSITE) is still checked against the text: a post that offers remote
  // elsewhere ("Software Engineer: (can be remote)") is remote, and an onsite one that counts
  // office days ("3-days in office most weeks") is hybrid.
  if (p.work_mode == WorkMode::kRemote && !p.remote_scope.empty()) in.skip |= kFieldWorkMode;
  if (place_known) in.skip |= kFieldPlace;
  if (p.employment_type != EmploymentType::kUnknown) in.skip |= kFieldEmploymentType;
  if (p.visa_sponsorship) in.skip |= kFieldVisa;
  FieldsResult r = ExtractFields(in);
  if (p.seniority == Seniority::kUnknown) p.seniority = r.seniority;
  if (!p.experience_years_min) p.experience_years_min = r.experience_years_min;
  if (p.work_mode == WorkMode::kUnknown ||
      (r.work_mode.mode == WorkMode::kRemote && (p.work_mode == WorkMode::kOnsite || p.work_mode == WorkMode::kHybrid)) ||
      (r.work_mode.mode == WorkMode::kHybrid && p.work_mode == WorkMode::kOnsite)) {
    p.work_mode = r.work_mode.mode;
  }
  if (p.remote_scope.empty() && p.work_mode == WorkMode::kRemote && r.work_mode.mode == WorkMode::kRemote) {
    p.remote_scope = r.work_mode.remote_scope;
  }
  if (!place_known) {
    p.place = r.place;
    if (p.place.country.empty()) {
      for (const auto& extra : p.extra_locations) {
        p.place = NormalizeLocation(extra);
        if (!p.place.country.empty()) break;
      }
    }
  }
  if (p.employment_type == EmploymentType::kUnknown) p.employment_type = r.employment_type;
  if (!p.visa_sponsorship) p.visa_sponsorship = r.visa_sponsorship;
}

}  // namespace skillpulse
