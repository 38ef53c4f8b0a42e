#include "publisher_commands.h"

namespace swarmtv::cli {

const char* const kPublisherUsage = "";

int run_publisher_command(const std::string&, const std::vector<std::string>&) { return -1; }

}  // namespace swarmtv::cli
