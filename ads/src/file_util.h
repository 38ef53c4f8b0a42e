// Internal: small file and encoding helpers that report errors as values.
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "swarmtv/base/result.h"

namespace swarmtv::ads::internal {

// Makes sure libsodium is initialised; safe to call from any thread, any number of times.
Status ensure_sodium();

std::string to_hex(std::span<const unsigned char> bytes);
// Decodes exactly `size` bytes of lowercase/uppercase hex; false on any other input.
bool from_hex(std::string_view hex, std::span<unsigned char> out);

// BLAKE2b-256 of `data`, hex-encoded.
std::string digest_hex(std::string_view data);

// Reads a whole file (refusing files over `max_bytes`: nothing we read should be large).
Result<std::string> read_file(const std::filesystem::path& path, std::size_t max_bytes = 16 << 20);

}  // namespace swarmtv::ads::internal
