// skillpulse compare / trend: wired to src/report when it lands.
#include "commands.h"

namespace skillpulse {
void RegisterReports(CLI::App&, CommandLine&) {}
}  // namespace skillpulse
