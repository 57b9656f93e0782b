// skillpulse skills list|show: wired to src/enrich/skills when it lands.
#include "commands.h"

namespace skillpulse {
void RegisterSkills(CLI::App&, CommandLine&) {}
}  // namespace skillpulse
