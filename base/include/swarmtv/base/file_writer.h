// The one way swarmtv writes a file that must never be seen half-written (state, licences,
// keys, stats that another program reads): into a new temporary file beside it, synced, then
// renamed over it. Errors are one line: "cannot write <path>: <reason>".
#pragma once

#include <filesystem>
#include <string_view>

#include "swarmtv/base/result.h"

namespace swarmtv {

// Replaces `path` with `data` atomically. `mode` applies to the new file (0600 for secrets).
Status write_file_atomically(const std::filesystem::path& path, std::string_view data,
                             unsigned mode = 0644);

// Creates `path` exclusively with exactly `mode` and writes `data`; "<path> exists; not
// overwriting it" if it is there.
Status write_new_file(const std::filesystem::path& path, std::string_view data, unsigned mode);

}  // namespace swarmtv
