// Registration functions of the built-in formats, one per format file. Called from
// RegisterBuiltinSources (registry.cc) only.
#pragma once

#include "sources/source.h"

namespace skillpulse {

void RegisterHnSource(SourceRegistry& r);          // hn.cc
void RegisterGreenhouseSource(SourceRegistry& r);  // greenhouse.cc
void RegisterLeverSource(SourceRegistry& r);       // lever.cc
void RegisterAshbySource(SourceRegistry& r);       // ashby.cc
void RegisterRssSource(SourceRegistry& r);         // rss.cc
void RegisterJsonLdSource(SourceRegistry& r);      // jsonld.cc
void RegisterSimplifySource(SourceRegistry& r);    // simplify.cc
void RegisterJobSpySource(SourceRegistry& r);      // jobspy.cc
void RegisterJsonlSource(SourceRegistry& r);       // jsonl.cc
void RegisterJsonSource(SourceRegistry& r);        // json.cc
void RegisterCsvSource(SourceRegistry& r);         // csv.cc

}  // namespace skillpulse
