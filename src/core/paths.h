// Where skillpulse finds its data files (taxonomy, FX table, migrations).
#pragma once

#include <string>

namespace skillpulse {

// $SKILLPULSE_DATA_DIR if set; else <prefix>/share/skillpulse next to the installed binary;
// else the source tree's data/ (compiled in).
std::string DataDir();
// DataDir() + "/" + name.
std::string DataFile(const std::string& name);

}  // namespace skillpulse
