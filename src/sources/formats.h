// Registration functions of the built-in formats, one per format file. Called from
// RegisterBuiltinSources (registry.cc) only.
#pragma once

#include "sources/source.h"

namespace skillpulse {

void RegisterHnSource(SourceRegistry& r);     // hn.cc
void RegisterAshbySource(SourceRegistry& r);  // ashby.cc
void RegisterJsonlSource(SourceRegistry& r);  // jsonl.cc
void RegisterCsvSource(SourceRegistry& r);    // csv.cc

}  // namespace skillpulse
