// The one way swarmtv reads a whole file it is given (a licence, a key, a manifest, a
// season.json): a regular file only (not a directory, a FIFO or /dev/zero, which would block or
// never end), at most `max_bytes` of it, refused before reading when it is larger. Errors are
// one line: "<path>: not a regular file", "<path> is too large (over N bytes)", or the system's
// reason ("cannot read <path>: No such file or directory").
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "swarmtv/base/result.h"

namespace swarmtv {

Result<std::string> read_small_file(const std::filesystem::path& path, std::size_t max_bytes);

}  // namespace swarmtv
